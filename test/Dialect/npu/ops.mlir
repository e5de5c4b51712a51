// Round trip of every npu op, in custom and in generic form.
// RUN: npu-opt %s | npu-opt | FileCheck %s
// RUN: npu-opt %s -mlir-print-op-generic | npu-opt | FileCheck %s

// CHECK-LABEL: func @constants
func.func @constants() -> (tensor<2x2xf32>, tensor<2x!quant.uniform<i8:f32, 5.000000e-01:-3>>, tensor<4xf16>) {
  // CHECK: npu.constant dense<{{\[}}[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
  %0 = npu.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  // CHECK: npu.constant dense<[1, -2]> : tensor<2xi8> -> tensor<2x!quant.uniform<i8:f32, 5.000000e-01:-3>>
  %1 = npu.constant dense<[1, -2]> : tensor<2xi8> -> tensor<2x!quant.uniform<i8:f32, 0.5:-3>>
  // CHECK: npu.constant dense_resource<weights> : tensor<4xf16>
  %2 = npu.constant dense_resource<weights> : tensor<4xf16>
  return %0, %1, %2 : tensor<2x2xf32>, tensor<2x!quant.uniform<i8:f32, 0.5:-3>>, tensor<4xf16>
}

// CHECK-LABEL: func @conv2d
func.func @conv2d(%x: tensor<1x3x224x224xf32>, %w: tensor<64x3x7x7xf32>, %b: tensor<64xf32>,
                  %dw: tensor<32x1x3x3xf32>, %y: tensor<1x32x56x56xf32>) -> (tensor<1x64x112x112xf32>, tensor<1x32x28x28xf32>) {
  // CHECK: npu.conv2d %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 3, 3, 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<64xf32>) -> tensor<1x64x112x112xf32>
  %0 = npu.conv2d %x, %w, %b {strides = array<i64: 2, 2>, pads = array<i64: 3, 3, 3, 3>, dilations = array<i64: 1, 1>, groups = 1}
      : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>, tensor<64xf32>) -> tensor<1x64x112x112xf32>
  // Depthwise, stride 2, no bias.
  // CHECK: npu.conv2d %{{.*}}, %{{.*}} {{{.*}}groups = 32 : i64{{.*}}} : (tensor<1x32x56x56xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x28x28xf32>
  %1 = npu.conv2d %y, %dw {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 32}
      : (tensor<1x32x56x56xf32>, tensor<32x1x3x3xf32>) -> tensor<1x32x28x28xf32>
  return %0, %1 : tensor<1x64x112x112xf32>, tensor<1x32x28x28xf32>
}

// CHECK-LABEL: func @conv2d_quantized
func.func @conv2d_quantized(%x: tensor<1x8x8x8x!quant.uniform<i8:f32, 0.1:2>>,
                            %w: tensor<4x8x1x1x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>,
                            %b: tensor<4xi32>) -> tensor<1x4x8x8xi32> {
  // CHECK: npu.conv2d {{.*}} -> tensor<1x4x8x8xi32>
  %0 = npu.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1}
      : (tensor<1x8x8x8x!quant.uniform<i8:f32, 0.1:2>>, tensor<4x8x1x1x!quant.uniform<i8:f32:0, {0.1, 0.2, 0.3, 0.4}>>, tensor<4xi32>) -> tensor<1x4x8x8xi32>
  return %0 : tensor<1x4x8x8xi32>
}

// CHECK-LABEL: func @conv_transpose2d
func.func @conv_transpose2d(%x: tensor<1x16x8x8xf32>, %w: tensor<16x8x4x4xf32>) -> tensor<1x8x16x16xf32> {
  // CHECK: npu.conv_transpose2d %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, groups = 1 : i64, output_padding = array<i64: 0, 0>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
  %0 = npu.conv_transpose2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, groups = 1}
      : (tensor<1x16x8x8xf32>, tensor<16x8x4x4xf32>) -> tensor<1x8x16x16xf32>
  return %0 : tensor<1x8x16x16xf32>
}

// CHECK-LABEL: func @matmul
func.func @matmul(%q: tensor<1x12x128x64xf16>, %k: tensor<1x12x64x128xf16>, %w: tensor<64x32xf16>)
    -> (tensor<1x12x128x128xf16>, tensor<1x12x128x32xf16>) {
  // CHECK: npu.matmul %{{.*}}, %{{.*}} : (tensor<1x12x128x64xf16>, tensor<1x12x64x128xf16>) -> tensor<1x12x128x128xf16>
  %0 = npu.matmul %q, %k : (tensor<1x12x128x64xf16>, tensor<1x12x64x128xf16>) -> tensor<1x12x128x128xf16>
  // Batch dimensions broadcast.
  // CHECK: npu.matmul %{{.*}}, %{{.*}} : (tensor<1x12x128x64xf16>, tensor<64x32xf16>) -> tensor<1x12x128x32xf16>
  %1 = npu.matmul %q, %w : (tensor<1x12x128x64xf16>, tensor<64x32xf16>) -> tensor<1x12x128x32xf16>
  return %0, %1 : tensor<1x12x128x128xf16>, tensor<1x12x128x32xf16>
}

// CHECK-LABEL: func @fully_connected
func.func @fully_connected(%x: tensor<1x128x768xf32>, %w: tensor<3072x768xf32>, %b: tensor<3072xf32>) -> (tensor<1x128x3072xf32>, tensor<1x128x3072xf32>) {
  // CHECK: npu.fully_connected %{{.*}}, %{{.*}}, %{{.*}} : (tensor<1x128x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>) -> tensor<1x128x3072xf32>
  %0 = npu.fully_connected %x, %w, %b : (tensor<1x128x768xf32>, tensor<3072x768xf32>, tensor<3072xf32>) -> tensor<1x128x3072xf32>
  // CHECK: npu.fully_connected %{{.*}}, %{{.*}} : (tensor<1x128x768xf32>, tensor<3072x768xf32>) -> tensor<1x128x3072xf32>
  %1 = npu.fully_connected %x, %w : (tensor<1x128x768xf32>, tensor<3072x768xf32>) -> tensor<1x128x3072xf32>
  return %0, %1 : tensor<1x128x3072xf32>, tensor<1x128x3072xf32>
}

// CHECK-LABEL: func @binary
func.func @binary(%a: tensor<1x64x56x56xf32>, %b: tensor<1x64x1x1xf32>, %c: tensor<56xf32>) -> tensor<1x64x56x56xf32> {
  // CHECK: npu.binary add %{{.*}}, %{{.*}} : (tensor<1x64x56x56xf32>, tensor<1x64x1x1xf32>) -> tensor<1x64x56x56xf32>
  %0 = npu.binary add %a, %b : (tensor<1x64x56x56xf32>, tensor<1x64x1x1xf32>) -> tensor<1x64x56x56xf32>
  // CHECK: npu.binary sub
  %1 = npu.binary sub %0, %c : (tensor<1x64x56x56xf32>, tensor<56xf32>) -> tensor<1x64x56x56xf32>
  // CHECK: npu.binary mul
  %2 = npu.binary mul %1, %b : (tensor<1x64x56x56xf32>, tensor<1x64x1x1xf32>) -> tensor<1x64x56x56xf32>
  // CHECK: npu.binary div
  %3 = npu.binary div %2, %b : (tensor<1x64x56x56xf32>, tensor<1x64x1x1xf32>) -> tensor<1x64x56x56xf32>
  // CHECK: npu.binary max
  %4 = npu.binary max %3, %a : (tensor<1x64x56x56xf32>, tensor<1x64x56x56xf32>) -> tensor<1x64x56x56xf32>
  // CHECK: npu.binary min
  %5 = npu.binary min %4, %a : (tensor<1x64x56x56xf32>, tensor<1x64x56x56xf32>) -> tensor<1x64x56x56xf32>
  // CHECK: npu.binary pow
  %6 = npu.binary pow %5, %c : (tensor<1x64x56x56xf32>, tensor<56xf32>) -> tensor<1x64x56x56xf32>
  return %6 : tensor<1x64x56x56xf32>
}

// CHECK-LABEL: func @binary_quantized
func.func @binary_quantized(%a: tensor<4x!quant.uniform<i8:f32, 0.1>>, %b: tensor<4x!quant.uniform<i8:f32, 0.2>>) -> tensor<4x!quant.uniform<i8:f32, 0.3>> {
  // The output scale is the producer's choice.
  // CHECK: npu.binary add {{.*}} -> tensor<4x!quant.uniform<i8:f32, 3.000000e-01>>
  %0 = npu.binary add %a, %b : (tensor<4x!quant.uniform<i8:f32, 0.1>>, tensor<4x!quant.uniform<i8:f32, 0.2>>) -> tensor<4x!quant.uniform<i8:f32, 0.3>>
  return %0 : tensor<4x!quant.uniform<i8:f32, 0.3>>
}

// CHECK-LABEL: func @unary
func.func @unary(%x: tensor<2x8xf32>) -> tensor<2x8xf32> {
  // CHECK: npu.unary relu %{{.*}} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  %0 = npu.unary relu %x : (tensor<2x8xf32>) -> tensor<2x8xf32>
  // CHECK: npu.unary sigmoid
  %1 = npu.unary sigmoid %0 : (tensor<2x8xf32>) -> tensor<2x8xf32>
  // CHECK: npu.unary tanh
  %2 = npu.unary tanh %1 : (tensor<2x8xf32>) -> tensor<2x8xf32>
  // CHECK: npu.unary gelu_erf
  %3 = npu.unary gelu_erf %2 : (tensor<2x8xf32>) -> tensor<2x8xf32>
  // CHECK: npu.unary gelu_tanh
  %4 = npu.unary gelu_tanh %3 : (tensor<2x8xf32>) -> tensor<2x8xf32>
  // CHECK: npu.unary silu
  %5 = npu.unary silu %4 : (tensor<2x8xf32>) -> tensor<2x8xf32>
  // CHECK: npu.unary hard_swish
  %6 = npu.unary hard_swish %5 : (tensor<2x8xf32>) -> tensor<2x8xf32>
  // CHECK: npu.unary exp
  %7 = npu.unary exp %6 : (tensor<2x8xf32>) -> tensor<2x8xf32>
  // CHECK: npu.unary log
  %8 = npu.unary log %7 : (tensor<2x8xf32>) -> tensor<2x8xf32>
  // CHECK: npu.unary sqrt
  %9 = npu.unary sqrt %8 : (tensor<2x8xf32>) -> tensor<2x8xf32>
  // CHECK: npu.unary rsqrt
  %10 = npu.unary rsqrt %9 : (tensor<2x8xf32>) -> tensor<2x8xf32>
  // CHECK: npu.unary reciprocal
  %11 = npu.unary reciprocal %10 : (tensor<2x8xf32>) -> tensor<2x8xf32>
  // CHECK: npu.unary erf
  %12 = npu.unary erf %11 : (tensor<2x8xf32>) -> tensor<2x8xf32>
  // CHECK: npu.unary neg
  %13 = npu.unary neg %12 : (tensor<2x8xf32>) -> tensor<2x8xf32>
  // CHECK: npu.unary abs
  %14 = npu.unary abs %13 : (tensor<2x8xf32>) -> tensor<2x8xf32>
  // CHECK: npu.unary sin
  %15 = npu.unary sin %14 : (tensor<2x8xf32>) -> tensor<2x8xf32>
  // CHECK: npu.unary cos
  %16 = npu.unary cos %15 : (tensor<2x8xf32>) -> tensor<2x8xf32>
  // CHECK: npu.unary floor
  %17 = npu.unary floor %16 : (tensor<2x8xf32>) -> tensor<2x8xf32>
  // CHECK: npu.unary ceil
  %18 = npu.unary ceil %17 : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return %18 : tensor<2x8xf32>
}

// CHECK-LABEL: func @parameterised_activations
func.func @parameterised_activations(%x: tensor<1x16xf16>) -> tensor<1x16xf16> {
  // CHECK: npu.clip %{{.*}} {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : (tensor<1x16xf16>) -> tensor<1x16xf16>
  %0 = npu.clip %x {min = 0.0 : f32, max = 6.0 : f32} : (tensor<1x16xf16>) -> tensor<1x16xf16>
  // CHECK: npu.leaky_relu %{{.*}} {alpha = 1.000000e-01 : f32}
  %1 = npu.leaky_relu %0 {alpha = 0.1 : f32} : (tensor<1x16xf16>) -> tensor<1x16xf16>
  // CHECK: npu.hard_sigmoid %{{.*}} {alpha = 2.000000e-01 : f32, beta = 5.000000e-01 : f32}
  %2 = npu.hard_sigmoid %1 {alpha = 0.2 : f32, beta = 0.5 : f32} : (tensor<1x16xf16>) -> tensor<1x16xf16>
  return %2 : tensor<1x16xf16>
}

// CHECK-LABEL: func @pooling
func.func @pooling(%x: tensor<1x64x112x112xf32>) -> (tensor<1x64x56x56xf32>, tensor<1x64x56x56xf32>, tensor<1x64x1x1xf32>, tensor<1x64x56x56xf32>) {
  // CHECK: npu.max_pool2d %{{.*}} {ceil_mode = false, dilations = array<i64: 1, 1>, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
  %0 = npu.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, ceil_mode = false}
      : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
  // CHECK: npu.avg_pool2d %{{.*}} {ceil_mode = false, count_include_pad = true, kernel = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>}
  %1 = npu.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, ceil_mode = false, count_include_pad = true}
      : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
  // CHECK: npu.global_avg_pool2d %{{.*}} : (tensor<1x64x112x112xf32>) -> tensor<1x64x1x1xf32>
  %2 = npu.global_avg_pool2d %x : (tensor<1x64x112x112xf32>) -> tensor<1x64x1x1xf32>
  // ceil_mode rounds the output size up (SqueezeNet's pools).
  // (floor mode would give 55).
  // CHECK: npu.max_pool2d {{.*}}ceil_mode = true{{.*}} -> tensor<1x64x56x56xf32>
  %3 = npu.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = true}
      : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
  return %0, %1, %2, %3 : tensor<1x64x56x56xf32>, tensor<1x64x56x56xf32>, tensor<1x64x1x1xf32>, tensor<1x64x56x56xf32>
}

// CHECK-LABEL: func @normalisation
func.func @normalisation(%x: tensor<1x128x768xf32>, %g: tensor<768xf32>, %b: tensor<768xf32>) -> (tensor<1x128x768xf32>, tensor<1x128x768xf32>, tensor<1x128x768xf32>, tensor<1x128x768xf32>) {
  // CHECK: npu.softmax %{{.*}} {axis = 2 : i64}
  %0 = npu.softmax %x {axis = 2} : (tensor<1x128x768xf32>) -> tensor<1x128x768xf32>
  // CHECK: npu.layer_norm %{{.*}}, %{{.*}}, %{{.*}} {axis = 2 : i64, epsilon = 9.99999996E-13 : f32}
  %1 = npu.layer_norm %x, %g, %b {axis = 2, epsilon = 1.0e-12 : f32} : (tensor<1x128x768xf32>, tensor<768xf32>, tensor<768xf32>) -> tensor<1x128x768xf32>
  // CHECK: npu.layer_norm %{{.*}}, %{{.*}} {axis = 2 : i64
  %2 = npu.layer_norm %x, %g {axis = 2, epsilon = 1.0e-5 : f32} : (tensor<1x128x768xf32>, tensor<768xf32>) -> tensor<1x128x768xf32>
  // CHECK: npu.rms_norm %{{.*}}, %{{.*}} {axis = 2 : i64, epsilon = 9.99999997E-7 : f32}
  %3 = npu.rms_norm %x, %g {axis = 2, epsilon = 1.0e-6 : f32} : (tensor<1x128x768xf32>, tensor<768xf32>) -> tensor<1x128x768xf32>
  return %0, %1, %2, %3 : tensor<1x128x768xf32>, tensor<1x128x768xf32>, tensor<1x128x768xf32>, tensor<1x128x768xf32>
}

// CHECK-LABEL: func @reductions
func.func @reductions(%x: tensor<2x3x4xf32>) -> (tensor<2x1x1xf32>, tensor<3xf32>, tensor<2x4xf32>, tensor<2x3x1xf32>) {
  // CHECK: npu.reduce mean %{{.*}} {axes = array<i64: 1, 2>, keep_dims = true} : (tensor<2x3x4xf32>) -> tensor<2x1x1xf32>
  %0 = npu.reduce mean %x {axes = array<i64: 1, 2>, keep_dims = true} : (tensor<2x3x4xf32>) -> tensor<2x1x1xf32>
  // CHECK: npu.reduce sum %{{.*}} {axes = array<i64: 0, 2>, keep_dims = false} : (tensor<2x3x4xf32>) -> tensor<3xf32>
  %1 = npu.reduce sum %x {axes = array<i64: 0, 2>, keep_dims = false} : (tensor<2x3x4xf32>) -> tensor<3xf32>
  // CHECK: npu.reduce max
  %2 = npu.reduce max %x {axes = array<i64: 1>, keep_dims = false} : (tensor<2x3x4xf32>) -> tensor<2x4xf32>
  // CHECK: npu.reduce min
  %3 = npu.reduce min %x {axes = array<i64: 2>, keep_dims = true} : (tensor<2x3x4xf32>) -> tensor<2x3x1xf32>
  return %0, %1, %2, %3 : tensor<2x1x1xf32>, tensor<3xf32>, tensor<2x4xf32>, tensor<2x3x1xf32>
}

// CHECK-LABEL: func @data_movement
func.func @data_movement(%x: tensor<1x128x768xf32>, %y: tensor<1x128x256xf32>) {
  // CHECK: npu.reshape %{{.*}} : (tensor<1x128x768xf32>) -> tensor<1x128x12x64xf32>
  %0 = npu.reshape %x : (tensor<1x128x768xf32>) -> tensor<1x128x12x64xf32>
  // CHECK: npu.transpose %{{.*}} {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x128x12x64xf32>) -> tensor<1x12x128x64xf32>
  %1 = npu.transpose %0 {perm = array<i64: 0, 2, 1, 3>} : (tensor<1x128x12x64xf32>) -> tensor<1x12x128x64xf32>
  // CHECK: npu.concat %{{.*}}, %{{.*}} {axis = 2 : i64} : (tensor<1x128x768xf32>, tensor<1x128x256xf32>) -> tensor<1x128x1024xf32>
  %2 = npu.concat %x, %y {axis = 2} : (tensor<1x128x768xf32>, tensor<1x128x256xf32>) -> tensor<1x128x1024xf32>
  // CHECK: npu.split %{{.*}} {axis = 2 : i64, sizes = array<i64: 256, 512>} : (tensor<1x128x768xf32>) -> (tensor<1x128x256xf32>, tensor<1x128x512xf32>)
  %3:2 = npu.split %x {axis = 2, sizes = array<i64: 256, 512>} : (tensor<1x128x768xf32>) -> (tensor<1x128x256xf32>, tensor<1x128x512xf32>)
  // CHECK: npu.slice %{{.*}} {ends = array<i64: 1, 128, 768>, starts = array<i64: 0, 0, 1>, steps = array<i64: 1, 2, 2>} : (tensor<1x128x768xf32>) -> tensor<1x64x384xf32>
  %4 = npu.slice %x {starts = array<i64: 0, 0, 1>, ends = array<i64: 1, 128, 768>, steps = array<i64: 1, 2, 2>} : (tensor<1x128x768xf32>) -> tensor<1x64x384xf32>
  // A negative step walks backwards (a reversed sequence).
  // CHECK: npu.slice {{.*}}steps = array<i64: 1, -1, 1>{{.*}} -> tensor<1x128x768xf32>
  %5 = npu.slice %x {starts = array<i64: 0, 127, 0>, ends = array<i64: 1, -1, 768>, steps = array<i64: 1, -1, 1>} : (tensor<1x128x768xf32>) -> tensor<1x128x768xf32>
  return
}

// CHECK-LABEL: func @pad_gather_resize
func.func @pad_gather_resize(%x: tensor<1x3x8x8xf32>, %table: tensor<30522x768xf32>, %ids: tensor<1x128xi64>) {
  // CHECK: npu.pad constant %{{.*}} {pads_high = array<i64: 0, 0, 1, 1>, pads_low = array<i64: 0, 0, 1, 1>, value = 0.000000e+00 : f32} : (tensor<1x3x8x8xf32>) -> tensor<1x3x10x10xf32>
  %0 = npu.pad constant %x {pads_low = array<i64: 0, 0, 1, 1>, pads_high = array<i64: 0, 0, 1, 1>, value = 0.0 : f32} : (tensor<1x3x8x8xf32>) -> tensor<1x3x10x10xf32>
  // CHECK: npu.pad reflect
  %1 = npu.pad reflect %x {pads_low = array<i64: 0, 0, 2, 2>, pads_high = array<i64: 0, 0, 2, 2>, value = 0.0 : f32} : (tensor<1x3x8x8xf32>) -> tensor<1x3x12x12xf32>
  // CHECK: npu.pad edge
  %2 = npu.pad edge %x {pads_low = array<i64: 0, 0, 0, 0>, pads_high = array<i64: 0, 0, 9, 9>, value = 0.0 : f32} : (tensor<1x3x8x8xf32>) -> tensor<1x3x17x17xf32>
  // CHECK: npu.gather %{{.*}}, %{{.*}} {axis = 0 : i64} : (tensor<30522x768xf32>, tensor<1x128xi64>) -> tensor<1x128x768xf32>
  %3 = npu.gather %table, %ids {axis = 0} : (tensor<30522x768xf32>, tensor<1x128xi64>) -> tensor<1x128x768xf32>
  // CHECK: npu.resize nearest %{{.*}} coordinate_transform = asymmetric nearest_rounding = floor : (tensor<1x3x8x8xf32>) -> tensor<1x3x16x16xf32>
  %4 = npu.resize nearest %x coordinate_transform = asymmetric nearest_rounding = floor : (tensor<1x3x8x8xf32>) -> tensor<1x3x16x16xf32>
  // CHECK: npu.resize linear %{{.*}} coordinate_transform = half_pixel nearest_rounding = round_prefer_floor : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
  %5 = npu.resize linear %x coordinate_transform = half_pixel nearest_rounding = round_prefer_floor : (tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32>
  // CHECK: npu.broadcast %{{.*}} : (tensor<1x3x8x8xf32>) -> tensor<2x3x8x8xf32>
  %6 = npu.broadcast %x : (tensor<1x3x8x8xf32>) -> tensor<2x3x8x8xf32>
  return
}

// CHECK-LABEL: func @casts_and_quantization
func.func @casts_and_quantization(%x: tensor<1x8xf32>, %i: tensor<4xi64>) {
  // CHECK: npu.cast %{{.*}} : (tensor<4xi64>) -> tensor<4xf32>
  %0 = npu.cast %i : (tensor<4xi64>) -> tensor<4xf32>
  // CHECK: npu.cast %{{.*}} : (tensor<1x8xf32>) -> tensor<1x8xf16>
  %1 = npu.cast %x : (tensor<1x8xf32>) -> tensor<1x8xf16>
  // CHECK: npu.quantize %{{.*}} : (tensor<1x8xf32>) -> tensor<1x8x!quant.uniform<i8:f32, 1.000000e-01:-5>>
  %2 = npu.quantize %x : (tensor<1x8xf32>) -> tensor<1x8x!quant.uniform<i8:f32, 0.1:-5>>
  // CHECK: npu.requantize %{{.*}} : (tensor<1x8x!quant.uniform<i8:f32, 1.000000e-01:-5>>) -> tensor<1x8x!quant.uniform<i8:f32, 2.000000e-01>>
  %3 = npu.requantize %2 : (tensor<1x8x!quant.uniform<i8:f32, 0.1:-5>>) -> tensor<1x8x!quant.uniform<i8:f32, 0.2>>
  // CHECK: npu.dequantize %{{.*}} : (tensor<1x8x!quant.uniform<i8:f32, 2.000000e-01>>) -> tensor<1x8xf32>
  %4 = npu.dequantize %3 : (tensor<1x8x!quant.uniform<i8:f32, 0.2>>) -> tensor<1x8xf32>
  // Per-axis: one scale per element of axis 1.
  // CHECK: npu.quantize %{{.*}} : (tensor<1x8xf32>) -> tensor<1x8x!quant.uniform<i8:f32:1
  %5 = npu.quantize %x : (tensor<1x8xf32>) -> tensor<1x8x!quant.uniform<i8:f32:1, {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8}>>
  return
}

{-#
  dialect_resources: {
    builtin: {
      weights: "0x0200000000000000003C0040"
    }
  }
#-}
