// RUN: npu-opt %s --npu-raise-norms --canonicalize -split-input-file | FileCheck %s

// The opset-13 export of torch.nn.LayerNorm(768).
// CHECK-LABEL: func @layer_norm_affine
// CHECK-SAME: (%[[X:.*]]: tensor<1x128x768xf32>)
// CHECK-DAG: %[[G:.*]] = npu.constant dense<2.000000e+00> : tensor<768xf32>
// CHECK-DAG: %[[B:.*]] = npu.constant dense<5.000000e-01> : tensor<768xf32>
// CHECK: %[[N:.*]] = npu.layer_norm %[[X]], %[[G]], %[[B]] {axis = 2 : i64, epsilon = 9.99999974E-6 : f32}
// CHECK-NOT: npu.reduce
// CHECK: return %[[N]]
func.func @layer_norm_affine(%x: tensor<1x128x768xf32>) -> tensor<1x128x768xf32> {
  %eps = npu.constant dense<1.0e-5> : tensor<f32>
  %gamma = npu.constant dense<2.0> : tensor<768xf32>
  %beta = npu.constant dense<0.5> : tensor<768xf32>
  %m = npu.reduce mean %x {axes = array<i64: 2>, keep_dims = true} : (tensor<1x128x768xf32>) -> tensor<1x128x1xf32>
  %d = npu.binary sub %x, %m : (tensor<1x128x768xf32>, tensor<1x128x1xf32>) -> tensor<1x128x768xf32>
  %sq = npu.binary mul %d, %d : (tensor<1x128x768xf32>, tensor<1x128x768xf32>) -> tensor<1x128x768xf32>
  %v = npu.reduce mean %sq {axes = array<i64: 2>, keep_dims = true} : (tensor<1x128x768xf32>) -> tensor<1x128x1xf32>
  %ve = npu.binary add %v, %eps : (tensor<1x128x1xf32>, tensor<f32>) -> tensor<1x128x1xf32>
  %s = npu.unary sqrt %ve : (tensor<1x128x1xf32>) -> tensor<1x128x1xf32>
  %n = npu.binary div %d, %s : (tensor<1x128x768xf32>, tensor<1x128x1xf32>) -> tensor<1x128x768xf32>
  %y = npu.binary mul %n, %gamma : (tensor<1x128x768xf32>, tensor<768xf32>) -> tensor<1x128x768xf32>
  %z = npu.binary add %y, %beta : (tensor<1x128x768xf32>, tensor<768xf32>) -> tensor<1x128x768xf32>
  return %z : tensor<1x128x768xf32>
}

// -----

// Without gamma and beta the scale is one and there is no bias; the
// normalisation may span several trailing axes.
// CHECK-LABEL: func @layer_norm_plain_two_axes
// CHECK: %[[ONE:.*]] = npu.constant dense<1.000000e+00> : tensor<4x8xf32>
// CHECK: npu.layer_norm %arg0, %[[ONE]] {axis = 1 : i64, epsilon = 1.000000e-03 : f32} : (tensor<2x4x8xf32>, tensor<4x8xf32>) -> tensor<2x4x8xf32>
func.func @layer_norm_plain_two_axes(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %eps = npu.constant dense<1.0e-3> : tensor<1xf32>
  %m = npu.reduce mean %x {axes = array<i64: 1, 2>, keep_dims = true} : (tensor<2x4x8xf32>) -> tensor<2x1x1xf32>
  %d = npu.binary sub %x, %m : (tensor<2x4x8xf32>, tensor<2x1x1xf32>) -> tensor<2x4x8xf32>
  %sq = npu.binary mul %d, %d : (tensor<2x4x8xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %v = npu.reduce mean %sq {axes = array<i64: 1, 2>, keep_dims = true} : (tensor<2x4x8xf32>) -> tensor<2x1x1xf32>
  %ve = npu.binary add %eps, %v : (tensor<1xf32>, tensor<2x1x1xf32>) -> tensor<2x1x1xf32>
  %s = npu.unary sqrt %ve : (tensor<2x1x1xf32>) -> tensor<2x1x1xf32>
  %n = npu.binary div %d, %s : (tensor<2x4x8xf32>, tensor<2x1x1xf32>) -> tensor<2x4x8xf32>
  return %n : tensor<2x4x8xf32>
}

// -----

// Llama's RMSNorm: x * rsqrt(mean(x^2) + eps) * w.
// CHECK-LABEL: func @rms_norm
// CHECK: %[[W:.*]] = npu.constant dense<3.000000e+00> : tensor<64xf32>
// CHECK: %[[N:.*]] = npu.rms_norm %arg0, %[[W]] {axis = 2 : i64, epsilon = 9.99999997E-7 : f32}
// CHECK: return %[[N]]
func.func @rms_norm(%x: tensor<1x16x64xf32>) -> tensor<1x16x64xf32> {
  %eps = npu.constant dense<1.0e-6> : tensor<f32>
  %w = npu.constant dense<3.0> : tensor<64xf32>
  %sq = npu.binary mul %x, %x : (tensor<1x16x64xf32>, tensor<1x16x64xf32>) -> tensor<1x16x64xf32>
  %ms = npu.reduce mean %sq {axes = array<i64: 2>, keep_dims = true} : (tensor<1x16x64xf32>) -> tensor<1x16x1xf32>
  %a = npu.binary add %ms, %eps : (tensor<1x16x1xf32>, tensor<f32>) -> tensor<1x16x1xf32>
  %r = npu.unary rsqrt %a : (tensor<1x16x1xf32>) -> tensor<1x16x1xf32>
  %n = npu.binary mul %x, %r : (tensor<1x16x64xf32>, tensor<1x16x1xf32>) -> tensor<1x16x64xf32>
  %y = npu.binary mul %n, %w : (tensor<1x16x64xf32>, tensor<64xf32>) -> tensor<1x16x64xf32>
  return %y : tensor<1x16x64xf32>
}

// -----

// The same with x / sqrt(...) and no weight.
// CHECK-LABEL: func @rms_norm_div
// CHECK: npu.rms_norm %arg0, %{{.*}} {axis = 1 : i64, epsilon = 9.99999974E-6 : f32} : (tensor<4x32xf32>, tensor<32xf32>) -> tensor<4x32xf32>
// CHECK-NOT: npu.binary
func.func @rms_norm_div(%x: tensor<4x32xf32>) -> tensor<4x32xf32> {
  %eps = npu.constant dense<1.0e-5> : tensor<f32>
  %sq = npu.binary mul %x, %x : (tensor<4x32xf32>, tensor<4x32xf32>) -> tensor<4x32xf32>
  %ms = npu.reduce mean %sq {axes = array<i64: 1>, keep_dims = true} : (tensor<4x32xf32>) -> tensor<4x1xf32>
  %a = npu.binary add %ms, %eps : (tensor<4x1xf32>, tensor<f32>) -> tensor<4x1xf32>
  %s = npu.unary sqrt %a : (tensor<4x1xf32>) -> tensor<4x1xf32>
  %n = npu.binary div %x, %s : (tensor<4x32xf32>, tensor<4x1xf32>) -> tensor<4x32xf32>
  return %n : tensor<4x32xf32>
}

// -----

// Not a layer norm: the variance is taken over another axis than the mean.
// CHECK-LABEL: func @mismatched_axes
// CHECK-NOT: npu.layer_norm
// CHECK: npu.binary div
func.func @mismatched_axes(%x: tensor<2x4x8xf32>) -> tensor<2x4x8xf32> {
  %eps = npu.constant dense<1.0e-5> : tensor<f32>
  %m = npu.reduce mean %x {axes = array<i64: 2>, keep_dims = true} : (tensor<2x4x8xf32>) -> tensor<2x4x1xf32>
  %d = npu.binary sub %x, %m : (tensor<2x4x8xf32>, tensor<2x4x1xf32>) -> tensor<2x4x8xf32>
  %sq = npu.binary mul %d, %d : (tensor<2x4x8xf32>, tensor<2x4x8xf32>) -> tensor<2x4x8xf32>
  %v = npu.reduce mean %sq {axes = array<i64: 1, 2>, keep_dims = true} : (tensor<2x4x8xf32>) -> tensor<2x1x1xf32>
  %ve = npu.binary add %v, %eps : (tensor<2x1x1xf32>, tensor<f32>) -> tensor<2x1x1xf32>
  %s = npu.unary sqrt %ve : (tensor<2x1x1xf32>) -> tensor<2x1x1xf32>
  %n = npu.binary div %d, %s : (tensor<2x4x8xf32>, tensor<2x1x1xf32>) -> tensor<2x4x8xf32>
  return %n : tensor<2x4x8xf32>
}

// -----

// Not a layer norm: the reduction is over a leading axis.
// CHECK-LABEL: func @leading_axis
// CHECK-NOT: npu.layer_norm
func.func @leading_axis(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %eps = npu.constant dense<1.0e-5> : tensor<f32>
  %m = npu.reduce mean %x {axes = array<i64: 0>, keep_dims = true} : (tensor<4x8xf32>) -> tensor<1x8xf32>
  %d = npu.binary sub %x, %m : (tensor<4x8xf32>, tensor<1x8xf32>) -> tensor<4x8xf32>
  %sq = npu.binary mul %d, %d : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
  %v = npu.reduce mean %sq {axes = array<i64: 0>, keep_dims = true} : (tensor<4x8xf32>) -> tensor<1x8xf32>
  %ve = npu.binary add %v, %eps : (tensor<1x8xf32>, tensor<f32>) -> tensor<1x8xf32>
  %s = npu.unary sqrt %ve : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %n = npu.binary div %d, %s : (tensor<4x8xf32>, tensor<1x8xf32>) -> tensor<4x8xf32>
  return %n : tensor<4x8xf32>
}

// -----

// Not a norm: epsilon is a run-time value.
// CHECK-LABEL: func @runtime_eps
// CHECK-NOT: npu.rms_norm
func.func @runtime_eps(%x: tensor<4x32xf32>, %eps: tensor<f32>) -> tensor<4x32xf32> {
  %sq = npu.binary mul %x, %x : (tensor<4x32xf32>, tensor<4x32xf32>) -> tensor<4x32xf32>
  %ms = npu.reduce mean %sq {axes = array<i64: 1>, keep_dims = true} : (tensor<4x32xf32>) -> tensor<4x1xf32>
  %a = npu.binary add %ms, %eps : (tensor<4x1xf32>, tensor<f32>) -> tensor<4x1xf32>
  %r = npu.unary rsqrt %a : (tensor<4x1xf32>) -> tensor<4x1xf32>
  %n = npu.binary mul %x, %r : (tensor<4x32xf32>, tensor<4x1xf32>) -> tensor<4x32xf32>
  return %n : tensor<4x32xf32>
}
