// ONNX ConvInteger: sum((x - x_zero_point) * (w - w_zero_point)) in int32,
// imported as npu.conv2d of unit-scale quantized operands with an i32
// result. x: uint8 [1, 2, 5, 5], zero point 128; w: uint8 [4, 2, 3, 3]
// constant, zero point 127. The uint8 weight keeps its bytes in i8 storage
// (its first values 150, 33, 140 print as -106, 33, -116).

// RUN: npu-translate --import-onnx %S/Inputs/ops/conv_integer_zero_points.onnx | FileCheck %s

// CHECK-LABEL: func.func @main(%arg0: tensor<1x2x5x5xui8> {npu.name = "x"}) -> (tensor<1x4x3x3xi32> {npu.name = "y"})
// CHECK-DAG: %[[XI8:[0-9]+]] = tensor.bitcast %arg0 : tensor<1x2x5x5xui8> to tensor<1x2x5x5xi8>
// CHECK-DAG: %[[X:[0-9]+]] = quant.scast %[[XI8]] : tensor<1x2x5x5xi8> to tensor<1x2x5x5x!quant.uniform<u8:f32, 1.000000e+00:128>>
// CHECK-DAG: %[[W:[0-9]+]] = npu.constant dense<{{\[\[}}{{\[\[}}-106, 33, -116], {{.+}}> : tensor<4x2x3x3xi8> -> tensor<4x2x3x3x!quant.uniform<u8:f32, 1.000000e+00:127>>
// CHECK: %[[Y:[0-9]+]] = npu.conv2d %[[X]], %[[W]] {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x5x5x!quant.uniform<u8:f32, 1.000000e+00:128>>, tensor<4x2x3x3x!quant.uniform<u8:f32, 1.000000e+00:127>>) -> tensor<1x4x3x3xi32>
// CHECK-NEXT: return %[[Y]] : tensor<1x4x3x3xi32>
