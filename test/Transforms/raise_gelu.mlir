// RUN: npu-opt %s --npu-raise-gelu -split-input-file | FileCheck %s

// PyTorch's export of the exact GELU: x * (erf(x / sqrt 2) + 1) * 0.5.
// CHECK-LABEL: func.func @gelu_times_half_last
// CHECK-SAME: (%[[X:.*]]: tensor<2x8xf32>)
// CHECK-NEXT: %[[Y:.*]] = npu.unary gelu_erf %[[X]] : (tensor<2x8xf32>) -> tensor<2x8xf32>
// CHECK-NEXT: return %[[Y]]
func.func @gelu_times_half_last(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  %sqrt2 = npu.constant dense<1.41421354> : tensor<f32>
  %one = npu.constant dense<1.0> : tensor<f32>
  %half = npu.constant dense<0.5> : tensor<f32>
  %0 = npu.binary div %x, %sqrt2 : (tensor<2x8xf32>, tensor<f32>) -> tensor<2x8xf32>
  %1 = npu.unary erf %0 : (tensor<2x8xf32>) -> tensor<2x8xf32>
  %2 = npu.binary add %1, %one : (tensor<2x8xf32>, tensor<f32>) -> tensor<2x8xf32>
  %3 = npu.binary mul %x, %2 : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  %4 = npu.binary mul %3, %half : (tensor<2x8xf32>, tensor<f32>) -> tensor<2x8xf32>
  return %4 : tensor<2x8xf32>
}

// -----

// The other grouping, (x * 0.5) * (1 + erf(x * (1 / sqrt 2))), operands
// swapped.
// CHECK-LABEL: func.func @half_first
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[Y:.*]] = npu.unary gelu_erf %[[X]]
// CHECK-NEXT: return %[[Y]]
func.func @half_first(%x: tensor<4xf32>) -> tensor<4xf32> {
  %inv = npu.constant dense<0.707106769> : tensor<f32>
  %one = npu.constant dense<1.0> : tensor<f32>
  %half = npu.constant dense<0.5> : tensor<f32>
  %0 = npu.binary mul %inv, %x : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = npu.unary erf %0 : (tensor<4xf32>) -> tensor<4xf32>
  %2 = npu.binary add %one, %1 : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %3 = npu.binary mul %half, %x : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %4 = npu.binary mul %2, %3 : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %4 : tensor<4xf32>
}

// -----

// Not a GELU: the erf argument is x / 2, so nothing changes.
// CHECK-LABEL: func.func @wrong_scale
// CHECK: npu.unary erf
// CHECK-NOT: gelu_erf
func.func @wrong_scale(%x: tensor<4xf32>) -> tensor<4xf32> {
  %two = npu.constant dense<2.0> : tensor<f32>
  %one = npu.constant dense<1.0> : tensor<f32>
  %half = npu.constant dense<0.5> : tensor<f32>
  %0 = npu.binary div %x, %two : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %1 = npu.unary erf %0 : (tensor<4xf32>) -> tensor<4xf32>
  %2 = npu.binary add %1, %one : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %3 = npu.binary mul %x, %2 : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %4 = npu.binary mul %3, %half : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %4 : tensor<4xf32>
}

// -----

// Not a GELU: the outer product multiplies another value than erf's input.
// CHECK-LABEL: func.func @other_operand
// CHECK: npu.unary erf
// CHECK-NOT: gelu_erf
func.func @other_operand(%x: tensor<4xf32>, %z: tensor<4xf32>) -> tensor<4xf32> {
  %sqrt2 = npu.constant dense<1.41421354> : tensor<f32>
  %one = npu.constant dense<1.0> : tensor<f32>
  %half = npu.constant dense<0.5> : tensor<f32>
  %0 = npu.binary div %x, %sqrt2 : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %1 = npu.unary erf %0 : (tensor<4xf32>) -> tensor<4xf32>
  %2 = npu.binary add %1, %one : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  %3 = npu.binary mul %z, %2 : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %4 = npu.binary mul %3, %half : (tensor<4xf32>, tensor<f32>) -> tensor<4xf32>
  return %4 : tensor<4xf32>
}
