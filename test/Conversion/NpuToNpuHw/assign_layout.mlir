// RUN: npu-opt %s --pass-pipeline='builtin.module(func.func(npu-assign-layout))' -split-input-file | FileCheck %s

// Convolutions, pooling and resizing store NHWC; element-wise ops follow an
// NHWC operand; products and reshapes (and the arguments) stay in ONNX order.
// CHECK-LABEL: func.func @cnn
func.func @cnn(%x: tensor<1x2x4x4xf16>) -> tensor<1x32xf16> {
  %w = npu.constant dense<1.0> : tensor<2x2x1x1xf16>
  // CHECK: npu.binary add {{.*}} {npu.layout = "nchw"}
  %a = npu.binary add %x, %x : (tensor<1x2x4x4xf16>, tensor<1x2x4x4xf16>) -> tensor<1x2x4x4xf16>
  // CHECK: npu.conv2d {{.*}}npu.layout = "nhwc"
  %c = npu.conv2d %a, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf16>, tensor<2x2x1x1xf16>) -> tensor<1x2x4x4xf16>
  // CHECK: npu.unary relu {{.*}} {npu.layout = "nhwc"}
  %r = npu.unary relu %c : (tensor<1x2x4x4xf16>) -> tensor<1x2x4x4xf16>
  // CHECK: npu.reshape
  // CHECK-NOT: npu.layout
  // CHECK-SAME: -> tensor<1x32xf16>
  %f = npu.reshape %r : (tensor<1x2x4x4xf16>) -> tensor<1x32xf16>
  return %f : tensor<1x32xf16>
}

// -----

// A per-channel operand repeats with a period only in NHWC order, so the
// add of two NCHW inputs is stored NHWC; a transpose stays in ONNX order.
// CHECK-LABEL: func.func @per_channel
func.func @per_channel(%x: tensor<1x4x2x2xf16>) -> tensor<1x2x2x4xf16> {
  %c = npu.constant dense<[[[1.0]], [[2.0]], [[3.0]], [[4.0]]]> : tensor<4x1x1xf16>
  // CHECK: npu.binary add {{.*}} {npu.layout = "nhwc"}
  %0 = npu.binary add %x, %c : (tensor<1x4x2x2xf16>, tensor<4x1x1xf16>) -> tensor<1x4x2x2xf16>
  // CHECK: npu.transpose {{.*}}npu.layout = "nchw"
  %1 = npu.transpose %0 {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x4x2x2xf16>) -> tensor<1x2x2x4xf16>
  return %1 : tensor<1x2x2x4xf16>
}
