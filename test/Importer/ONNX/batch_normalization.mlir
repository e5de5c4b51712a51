// ONNX BatchNormalization (inference) -> y = x * a + b per channel, with
//   a = scale / sqrt(var + epsilon),  b = bias - mean * a,
// folded at import into two [C, 1, 1] constants (computed in double, rounded
// to f32) feeding npu.binary mul and add. epsilon = 1e-5 (as f32) in both
// models. Values worked out with numpy from the models' initializers:
//
// opset 9:  scale [1.625, -1.125, -0.625, 1.25], bias [-0.625, -1.375, 0.25, 0.625],
//           mean [-1.5, 0.625, -0.75, 0.875], var [0.25, 0.375, 0.5, 1.625]
//           a = [3.24993491, -1.83709276, -0.883874655, 0.980577647]
//           b = [4.24990273, -0.226816997, -0.412905991, -0.233005449]
// opset 15: scale [-2, 0.75, -0.625, -0.375], bias [-0.625, -1.75, -1.25, -1.625],
//           mean [0.5, -1.875, -0.125, -1.125], var [1.625, 2, 0.875, 0.75]
//           a = [-1.56892431, 0.530328751, -0.668149292, -0.433009803]
//           b = [0.159462124, -0.755633593, -1.33351862, -2.11213613]

// RUN: npu-translate --import-onnx %S/Inputs/ops/batch_normalization_opset9.onnx | FileCheck %s --check-prefix=OPSET9
// RUN: npu-translate --import-onnx %S/Inputs/ops/batch_normalization_opset15.onnx | FileCheck %s --check-prefix=OPSET15

// OPSET9: module attributes {npu.onnx_opset = 9 : i64
// OPSET9-LABEL: func.func @main(%arg0: tensor<1x4x5x5xf32> {npu.name = "x"}) -> (tensor<1x4x5x5xf32> {npu.name = "y"})
// OPSET9-DAG: %[[A:[0-9]+]] = npu.constant dense<{{\[\[}}[3.24993491]], {{\[\[}}-1.83709276]], {{\[\[}}-0.883874655]], {{\[\[}}0.980577647]]]> : tensor<4x1x1xf32>
// OPSET9-DAG: %[[B:[0-9]+]] = npu.constant dense<{{\[\[}}[4.24990273]], {{\[\[}}-2.268170e-01]], {{\[\[}}-4.129060e-01]], {{\[\[}}-0.233005449]]]> : tensor<4x1x1xf32>
// OPSET9-DAG: %[[MUL:[0-9]+]] = npu.binary mul %arg0, %[[A]] : (tensor<1x4x5x5xf32>, tensor<4x1x1xf32>) -> tensor<1x4x5x5xf32>
// OPSET9: %[[Y:[0-9]+]] = npu.binary add %[[MUL]], %[[B]] : (tensor<1x4x5x5xf32>, tensor<4x1x1xf32>) -> tensor<1x4x5x5xf32>
// OPSET9-NEXT: return %[[Y]] : tensor<1x4x5x5xf32>
// The statistics are folded: no other op, no sqrt or division at run time.
// OPSET9-NOT: npu.

// OPSET15: module attributes {npu.onnx_opset = 15 : i64
// OPSET15-LABEL: func.func @main(%arg0: tensor<1x4x5x5xf32> {npu.name = "x"}) -> (tensor<1x4x5x5xf32> {npu.name = "y"})
// OPSET15-NOT: npu.unary
// OPSET15-DAG: %[[A:[0-9]+]] = npu.constant dense<{{\[\[}}[-1.56892431]], {{\[\[}}0.530328751]], {{\[\[}}-0.668149292]], {{\[\[}}-0.433009803]]]> : tensor<4x1x1xf32>
// OPSET15-DAG: %[[B:[0-9]+]] = npu.constant dense<{{\[\[}}[0.159462124]], {{\[\[}}-0.755633593]], {{\[\[}}-1.33351862]], {{\[\[}}-2.11213613]]]> : tensor<4x1x1xf32>
// OPSET15-DAG: %[[MUL:[0-9]+]] = npu.binary mul %arg0, %[[A]] : (tensor<1x4x5x5xf32>, tensor<4x1x1xf32>) -> tensor<1x4x5x5xf32>
// OPSET15: %[[Y:[0-9]+]] = npu.binary add %[[MUL]], %[[B]] : (tensor<1x4x5x5xf32>, tensor<4x1x1xf32>) -> tensor<1x4x5x5xf32>
// OPSET15-NEXT: return %[[Y]] : tensor<1x4x5x5xf32>
// OPSET15-NOT: npu.
