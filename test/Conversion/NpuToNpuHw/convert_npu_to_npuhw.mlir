// The conversion as a whole (ConvertNpuToNpuHw.cpp): every unsupported op
// reported, several functions, the options.
// RUN: npu-opt %s --allow-unregistered-dialect --npu-lower-to-npuhw=target=edge -split-input-file -verify-diagnostics --mlir-print-elementsattrs-with-hex-if-larger=-1 | FileCheck %s
// Nothing of the npu dialect is left.
// RUN: npu-opt %s --allow-unregistered-dialect --npu-lower-to-npuhw=target=edge -split-input-file -verify-diagnostics | FileCheck %s --check-prefix=LOWERED
// LOWERED-NOT: npu.
// The share of SRAM is a fraction in (0, 1].
// RUN: not npu-opt %s --npu-lower-to-npuhw="target=edge sram-fraction=1.5" -split-input-file 2>&1 | FileCheck %s --check-prefix=BAD-FRACTION
// RUN: not npu-opt %s --npu-lower-to-npuhw="target=edge sram-fraction=0" -split-input-file 2>&1 | FileCheck %s --check-prefix=ZERO-FRACTION
// BAD-FRACTION: error: sram-fraction must be in (0, 1], got 1.500000e+00
// ZERO-FRACTION: error: sram-fraction must be in (0, 1], got 0.000000e+00

// Every unsupported op of the function is reported, not just the first.
func.func @two_unsupported(%x: tensor<2x8xf16>) -> tensor<2x8xf16> {
  // expected-error @+1 {{cannot run 'npu.unary' on the NPU: the vector engine has no 'log' function}}
  %0 = npu.unary log %x : (tensor<2x8xf16>) -> tensor<2x8xf16>
  %1 = npu.unary relu %0 : (tensor<2x8xf16>) -> tensor<2x8xf16>
  // expected-error @+1 {{cannot run 'npu.binary' on the NPU: the vector engine has no 'pow' function}}
  %2 = npu.binary pow %1, %x : (tensor<2x8xf16>, tensor<2x8xf16>) -> tensor<2x8xf16>
  return %2 : tensor<2x8xf16>
}

// -----

// Constants of two functions get distinct symbols.
// CHECK: memref.global "private" constant @const_0 {{.*}} = dense<1.000000e+00>
// CHECK-LABEL: func.func @first
// CHECK: memref.get_global @const_0
// CHECK: memref.global "private" constant @const_1 {{.*}} = dense<2.000000e+00>
// CHECK-LABEL: func.func @second
// CHECK: memref.get_global @const_1
func.func @first(%x: tensor<8xf16>) -> tensor<8xf16> {
  %c = npu.constant dense<1.0> : tensor<8xf16>
  %0 = npu.binary add %x, %c : (tensor<8xf16>, tensor<8xf16>) -> tensor<8xf16>
  return %0 : tensor<8xf16>
}
func.func @second(%x: tensor<8xf16>) -> tensor<8xf16> {
  %c = npu.constant dense<2.0> : tensor<8xf16>
  %0 = npu.binary add %x, %c : (tensor<8xf16>, tensor<8xf16>) -> tensor<8xf16>
  return %0 : tensor<8xf16>
}

// -----

// No fall-through: an op no pattern takes is an error naming it, reported
// with the others before anything changes.
func.func @no_pattern(%x: tensor<2x8xf16>) -> tensor<2x8xf16> {
  // expected-error @+1 {{cannot run 'test.dummy' on the NPU: no NPU lowering exists for this op}}
  %0 = "test.dummy"(%x) : (tensor<2x8xf16>) -> tensor<2x8xf16>
  // expected-error @+1 {{cannot run 'npu.unary' on the NPU: the vector engine has no 'log' function}}
  %1 = npu.unary log %0 : (tensor<2x8xf16>) -> tensor<2x8xf16>
  return %1 : tensor<2x8xf16>
}
