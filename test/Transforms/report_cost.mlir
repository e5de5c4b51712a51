// RUN: npu-opt %s --npu-report-cost=per-op -verify-diagnostics -split-input-file
// Without per-op, only the function summary is emitted.
// RUN: npu-opt %s --npu-report-cost -split-input-file 2>&1 >/dev/null | FileCheck %s --check-prefix=SUMMARY

// ResNet's stem: 64 x 112 x 112 outputs x (3 x 7 x 7) MACs. Bytes at 4 per
// element: conv (150528 + 9408 + 64 + 802816) x 4 = 3851264, relu
// (802816 x 2) x 4 = 6422528, pool (802816 + 200704) x 4 = 4014080. The
// pool reads 3 x 3 elements per output: 200704 x 9 = 1806336 vector ops.
// expected-remark @+1 {{@stem: 3 npu ops, 118013952 MACs, 3411968 vector ops, 14287872 compulsory bytes, 8.26 MACs/byte}}
func.func @stem(%x: tensor<1x3x224x224xf32>, %w: tensor<64x3x7x7xf32>, %b: tensor<64xf32>) -> tensor<1x64x56x56xf32> {
  // expected-remark @+1 {{conv2d: 118013952 MACs, 802816 vector ops, 3851264 bytes}}
  %0 = npu.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 3, 3, 3, 3>, dilations = array<i64: 1, 1>, groups = 1}
      : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<64xf32>) -> tensor<1x64x112x112xf32>
  // expected-remark @+1 {{unary: 0 MACs, 802816 vector ops, 6422528 bytes}}
  %1 = npu.unary relu %0 : (tensor<1x64x112x112xf32>) -> tensor<1x64x112x112xf32>
  // expected-remark @+1 {{max_pool2d: 0 MACs, 1806336 vector ops, 4014080 bytes}}
  %2 = npu.max_pool2d %1 {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, ceil_mode = false}
      : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
  return %2 : tensor<1x64x56x56xf32>
}

// -----

// Quantized operands count their storage bytes (256 + 32768), the i32 result
// 4 per element (512); a reshape moves nothing.
// expected-remark @+1 {{@int8_fc: 2 npu ops, 32768 MACs, 128 vector ops, 33536 compulsory bytes, 0.98 MACs/byte}}
func.func @int8_fc(%x: tensor<1x256x!quant.uniform<i8:f32, 0.1>>, %w: tensor<128x256x!quant.uniform<i8:f32, 0.05>>) -> tensor<128xi32> {
  // expected-remark @+1 {{fully_connected: 32768 MACs, 128 vector ops, 33536 bytes}}
  %0 = npu.fully_connected %x, %w : (tensor<1x256x!quant.uniform<i8:f32, 0.1>>, tensor<128x256x!quant.uniform<i8:f32, 0.05>>) -> tensor<1x128xi32>
  // expected-remark @+1 {{reshape: 0 MACs, 0 vector ops, 0 bytes}}
  %1 = npu.reshape %0 : (tensor<1x128xi32>) -> tensor<128xi32>
  return %1 : tensor<128xi32>
}

// SUMMARY-NOT: remark: conv2d
// SUMMARY: remark: @stem: 3 npu ops, 118013952 MACs
// SUMMARY-NOT: remark: fully_connected
// SUMMARY: remark: @int8_fc: 2 npu ops, 32768 MACs
