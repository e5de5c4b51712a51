// ONNX Resize -> npu.resize to the output size: sizes, or
// floor(in * scale) per axis. Opset 10: (X, scales), asymmetric coordinates,
// floor rounding for nearest. Opset 11+: (X, roi, scales, sizes), defaults
// coordinate_transformation_mode half_pixel, nearest_mode round_prefer_floor.
// resize_opset11_linear_pytorch_half_pixel.onnx is checked in
// resize_known_bug.mlir (its empty roi input is rejected).

// RUN: npu-translate --import-onnx %S/Inputs/ops/resize_opset10_nearest.onnx | FileCheck %s --check-prefix=OPSET10
// RUN: npu-translate --import-onnx %S/Inputs/ops/resize_opset13_nearest_asymmetric_floor_scales.onnx | FileCheck %s --check-prefix=NEAREST
// RUN: npu-translate --import-onnx %S/Inputs/ops/resize_opset13_linear_half_pixel_sizes.onnx | FileCheck %s --check-prefix=LINEAR

// scales [1, 1, 2, 2] on [1, 2, 4, 4] -> [1, 2, 8, 8].
// OPSET10: module attributes {npu.onnx_opset = 10 : i64
// OPSET10-LABEL: func.func @main(%arg0: tensor<1x2x4x4xf32> {npu.name = "x"}) -> (tensor<1x2x8x8xf32> {npu.name = "y"})
// OPSET10-NOT: npu.constant
// OPSET10-NEXT: %[[Y:[0-9]+]] = npu.resize nearest %arg0 coordinate_transform = asymmetric nearest_rounding = floor : (tensor<1x2x4x4xf32>) -> tensor<1x2x8x8xf32>
// OPSET10-NEXT: return %[[Y]] : tensor<1x2x8x8xf32>

// roi omitted (""), scales [1, 1, 2, 2], asymmetric, floor.
// NEAREST-LABEL: func.func @main(%arg0: tensor<1x2x4x4xf32> {npu.name = "x"}) -> (tensor<1x2x8x8xf32> {npu.name = "y"})
// NEAREST-NOT: npu.constant
// NEAREST-NEXT: %[[Y:[0-9]+]] = npu.resize nearest %arg0 coordinate_transform = asymmetric nearest_rounding = floor : (tensor<1x2x4x4xf32>) -> tensor<1x2x8x8xf32>
// NEAREST-NEXT: return %[[Y]] : tensor<1x2x8x8xf32>

// sizes [1, 2, 6, 6], linear, half_pixel (nearest_mode left at its default).
// LINEAR-LABEL: func.func @main(%arg0: tensor<1x2x4x4xf32> {npu.name = "x"}) -> (tensor<1x2x6x6xf32> {npu.name = "y"})
// LINEAR-NOT: npu.constant
// LINEAR-NEXT: %[[Y:[0-9]+]] = npu.resize linear %arg0 coordinate_transform = half_pixel nearest_rounding = round_prefer_floor : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
// LINEAR-NEXT: return %[[Y]] : tensor<1x2x6x6xf32>

// An empty `roi` (what PyTorch exports at opset 11, where roi is a required
// input) is an absent optional input: it only matters for
// tf_crop_and_resize. Output floor(4 * 2) = 8 per spatial axis.
// RUN: npu-translate --import-onnx %S/Inputs/ops/resize_opset11_linear_pytorch_half_pixel.onnx | FileCheck %s --check-prefix=EMPTYROI
// EMPTYROI: module attributes {npu.onnx_opset = 11 : i64
// EMPTYROI-LABEL: func.func @main(%arg0: tensor<1x2x4x4xf32> {npu.name = "x"}) -> (tensor<1x2x8x8xf32> {npu.name = "y"})
// EMPTYROI-NOT: npu.constant
// EMPTYROI-NEXT: %[[Y:[0-9]+]] = npu.resize linear %arg0 coordinate_transform = pytorch_half_pixel nearest_rounding = round_prefer_floor : (tensor<1x2x4x4xf32>) -> tensor<1x2x8x8xf32>
// EMPTYROI-NEXT: return %[[Y]] : tensor<1x2x8x8xf32>
