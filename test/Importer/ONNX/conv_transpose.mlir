// ONNX ConvTranspose -> npu.conv_transpose2d (filter [C_in, C_out / group,
// kH, kW]). Output size: stride * (in - 1) + output_padding +
// (k - 1) * dilation + 1 - pad_begin - pad_end.

// RUN: npu-translate --import-onnx %S/Inputs/ops/conv_transpose_basic.onnx | FileCheck %s --check-prefix=BASIC
// RUN: npu-translate --import-onnx %S/Inputs/ops/conv_transpose_strided.onnx | FileCheck %s --check-prefix=STRIDED
// RUN: npu-translate --import-onnx %S/Inputs/ops/conv_transpose_strided_padded.onnx | FileCheck %s --check-prefix=PADDED
// RUN: npu-translate --import-onnx %S/Inputs/ops/conv_transpose_output_padding.onnx | FileCheck %s --check-prefix=OUTPAD
// RUN: npu-translate --import-onnx %S/Inputs/ops/conv_transpose_group.onnx | FileCheck %s --check-prefix=GROUP
// RUN: npu-translate --import-onnx %S/Inputs/ops/conv_transpose_output_shape.onnx | FileCheck %s --check-prefix=OUTSHAPE

// 1 * (4 - 1) + 0 + 2 + 1 = 6.
// BASIC-LABEL: func.func @main(%arg0: tensor<1x4x4x4xf32> {npu.name = "x"}) -> (tensor<1x2x6x6xf32> {npu.name = "y"})
// BASIC-DAG: %[[W:[0-9]+]] = npu.constant {{.+}} : tensor<4x2x3x3xf32>
// BASIC-DAG: %[[B:[0-9]+]] = npu.constant dense<[-1.000000e+00, 0.000000e+00]> : tensor<2xf32>
// BASIC: %[[Y:[0-9]+]] = npu.conv_transpose2d %arg0, %[[W]], %[[B]] {dilations = array<i64: 1, 1>, groups = 1 : i64, output_padding = array<i64: 0, 0>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<4x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x6x6xf32>
// BASIC-NEXT: return %[[Y]] : tensor<1x2x6x6xf32>

// 2 * 3 + 3 = 9.
// STRIDED-LABEL: func.func @main(%arg0: tensor<1x4x4x4xf32> {npu.name = "x"}) -> (tensor<1x2x9x9xf32> {npu.name = "y"})
// STRIDED-DAG: %[[W:[0-9]+]] = npu.constant {{.+}} : tensor<4x2x3x3xf32>
// STRIDED-DAG: %[[B:[0-9]+]] = npu.constant dense<[-1.125000e+00, -1.250000e-01]> : tensor<2xf32>
// STRIDED: %[[Y:[0-9]+]] = npu.conv_transpose2d %arg0, %[[W]], %[[B]] {dilations = array<i64: 1, 1>, groups = 1 : i64, output_padding = array<i64: 0, 0>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x4x4xf32>, tensor<4x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x9x9xf32>
// STRIDED-NEXT: return %[[Y]] : tensor<1x2x9x9xf32>

// 9 - 1 - 1 = 7.
// PADDED-LABEL: func.func @main(%arg0: tensor<1x4x4x4xf32> {npu.name = "x"}) -> (tensor<1x2x7x7xf32> {npu.name = "y"})
// PADDED-DAG: %[[W:[0-9]+]] = npu.constant {{.+}} : tensor<4x2x3x3xf32>
// PADDED-DAG: %[[B:[0-9]+]] = npu.constant dense<[0.000000e+00, -1.000000e+00]> : tensor<2xf32>
// PADDED: %[[Y:[0-9]+]] = npu.conv_transpose2d %arg0, %[[W]], %[[B]] {dilations = array<i64: 1, 1>, groups = 1 : i64, output_padding = array<i64: 0, 0>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x4x4xf32>, tensor<4x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x7x7xf32>
// PADDED-NEXT: return %[[Y]] : tensor<1x2x7x7xf32>

// 2 * 3 + 1 + 3 - 2 = 8.
// OUTPAD-LABEL: func.func @main(%arg0: tensor<1x4x4x4xf32> {npu.name = "x"}) -> (tensor<1x2x8x8xf32> {npu.name = "y"})
// OUTPAD-DAG: %[[W:[0-9]+]] = npu.constant {{.+}} : tensor<4x2x3x3xf32>
// OUTPAD-DAG: %[[B:[0-9]+]] = npu.constant dense<[-1.000000e+00, 5.000000e-01]> : tensor<2xf32>
// OUTPAD: %[[Y:[0-9]+]] = npu.conv_transpose2d %arg0, %[[W]], %[[B]] {dilations = array<i64: 1, 1>, groups = 1 : i64, output_padding = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x4x4x4xf32>, tensor<4x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x8x8xf32>
// OUTPAD-NEXT: return %[[Y]] : tensor<1x2x8x8xf32>

// group 2: C_out = 2 (W dim 1) * 2 groups = 4.
// GROUP-LABEL: func.func @main(%arg0: tensor<1x4x4x4xf32> {npu.name = "x"}) -> (tensor<1x4x6x6xf32> {npu.name = "y"})
// GROUP-DAG: %[[W:[0-9]+]] = npu.constant {{.+}} : tensor<4x2x3x3xf32>
// GROUP-DAG: %[[B:[0-9]+]] = npu.constant dense<[2.000000e+00, 1.250000e+00, 1.250000e-01, 1.250000e-01]> : tensor<4xf32>
// GROUP: %[[Y:[0-9]+]] = npu.conv_transpose2d %arg0, %[[W]], %[[B]] {dilations = array<i64: 1, 1>, groups = 2 : i64, output_padding = array<i64: 0, 0>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<4x2x3x3xf32>, tensor<4xf32>) -> tensor<1x4x6x6xf32>
// GROUP-NEXT: return %[[Y]] : tensor<1x4x6x6xf32>

// output_shape [8, 8] with stride 2 fixes the size and the pads follow from
// it: total = 2 * (4 - 1) + 0 + (3 - 1) * 1 + 1 - 8 = 1 per axis. With
// auto_pad NOTSET the ONNX definition takes the "Else" branch:
// pads[start] = total - total / 2 = 1, pads[end] = total / 2 = 0.
// OUTSHAPE-LABEL: func.func @main(%arg0: tensor<1x4x4x4xf32> {npu.name = "x"}) -> (tensor<1x2x8x8xf32> {npu.name = "y"})
// OUTSHAPE-DAG: %[[W:[0-9]+]] = npu.constant {{.+}} : tensor<4x2x3x3xf32>
// OUTSHAPE-DAG: %[[B:[0-9]+]] = npu.constant dense<[1.125000e+00, -1.625000e+00]> : tensor<2xf32>
// OUTSHAPE: %[[Y:[0-9]+]] = npu.conv_transpose2d %arg0, %[[W]], %[[B]] {dilations = array<i64: 1, 1>, groups = 1 : i64, output_padding = array<i64: 0, 0>, pads = array<i64: 1, 1, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x4x4x4xf32>, tensor<4x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x8x8xf32>
// OUTSHAPE-NEXT: return %[[Y]] : tensor<1x2x8x8xf32>
