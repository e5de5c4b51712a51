// ONNX DequantizeLinear -> npu.dequantize from a !quant.uniform type built
// from x_scale and x_zero_point. A run-time integer input is reinterpreted
// with quant.scast (after a tensor.bitcast to signless i8 for uint8); a
// constant integer weight becomes a quantized npu.constant holding the same
// integers. The f32 scale 0.05 is 0.05000000074505806 exactly.

// RUN: npu-translate --import-onnx %S/Inputs/ops/dequantize_linear_per_tensor_uint8.onnx | FileCheck %s --check-prefix=UINT8
// RUN: npu-translate --import-onnx %S/Inputs/ops/dequantize_linear_per_tensor_int8.onnx | FileCheck %s --check-prefix=INT8
// RUN: npu-translate --import-onnx %S/Inputs/ops/dequantize_linear_per_axis_weight.onnx | FileCheck %s --check-prefix=PERAXIS

// UINT8-LABEL: func.func @main(%arg0: tensor<1x2x4x4xui8> {npu.name = "x"}) -> (tensor<1x2x4x4xf32> {npu.name = "y"})
// UINT8-NEXT: %[[I8:[0-9]+]] = tensor.bitcast %arg0 : tensor<1x2x4x4xui8> to tensor<1x2x4x4xi8>
// UINT8-NEXT: %[[Q:[0-9]+]] = quant.scast %[[I8]] : tensor<1x2x4x4xi8> to tensor<1x2x4x4x!quant.uniform<u8:f32, 0.05000000074505806:128>>
// UINT8-NEXT: %[[Y:[0-9]+]] = npu.dequantize %[[Q]] : (tensor<1x2x4x4x!quant.uniform<u8:f32, 0.05000000074505806:128>>) -> tensor<1x2x4x4xf32>
// UINT8-NEXT: return %[[Y]] : tensor<1x2x4x4xf32>

// INT8-LABEL: func.func @main(%arg0: tensor<1x2x4x4xi8> {npu.name = "x"}) -> (tensor<1x2x4x4xf32> {npu.name = "y"})
// INT8-NEXT: %[[Q:[0-9]+]] = quant.scast %arg0 : tensor<1x2x4x4xi8> to tensor<1x2x4x4x!quant.uniform<i8:f32, 0.05000000074505806:-3>>
// INT8-NEXT: %[[Y:[0-9]+]] = npu.dequantize %[[Q]] : (tensor<1x2x4x4x!quant.uniform<i8:f32, 0.05000000074505806:-3>>) -> tensor<1x2x4x4xf32>
// INT8-NEXT: return %[[Y]] : tensor<1x2x4x4xf32>

// int8 weight [4, 2, 3, 3], per output channel (axis 0): scales
// [0.375, 0.5, 0.375, 0.375], zero points 0; the dequantized weight feeds a
// float Conv.
// PERAXIS-LABEL: func.func @main(%arg0: tensor<1x2x5x5xf32> {npu.name = "x"}) -> (tensor<1x4x3x3xf32> {npu.name = "y"})
// PERAXIS-DAG: %[[WQ:[0-9]+]] = npu.constant dense<{{\[\[}}{{\[\[}}97, 48, -72], [-118, -53, -11], [63, 35, 99]], {{.+}}> : tensor<4x2x3x3xi8> -> tensor<4x2x3x3x!quant.uniform<i8:f32:0, {3.750000e-01,5.000000e-01,3.750000e-01,3.750000e-01}>>
// PERAXIS-DAG: %[[B:[0-9]+]] = npu.constant dense<[-1.625000e+00, -3.750000e-01, -8.750000e-01, 1.375000e+00]> : tensor<4xf32>
// PERAXIS-DAG: %[[W:[0-9]+]] = npu.dequantize %[[WQ]] : (tensor<4x2x3x3x!quant.uniform<i8:f32:0, {3.750000e-01,5.000000e-01,3.750000e-01,3.750000e-01}>>) -> tensor<4x2x3x3xf32>
// PERAXIS: %[[Y:[0-9]+]] = npu.conv2d %arg0, %[[W]], %[[B]] {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x5x5xf32>, tensor<4x2x3x3xf32>, tensor<4xf32>) -> tensor<1x4x3x3xf32>
// PERAXIS-NEXT: return %[[Y]] : tensor<1x4x3x3xf32>
