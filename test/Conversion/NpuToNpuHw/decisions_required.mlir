// The conversion reads the decisions npu-assign-layout and
// npu-form-layer-groups record; without them, or with malformed ones, it
// says what to run or what is wrong.
// RUN: npu-opt %s --convert-npu-to-npuhw=target=edge -split-input-file -verify-diagnostics

func.func @no_layout(%x: tensor<1x2x4x4xf16>) -> tensor<1x2x4x4xf16> {
  // expected-error @+1 {{has a 4-D result but no 'npu.layout' of "nhwc" or "nchw"; run npu-assign-layout first}}
  %0 = npu.unary relu %x : (tensor<1x2x4x4xf16>) -> tensor<1x2x4x4xf16>
  return %0 : tensor<1x2x4x4xf16>
}

// -----

func.func @lone_member(%x: tensor<1x2x4x4xf16>) -> tensor<1x2x4x4xf16> {
  %w = npu.constant dense<1.0> : tensor<2x2x1x1xf16>
  // expected-error @+1 {{malformed layer group 0: expects 2 to 8 convolutions and 'rows_per_tile' >= 1 on the first}}
  %0 = npu.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, npu.layout = "nhwc", npu.layer_group = {id = 0 : i64, index = 0 : i64, rows_per_tile = 4 : i64}} : (tensor<1x2x4x4xf16>, tensor<2x2x1x1xf16>) -> tensor<1x2x4x4xf16>
  return %0 : tensor<1x2x4x4xf16>
}

// -----

func.func @broken_chain(%x: tensor<1x2x4x4xf16>) -> tensor<1x2x4x4xf16> {
  %w = npu.constant dense<1.0> : tensor<2x2x1x1xf16>
  %0 = npu.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, npu.layout = "nhwc", npu.layer_group = {id = 0 : i64, index = 0 : i64, rows_per_tile = 4 : i64}} : (tensor<1x2x4x4xf16>, tensor<2x2x1x1xf16>) -> tensor<1x2x4x4xf16>
  // expected-error @+1 {{malformed layer group 0: each member must be the only user of the one before}}
  %1 = npu.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, npu.layout = "nhwc", npu.layer_group = {id = 0 : i64, index = 1 : i64}} : (tensor<1x2x4x4xf16>, tensor<2x2x1x1xf16>) -> tensor<1x2x4x4xf16>
  %2 = npu.binary add %0, %1 {npu.layout = "nhwc"} : (tensor<1x2x4x4xf16>, tensor<1x2x4x4xf16>) -> tensor<1x2x4x4xf16>
  return %2 : tensor<1x2x4x4xf16>
}

// -----

// A convolution's lowering always stores NHWC: a layout saying otherwise
// would make its consumers misread the buffer, so it is refused.
func.func @wrong_fixed_layout(%x: tensor<1x2x4x4xf16>) -> tensor<1x2x4x4xf16> {
  %w = npu.constant dense<1.0> : tensor<2x2x1x1xf16>
  // expected-error @+1 {{has 'npu.layout = "nchw"', but its lowering stores the result NHWC; only element-wise ops, concatenations and slices take either layout}}
  %0 = npu.conv2d %x, %w {dilations = array<i64: 1, 1>, groups = 1 : i64, pads = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, npu.layout = "nchw"} : (tensor<1x2x4x4xf16>, tensor<2x2x1x1xf16>) -> tensor<1x2x4x4xf16>
  return %0 : tensor<1x2x4x4xf16>
}
