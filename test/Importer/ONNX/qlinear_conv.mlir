// ONNX QLinearConv -> npu.conv2d on quantized operands whose result type is
// y's quantized type (requantization included):
//   x: uint8, scale 0.02 (f32: 0.019999999552965164), zero point 128;
//   w: int8 [4, 2, 3, 3], per output channel (axis 0) scales
//      [0.125, 0.5, 0.5, 0.375], zero points 0;
//   y: uint8, scale 0.05 (f32: 0.05000000074505806), zero point 128;
//   B: int32 [194, -386, -166, -109].
// The uint8 graph input is bitcast and storage-cast; the quantized result
// leaves as the ui8 the model declares.

// RUN: npu-translate --import-onnx %S/Inputs/ops/qlinear_conv_per_channel.onnx | FileCheck %s

// CHECK-LABEL: func.func @main(%arg0: tensor<1x2x5x5xui8> {npu.name = "x"}) -> (tensor<1x4x3x3xui8> {npu.name = "y"})
// CHECK-DAG: %[[XI8:[0-9]+]] = tensor.bitcast %arg0 : tensor<1x2x5x5xui8> to tensor<1x2x5x5xi8>
// CHECK-DAG: %[[X:[0-9]+]] = quant.scast %[[XI8]] : tensor<1x2x5x5xi8> to tensor<1x2x5x5x!quant.uniform<u8:f32, 0.019999999552965164:128>>
// CHECK-DAG: %[[W:[0-9]+]] = npu.constant dense<{{\[\[}}{{\[\[}}22, 88, 13], [-21, -67, -9], [-53, -119, 23]], {{.+}}> : tensor<4x2x3x3xi8> -> tensor<4x2x3x3x!quant.uniform<i8:f32:0, {1.250000e-01,5.000000e-01,5.000000e-01,3.750000e-01}>>
// CHECK-DAG: %[[B:[0-9]+]] = npu.constant dense<[194, -386, -166, -109]> : tensor<4xi32>
// CHECK: %[[Q:[0-9]+]] = npu.conv2d %[[X]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x5x5x!quant.uniform<u8:f32, 0.019999999552965164:128>>, tensor<4x2x3x3x!quant.uniform<i8:f32:0, {1.250000e-01,5.000000e-01,5.000000e-01,3.750000e-01}>>, tensor<4xi32>) -> tensor<1x4x3x3x!quant.uniform<u8:f32, 0.05000000074505806:128>>
// CHECK-NEXT: %[[S:[0-9]+]] = quant.scast %[[Q]] : tensor<1x4x3x3x!quant.uniform<u8:f32, 0.05000000074505806:128>> to tensor<1x4x3x3xi8>
// CHECK-NEXT: %[[Y:[0-9]+]] = tensor.bitcast %[[S]] : tensor<1x4x3x3xi8> to tensor<1x4x3x3xui8>
// CHECK-NEXT: return %[[Y]] : tensor<1x4x3x3xui8>
