// ONNX MatMulInteger: Y = (A - a_zero_point) x (B - b_zero_point) in int32,
// imported as npu.matmul of unit-scale quantized operands (the zero points
// in the types) with an i32 result. a: uint8 [2, 8], zero point 128;
// b: int8 [8, 4] constant, zero point 2.

// RUN: npu-translate --import-onnx %S/Inputs/ops/matmul_integer_zero_points.onnx | FileCheck %s

// CHECK-LABEL: func.func @main(%arg0: tensor<2x8xui8> {npu.name = "a"}) -> (tensor<2x4xi32> {npu.name = "y"})
// CHECK-DAG: %[[AI8:[0-9]+]] = tensor.bitcast %arg0 : tensor<2x8xui8> to tensor<2x8xi8>
// CHECK-DAG: %[[A:[0-9]+]] = quant.scast %[[AI8]] : tensor<2x8xi8> to tensor<2x8x!quant.uniform<u8:f32, 1.000000e+00:128>>
// CHECK-DAG: %[[B:[0-9]+]] = npu.constant dense<{{\[\[}}4, -15, 82, 44], [118, -88, 103, -101], [-92, 125, 25, -105], [-42, -79, 8, 89], [-24, -59, -127, -68], [-31, 14, -38, -4], [-24, 119, 60, 76], [-52, 15, 45, -6]]> : tensor<8x4xi8> -> tensor<8x4x!quant.uniform<i8:f32, 1.000000e+00:2>>
// CHECK: %[[Y:[0-9]+]] = npu.matmul %[[A]], %[[B]] : (tensor<2x8x!quant.uniform<u8:f32, 1.000000e+00:128>>, tensor<8x4x!quant.uniform<i8:f32, 1.000000e+00:2>>) -> tensor<2x4xi32>
// CHECK-NEXT: return %[[Y]] : tensor<2x4xi32>
