// RUN: npu-opt %s --npu-convert-precision -split-input-file | FileCheck %s
// RUN: npu-opt %s --npu-convert-precision=precision=fp32 -split-input-file | FileCheck %s --check-prefix=FP32
// RUN: not npu-opt %s --npu-convert-precision=precision=fp8 -split-input-file 2>&1 | FileCheck %s --check-prefix=BAD

// The body computes in f16; the signature stays f32 with casts at the
// boundary. Constants round to nearest even (0.1 -> 0x2E66 = 0.0999755859375).
// CHECK-LABEL: func @mlp
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>) -> tensor<2x4xf32>
// CHECK: %[[H:.*]] = npu.cast %[[X]] : (tensor<2x3xf32>) -> tensor<2x3xf16>
// CHECK-DAG: npu.constant dense<9.997550e-02> : tensor<4x3xf16>
// CHECK: %[[F:.*]] = npu.fully_connected %[[H]], %{{.*}} : (tensor<2x3xf16>, tensor<4x3xf16>) -> tensor<2x4xf16>
// CHECK: %[[S:.*]] = npu.softmax %[[F]] {{.*}} -> tensor<2x4xf16>
// CHECK: %[[R:.*]] = npu.cast %[[S]] : (tensor<2x4xf16>) -> tensor<2x4xf32>
// CHECK: return %[[R]]
// FP32-LABEL: func @mlp
// FP32-NOT: f16
// BAD: error: npu-convert-precision: unknown precision 'fp8' (fp16 or fp32; int8 is quantization's)
func.func @mlp(%x: tensor<2x3xf32>) -> tensor<2x4xf32> {
  %w = npu.constant dense<0.1> : tensor<4x3xf32>
  %f = npu.fully_connected %x, %w : (tensor<2x3xf32>, tensor<4x3xf32>) -> tensor<2x4xf32>
  %s = npu.softmax %f {axis = 1 : i64} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  return %s : tensor<2x4xf32>
}

// -----

// Integer tensors are untouched; a dequantize keeps its f32 result and
// hands an f16 copy to its users.
// CHECK-LABEL: func @mixed
// CHECK: %[[D:.*]] = npu.dequantize %arg0 : {{.*}} -> tensor<4xf32>
// CHECK: %[[C:.*]] = npu.cast %[[D]] : (tensor<4xf32>) -> tensor<4xf16>
// CHECK: npu.binary add %[[C]], %{{.*}} : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
// CHECK: npu.gather {{.*}}tensor<2xi64>
func.func @mixed(%q: tensor<4x!quant.uniform<i8:f32, 0.5>>, %i: tensor<2xi64>) -> (tensor<4xf32>, tensor<2xf32>) {
  %d = npu.dequantize %q : (tensor<4x!quant.uniform<i8:f32, 0.5>>) -> tensor<4xf32>
  %one = npu.constant dense<1.0> : tensor<4xf32>
  %a = npu.binary add %d, %one : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %g = npu.gather %a, %i {axis = 0 : i64} : (tensor<4xf32>, tensor<2xi64>) -> tensor<2xf32>
  return %a, %g : tensor<4xf32>, tensor<2xf32>
}
