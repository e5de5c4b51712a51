// RUN: npu-opt %s --npu-fuse-activations -split-input-file | FileCheck %s

// ReLU after a convolution becomes its clamp [0, inf].
// CHECK-LABEL: func @conv_relu
// CHECK: %[[Y:.*]] = npu.conv2d %arg0, %{{.*}} {clamp = array<f32: 0.000000e+00, 0x7F800000>, dilations
// CHECK-NOT: npu.unary
// CHECK: return %[[Y]]
func.func @conv_relu(%x: tensor<1x1x3x3xf32>) -> tensor<1x2x3x3xf32> {
  %w = npu.constant dense<[[[[1.0]]], [[[-1.0]]]]> : tensor<2x1x1x1xf32>
  %c = npu.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x3x3xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x3x3xf32>
  %y = npu.unary relu %c : (tensor<1x2x3x3xf32>) -> tensor<1x2x3x3xf32>
  return %y : tensor<1x2x3x3xf32>
}

// -----

// Clip (ReLU6) after a fully-connected layer, then a ReLU: the bounds
// intersect.
// CHECK-LABEL: func @fc_relu6_relu
// CHECK: npu.fully_connected %arg0, %{{.*}}, %{{.*}} {clamp = array<f32: 0.000000e+00, 6.000000e+00>}
// CHECK-NOT: npu.clip
// CHECK-NOT: npu.unary
func.func @fc_relu6_relu(%x: tensor<2x3xf32>) -> tensor<2x4xf32> {
  %w = npu.constant dense<1.0> : tensor<4x3xf32>
  %b = npu.constant dense<0.5> : tensor<4xf32>
  %f = npu.fully_connected %x, %w, %b : (tensor<2x3xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>
  %c = npu.clip %f {max = 6.0 : f32, min = -1.0 : f32} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %y = npu.unary relu %c : (tensor<2x4xf32>) -> tensor<2x4xf32>
  return %y : tensor<2x4xf32>
}

// -----

// Not fused: the layer's result has another user; a non-clamp activation;
// an activation of a non-layer.
// CHECK-LABEL: func @not_fused
// CHECK-NOT: clamp
// CHECK-COUNT-3: npu.unary
func.func @not_fused(%a: tensor<2x2xf32>, %b: tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) {
  %m = npu.matmul %a, %b : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %r = npu.unary relu %m : (tensor<2x2xf32>) -> tensor<2x2xf32>
  %m2 = npu.matmul %a, %b : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  %s = npu.unary sigmoid %m2 : (tensor<2x2xf32>) -> tensor<2x2xf32>
  %t = npu.unary relu %a : (tensor<2x2xf32>) -> tensor<2x2xf32>
  return %r, %m, %s, %t : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>
}
