// ONNX QLinearMatMul -> npu.matmul on quantized operands with y's quantized
// result type:
//   a: uint8 [2, 8], scale 0.02 (f32: 0.019999999552965164), zero point 128;
//   b: int8 [8, 4] constant, scale 0.01 (f32: 0.0099999997764825821), zero
//      point 0 (not printed);
//   y: uint8, scale 0.05 (f32: 0.05000000074505806), zero point 128.

// RUN: npu-translate --import-onnx %S/Inputs/ops/qlinear_matmul_per_tensor.onnx | FileCheck %s

// CHECK-LABEL: func.func @main(%arg0: tensor<2x8xui8> {npu.name = "a"}) -> (tensor<2x4xui8> {npu.name = "y"})
// CHECK-DAG: %[[AI8:[0-9]+]] = tensor.bitcast %arg0 : tensor<2x8xui8> to tensor<2x8xi8>
// CHECK-DAG: %[[A:[0-9]+]] = quant.scast %[[AI8]] : tensor<2x8xi8> to tensor<2x8x!quant.uniform<u8:f32, 0.019999999552965164:128>>
// CHECK-DAG: %[[B:[0-9]+]] = npu.constant dense<{{\[\[}}-78, -75, -17, 78], [44, 59, -34, -114], [-53, -123, 84, 69], [-60, -55, -73, -5], [-58, -47, -29, -48], [-13, -26, -39, 9], [-80, -4, -31, -90], [115, 113, -58, 104]]> : tensor<8x4xi8> -> tensor<8x4x!quant.uniform<i8:f32, 0.0099999997764825821>>
// CHECK: %[[Q:[0-9]+]] = npu.matmul %[[A]], %[[B]] : (tensor<2x8x!quant.uniform<u8:f32, 0.019999999552965164:128>>, tensor<8x4x!quant.uniform<i8:f32, 0.0099999997764825821>>) -> tensor<2x4x!quant.uniform<u8:f32, 0.05000000074505806:128>>
// CHECK-NEXT: %[[S:[0-9]+]] = quant.scast %[[Q]] : tensor<2x4x!quant.uniform<u8:f32, 0.05000000074505806:128>> to tensor<2x4xi8>
// CHECK-NEXT: %[[Y:[0-9]+]] = tensor.bitcast %[[S]] : tensor<2x4xi8> to tensor<2x4xui8>
// CHECK-NEXT: return %[[Y]] : tensor<2x4xui8>
