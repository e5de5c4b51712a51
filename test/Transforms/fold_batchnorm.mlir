// RUN: npu-opt %s --npu-fold-batchnorm -split-input-file | FileCheck %s

// A BatchNorm as the importer writes it (x * a + b, a and b of shape
// [C, 1, 1]) after a biased convolution with two output channels: the
// filter rows scale by a, the bias becomes c * a + b.
// CHECK-LABEL: func @conv_bn
// CHECK-DAG: %[[W:.*]] = npu.constant dense<{{\[\[\[\[}}2.000000e+00]], {{\[\[}}4.000000e+00]]], {{\[\[\[}}-1.500000e+00]], {{\[\[}}-3.000000e+00]]]]> : tensor<2x2x1x1xf32>
// CHECK-DAG: %[[B:.*]] = npu.constant dense<[2.500000e+00, -2.500000e+00]> : tensor<2xf32>
// CHECK: %[[Y:.*]] = npu.conv2d %arg0, %[[W]], %[[B]]
// CHECK-NOT: npu.binary
// CHECK: return %[[Y]]
func.func @conv_bn(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  %w = npu.constant dense<[[[[1.0]], [[2.0]]], [[[3.0]], [[6.0]]]]> : tensor<2x2x1x1xf32>
  %c = npu.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %a = npu.constant dense<[[[2.0]], [[-0.5]]]> : tensor<2x1x1xf32>
  %b = npu.constant dense<[[[0.5]], [[-1.5]]]> : tensor<2x1x1xf32>
  %conv = npu.conv2d %x, %w, %c {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
  %m = npu.binary mul %conv, %a : (tensor<1x2x4x4xf32>, tensor<2x1x1xf32>) -> tensor<1x2x4x4xf32>
  %y = npu.binary add %b, %m : (tensor<2x1x1xf32>, tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  return %y : tensor<1x2x4x4xf32>
}

// -----

// Without a bias, a scale alone keeps it absent and a shift creates one; a
// scalar (size-1) constant applies to every channel.
// CHECK-LABEL: func @scale_only
// CHECK: %[[W:.*]] = npu.constant dense<{{.*}}3.000000e+00{{.*}}> : tensor<2x1x1x1xf32>
// CHECK: npu.conv2d %arg0, %[[W]] {{{.*}}} : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
// CHECK-NOT: npu.binary
func.func @scale_only(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = npu.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %s = npu.constant dense<3.0> : tensor<1xf32>
  %conv = npu.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %y = npu.binary mul %conv, %s : (tensor<1x2x3x3xf32>, tensor<1xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// CHECK-LABEL: func @shift_creates_bias
// CHECK: %[[B:.*]] = npu.constant dense<[1.000000e+00, 2.000000e+00]> : tensor<2xf32>
// CHECK: npu.conv2d %arg0, %{{.*}}, %[[B]]
func.func @shift_creates_bias(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = npu.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %b = npu.constant dense<[[[1.0]], [[2.0]]]> : tensor<2x1x1xf32>
  %conv = npu.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %y = npu.binary add %conv, %b : (tensor<1x2x3x3xf32>, tensor<2x1x1xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// A fully-connected layer's channels are its last axis.
// CHECK-LABEL: func @fc_scale
// CHECK-DAG: npu.constant dense<{{\[\[}}2.000000e+00, 4.000000e+00], [-3.000000e+00, -4.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG: npu.constant dense<[2.000000e+00, -1.000000e+00]> : tensor<2xf32>
// CHECK-NOT: npu.binary
func.func @fc_scale(%x: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %w = npu.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %c = npu.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %a = npu.constant dense<[2.0, -1.0]> : tensor<2xf32>
  %fc = npu.fully_connected %x, %w, %c : (tensor<3x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  %y = npu.binary mul %fc, %a : (tensor<3x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}

// -----

// Not folded: the convolution has another user; the constant varies along
// a spatial axis; the operand is not a constant.
// CHECK-LABEL: func @not_folded
// CHECK-COUNT-3: npu.binary
func.func @not_folded(%x: tensor<1x1x2x2xf32>, %v: tensor<1x2x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = npu.constant dense<[[[[1.0]]], [[[2.0]]]]> : tensor<2x1x1x1xf32>
  %spatial = npu.constant dense<[[1.0], [2.0]]> : tensor<2x1xf32>
  %conv = npu.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %a = npu.binary mul %conv, %spatial : (tensor<1x2x2x2xf32>, tensor<2x1xf32>) -> tensor<1x2x2x2xf32>
  %conv2 = npu.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %b = npu.binary add %conv2, %v : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %c = npu.binary mul %conv2, %conv2 : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %a, %b, %c, %conv : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}
