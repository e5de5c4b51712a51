// ONNX QuantizeLinear -> npu.quantize to a !quant.uniform type built from
// y_scale (f32) and y_zero_point (whose element type, uint8 or int8, gives the
// storage type); a 1-D scale/zero point is per axis (`axis`, default 1,
// normalised). A quantized graph output leaves as its integer storage
// (quant.scast, then tensor.bitcast to ui8 for uint8).
// The f32 scale 0.05 is 0.05000000074505806 exactly.

// RUN: npu-translate --import-onnx %S/Inputs/ops/quantize_linear_per_tensor_uint8.onnx | FileCheck %s --check-prefix=UINT8
// RUN: npu-translate --import-onnx %S/Inputs/ops/quantize_linear_per_tensor_int8.onnx | FileCheck %s --check-prefix=INT8
// RUN: npu-translate --import-onnx %S/Inputs/ops/quantize_linear_per_axis_input.onnx | FileCheck %s --check-prefix=PERAXIS
// RUN: npu-translate --import-onnx %S/Inputs/ops/quantize_linear_per_axis_weight.onnx | FileCheck %s --check-prefix=QDQ

// scale 0.05, zero point 128 (uint8).
// UINT8-LABEL: func.func @main(%arg0: tensor<1x2x4x4xf32> {npu.name = "x"}) -> (tensor<1x2x4x4xui8> {npu.name = "y"})
// UINT8-NEXT: %[[Q:[0-9]+]] = npu.quantize %arg0 : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4x!quant.uniform<u8:f32, 0.05000000074505806:128>>
// UINT8-NEXT: %[[S:[0-9]+]] = quant.scast %[[Q]] : tensor<1x2x4x4x!quant.uniform<u8:f32, 0.05000000074505806:128>> to tensor<1x2x4x4xi8>
// UINT8-NEXT: %[[Y:[0-9]+]] = tensor.bitcast %[[S]] : tensor<1x2x4x4xi8> to tensor<1x2x4x4xui8>
// UINT8-NEXT: return %[[Y]] : tensor<1x2x4x4xui8>

// scale 0.05, zero point -3 (int8).
// INT8-LABEL: func.func @main(%arg0: tensor<1x2x4x4xf32> {npu.name = "x"}) -> (tensor<1x2x4x4xi8> {npu.name = "y"})
// INT8-NEXT: %[[Q:[0-9]+]] = npu.quantize %arg0 : (tensor<1x2x4x4xf32>) -> tensor<1x2x4x4x!quant.uniform<i8:f32, 0.05000000074505806:-3>>
// INT8-NEXT: %[[Y:[0-9]+]] = quant.scast %[[Q]] : tensor<1x2x4x4x!quant.uniform<i8:f32, 0.05000000074505806:-3>> to tensor<1x2x4x4xi8>
// INT8-NEXT: return %[[Y]] : tensor<1x2x4x4xi8>

// axis 0 of [4, 3]: scales [0.875, 0.5, 0.125, 0.125], zero points [0, 1, -1, 2].
// PERAXIS-LABEL: func.func @main(%arg0: tensor<4x3xf32> {npu.name = "x"}) -> (tensor<4x3xi8> {npu.name = "y"})
// PERAXIS-NEXT: %[[Q:[0-9]+]] = npu.quantize %arg0 : (tensor<4x3xf32>) -> tensor<4x3x!quant.uniform<i8:f32:0, {8.750000e-01,5.000000e-01:1,1.250000e-01:-1,1.250000e-01:2}>>
// PERAXIS-NEXT: %[[Y:[0-9]+]] = quant.scast %[[Q]] : tensor<4x3x!quant.uniform<i8:f32:0, {8.750000e-01,5.000000e-01:1,1.250000e-01:-1,1.250000e-01:2}>> to tensor<4x3xi8>
// PERAXIS-NEXT: return %[[Y]] : tensor<4x3xi8>

// QDQ of a float weight (axis 0: scales [0.5, 0.375, 0.25, 0.5], zero points 0)
// feeding a Conv: quantize, dequantize and a float conv2d.
// QDQ-LABEL: func.func @main(%arg0: tensor<1x2x5x5xf32> {npu.name = "x"}) -> (tensor<1x4x3x3xf32> {npu.name = "y"})
// The QuantizeLinear of the constant weight folds at import into a constant
// of the quantized type: round_half_even(w / scale) + zero point, computed
// with numpy from the model's initializers (first values 4, 4, 3, 4, -4, -2).
// QDQ-DAG: %[[WQ:[0-9]+]] = npu.constant dense<{{\[\[\[\[}}4, 4, 3], [4, -4, -2], [0, 4, 4]], {{.*}} : tensor<4x2x3x3xi8> -> tensor<4x2x3x3x!quant.uniform<i8:f32:0, {5.000000e-01,3.750000e-01,2.500000e-01,5.000000e-01}>>
// QDQ-DAG: %[[B:[0-9]+]] = npu.constant dense<[1.000000e+00, 1.250000e-01, 1.750000e+00, -1.000000e+00]> : tensor<4xf32>
// QDQ-DAG: %[[WDQ:[0-9]+]] = npu.dequantize %[[WQ]] : (tensor<4x2x3x3x!quant.uniform<i8:f32:0, {5.000000e-01,3.750000e-01,2.500000e-01,5.000000e-01}>>) -> tensor<4x2x3x3xf32>
// QDQ: %[[Y:[0-9]+]] = npu.conv2d %arg0, %[[WDQ]], %[[B]] {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x5x5xf32>, tensor<4x2x3x3xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
// QDQ-NEXT: return %[[Y]] : tensor<1x4x3x3xf32>
