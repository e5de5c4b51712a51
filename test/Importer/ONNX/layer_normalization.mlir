// ONNX LayerNormalization (opset 17) -> npu.layer_norm; axis -1 normalises
// to 2 for a rank-3 input, epsilon 1e-5 is stored as f32, Scale and the
// optional B are [8] constants (the normalised shape).

// RUN: npu-translate --import-onnx %S/Inputs/ops/layer_normalization_bias.onnx | FileCheck %s --check-prefix=BIAS
// RUN: npu-translate --import-onnx %S/Inputs/ops/layer_normalization_no_bias.onnx | FileCheck %s --check-prefix=NOBIAS

// BIAS-LABEL: func.func @main(%arg0: tensor<2x4x8xf32> {npu.name = "x"}) -> (tensor<2x4x8xf32> {npu.name = "y"})
// BIAS-DAG: %[[S:[0-9]+]] = npu.constant dense<[1.250000e+00, -1.625000e+00, -5.000000e-01, -1.875000e+00, -6.250000e-01, 8.750000e-01, -7.500000e-01, 8.750000e-01]> : tensor<8xf32>
// BIAS-DAG: %[[B:[0-9]+]] = npu.constant dense<[-1.000000e+00, 1.375000e+00, -1.875000e+00, -8.750000e-01, 1.500000e+00, 1.000000e+00, 6.250000e-01, -2.500000e-01]> : tensor<8xf32>
// BIAS: %[[Y:[0-9]+]] = npu.layer_norm %arg0, %[[S]], %[[B]] {axis = 2 : i64, epsilon = 9.99999974E-6 : f32} : (tensor<2x4x8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<2x4x8xf32>
// BIAS-NEXT: return %[[Y]] : tensor<2x4x8xf32>

// NOBIAS-LABEL: func.func @main(%arg0: tensor<2x4x8xf32> {npu.name = "x"}) -> (tensor<2x4x8xf32> {npu.name = "y"})
// NOBIAS-NEXT: %[[S:[0-9]+]] = npu.constant dense<[-7.500000e-01, -1.500000e+00, -6.250000e-01, -1.250000e+00, 1.250000e-01, -1.750000e+00, -8.750000e-01, 1.625000e+00]> : tensor<8xf32>
// NOBIAS-NEXT: %[[Y:[0-9]+]] = npu.layer_norm %arg0, %[[S]] {axis = 2 : i64, epsilon = 9.99999974E-6 : f32} : (tensor<2x4x8xf32>, tensor<8xf32>) -> tensor<2x4x8xf32>
// NOBIAS-NEXT: return %[[Y]] : tensor<2x4x8xf32>
