// RUN: npu-opt %s --npu-quantize="table=%S/Inputs/quantize_table.json" -split-input-file | FileCheck %s
// RUN: not npu-opt %s --npu-quantize 2>&1 | FileCheck %s --check-prefix=NO-TABLE
// RUN: not npu-opt %s --npu-quantize="table=%t.missing.json" 2>&1 | FileCheck %s --check-prefix=MISSING
// NO-TABLE: error: npu-quantize needs a calibration table: --npu-quantize="table=FILE"
// MISSING: error: calibration table '{{.*}}missing.json' cannot be read: No such file or directory

// Two fully connected layers with the table's ranges (keys: "input:x" and
// the ONNX node names). Expected values, from the pass's definition:
//  * x in [-0.5, 2.0]: scale f32(2.5 / 255) = 0.0098039219..., zero point
//    round(-128 + 0.5 / scale) = -77; fc1 in [0, 2] (after its fused ReLU):
//    0.0078431377..., -128; fc2 in [-1, 1.55]: 0.0099999997..., -28.
//  * fc1's weights per row: [0.25, -1.0] / (1 / 127) = [32 (31.75), -127];
//    [0.3, 0.1] / (0.3 / 127) = [127, 42 (42.33)]; bias [0.1, -0.2] at
//    scale s_x * s_w = [1295 (1295.4), -8636].
//  * fc1's dequantize and fc2's quantize have the same type: they cancel,
//    and fc2 reads fc1's int8 result directly.
// CHECK-LABEL: func.func @chain
// CHECK-NOT: dense<{{.*}}e-01
// CHECK-DAG: %[[W1:.*]] = npu.constant dense<{{\[\[}}32, -127], [127, 42]]> : tensor<2x2xi8> -> tensor<2x2x!quant.uniform<i8<-127:127>:f32:0, {0.0078740157186985015,0.0023622047156095505}>>
// CHECK-DAG: %[[B1:.*]] = npu.constant dense<[1295, -8636]> : tensor<2xi32>
// CHECK: %[[Q:.*]] = npu.quantize %arg0 : (tensor<1x2xf32>) -> tensor<1x2x!quant.uniform<i8:f32, 0.0098039219155907631:-77>>
// CHECK-NEXT: %[[H:.*]] = npu.fully_connected %[[Q]], %[[W1]], %[[B1]] {clamp = array<f32: 0.000000e+00, 0x7F800000>} : {{.*}} -> tensor<1x2x!quant.uniform<i8:f32, 0.0078431377187371254:-128>>
// CHECK-NEXT: %[[W2:.*]] = npu.constant dense<{{\[\[}}127, 51], [-42, 127]]> : tensor<2x2xi8> -> tensor<2x2x!quant.uniform<i8<-127:127>:f32:0, {0.0078740157186985015,0.0059055117890238762}>>
// CHECK-NEXT: %[[Y:.*]] = npu.fully_connected %[[H]], %[[W2]] : {{.*}} -> tensor<1x2x!quant.uniform<i8:f32, 0.0099999997764825821:-28>>
// CHECK-NEXT: %[[F:.*]] = npu.dequantize %[[Y]] : {{.*}} -> tensor<1x2xf32>
// CHECK-NEXT: return %[[F]]
func.func @chain(%x: tensor<1x2xf32> {npu.name = "x"}) -> tensor<1x2xf32> {
  %w1 = npu.constant dense<[[0.25, -1.0], [0.3, 0.1]]> : tensor<2x2xf32>
  %b1 = npu.constant dense<[0.1, -0.2]> : tensor<2xf32>
  %h = npu.fully_connected %x, %w1, %b1 {clamp = array<f32: 0.0, 0x7F800000>} : (tensor<1x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<1x2xf32> loc("fc1")
  %w2 = npu.constant dense<[[1.0, 0.4], [-0.25, 0.75]]> : tensor<2x2xf32>
  %y = npu.fully_connected %h, %w2 : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32> loc("fc2")
  return %y : tensor<1x2xf32>
}

// -----

// A layer whose result has no calibrated range stays float.
// CHECK-LABEL: func.func @uncalibrated
// CHECK-NOT: quant.uniform
// CHECK: npu.fully_connected %arg0, %{{.*}} : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
func.func @uncalibrated(%x: tensor<1x2xf32> {npu.name = "x"}) -> tensor<1x2xf32> {
  %w = npu.constant dense<[[1.0, 0.5], [0.25, 2.0]]> : tensor<2x2xf32>
  %y = npu.fully_connected %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32> loc("not_in_the_table")
  return %y : tensor<1x2xf32>
}
