// Folders and canonicalization patterns of the npu dialect.
// RUN: npu-opt %s -canonicalize -split-input-file | FileCheck %s

// CHECK-LABEL: func @identity_reshape
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-NEXT: return %[[X]]
func.func @identity_reshape(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = npu.reshape %x : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @reshape_chain
// CHECK-NEXT: %[[R:.*]] = npu.reshape %arg0 : (tensor<2x3x4xf32>) -> tensor<24xf32>
// CHECK-NEXT: return %[[R]]
func.func @reshape_chain(%x: tensor<2x3x4xf32>) -> tensor<24xf32> {
  %0 = npu.reshape %x : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
  %1 = npu.reshape %0 : (tensor<6x4xf32>) -> tensor<24xf32>
  return %1 : tensor<24xf32>
}

// -----

// CHECK-LABEL: func @reshape_round_trip_disappears
// CHECK-NEXT: return %arg0
func.func @reshape_round_trip_disappears(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = npu.reshape %x : (tensor<2x3xf32>) -> tensor<6xf32>
  %1 = npu.reshape %0 : (tensor<6xf32>) -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func @reshape_of_constant
// CHECK-NEXT: %[[C:.*]] = npu.constant dense<{{\[}}[1, 2], [3, 4]]> : tensor<2x2xi64>
// CHECK-NEXT: return %[[C]]
func.func @reshape_of_constant() -> tensor<2x2xi64> {
  %c = npu.constant dense<[1, 2, 3, 4]> : tensor<4xi64>
  %0 = npu.reshape %c : (tensor<4xi64>) -> tensor<2x2xi64>
  return %0 : tensor<2x2xi64>
}

// -----

// Weights in dense_resource are never copied by folding.
// CHECK-LABEL: func @reshape_of_resource_kept
// CHECK: npu.reshape
func.func @reshape_of_resource_kept() -> tensor<2x2xf32> {
  %c = npu.constant dense_resource<w> : tensor<4xf32>
  %0 = npu.reshape %c : (tensor<4xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000803F000000400000404000008040"
    }
  }
#-}

// -----

// CHECK-LABEL: func @identity_transpose
// CHECK-NEXT: return %arg0
func.func @identity_transpose(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = npu.transpose %x {perm = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// NCHW -> NHWC -> NCHW cancels.
// CHECK-LABEL: func @inverse_transposes
// CHECK-NEXT: return %arg0
func.func @inverse_transposes(%x: tensor<1x3x8x9xf32>) -> tensor<1x3x8x9xf32> {
  %0 = npu.transpose %x {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x8x9xf32>) -> tensor<1x8x9x3xf32>
  %1 = npu.transpose %0 {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x8x9x3xf32>) -> tensor<1x3x8x9xf32>
  return %1 : tensor<1x3x8x9xf32>
}

// -----

// CHECK-LABEL: func @composed_transposes
// CHECK-NEXT: %[[T:.*]] = npu.transpose %arg0 {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
// CHECK-NEXT: return %[[T]]
func.func @composed_transposes(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> {
  %0 = npu.transpose %x {perm = array<i64: 1, 0, 2>} : (tensor<2x3x4xf32>) -> tensor<3x2x4xf32>
  %1 = npu.transpose %0 {perm = array<i64: 2, 1, 0>} : (tensor<3x2x4xf32>) -> tensor<4x2x3xf32>
  return %1 : tensor<4x2x3xf32>
}

// -----

// CHECK-LABEL: func @transpose_of_constant
// CHECK-NEXT: npu.constant dense<{{\[}}[1, 4], [2, 5], [3, 6]]> : tensor<3x2xi32>
func.func @transpose_of_constant() -> tensor<3x2xi32> {
  %c = npu.constant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi32>
  %0 = npu.transpose %c {perm = array<i64: 1, 0>} : (tensor<2x3xi32>) -> tensor<3x2xi32>
  return %0 : tensor<3x2xi32>
}

// -----

// CHECK-LABEL: func @noop_cast
// CHECK-NEXT: return %arg0
func.func @noop_cast(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = npu.cast %x : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @cast_constants
// CHECK-DAG: npu.constant dense<[1, -2, 3]> : tensor<3xi32>
// CHECK-DAG: npu.constant dense<[1.000000e+00, -2.000000e+00, 3.000000e+00]> : tensor<3xf32>
// CHECK-NOT: npu.cast
func.func @cast_constants() -> (tensor<3xi32>, tensor<3xf32>) {
  %c = npu.constant dense<[1, -2, 3]> : tensor<3xi64>
  %0 = npu.cast %c : (tensor<3xi64>) -> tensor<3xi32>
  %1 = npu.cast %c : (tensor<3xi64>) -> tensor<3xf32>
  return %0, %1 : tensor<3xi32>, tensor<3xf32>
}

// -----

// Float to integer casts fold with the interpreter's semantics (NpuSemantics.h):
// truncation toward zero, saturation, NaN to 0; unsigned sources zero-extend.
// CHECK-LABEL: func @float_to_int_cast_folds
// CHECK-DAG: npu.constant dense<[1, 2147483647, -2147483648, 0]> : tensor<4xi32>
// CHECK-DAG: npu.constant dense<[255, 128]> : tensor<2xi32>
// CHECK-NOT: npu.cast
func.func @float_to_int_cast_folds() -> (tensor<4xi32>, tensor<2xi32>) {
  %c = npu.constant dense<[1.5, 3.0e10, -3.0e10, 0x7FC00000]> : tensor<4xf32>
  %0 = npu.cast %c : (tensor<4xf32>) -> tensor<4xi32>
  %u = npu.constant dense<[255, 128]> : tensor<2xui8>
  %1 = npu.cast %u : (tensor<2xui8>) -> tensor<2xi32>
  return %0, %1 : tensor<4xi32>, tensor<2xi32>
}

// -----

// CHECK-LABEL: func @single_concat
// CHECK-NEXT: return %arg0
func.func @single_concat(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = npu.concat %x {axis = 0} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @concat_constants
// CHECK-NEXT: npu.constant dense<{{\[}}[1, 2, 5], [3, 4, 6]]> : tensor<2x3xi64>
func.func @concat_constants() -> tensor<2x3xi64> {
  %a = npu.constant dense<[[1, 2], [3, 4]]> : tensor<2x2xi64>
  %b = npu.constant dense<[[5], [6]]> : tensor<2x1xi64>
  %0 = npu.concat %a, %b {axis = 1} : (tensor<2x2xi64>, tensor<2x1xi64>) -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}

// -----

// CHECK-LABEL: func @full_slice
// CHECK-NEXT: return %arg0
func.func @full_slice(%x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  %0 = npu.slice %x {starts = array<i64: 0, 0>, ends = array<i64: 4, 4>, steps = array<i64: 1, 1>} : (tensor<4x4xf32>) -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

// A reversing slice has the input's shape but is not the identity.
// CHECK-LABEL: func @reverse_slice_kept
// CHECK: npu.slice
func.func @reverse_slice_kept(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = npu.slice %x {starts = array<i64: 3>, ends = array<i64: -1>, steps = array<i64: -1>} : (tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func @slice_of_constant
// CHECK-NEXT: npu.constant dense<[5, 3, 1]> : tensor<3xi64>
func.func @slice_of_constant() -> tensor<3xi64> {
  %c = npu.constant dense<[0, 1, 2, 3, 4, 5]> : tensor<6xi64>
  %0 = npu.slice %c {starts = array<i64: 5>, ends = array<i64: 0>, steps = array<i64: -2>} : (tensor<6xi64>) -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

// Shape arithmetic as exporters emit it: Shape -> Gather -> Mul -> Concat.
// CHECK-LABEL: func @shape_arithmetic
// CHECK-NEXT: %[[C:.*]] = npu.constant dense<[1, 3136]> : tensor<2xi64>
// CHECK-NEXT: return %[[C]]
func.func @shape_arithmetic() -> tensor<2xi64> {
  %shape = npu.constant dense<[1, 64, 7, 7]> : tensor<4xi64>
  %i1 = npu.constant dense<[1]> : tensor<1xi64>
  %i2 = npu.constant dense<[2, 3]> : tensor<2xi64>
  %c = npu.gather %shape, %i1 {axis = 0} : (tensor<4xi64>, tensor<1xi64>) -> tensor<1xi64>
  %hw = npu.gather %shape, %i2 {axis = 0} : (tensor<4xi64>, tensor<2xi64>) -> tensor<2xi64>
  %h = npu.slice %hw {starts = array<i64: 0>, ends = array<i64: 1>, steps = array<i64: 1>} : (tensor<2xi64>) -> tensor<1xi64>
  %w = npu.slice %hw {starts = array<i64: 1>, ends = array<i64: 2>, steps = array<i64: 1>} : (tensor<2xi64>) -> tensor<1xi64>
  %chw0 = npu.binary mul %c, %h : (tensor<1xi64>, tensor<1xi64>) -> tensor<1xi64>
  %chw = npu.binary mul %chw0, %w : (tensor<1xi64>, tensor<1xi64>) -> tensor<1xi64>
  %one = npu.constant dense<[1]> : tensor<1xi64>
  %0 = npu.concat %one, %chw {axis = 0} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// CHECK-LABEL: func @binary_folds
// CHECK-DAG: npu.constant dense<[5, -1, 3, -3]> : tensor<4xi64>
// CHECK-DAG: npu.constant dense<[2.500000e+00, 4.000000e+00]> : tensor<2xf32>
// CHECK-DAG: npu.constant dense<[8, 1]> : tensor<2xi32>
// CHECK-NOT: npu.binary
func.func @binary_folds() -> (tensor<4xi64>, tensor<2xf32>, tensor<2xi32>) {
  %a = npu.constant dense<[10, -3, 7, -7]> : tensor<4xi64>
  %b = npu.constant dense<2> : tensor<1xi64>
  // Integer division truncates toward zero.
  %0 = npu.binary div %a, %b : (tensor<4xi64>, tensor<1xi64>) -> tensor<4xi64>
  %f = npu.constant dense<[5.0, 8.0]> : tensor<2xf32>
  %g = npu.constant dense<2.0> : tensor<f32>
  %1 = npu.binary div %f, %g : (tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
  %p = npu.constant dense<[2, 1]> : tensor<2xi32>
  %e = npu.constant dense<[3, 5]> : tensor<2xi32>
  %2 = npu.binary pow %p, %e : (tensor<2xi32>, tensor<2xi32>) -> tensor<2xi32>
  return %0, %1, %2 : tensor<4xi64>, tensor<2xf32>, tensor<2xi32>
}

// -----

// Division by zero is not folded: the run time reports it.
// CHECK-LABEL: func @div_by_zero_kept
// CHECK: npu.binary div
func.func @div_by_zero_kept() -> tensor<2xi64> {
  %a = npu.constant dense<[1, 2]> : tensor<2xi64>
  %z = npu.constant dense<[1, 0]> : tensor<2xi64>
  %0 = npu.binary div %a, %z : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

// CHECK-LABEL: func @integer_identities
// CHECK-NEXT: return %arg0, %arg0
func.func @integer_identities(%x: tensor<4xi64>) -> (tensor<4xi64>, tensor<4xi64>) {
  %zero = npu.constant dense<0> : tensor<4xi64>
  %one = npu.constant dense<1> : tensor<1xi64>
  %0 = npu.binary add %x, %zero : (tensor<4xi64>, tensor<4xi64>) -> tensor<4xi64>
  %1 = npu.binary mul %x, %one : (tensor<4xi64>, tensor<1xi64>) -> tensor<4xi64>
  return %0, %1 : tensor<4xi64>, tensor<4xi64>
}

// -----

// x + 0.0 is not x when x is -0.0; the op stays.
// CHECK-LABEL: func @float_add_zero_kept
// CHECK: npu.binary add
func.func @float_add_zero_kept(%x: tensor<4xf32>) -> tensor<4xf32> {
  %zero = npu.constant dense<0.0> : tensor<4xf32>
  %0 = npu.binary add %x, %zero : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Large constants are not folded, so weights are never duplicated.
// CHECK-LABEL: func @large_constant_kept
// CHECK: npu.transpose
func.func @large_constant_kept() -> tensor<128x64xf32> {
  %c = npu.constant dense<1.5> : tensor<64x128xf32>
  %n = npu.constant dense<0.5> : tensor<64x128xf32>
  %s = npu.binary add %c, %n : (tensor<64x128xf32>, tensor<64x128xf32>) -> tensor<64x128xf32>
  %0 = npu.transpose %s {perm = array<i64: 1, 0>} : (tensor<64x128xf32>) -> tensor<128x64xf32>
  return %0 : tensor<128x64xf32>
}

// -----

// CHECK-LABEL: func @broadcasts
// CHECK-DAG: npu.constant dense<{{\[}}[1, 2], [1, 2], [1, 2]]> : tensor<3x2xi64>
// CHECK-NOT: npu.broadcast
// CHECK: return %arg0
func.func @broadcasts(%x: tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<3x2xi64>) {
  %0 = npu.broadcast %x : (tensor<2x2xf32>) -> tensor<2x2xf32>
  %c = npu.constant dense<[1, 2]> : tensor<2xi64>
  %1 = npu.broadcast %c : (tensor<2xi64>) -> tensor<3x2xi64>
  return %0, %1 : tensor<2x2xf32>, tensor<3x2xi64>
}

// -----

// Unused pure ops disappear.
// CHECK-LABEL: func @dead_ops
// CHECK-NEXT: return
func.func @dead_ops(%x: tensor<1x3x8x8xf32>) {
  %0 = npu.unary relu %x : (tensor<1x3x8x8xf32>) -> tensor<1x3x8x8xf32>
  return
}
