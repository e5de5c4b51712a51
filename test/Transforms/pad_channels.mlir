// RUN: npu-opt %s --npu-pad-channels=multiple=4 -split-input-file --mlir-print-elementsattrs-with-hex-if-larger=-1 | FileCheck %s
// RUN: not npu-opt %s --npu-pad-channels=multiple=0 -split-input-file 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: error: multiple must be at least 1, got 0

// Five output channels become eight: zero filter rows and bias for the
// producer, zero filter columns for its consumer; the returned result
// keeps its three channels.
// CHECK-LABEL: func.func @pair
// CHECK-DAG: %[[W1:.*]] = npu.constant dense<{{\[\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}1.000000e+00]], {{\[\[}}2.000000e+00]]], {{\[\[\[}}0.000000e+00]], {{\[\[}}0.000000e+00]]], {{\[\[\[}}0.000000e+00]], {{\[\[}}0.000000e+00]]], {{\[\[\[}}0.000000e+00]], {{\[\[}}0.000000e+00]]]]> : tensor<8x2x1x1xf32>
// CHECK-DAG: %[[B1:.*]] = npu.constant dense<[5.000000e-01, 5.000000e-01, 5.000000e-01, 5.000000e-01, 5.000000e-01, 0.000000e+00, 0.000000e+00, 0.000000e+00]> : tensor<8xf32>
// CHECK: %[[A:.*]] = npu.conv2d %{{.*}}, %[[W1]], %[[B1]] {{.*}} -> tensor<1x8x4x4xf32>
// CHECK: %[[W2:.*]] = npu.constant dense<{{\[\[\[\[}}3.000000e+00]], {{\[\[}}3.000000e+00]], {{\[\[}}3.000000e+00]], {{\[\[}}3.000000e+00]], {{\[\[}}3.000000e+00]], {{\[\[}}0.000000e+00]], {{\[\[}}0.000000e+00]], {{\[\[}}0.000000e+00]]]{{.*}} : tensor<3x8x1x1xf32>
// CHECK: npu.conv2d %[[A]], %[[W2]] {{.*}} : (tensor<1x8x4x4xf32>, tensor<3x8x1x1xf32>) -> tensor<1x3x4x4xf32>
// CHECK-NOT: npu.constant
func.func @pair(%x: tensor<1x2x4x4xf32>) -> tensor<1x3x4x4xf32> {
  %w1 = npu.constant dense<[[[[1.0]], [[2.0]]], [[[1.0]], [[2.0]]], [[[1.0]], [[2.0]]], [[[1.0]], [[2.0]]], [[[1.0]], [[2.0]]]]> : tensor<5x2x1x1xf32>
  %b1 = npu.constant dense<0.5> : tensor<5xf32>
  %w2 = npu.constant dense<3.0> : tensor<3x5x1x1xf32>
  %0 = npu.conv2d %x, %w1, %b1 {clamp = array<f32: 0.0, 0x7F800000>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<5x2x1x1xf32>, tensor<5xf32>) -> tensor<1x5x4x4xf32>
  %1 = npu.conv2d %0, %w2 {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x5x4x4xf32>, tensor<3x5x1x1xf32>) -> tensor<1x3x4x4xf32>
  return %1 : tensor<1x3x4x4xf32>
}

// -----

// A result some other op reads (here the residual add), a grouped consumer
// and a count that is already a multiple are left alone.
// CHECK-LABEL: func.func @left_alone
// CHECK: npu.conv2d {{.*}} -> tensor<1x5x4x4xf32>
// CHECK: npu.conv2d {{.*}} -> tensor<1x6x4x4xf32>
// CHECK: npu.conv2d {{.*}} -> tensor<1x6x4x4xf32>
// CHECK: npu.conv2d {{.*}} -> tensor<1x4x4x4xf32>
func.func @left_alone(%x: tensor<1x5x4x4xf32>) -> (tensor<1x5x4x4xf32>, tensor<1x4x4x4xf32>) {
  %w = npu.constant dense<1.0> : tensor<5x5x1x1xf32>
  %wd = npu.constant dense<1.0> : tensor<6x1x1x1xf32>
  %w6 = npu.constant dense<1.0> : tensor<6x5x1x1xf32>
  %w4 = npu.constant dense<1.0> : tensor<4x6x1x1xf32>
  %0 = npu.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x5x4x4xf32>, tensor<5x5x1x1xf32>) -> tensor<1x5x4x4xf32>
  %1 = npu.binary add %0, %x : (tensor<1x5x4x4xf32>, tensor<1x5x4x4xf32>) -> tensor<1x5x4x4xf32>
  %2 = npu.conv2d %x, %w6 {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x5x4x4xf32>, tensor<6x5x1x1xf32>) -> tensor<1x6x4x4xf32>
  %3 = npu.conv2d %2, %wd {dilations = array<i64: 1, 1>, groups = 6 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x6x4x4xf32>, tensor<6x1x1x1xf32>) -> tensor<1x6x4x4xf32>
  %4 = npu.conv2d %3, %w4 {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x6x4x4xf32>, tensor<4x6x1x1xf32>) -> tensor<1x4x4x4xf32>
  return %1, %4 : tensor<1x5x4x4xf32>, tensor<1x4x4x4xf32>
}
