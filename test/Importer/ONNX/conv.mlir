// ONNX Conv -> npu.conv2d (NCHW input, OIHW filter, optional [O] bias).
// ONNX pads are [x1_begin, x2_begin, x1_end, x2_end] = [top, left, bottom,
// right] for 2-D; auto_pad SAME_* gives total = (ceil(in/s) - 1) * s +
// (k - 1) * d + 1 - in, the odd pixel at the end (UPPER) or the beginning
// (LOWER); 1-D convolutions become 2-D with H = 1.

// RUN: npu-translate --import-onnx %S/Inputs/ops/conv_basic.onnx | FileCheck %s --check-prefix=BASIC
// RUN: npu-translate --import-onnx %S/Inputs/ops/conv_no_bias.onnx | FileCheck %s --check-prefix=NOBIAS
// RUN: npu-translate --import-onnx %S/Inputs/ops/conv_strided_padded.onnx | FileCheck %s --check-prefix=STRIDED
// RUN: npu-translate --import-onnx %S/Inputs/ops/conv_asymmetric_pads.onnx | FileCheck %s --check-prefix=ASYM
// RUN: npu-translate --import-onnx %S/Inputs/ops/conv_depthwise.onnx | FileCheck %s --check-prefix=DW
// RUN: npu-translate --import-onnx %S/Inputs/ops/conv_depthwise_multiplier.onnx | FileCheck %s --check-prefix=DWMULT
// RUN: npu-translate --import-onnx %S/Inputs/ops/conv_grouped.onnx | FileCheck %s --check-prefix=GROUPED
// RUN: npu-translate --import-onnx %S/Inputs/ops/conv_dilated.onnx | FileCheck %s --check-prefix=DILATED
// RUN: npu-translate --import-onnx %S/Inputs/ops/conv_auto_pad_same_upper.onnx | FileCheck %s --check-prefix=UPPER
// RUN: npu-translate --import-onnx %S/Inputs/ops/conv_auto_pad_same_lower.onnx | FileCheck %s --check-prefix=LOWER
// RUN: npu-translate --import-onnx %S/Inputs/ops/conv_auto_pad_valid.onnx | FileCheck %s --check-prefix=VALID
// RUN: npu-translate --import-onnx %S/Inputs/ops/conv_1d.onnx | FileCheck %s --check-prefix=CONV1D
// RUN: npu-translate --import-onnx %S/Inputs/ops/conv_pointwise.onnx | FileCheck %s --check-prefix=POINTWISE
// RUN: npu-translate --import-onnx %S/Inputs/ops/conv_relu_opset7.onnx | FileCheck %s --check-prefixes=CONVRELU,OPSET7
// RUN: npu-translate --import-onnx %S/Inputs/ops/conv_relu_opset7_ir3.onnx | FileCheck %s --check-prefixes=CONVRELU,OPSET7,IR3
// RUN: npu-translate --import-onnx %S/Inputs/ops/conv_relu_opset11.onnx | FileCheck %s --check-prefixes=CONVRELU,OPSET11
// RUN: npu-translate --import-onnx %S/Inputs/ops/conv_relu_opset13.onnx | FileCheck %s --check-prefixes=CONVRELU,OPSET13
// RUN: npu-translate --import-onnx %S/Inputs/ops/conv_relu_opset17.onnx | FileCheck %s --check-prefixes=CONVRELU,OPSET17

// kernel_shape [3, 3], no strides/pads/dilations/group: all defaults.
// BASIC: module attributes {npu.onnx_opset = 13 : i64
// BASIC-LABEL: func.func @main(%arg0: tensor<1x3x8x8xf32> {npu.name = "x"}) -> (tensor<1x4x6x6xf32> {npu.name = "y"})
// BASIC-DAG: %[[W:[0-9]+]] = npu.constant dense<"0x{{[0-9A-F]+}}"> : tensor<4x3x3x3xf32>
// BASIC-DAG: %[[B:[0-9]+]] = npu.constant dense<[1.500000e+00, 1.250000e+00, 8.750000e-01, 1.250000e-01]> : tensor<4xf32>
// BASIC: %[[Y:[0-9]+]] = npu.conv2d %arg0, %[[W]], %[[B]] {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x6x6xf32>
// BASIC-NEXT: return %[[Y]] : tensor<1x4x6x6xf32>

// NOBIAS-LABEL: func.func @main(%arg0: tensor<1x3x8x8xf32> {npu.name = "x"}) -> (tensor<1x4x6x6xf32> {npu.name = "y"})
// NOBIAS: %[[W:[0-9]+]] = npu.constant {{.+}} : tensor<4x3x3x3xf32>
// NOBIAS-NOT: npu.constant
// NOBIAS: %[[Y:[0-9]+]] = npu.conv2d %arg0, %[[W]] {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
// NOBIAS-NEXT: return %[[Y]]

// (8 + 1 + 1 - 3) / 2 + 1 = 4.
// STRIDED-LABEL: func.func @main(%arg0: tensor<1x3x8x8xf32> {npu.name = "x"}) -> (tensor<1x4x4x4xf32> {npu.name = "y"})
// STRIDED-DAG: %[[W:[0-9]+]] = npu.constant {{.+}} : tensor<4x3x3x3xf32>
// STRIDED-DAG: %[[B:[0-9]+]] = npu.constant dense<[1.250000e-01, -1.875000e+00, 1.375000e+00, -2.000000e+00]> : tensor<4xf32>
// STRIDED: %[[Y:[0-9]+]] = npu.conv2d %arg0, %[[W]], %[[B]] {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
// STRIDED-NEXT: return %[[Y]] : tensor<1x4x4x4xf32>

// ONNX pads [0, 1, 1, 2]: top 0, left 1, bottom 1, right 2 -> 7x9.
// ASYM-LABEL: func.func @main(%arg0: tensor<1x3x8x8xf32> {npu.name = "x"}) -> (tensor<1x4x7x9xf32> {npu.name = "y"})
// ASYM-DAG: %[[W:[0-9]+]] = npu.constant {{.+}} : tensor<4x3x3x3xf32>
// ASYM-DAG: %[[B:[0-9]+]] = npu.constant dense<[3.750000e-01, 2.500000e-01, -1.375000e+00, 7.500000e-01]> : tensor<4xf32>
// ASYM: %[[Y:[0-9]+]] = npu.conv2d %arg0, %[[W]], %[[B]] {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 1, 1, 2>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x7x9xf32>
// ASYM-NEXT: return %[[Y]] : tensor<1x4x7x9xf32>

// group = C = 4: depthwise, filter [4, 1, 3, 3].
// DW-LABEL: func.func @main(%arg0: tensor<1x4x8x8xf32> {npu.name = "x"}) -> (tensor<1x4x8x8xf32> {npu.name = "y"})
// DW-DAG: %[[W:[0-9]+]] = npu.constant {{.+}} : tensor<4x1x3x3xf32>
// DW-DAG: %[[B:[0-9]+]] = npu.constant dense<[7.500000e-01, 0.000000e+00, 1.250000e-01, -1.000000e+00]> : tensor<4xf32>
// DW: %[[Y:[0-9]+]] = npu.conv2d %arg0, %[[W]], %[[B]] {dilations = array<i64: 1, 1>, groups = 4 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x4x8x8xf32>, tensor<4x1x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
// DW-NEXT: return %[[Y]] : tensor<1x4x8x8xf32>

// group = 4 with 8 output channels: depth multiplier 2.
// DWMULT-LABEL: func.func @main(%arg0: tensor<1x4x6x6xf32> {npu.name = "x"}) -> (tensor<1x8x4x4xf32> {npu.name = "y"})
// DWMULT-DAG: %[[W:[0-9]+]] = npu.constant {{.+}} : tensor<8x1x3x3xf32>
// DWMULT-DAG: %[[B:[0-9]+]] = npu.constant dense<[-2.500000e-01, -1.125000e+00, 6.250000e-01, 1.625000e+00, -1.750000e+00, -7.500000e-01, -1.250000e+00, -6.250000e-01]> : tensor<8xf32>
// DWMULT: %[[Y:[0-9]+]] = npu.conv2d %arg0, %[[W]], %[[B]] {dilations = array<i64: 1, 1>, groups = 4 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x6x6xf32>, tensor<8x1x3x3xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
// DWMULT-NEXT: return %[[Y]] : tensor<1x8x4x4xf32>

// GROUPED-LABEL: func.func @main(%arg0: tensor<1x4x6x6xf32> {npu.name = "x"}) -> (tensor<1x6x4x4xf32> {npu.name = "y"})
// GROUPED-DAG: %[[W:[0-9]+]] = npu.constant dense<"0x{{[0-9A-F]+}}"> : tensor<6x2x3x3xf32>
// GROUPED-DAG: %[[B:[0-9]+]] = npu.constant dense<[0.000000e+00, -1.250000e-01, -6.250000e-01, -2.500000e-01, 1.875000e+00, 8.750000e-01]> : tensor<6xf32>
// GROUPED: %[[Y:[0-9]+]] = npu.conv2d %arg0, %[[W]], %[[B]] {dilations = array<i64: 1, 1>, groups = 2 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x6x6xf32>, tensor<6x2x3x3xf32>, tensor<6xf32>) -> tensor<1x6x4x4xf32>
// GROUPED-NEXT: return %[[Y]] : tensor<1x6x4x4xf32>

// Effective kernel 2 * (3 - 1) + 1 = 5: 9 - 5 + 1 = 5.
// DILATED-LABEL: func.func @main(%arg0: tensor<1x2x9x9xf32> {npu.name = "x"}) -> (tensor<1x2x5x5xf32> {npu.name = "y"})
// DILATED-DAG: %[[W:[0-9]+]] = npu.constant {{.+}} : tensor<2x2x3x3xf32>
// DILATED-DAG: %[[B:[0-9]+]] = npu.constant dense<[-1.250000e+00, 6.250000e-01]> : tensor<2xf32>
// DILATED: %[[Y:[0-9]+]] = npu.conv2d %arg0, %[[W]], %[[B]] {dilations = array<i64: 2, 2>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x9x9xf32>, tensor<2x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x5x5xf32>
// DILATED-NEXT: return %[[Y]] : tensor<1x2x5x5xf32>

// in 8, stride 2, k 3: out ceil(8 / 2) = 4, total (4 - 1) * 2 + 3 - 8 = 1.
// SAME_UPPER puts the odd pixel at the end: [0, 0, 1, 1].
// UPPER-LABEL: func.func @main(%arg0: tensor<1x2x8x8xf32> {npu.name = "x"}) -> (tensor<1x2x4x4xf32> {npu.name = "y"})
// UPPER-DAG: %[[W:[0-9]+]] = npu.constant {{.+}} : tensor<2x2x3x3xf32>
// UPPER-DAG: %[[B:[0-9]+]] = npu.constant dense<[-2.500000e-01, -1.500000e+00]> : tensor<2xf32>
// UPPER: %[[Y:[0-9]+]] = npu.conv2d %arg0, %[[W]], %[[B]] {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x2x8x8xf32>, tensor<2x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
// UPPER-NEXT: return %[[Y]] : tensor<1x2x4x4xf32>

// SAME_LOWER puts it at the beginning: [1, 1, 0, 0].
// LOWER-LABEL: func.func @main(%arg0: tensor<1x2x8x8xf32> {npu.name = "x"}) -> (tensor<1x2x4x4xf32> {npu.name = "y"})
// LOWER-DAG: %[[W:[0-9]+]] = npu.constant {{.+}} : tensor<2x2x3x3xf32>
// LOWER-DAG: %[[B:[0-9]+]] = npu.constant dense<[1.250000e-01, -6.250000e-01]> : tensor<2xf32>
// LOWER: %[[Y:[0-9]+]] = npu.conv2d %arg0, %[[W]], %[[B]] {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 1, 1, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x2x8x8xf32>, tensor<2x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x4x4xf32>
// LOWER-NEXT: return %[[Y]] : tensor<1x2x4x4xf32>

// VALID-LABEL: func.func @main(%arg0: tensor<1x2x8x8xf32> {npu.name = "x"}) -> (tensor<1x2x6x6xf32> {npu.name = "y"})
// VALID-DAG: %[[W:[0-9]+]] = npu.constant {{.+}} : tensor<2x2x3x3xf32>
// VALID-DAG: %[[B:[0-9]+]] = npu.constant dense<[-1.500000e+00, 3.750000e-01]> : tensor<2xf32>
// VALID: %[[Y:[0-9]+]] = npu.conv2d %arg0, %[[W]], %[[B]] {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x8x8xf32>, tensor<2x2x3x3xf32>, tensor<2xf32>) -> tensor<1x2x6x6xf32>
// VALID-NEXT: return %[[Y]] : tensor<1x2x6x6xf32>

// [N, C, L] -> [N, C, 1, L]; the [3, 2, 3] filter folds to a [3, 2, 1, 3]
// constant with the same values in the same order; the result goes back to 3-D.
// CONV1D-LABEL: func.func @main(%arg0: tensor<1x2x16xf32> {npu.name = "x"}) -> (tensor<1x3x14xf32> {npu.name = "y"})
// CONV1D-DAG: %[[B:[0-9]+]] = npu.constant dense<[-1.000000e+00, -1.375000e+00, -8.750000e-01]> : tensor<3xf32>
// CONV1D-DAG: %[[X4:[0-9]+]] = npu.reshape %arg0 : (tensor<1x2x16xf32>) -> tensor<1x2x1x16xf32>
// CONV1D-DAG: %[[W:[0-9]+]] = npu.constant dense<{{\[\[}}{{\[\[}}-1.625000e+00, 1.625000e+00, 1.000000e+00]], {{\[\[}}1.250000e-01, -1.000000e+00, -1.000000e+00]]], {{\[\[}}[-1.500000e+00, 2.000000e+00, 2.500000e-01]], {{\[\[}}-1.625000e+00, -2.000000e+00, -1.250000e+00]]], {{\[\[}}[7.500000e-01, -8.750000e-01, -7.500000e-01]], {{\[\[}}1.625000e+00, 1.125000e+00, -2.000000e+00]]]]> : tensor<3x2x1x3xf32>
// CONV1D: %[[Y4:[0-9]+]] = npu.conv2d %[[X4]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x1x16xf32>, tensor<3x2x1x3xf32>, tensor<3xf32>) -> tensor<1x3x1x14xf32>
// CONV1D-NEXT: %[[Y:[0-9]+]] = npu.reshape %[[Y4]] : (tensor<1x3x1x14xf32>) -> tensor<1x3x14xf32>
// CONV1D-NEXT: return %[[Y]] : tensor<1x3x14xf32>

// POINTWISE-LABEL: func.func @main(%arg0: tensor<1x8x4x4xf32> {npu.name = "x"}) -> (tensor<1x4x4x4xf32> {npu.name = "y"})
// POINTWISE-DAG: %[[W:[0-9]+]] = npu.constant {{.+}} : tensor<4x8x1x1xf32>
// POINTWISE-DAG: %[[B:[0-9]+]] = npu.constant dense<[6.250000e-01, 5.000000e-01, -2.500000e-01, -3.750000e-01]> : tensor<4xf32>
// POINTWISE: %[[Y:[0-9]+]] = npu.conv2d %arg0, %[[W]], %[[B]] {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x8x4x4xf32>, tensor<4x8x1x1xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
// POINTWISE-NEXT: return %[[Y]] : tensor<1x4x4x4xf32>

// The same Conv(pads 1) + Relu model (same weights) at every opset; with IR
// version 3 the initializers are graph inputs too but must not become
// function arguments.
// OPSET7: module attributes {npu.onnx_opset = 7 : i64
// OPSET11: module attributes {npu.onnx_opset = 11 : i64
// OPSET13: module attributes {npu.onnx_opset = 13 : i64
// OPSET17: module attributes {npu.onnx_opset = 17 : i64
// CONVRELU-LABEL: func.func @main(%arg0: tensor<1x3x8x8xf32> {npu.name = "x"}) -> (tensor<1x4x8x8xf32> {npu.name = "y"}) {
// IR3-NOT: %arg1
// CONVRELU-DAG: %[[W:[0-9]+]] = npu.constant dense<"0x{{[0-9A-F]+}}"> : tensor<4x3x3x3xf32>
// CONVRELU-DAG: %[[B:[0-9]+]] = npu.constant dense<[-5.000000e-01, 3.750000e-01, -3.750000e-01, 1.000000e+00]> : tensor<4xf32>
// CONVRELU: %[[C:[0-9]+]] = npu.conv2d %arg0, %[[W]], %[[B]] {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
// CONVRELU-NEXT: %[[Y:[0-9]+]] = npu.unary relu %[[C]] : (tensor<1x4x8x8xf32>) -> tensor<1x4x8x8xf32>
// CONVRELU-NEXT: return %[[Y]] : tensor<1x4x8x8xf32>
