// RUN: npu-opt --npu-legalize-quantized --canonicalize --split-input-file --verify-diagnostics %s | FileCheck %s

// A QDQ network: the products fold into quantized products (int32 bias at
// s_x * s_w[c]: 1.0 / (0.125 * 0.5) = 16, -0.5 / (0.125 * 0.25) = -16), the
// flatten moves inside the int8 region, uint8 zero points drop by 128
// (130 -> 2, 100 -> -28, 128 -> 0) and the dequantize / quantize pairs vanish.
// CHECK-LABEL: func @qdq
// CHECK-DAG: %[[FC:.*]] = npu.constant dense<3> : tensor<128x4xi8> -> tensor<128x4x!quant.uniform<i8:f32, 1.000000e-02>>
// CHECK-DAG: %[[B:.*]] = npu.constant dense<[16, -16]> : tensor<2xi32>
// CHECK-DAG: %[[W:.*]] = npu.constant dense<{{.*}}> : tensor<2x3x1x1xi8> -> tensor<2x3x1x1x!quant.uniform<i8:f32:0, {5.000000e-01,2.500000e-01}>>
// CHECK: %[[Q:.*]] = npu.quantize %arg0 : (tensor<1x3x8x8xf32>) -> tensor<1x3x8x8x!quant.uniform<i8:f32, 1.250000e-01:2>>
// CHECK-NEXT: %[[C:.*]] = npu.conv2d %[[Q]], %[[W]], %[[B]] {{.*}} -> tensor<1x2x8x8x!quant.uniform<i8:f32, 5.000000e-01:-28>>
// CHECK-NEXT: %[[R:.*]] = npu.reshape %[[C]] : (tensor<1x2x8x8x!quant.uniform<i8:f32, 5.000000e-01:-28>>) -> tensor<1x128x!quant.uniform<i8:f32, 5.000000e-01:-28>>
// CHECK-NEXT: %[[M:.*]] = npu.matmul %[[R]], %[[FC]] : {{.*}} -> tensor<1x4x!quant.uniform<i8:f32, 1.000000e-01>>
// CHECK-NEXT: %[[O:.*]] = npu.dequantize %[[M]]
// CHECK-NEXT: return %[[O]]
func.func @qdq(%x: tensor<1x3x8x8xf32>) -> tensor<1x4xf32> {
  %wq = npu.constant dense<[[[[1]], [[-2]], [[3]]], [[[4]], [[5]], [[-6]]]]> : tensor<2x3x1x1xi8> -> tensor<2x3x1x1x!quant.uniform<i8:f32:0, {0.5, 0.25}>>
  %b = npu.constant dense<[1.0, -0.5]> : tensor<2xf32>
  %q = npu.quantize %x : (tensor<1x3x8x8xf32>) -> tensor<1x3x8x8x!quant.uniform<u8:f32, 0.125:130>>
  %a = npu.dequantize %q : (tensor<1x3x8x8x!quant.uniform<u8:f32, 0.125:130>>) -> tensor<1x3x8x8xf32>
  %w = npu.dequantize %wq : (tensor<2x3x1x1x!quant.uniform<i8:f32:0, {0.5, 0.25}>>) -> tensor<2x3x1x1xf32>
  %y = npu.conv2d %a, %w, %b {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x3x8x8xf32>, tensor<2x3x1x1xf32>, tensor<2xf32>) -> tensor<1x2x8x8xf32>
  %yq = npu.quantize %y : (tensor<1x2x8x8xf32>) -> tensor<1x2x8x8x!quant.uniform<u8:f32, 0.5:100>>
  %yd = npu.dequantize %yq : (tensor<1x2x8x8x!quant.uniform<u8:f32, 0.5:100>>) -> tensor<1x2x8x8xf32>
  %r = npu.reshape %yd : (tensor<1x2x8x8xf32>) -> tensor<1x128xf32>
  %fq = npu.constant dense<3> : tensor<128x4xi8> -> tensor<128x4x!quant.uniform<i8:f32, 0.01>>
  %f = npu.dequantize %fq : (tensor<128x4x!quant.uniform<i8:f32, 0.01>>) -> tensor<128x4xf32>
  %m = npu.matmul %r, %f : (tensor<1x128xf32>, tensor<128x4xf32>) -> tensor<1x4xf32>
  %mq = npu.quantize %m : (tensor<1x4xf32>) -> tensor<1x4x!quant.uniform<u8:f32, 0.1:128>>
  %o = npu.dequantize %mq : (tensor<1x4x!quant.uniform<u8:f32, 0.1:128>>) -> tensor<1x4xf32>
  return %o : tensor<1x4xf32>
}

// -----

// QLinearConv with uint8 weights (zero point 128): w - z_w fits int8, so the
// weights become symmetric int8 with the same real values.
// CHECK-LABEL: func @asymmetric_weights
// CHECK: npu.constant dense<{{\[\[}}-128, -1, 0, 127]]> : tensor<1x4xi8> -> tensor<1x4x!quant.uniform<i8:f32, 5.000000e-01>>
// CHECK: npu.fully_connected {{.*}} tensor<1x4x!quant.uniform<i8:f32, 5.000000e-01>>) -> tensor<1x1x!quant.uniform<i8:f32, 2.000000e-01>>
func.func @asymmetric_weights(%x: tensor<1x4xf32>) -> tensor<1x1xf32> {
  %w = npu.constant dense<[[0, 127, 128, 255]]> : tensor<1x4xi8> -> tensor<1x4x!quant.uniform<u8:f32, 0.5:128>>
  %q = npu.quantize %x : (tensor<1x4xf32>) -> tensor<1x4x!quant.uniform<i8:f32, 0.1>>
  %y = npu.fully_connected %q, %w : (tensor<1x4x!quant.uniform<i8:f32, 0.1>>, tensor<1x4x!quant.uniform<u8:f32, 0.5:128>>) -> tensor<1x1x!quant.uniform<i8:f32, 0.2>>
  %o = npu.dequantize %y : (tensor<1x1x!quant.uniform<i8:f32, 0.2>>) -> tensor<1x1xf32>
  return %o : tensor<1x1xf32>
}

// -----

// Weights whose w - z_w leaves int8 are split into int8 parts that sum to
// them (-255 = -128 + -127, 0 = 0 + 0), stacked along the reduction axis,
// and the input repeats along its own: one product, the same sums.
// CHECK-LABEL: func @wide_weights
// CHECK-DAG: %[[W:.*]] = npu.constant dense<{{\[\[}}-128, 0, -127, 0]]> : tensor<1x4xi8> -> tensor<1x4x!quant.uniform<i8:f32, 5.000000e-01>>
// CHECK-DAG: %[[Q:.*]] = npu.quantize %arg0
// CHECK: %[[X:.*]] = npu.concat %[[Q]], %[[Q]] {axis = 1 : i64} : {{.*}} -> tensor<1x4x!quant.uniform<i8:f32, 1.000000e-01>>
// CHECK: npu.fully_connected %[[X]], %[[W]]
func.func @wide_weights(%x: tensor<1x2xf32>) -> tensor<1x1xf32> {
  // expected-warning @+1 {{has weights whose values minus the zero point span [-255, 0], beyond int8: split into 2 int8 parts}}
  %w = npu.constant dense<[[0, 255]]> : tensor<1x2xi8> -> tensor<1x2x!quant.uniform<u8:f32, 0.5:255>>
  %q = npu.quantize %x : (tensor<1x2xf32>) -> tensor<1x2x!quant.uniform<i8:f32, 0.1>>
  %y = npu.fully_connected %q, %w : (tensor<1x2x!quant.uniform<i8:f32, 0.1>>, tensor<1x2x!quant.uniform<u8:f32, 0.5:255>>) -> tensor<1x1x!quant.uniform<i8:f32, 0.2>>
  %o = npu.dequantize %y : (tensor<1x1x!quant.uniform<i8:f32, 0.2>>) -> tensor<1x1xf32>
  return %o : tensor<1x1xf32>
}

// -----

// A convolution's parts stack along its input channels (axis 1 of OIHW and
// of NCHW): u8 203 and 0 at zero point 3 are 200 = 100 + 100 and
// -3 = -2 + -1.
// CHECK-LABEL: func @wide_conv_weights
// CHECK-DAG: %[[W:.*]] = npu.constant dense<{{\[\[\[\[}}100]], {{\[\[}}-2]], {{\[\[}}100]], {{\[\[}}-1]]]]> : tensor<1x4x1x1xi8>
// CHECK-DAG: %[[X:.*]] = npu.concat %[[Q:.*]], %[[Q]] {axis = 1 : i64} : {{.*}} -> tensor<1x4x2x2x!quant.uniform<i8:f32, 1.000000e-01>>
// CHECK: npu.conv2d %[[X]], %[[W]]
func.func @wide_conv_weights(%x: tensor<1x2x2x2xf32>) -> tensor<1x1x2x2xf32> {
  // expected-warning @+1 {{split into 2 int8 parts}}
  %w = npu.constant dense<[[[[-53]], [[0]]]]> : tensor<1x2x1x1xi8> -> tensor<1x2x1x1x!quant.uniform<u8:f32:0, {0.5:3}>>
  %q = npu.quantize %x : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1>>
  %y = npu.conv2d %q, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1>>, tensor<1x2x1x1x!quant.uniform<u8:f32:0, {0.5:3}>>) -> tensor<1x1x2x2x!quant.uniform<i8:f32, 0.2>>
  %o = npu.dequantize %y : (tensor<1x1x2x2x!quant.uniform<i8:f32, 0.2>>) -> tensor<1x1x2x2xf32>
  return %o : tensor<1x1x2x2xf32>
}

// -----

// A grouped convolution reads each group's own input channels: its parts
// cannot stack, so wide weights stay an error at the node.
func.func @wide_grouped_weights(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  // expected-error @+1 {{span [-255, 0], beyond int8, and 'npu.conv2d' cannot read them as a sum of int8 parts}}
  %w = npu.constant dense<[[[[0]]], [[[255]]]]> : tensor<2x1x1x1xi8> -> tensor<2x1x1x1x!quant.uniform<u8:f32, 0.5:255>>
  %q = npu.quantize %x : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1>>
  %y = npu.conv2d %q, %w {dilations = array<i64: 1, 1>, groups = 2 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1>>, tensor<2x1x1x1x!quant.uniform<u8:f32, 0.5:255>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.2>>
  %o = npu.dequantize %y : (tensor<1x2x2x2x!quant.uniform<i8:f32, 0.2>>) -> tensor<1x2x2x2xf32>
  return %o : tensor<1x2x2x2xf32>
}

// -----

// Raw uint8 at the boundary, as ONNX's QLinear* node tests give it: the
// input and output become int8 (zero points 132 -> 4, 123 -> -5) marked
// npu.host_unsigned, for the runtime to flip their top bits.
// CHECK-LABEL: func @raw_unsigned_boundary
// CHECK-SAME: (%[[X:.*]]: tensor<2x4x!quant.uniform<i8:f32, 5.000000e-01:4>> {npu.host_unsigned, npu.name = "a"})
// CHECK-SAME: -> (tensor<2x3x!quant.uniform<i8:f32, 2.500000e-01:-5>> {npu.host_unsigned, npu.name = "y"})
// CHECK-NOT: quant.scast
// CHECK-NOT: tensor.bitcast
// CHECK: %[[Y:.*]] = npu.matmul %[[X]]
// CHECK: return %[[Y]]
func.func @raw_unsigned_boundary(%a: tensor<2x4xui8> {npu.name = "a"}) -> (tensor<2x3xui8> {npu.name = "y"}) {
  %0 = tensor.bitcast %a : tensor<2x4xui8> to tensor<2x4xi8>
  %1 = quant.scast %0 : tensor<2x4xi8> to tensor<2x4x!quant.uniform<u8:f32, 0.5:132>>
  %w = npu.constant dense<1> : tensor<4x3xi8> -> tensor<4x3x!quant.uniform<i8:f32, 0.125>>
  %2 = npu.matmul %1, %w : (tensor<2x4x!quant.uniform<u8:f32, 0.5:132>>, tensor<4x3x!quant.uniform<i8:f32, 0.125>>) -> tensor<2x3x!quant.uniform<u8:f32, 0.25:123>>
  %3 = quant.scast %2 : tensor<2x3x!quant.uniform<u8:f32, 0.25:123>> to tensor<2x3xi8>
  %4 = tensor.bitcast %3 : tensor<2x3xi8> to tensor<2x3xui8>
  return %4 : tensor<2x3xui8>
}

// -----

// A batched product with a constant right operand per batch becomes one
// product per batch matrix (the int8 path multiplies by constant matrices),
// joined along the batch axis.
// CHECK-LABEL: func @batched_constant_product
// CHECK-DAG: %[[W0:.*]] = npu.constant dense<1> : tensor<4x3xi8>
// CHECK-DAG: %[[W1:.*]] = npu.constant dense<2> : tensor<4x3xi8>
// CHECK: %[[S0:.*]] = npu.slice %arg0 {{.*}}starts = array<i64: 0, 0, 0>
// CHECK: %[[A0:.*]] = npu.reshape %[[S0]] {{.*}} -> tensor<2x4x!quant.uniform<i8:f32, 5.000000e-01>>
// CHECK: %[[P0:.*]] = npu.matmul %[[A0]], %[[W0]]
// CHECK: %[[R0:.*]] = npu.reshape %[[P0]]
// CHECK: %[[S1:.*]] = npu.slice %arg0 {{.*}}starts = array<i64: 1, 0, 0>
// CHECK: %[[A1:.*]] = npu.reshape %[[S1]]
// CHECK: %[[P1:.*]] = npu.matmul %[[A1]], %[[W1]]
// CHECK: %[[R1:.*]] = npu.reshape %[[P1]]
// CHECK: %[[Y:.*]] = npu.concat %[[R0]], %[[R1]] {axis = 0 : i64} : {{.*}} -> tensor<2x2x3x!quant.uniform<i8:f32, 2.500000e-01>>
// CHECK: return %[[Y]]
func.func @batched_constant_product(%a: tensor<2x2x4x!quant.uniform<i8:f32, 0.5>>) -> tensor<2x2x3x!quant.uniform<i8:f32, 0.25>> {
  %w = npu.constant dense<[[[1, 1, 1], [1, 1, 1], [1, 1, 1], [1, 1, 1]], [[2, 2, 2], [2, 2, 2], [2, 2, 2], [2, 2, 2]]]> : tensor<2x4x3xi8> -> tensor<2x4x3x!quant.uniform<i8:f32, 0.125>>
  %y = npu.matmul %a, %w : (tensor<2x2x4x!quant.uniform<i8:f32, 0.5>>, tensor<2x4x3x!quant.uniform<i8:f32, 0.125>>) -> tensor<2x2x3x!quant.uniform<i8:f32, 0.25>>
  return %y : tensor<2x2x3x!quant.uniform<i8:f32, 0.25>>
}

// -----

// uint8-quantized tensors at the boundary that are not raw uint8 storage
// (no ONNX model gives these) are refused: the NPU computes signed int8.
func.func @unsigned_output(%x: tensor<4xf32>) -> tensor<4x!quant.uniform<u8:f32, 0.5:10>> {
  // expected-error @+1 {{gives a uint8-quantized model output; the NPU computes signed int8}}
  %q = npu.quantize %x : (tensor<4xf32>) -> tensor<4x!quant.uniform<u8:f32, 0.5:10>>
  return %q : tensor<4x!quant.uniform<u8:f32, 0.5:10>>
}

// -----

// expected-error @+1 {{input 0 is uint8-quantized; the NPU computes signed int8}}
func.func @unsigned_input(%x: tensor<4x!quant.uniform<u8:f32, 0.5:10>>) -> tensor<4xf32> {
  %d = npu.dequantize %x : (tensor<4x!quant.uniform<u8:f32, 0.5:10>>) -> tensor<4xf32>
  return %d : tensor<4xf32>
}
