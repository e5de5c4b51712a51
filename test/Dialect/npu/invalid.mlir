// Every verifier error of the npu dialect, one case per invariant.
// RUN: npu-opt %s -split-input-file -verify-diagnostics

// Operands must be statically shaped.
func.func @dynamic_shape(%x: tensor<?x4xf32>) {
  // expected-error @+1 {{'npu.unary' op expects input to be a statically shaped ranked tensor}}
  %0 = npu.unary relu %x : (tensor<?x4xf32>) -> tensor<?x4xf32>
  return
}

// -----

// Empty tensors are not supported.
func.func @zero_dim(%x: tensor<0x4xf32>) {
  // expected-error @+1 {{expects every dimension of input to be positive, got 0x4}}
  %0 = npu.unary relu %x : (tensor<0x4xf32>) -> tensor<0x4xf32>
  return
}

// -----

// A result must have the inferred shape.
func.func @wrong_result_shape(%x: tensor<1x3x224x224xf32>, %w: tensor<64x3x7x7xf32>) {
  // expected-error @+1 {{'npu.conv2d' op result #0 has shape 1x64x112x112 but the operands and attributes give 1x64x224x224}}
  %0 = npu.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 3, 3, 3, 3>, dilations = array<i64: 1, 1>, groups = 1}
      : (tensor<1x3x224x224xf32>, tensor<64x3x7x7xf32>) -> tensor<1x64x112x112xf32>
  return
}

// -----

// A float result must have the inferred element type.
func.func @wrong_result_element(%x: tensor<4xf32>) {
  // expected-error @+1 {{'npu.unary' op result #0 has element type 'f16' but the operands give 'f32'}}
  %0 = npu.unary relu %x : (tensor<4xf32>) -> tensor<4xf16>
  return
}

// -----

// Convolution operands are rank 4.
func.func @conv_rank(%x: tensor<1x3x224xf32>, %w: tensor<64x3x7x7xf32>) {
  // expected-error @+1 {{expects a rank-4 NCHW input and OIHW filter, got 1x3x224 and 64x3x7x7}}
  %0 = npu.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1}
      : (tensor<1x3x224xf32>, tensor<64x3x7x7xf32>) -> tensor<1x64x218x218xf32>
  return
}

// -----

// Float operands share one element type.
func.func @conv_mixed_floats(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf16>) {
  // expected-error @+1 {{expects input and filter to have the same float element type, got 'f32' and 'f16'}}
  %0 = npu.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1}
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf16>) -> tensor<1x4x6x6xf32>
  return
}

// -----

// Spatial attributes have one entry per spatial dimension.
func.func @conv_strides_size(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{expects 'strides' to have 2 entries, got 3}}
  %0 = npu.conv2d %x, %w {strides = array<i64: 1, 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1}
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

// Strides and dilations are positive.
func.func @conv_zero_stride(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{expects every 'strides' entry to be positive, got 0}}
  %0 = npu.conv2d %x, %w {strides = array<i64: 0, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1}
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

// Pads are non-negative.
func.func @conv_negative_pad(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{expects every 'pads' entry to be non-negative, got -1}}
  %0 = npu.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: -1, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1}
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

// Groups divide the input and output channels.
func.func @conv_groups(%x: tensor<1x6x8x8xf32>, %w: tensor<4x3x3x3xf32>) {
  // expected-error @+1 {{expects groups = 4 to divide both the input channels (6) and the output channels (4)}}
  %0 = npu.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 4}
      : (tensor<1x6x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

// The filter's input channels times groups equal the input channels.
func.func @conv_channels(%x: tensor<1x3x8x8xf32>, %w: tensor<4x5x3x3xf32>) {
  // expected-error @+1 {{has a filter with 5 input channels per group, but the input has 3 channels in 1 group(s)}}
  %0 = npu.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1}
      : (tensor<1x3x8x8xf32>, tensor<4x5x3x3xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

// The bias has one entry per output channel.
func.func @conv_bias(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<5xf32>) {
  // expected-error @+1 {{expects bias of shape 4, got 5}}
  %0 = npu.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 1}
      : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<5xf32>) -> tensor<1x4x6x6xf32>
  return
}

// -----

// The (dilated) window fits the padded input.
func.func @conv_window_too_large(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x5x5xf32>) {
  // expected-error @+1 {{has a window of 9 along H that does not fit the padded input of 8}}
  %0 = npu.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 2, 2>, groups = 1}
      : (tensor<1x3x8x8xf32>, tensor<4x3x5x5xf32>) -> tensor<1x4x1x1xf32>
  return
}

// -----

// Transposed convolution operands are rank 4.
func.func @conv_transpose_rank(%x: tensor<16x8x8xf32>, %w: tensor<16x8x4x4xf32>) {
  // expected-error @+1 {{expects a rank-4 NCHW input and [C, O/groups, kH, kW] filter}}
  %0 = npu.conv_transpose2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, groups = 1}
      : (tensor<16x8x8xf32>, tensor<16x8x4x4xf32>) -> tensor<1x8x16x16xf32>
  return
}

// -----

// Groups divide the transposed convolution's input channels.
func.func @conv_transpose_groups(%x: tensor<1x16x8x8xf32>, %w: tensor<16x8x4x4xf32>) {
  // expected-error @+1 {{expects groups = 3 to divide the input channels (16)}}
  %0 = npu.conv_transpose2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, groups = 3}
      : (tensor<1x16x8x8xf32>, tensor<16x8x4x4xf32>) -> tensor<1x24x16x16xf32>
  return
}

// -----

// The transposed filter's first dimension is the input channels.
func.func @conv_transpose_channels(%x: tensor<1x16x8x8xf32>, %w: tensor<8x8x4x4xf32>) {
  // expected-error @+1 {{has a filter for 8 input channels, but the input has 16}}
  %0 = npu.conv_transpose2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, groups = 1}
      : (tensor<1x16x8x8xf32>, tensor<8x8x4x4xf32>) -> tensor<1x8x16x16xf32>
  return
}

// -----

// output_padding is smaller than the stride (or dilation).
func.func @conv_transpose_output_padding(%x: tensor<1x16x8x8xf32>, %w: tensor<16x8x4x4xf32>) {
  // expected-error @+1 {{expects output_padding[0] = 2 to be smaller than the stride or dilation}}
  %0 = npu.conv_transpose2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, output_padding = array<i64: 2, 0>, groups = 1}
      : (tensor<1x16x8x8xf32>, tensor<16x8x4x4xf32>) -> tensor<1x8x18x16xf32>
  return
}

// -----

// Pads cannot remove the whole transposed-convolution output.
func.func @conv_transpose_padded_away(%x: tensor<1x16x1x1xf32>, %w: tensor<16x8x1x1xf32>) {
  // expected-error @+1 {{pads away the whole output along H (size -1)}}
  %0 = npu.conv_transpose2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 0, 1, 0>, dilations = array<i64: 1, 1>, output_padding = array<i64: 0, 0>, groups = 1}
      : (tensor<1x16x1x1xf32>, tensor<16x8x1x1xf32>) -> tensor<1x8x1x1xf32>
  return
}

// -----

// matmul operands have rank >= 2.
func.func @matmul_rank(%a: tensor<64xf32>, %b: tensor<64x32xf32>) {
  // expected-error @+1 {{expects operands of rank >= 2 (the importer reshapes vectors)}}
  %0 = npu.matmul %a, %b : (tensor<64xf32>, tensor<64x32xf32>) -> tensor<32xf32>
  return
}

// -----

// matmul contracts equal K.
func.func @matmul_k(%a: tensor<8x64xf32>, %b: tensor<32x16xf32>) {
  // expected-error @+1 {{contracts lhs 8x64 with rhs 32x16: K is 64 on the left and 32 on the right}}
  %0 = npu.matmul %a, %b : (tensor<8x64xf32>, tensor<32x16xf32>) -> tensor<8x16xf32>
  return
}

// -----

// matmul batch dimensions broadcast.
func.func @matmul_batch(%a: tensor<2x8x64xf32>, %b: tensor<3x64x16xf32>) {
  // expected-error @+1 {{cannot broadcast the batch dimensions of 2x8x64 and 3x64x16}}
  %0 = npu.matmul %a, %b : (tensor<2x8x64xf32>, tensor<3x64x16xf32>) -> tensor<2x8x16xf32>
  return
}

// -----

// The fully connected weight is [N, K].
func.func @fc_weight_rank(%x: tensor<4x64xf32>, %w: tensor<64xf32>) {
  // expected-error @+1 {{expects an input [..., K] and a weight [N, K], got 4x64 and 64}}
  %0 = npu.fully_connected %x, %w : (tensor<4x64xf32>, tensor<64xf32>) -> tensor<4x64xf32>
  return
}

// -----

// The fully connected weight matches K.
func.func @fc_k(%x: tensor<4x64xf32>, %w: tensor<10x32xf32>) {
  // expected-error @+1 {{has a weight of shape 10x32 ([N, K]) for an input with K = 64}}
  %0 = npu.fully_connected %x, %w : (tensor<4x64xf32>, tensor<10x32xf32>) -> tensor<4x10xf32>
  return
}

// -----

// Binary operands broadcast.
func.func @binary_broadcast(%a: tensor<2x3xf32>, %b: tensor<4xf32>) {
  // expected-error @+1 {{'npu.binary' op cannot broadcast 2x3 with 4}}
  %0 = npu.binary add %a, %b : (tensor<2x3xf32>, tensor<4xf32>) -> tensor<2x3xf32>
  return
}

// -----

// Integer operands share one type.
func.func @binary_int_types(%a: tensor<2xi32>, %b: tensor<2xi64>) {
  // expected-error @+1 {{expects lhs and rhs to have the same integer type, got 'i32' and 'i64'}}
  %0 = npu.binary add %a, %b : (tensor<2xi32>, tensor<2xi64>) -> tensor<2xi32>
  return
}

// -----

// A float cannot meet a quantized operand.
func.func @binary_float_quant(%a: tensor<2xf32>, %b: tensor<2x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{expects lhs and rhs to have the same float element type}}
  %0 = npu.binary add %a, %b : (tensor<2xf32>, tensor<2x!quant.uniform<i8:f32, 0.1>>) -> tensor<2xf32>
  return
}

// -----

// clip's range is not empty.
func.func @clip_range(%x: tensor<4xf32>) {
  // expected-error @+1 {{'npu.clip' op has min = 6.000000e+00 above max = 0.000000e+00}}
  %0 = npu.clip %x {min = 6.0 : f32, max = 0.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

// Pooling input is NCHW.
func.func @pool_rank(%x: tensor<1x64x112xf32>) {
  // expected-error @+1 {{'npu.max_pool2d' op expects a rank-4 NCHW input, got 1x64x112}}
  %0 = npu.max_pool2d %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, ceil_mode = false}
      : (tensor<1x64x112xf32>) -> tensor<1x64x56xf32>
  return
}

// -----

// The pooling kernel is positive.
func.func @pool_kernel(%x: tensor<1x64x112x112xf32>) {
  // expected-error @+1 {{expects every 'kernel' entry to be positive, got 0}}
  %0 = npu.avg_pool2d %x {kernel = array<i64: 0, 3>, strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, ceil_mode = false, count_include_pad = false}
      : (tensor<1x64x112x112xf32>) -> tensor<1x64x56x56xf32>
  return
}

// -----

// No pooling window sees only padding.
func.func @pool_pad(%x: tensor<1x64x112x112xf32>) {
  // expected-error @+1 {{pads H by at least the whole window (2): some windows would see only padding}}
  %0 = npu.max_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pads = array<i64: 2, 0, 0, 0>, dilations = array<i64: 1, 1>, ceil_mode = false}
      : (tensor<1x64x112x112xf32>) -> tensor<1x64x57x56xf32>
  return
}

// -----

// Global pooling input is NCHW.
func.func @global_pool_rank(%x: tensor<1x64xf32>) {
  // expected-error @+1 {{'npu.global_avg_pool2d' op expects a rank-4 NCHW input, got 1x64}}
  %0 = npu.global_avg_pool2d %x : (tensor<1x64xf32>) -> tensor<1x64x1x1xf32>
  return
}

// -----

// Axes are normalised to [0, rank).
func.func @softmax_axis(%x: tensor<2x8xf32>) {
  // expected-error @+1 {{'npu.softmax' op expects 'axis' in [0, 2), got -1}}
  %0 = npu.softmax %x {axis = -1} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

// Norm scale has the normalised shape.
func.func @layer_norm_scale(%x: tensor<1x128x768xf32>, %g: tensor<128x768xf32>) {
  // expected-error @+1 {{expects scale of shape 768 (the dimensions from axis 2), got 128x768}}
  %0 = npu.layer_norm %x, %g {axis = 2, epsilon = 1.0e-5 : f32} : (tensor<1x128x768xf32>, tensor<128x768xf32>) -> tensor<1x128x768xf32>
  return
}

// -----

// Norm bias has the normalised shape.
func.func @layer_norm_bias(%x: tensor<1x128x768xf32>, %g: tensor<768xf32>, %b: tensor<1xf32>) {
  // expected-error @+1 {{expects bias of shape 768 (the dimensions from axis 2), got 1}}
  %0 = npu.layer_norm %x, %g, %b {axis = 2, epsilon = 1.0e-5 : f32} : (tensor<1x128x768xf32>, tensor<768xf32>, tensor<1xf32>) -> tensor<1x128x768xf32>
  return
}

// -----

// Norm epsilon is positive.
func.func @rms_norm_epsilon(%x: tensor<1x16x64xf32>, %g: tensor<64xf32>) {
  // expected-error @+1 {{'npu.rms_norm' op expects a positive epsilon, got 0}}
  %0 = npu.rms_norm %x, %g {axis = 2, epsilon = 0.0 : f32} : (tensor<1x16x64xf32>, tensor<64xf32>) -> tensor<1x16x64xf32>
  return
}

// -----

// Reductions name at least one axis.
func.func @reduce_no_axes(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{expects at least one axis (list every axis to reduce them all)}}
  %0 = npu.reduce sum %x {axes = array<i64>, keep_dims = true} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

// Reduction axes are strictly increasing.
func.func @reduce_unsorted(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{expects strictly increasing axes, got [1, 0]}}
  %0 = npu.reduce sum %x {axes = array<i64: 1, 0>, keep_dims = true} : (tensor<2x3xf32>) -> tensor<1x1xf32>
  return
}

// -----

// Reduction axes are in range.
func.func @reduce_axis_range(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{expects 'axes' in [0, 2), got 2}}
  %0 = npu.reduce max %x {axes = array<i64: 2>, keep_dims = true} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return
}

// -----

// A reshape keeps the element count.
func.func @reshape_count(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'npu.reshape' op cannot reshape 6 elements (2x3) into 8 (2x4)}}
  %0 = npu.reshape %x : (tensor<2x3xf32>) -> tensor<2x4xf32>
  return
}

// -----

// A reshape keeps the element type.
func.func @reshape_element(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'npu.reshape' op result #0 has element type 'f16' but the operands give 'f32'}}
  %0 = npu.reshape %x : (tensor<2x3xf32>) -> tensor<6xf16>
  return
}

// -----

// perm is a permutation of the dimensions.
func.func @transpose_perm(%x: tensor<2x3x4xf32>) {
  // expected-error @+1 {{expects 'perm' to be a permutation of [0, 3), got [0, 0, 1]}}
  %0 = npu.transpose %x {perm = array<i64: 0, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<2x2x3xf32>
  return
}

// -----

// concat needs at least one input.
func.func @concat_empty() {
  // expected-error @+1 {{'npu.concat' op expects at least one input}}
  %0 = npu.concat {axis = 0} : () -> tensor<1xf32>
  return
}

// -----

// concat inputs agree off the axis.
func.func @concat_dims(%a: tensor<2x3xf32>, %b: tensor<3x3xf32>) {
  // expected-error @+1 {{cannot join input #1 of shape 3x3 to input #0 of shape 2x3 along axis 1}}
  %0 = npu.concat %a, %b {axis = 1} : (tensor<2x3xf32>, tensor<3x3xf32>) -> tensor<2x6xf32>
  return
}

// -----

// concat inputs share their element type.
func.func @concat_types(%a: tensor<2x3xf32>, %b: tensor<2x3xf16>) {
  // expected-error @+1 {{expects every input to have element type 'f32', input #1 has 'f16'}}
  %0 = npu.concat %a, %b {axis = 0} : (tensor<2x3xf32>, tensor<2x3xf16>) -> tensor<4x3xf32>
  return
}

// -----

// split sizes cover the axis exactly.
func.func @split_sum(%x: tensor<2x10xf32>) {
  // expected-error @+1 {{has sizes adding up to 9 but axis 1 has 10}}
  %0:2 = npu.split %x {axis = 1, sizes = array<i64: 4, 5>} : (tensor<2x10xf32>) -> (tensor<2x4xf32>, tensor<2x5xf32>)
  return
}

// -----

// split sizes are positive.
func.func @split_zero(%x: tensor<2x10xf32>) {
  // expected-error @+1 {{expects every 'sizes' entry to be positive, got 0}}
  %0:2 = npu.split %x {axis = 1, sizes = array<i64: 10, 0>} : (tensor<2x10xf32>) -> (tensor<2x10xf32>, tensor<2x1xf32>)
  return
}

// -----

// split has one result per size.
func.func @split_results(%x: tensor<2x10xf32>) {
  // expected-error @+1 {{'npu.split' op has 1 results but its operands give 2}}
  %0 = npu.split %x {axis = 1, sizes = array<i64: 5, 5>} : (tensor<2x10xf32>) -> tensor<2x5xf32>
  return
}

// -----

// split names at least one piece.
func.func @split_no_sizes(%x: tensor<2x10xf32>) {
  // expected-error @+1 {{expects at least one entry in 'sizes'}}
  %0 = npu.split %x {axis = 1, sizes = array<i64>} : (tensor<2x10xf32>) -> tensor<2x10xf32>
  return
}

// -----

// slice has one start, end and step per dimension.
func.func @slice_sizes(%x: tensor<4x4xf32>) {
  // expected-error @+1 {{expects 'ends' to have 2 entries, got 1}}
  %0 = npu.slice %x {starts = array<i64: 0, 0>, ends = array<i64: 2>, steps = array<i64: 1, 1>} : (tensor<4x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

// slice steps are non-zero.
func.func @slice_step_zero(%x: tensor<4x4xf32>) {
  // expected-error @+1 {{has step 0 in dimension 1}}
  %0 = npu.slice %x {starts = array<i64: 0, 0>, ends = array<i64: 4, 4>, steps = array<i64: 1, 0>} : (tensor<4x4xf32>) -> tensor<4x4xf32>
  return
}

// -----

// slice bounds are clamped into the dimension.
func.func @slice_bounds(%x: tensor<4x4xf32>) {
  // expected-error @+1 {{has [start, end) = [0, 5) with step 1 outside dimension 0 of size 4}}
  %0 = npu.slice %x {starts = array<i64: 0, 0>, ends = array<i64: 5, 4>, steps = array<i64: 1, 1>} : (tensor<4x4xf32>) -> tensor<5x4xf32>
  return
}

// -----

// slice selects something.
func.func @slice_empty(%x: tensor<4x4xf32>) {
  // expected-error @+1 {{selects nothing in dimension 0 (empty tensors are not supported)}}
  %0 = npu.slice %x {starts = array<i64: 2, 0>, ends = array<i64: 2, 4>, steps = array<i64: 1, 1>} : (tensor<4x4xf32>) -> tensor<1x4xf32>
  return
}

// -----

// pad amounts are non-negative.
func.func @pad_negative(%x: tensor<4x4xf32>) {
  // expected-error @+1 {{expects every 'pads_low' entry to be non-negative, got -1}}
  %0 = npu.pad constant %x {pads_low = array<i64: -1, 0>, pads_high = array<i64: 0, 0>, value = 0.0 : f32} : (tensor<4x4xf32>) -> tensor<3x4xf32>
  return
}

// -----

// Reflect padding is smaller than the dimension.
func.func @pad_reflect(%x: tensor<4x4xf32>) {
  // expected-error @+1 {{reflects 4 elements of dimension 1, which has only 4}}
  %0 = npu.pad reflect %x {pads_low = array<i64: 0, 0>, pads_high = array<i64: 0, 4>, value = 0.0 : f32} : (tensor<4x4xf32>) -> tensor<4x8xf32>
  return
}

// -----

// gather's axis is in range.
func.func @gather_axis(%t: tensor<10x4xf32>, %i: tensor<3xi64>) {
  // expected-error @+1 {{'npu.gather' op expects 'axis' in [0, 2), got 2}}
  %0 = npu.gather %t, %i {axis = 2} : (tensor<10x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>
  return
}

// -----

// gather indices are statically shaped.
func.func @gather_dynamic(%t: tensor<10x4xf32>, %i: tensor<?xi64>) {
  // expected-error @+1 {{'npu.gather' op expects statically shaped indices}}
  %0 = npu.gather %t, %i {axis = 0} : (tensor<10x4xf32>, tensor<?xi64>) -> tensor<3x4xf32>
  return
}

// -----

// gather indices are integers (ODS constraint).
func.func @gather_float_indices(%t: tensor<10x4xf32>, %i: tensor<3xf32>) {
  // expected-error @+1 {{operand #1 must be ranked tensor of 32-bit signless integer or 64-bit signless integer values}}
  %0 = npu.gather %t, %i {axis = 0} : (tensor<10x4xf32>, tensor<3xf32>) -> tensor<3x4xf32>
  return
}

// -----

// resize keeps the rank.
func.func @resize_rank(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{'npu.resize' op expects input and result of the same rank >= 2}}
  %0 = npu.resize nearest %x coordinate_transform = asymmetric nearest_rounding = floor : (tensor<1x3x8x8xf32>) -> tensor<3x16x16xf32>
  return
}

// -----

// resize changes only the two innermost dimensions.
func.func @resize_channels(%x: tensor<1x3x8x8xf32>) {
  // expected-error @+1 {{resizes only the two innermost dimensions}}
  %0 = npu.resize linear %x coordinate_transform = half_pixel nearest_rounding = floor : (tensor<1x3x8x8xf32>) -> tensor<1x6x16x16xf32>
  return
}

// -----

// broadcast follows numpy rules.
func.func @broadcast_incompatible(%x: tensor<3x4xf32>) {
  // expected-error @+1 {{'npu.broadcast' op cannot broadcast 3x4 to 2x4x4}}
  %0 = npu.broadcast %x : (tensor<3x4xf32>) -> tensor<2x4x4xf32>
  return
}

// -----

// cast keeps the shape.
func.func @cast_shape(%x: tensor<4xi64>) {
  // expected-error @+1 {{'npu.cast' op result #0 has shape 2x2 but the operands and attributes give 4}}
  %0 = npu.cast %x : (tensor<4xi64>) -> tensor<2x2xf32>
  return
}

// -----

// cast does not convert quantized types (ODS constraint).
func.func @cast_quantized(%x: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{operand #0 must be ranked tensor of floating-point or signless integer or 8-bit unsigned integer values}}
  %0 = npu.cast %x : (tensor<4x!quant.uniform<i8:f32, 0.1>>) -> tensor<4xf32>
  return
}

// -----

// quantize targets a type expressed in the input's float type.
func.func @quantize_expressed(%x: tensor<4xf16>) {
  // expected-error @+1 {{'npu.quantize' op quantizes 'f16' values into '!quant.uniform<i8:f32, 1.000000e-01>', whose expressed type is 'f32'}}
  %0 = npu.quantize %x : (tensor<4xf16>) -> tensor<4x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

// quantize produces a quantized type (ODS constraint).
func.func @quantize_to_int(%x: tensor<4xf32>) {
  // expected-error @+1 {{result #0 must be ranked tensor of quantized type values}}
  %0 = npu.quantize %x : (tensor<4xf32>) -> tensor<4xi8>
  return
}

// -----

// dequantize produces the expressed type.
func.func @dequantize_type(%x: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'npu.dequantize' op result #0 has element type 'f16' but the operands give 'f32'}}
  %0 = npu.dequantize %x : (tensor<4x!quant.uniform<i8:f32, 0.1>>) -> tensor<4xf16>
  return
}

// -----

// requantize keeps the expressed type.
func.func @requantize_expressed(%x: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error @+1 {{'npu.requantize' op changes the expressed type from 'f32' to 'f16'; dequantize and quantize instead}}
  %0 = npu.requantize %x : (tensor<4x!quant.uniform<i8:f32, 0.1>>) -> tensor<4x!quant.uniform<i8:f16, 0.1>>
  return
}

// -----

// A per-axis quantized tensor has its axis in range.
func.func @per_axis_rank(%x: tensor<4xf32>) {
  // expected-error @+1 {{'npu.quantize' op result #0 is quantized along axis 1 but has rank 1}}
  %0 = npu.quantize %x : (tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32:1, {0.1, 0.2}>>
  return
}

// -----

// A per-axis quantized tensor has one scale per element of its axis.
func.func @per_axis_scales(%x: tensor<2x4xf32>) {
  // expected-error @+1 {{'npu.quantize' op result #0 has 2 scales for axis 1 of size 4}}
  %0 = npu.quantize %x : (tensor<2x4xf32>) -> tensor<2x4x!quant.uniform<i8:f32:1, {0.1, 0.2}>>
  return
}

// -----

// A quantized constant stores its storage type.
func.func @constant_storage() {
  // expected-error @+1 {{'npu.constant' op stores a '!quant.uniform<i8:f32, 5.000000e-01>' in elements of 'i32'; expected its storage type 'i8'}}
  %0 = npu.constant dense<[1, 2]> : tensor<2xi32> -> tensor<2x!quant.uniform<i8:f32, 0.5>>
  return
}

// -----

// A constant's value has the result's element type.
func.func @constant_element() {
  // expected-error @+1 {{'npu.constant' op has a value of element type 'f32' but a result of element type 'f16'}}
  %0 = npu.constant dense<[1.0, 2.0]> : tensor<2xf32> -> tensor<2xf16>
  return
}

// -----

// A constant's value has the result's shape.
func.func @constant_shape() {
  // expected-error @+1 {{'npu.constant' op result #0 has shape 1x2 but the operands and attributes give 2}}
  %0 = npu.constant dense<[1.0, 2.0]> : tensor<2xf32> -> tensor<1x2xf32>
  return
}

// -----

// Element counts that overflow (or nearly) are refused before anything
// multiplies them out.
func.func @absurd_size(%x: tensor<1099511627777x2xf32>) {
  // expected-error @+1 {{'npu.unary' op operand #0 has shape 1099511627777x2, more than 2^40 elements}}
  %0 = npu.unary relu %x : (tensor<1099511627777x2xf32>) -> tensor<1099511627777x2xf32>
  return
}

// -----

// leaky_relu and hard_sigmoid keep their input's shape.
func.func @leaky_relu_shape(%x: tensor<2x3xf32>) {
  // expected-error @+1 {{'npu.leaky_relu' op result #0 has shape 3x2 but the operands and attributes give 2x3}}
  %0 = npu.leaky_relu %x {alpha = 0.1 : f32} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return
}

// -----

func.func @hard_sigmoid_element(%x: tensor<4xf32>) {
  // expected-error @+1 {{'npu.hard_sigmoid' op result #0 has element type 'f16' but the operands give 'f32'}}
  %0 = npu.hard_sigmoid %x {alpha = 0.2 : f32, beta = 0.5 : f32} : (tensor<4xf32>) -> tensor<4xf16>
  return
}

// -----

func.func @clamp_reversed(%a: tensor<2x2xf32>, %b: tensor<2x2xf32>) -> tensor<2x2xf32> {
  // expected-error@+1 {{'npu.matmul' op expects clamp = [lo, hi] with lo <= hi, got [1.000000e+00, 0.000000e+00]}}
  %m = npu.matmul %a, %b {clamp = array<f32: 1.0, 0.0>} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  return %m : tensor<2x2xf32>
}

// -----

func.func @clamp_one_bound(%x: tensor<1x1x2x2xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32> {
  // expected-error@+1 {{'npu.conv2d' op expects clamp = [lo, hi] with lo <= hi, got [0.000000e+00]}}
  %c = npu.conv2d %x, %w {clamp = array<f32: 0.0>, dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  return %c : tensor<1x1x2x2xf32>
}
