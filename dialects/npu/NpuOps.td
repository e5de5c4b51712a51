//===- NpuOps.td - npu dialect operations ------------------*- tablegen -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Conventions every op follows (the importer normalises ONNX to them):
// * axes are non-negative (`0 <= axis < rank`);
// * activations are NCHW, convolution filters OIHW (ONNX order);
// * 2-D spatial attributes are `[h, w]`, pads are `[top, left, bottom, right]`;
// * result shapes are inferred; ops whose result shape is a free parameter
//   (reshape, broadcast, resize) verify it against their operand instead.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_OPS_TD
#define NPU_OPS_TD

include "dialects/npu/NpuBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def Npu_ConstantOp : Npu_Op<"constant", [ConstantLike],
                             ["getVectorOpCount", "getCompulsoryBytes"]> {
  let summary = "A constant tensor (weights use `dense_resource`)";
  let description = [{
    Holds `value`, an `ElementsAttr`: small constants as `dense<...>`, large
    weights as `dense_resource<...>` so the importer never copies them per
    element. A quantized result stores its integers in `value` with the
    quantized type's storage type:

    ```mlir
    %w = npu.constant dense_resource<conv1_w> : tensor<64x3x7x7xf32>
    %q = npu.constant dense<[1, -2]> : tensor<2xi8>
           -> tensor<2x!quant.uniform<i8:f32, 0.5>>
    ```
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Npu_Tensor:$output);
  let hasCustomAssemblyFormat = 1;
  let hasFolder = 1;
  let builders = [OpBuilder<(ins "::mlir::ElementsAttr":$value), [{
    build($_builder, $_state, ::llvm::cast<::mlir::TensorType>(value.getType()), value);
  }]>];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Matrix-engine ops
//===----------------------------------------------------------------------===//

def Npu_Conv2DOp : Npu_Op<"conv2d", [], ["getMacCount"]> {
  let summary = "2-D convolution, grouped and depthwise included (NCHW, OIHW)";
  let description = [{
    `input` is `[N, C, H, W]`, `filter` is `[O, C / groups, kH, kW]`, the
    optional `bias` is `[O]`. Output `[N, O, OH, OW]` with
    `OH = (H + top + bottom - dilation_h * (kH - 1) - 1) / stride_h + 1`.
    Depthwise convolution is `groups == C` with `O` a multiple of `C`.

    With quantized operands the result element type is chosen by the
    producer (an `i32` accumulator or a requantized `!quant.uniform`); with
    float operands it is the input's element type.

    With `clamp = array<f32: lo, hi>` the result is clamped to `[lo, hi]`
    after the bias: a fused ReLU (`[0, inf]`) or Clip, which
    `npu-fuse-activations` moves here so the engine applies it on
    write-back. A quantized result clamps to the quantized bounds.
  }];
  let arguments = (ins Npu_Tensor:$input, Npu_Tensor:$filter,
                       Optional<Npu_Tensor>:$bias,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations, I64Attr:$groups,
                       OptionalAttr<DenseF32ArrayAttr>:$clamp);
  let results = (outs Npu_Tensor:$output);
  // Builders without a clamp: fused activations come later, from a pass.
  let builders = [OpBuilder<(ins "::mlir::Type":$output, "::mlir::Value":$input,
      "::mlir::Value":$filter, "::mlir::Value":$bias,
      "::mlir::DenseI64ArrayAttr":$strides, "::mlir::DenseI64ArrayAttr":$pads,
      "::mlir::DenseI64ArrayAttr":$dilations, "::mlir::IntegerAttr":$groups), [{
    build($_builder, $_state, output, input, filter, bias, strides, pads,
          dilations, groups, /*clamp=*/nullptr);
  }]>];
  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def Npu_ConvTranspose2DOp : Npu_Op<"conv_transpose2d", [], ["getMacCount"]> {
  let summary = "2-D transposed convolution (NCHW; filter [C, O / groups, kH, kW])";
  let description = [{
    The gradient of `npu.conv2d` with respect to its input, as ONNX
    ConvTranspose defines it: `OH = stride_h * (H - 1) + output_padding_h +
    dilation_h * (kH - 1) + 1 - top - bottom`.
  }];
  let arguments = (ins Npu_Tensor:$input, Npu_Tensor:$filter,
                       Optional<Npu_Tensor>:$bias,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations,
                       DenseI64ArrayAttr:$output_padding, I64Attr:$groups);
  let results = (outs Npu_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def Npu_MatMulOp : Npu_Op<"matmul", [], ["getMacCount"]> {
  let summary = "Batched matrix product with broadcast batch dimensions";
  let description = [{
    `[..., M, K] x [..., K, N] -> [..., M, N]`; both operands have rank >= 2
    and their batch dimensions broadcast as in numpy (ONNX MatMul). Covers
    attention's `Q x K^T` and `P x V` as well as LLM projections. An
    optional `clamp` is a fused activation, as for `npu.conv2d`.
  }];
  let arguments = (ins Npu_Tensor:$lhs, Npu_Tensor:$rhs,
                       OptionalAttr<DenseF32ArrayAttr>:$clamp);
  let results = (outs Npu_Tensor:$output);
  let builders = [OpBuilder<(ins "::mlir::Type":$output, "::mlir::Value":$lhs,
      "::mlir::Value":$rhs), [{
    build($_builder, $_state, output, lhs, rhs, /*clamp=*/nullptr);
  }]>];
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
}

def Npu_FullyConnectedOp : Npu_Op<"fully_connected", [], ["getMacCount"]> {
  let summary = "Fully connected layer: `input x weight^T + bias`";
  let description = [{
    `input` is `[..., K]`, `weight` is `[N, K]` (the layout of ONNX Gemm with
    `transB = 1` and of PyTorch's Linear), the optional `bias` is `[N]`.
    The result is `[..., N]`. An optional `clamp` is a fused activation, as
    for `npu.conv2d`.
  }];
  let arguments = (ins Npu_Tensor:$input, Npu_Tensor:$weight,
                       Optional<Npu_Tensor>:$bias,
                       OptionalAttr<DenseF32ArrayAttr>:$clamp);
  let results = (outs Npu_Tensor:$output);
  let builders = [OpBuilder<(ins "::mlir::Type":$output, "::mlir::Value":$input,
      "::mlir::Value":$weight, "::mlir::Value":$bias), [{
    build($_builder, $_state, output, input, weight, bias, /*clamp=*/nullptr);
  }]>];
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Element-wise ops (vector engine)
//===----------------------------------------------------------------------===//

def Npu_BinaryOp : Npu_Op<"binary"> {
  let summary = "Element-wise binary op with numpy broadcasting";
  let description = [{
    `kind` is one of `add sub mul div max min pow`. The operands broadcast
    (numpy rules) to the result shape. Integer `div` truncates toward zero.
    Folds when both operands are constant, which removes the shape
    arithmetic ONNX exporters emit.

    ```mlir
    %y = npu.binary add %a, %b : (tensor<1x64x56x56xf32>, tensor<1x64x1x1xf32>)
                                    -> tensor<1x64x56x56xf32>
    ```
  }];
  let arguments = (ins Npu_BinaryKind:$kind, Npu_Tensor:$lhs, Npu_Tensor:$rhs);
  let results = (outs Npu_Tensor:$output);
  let assemblyFormat = [{
    $kind $lhs `,` $rhs attr-dict `:` functional-type(operands, results)
  }];
  let hasFolder = 1;
}

def Npu_UnaryOp : Npu_Op<"unary"> {
  let summary = "Parameter-free element-wise function";
  let description = [{
    `kind` names the function: `relu sigmoid tanh gelu_erf gelu_tanh silu
    hard_swish exp log sqrt rsqrt reciprocal erf neg abs sin cos floor ceil`.
    These share one op because they share everything but the scalar
    function: one vector-engine instruction with a function selector, one
    tiling rule, one cost. `gelu_erf` is `0.5 x (1 + erf(x / sqrt 2))`;
    `gelu_tanh` is its tanh approximation; `hard_swish` is
    `x relu6(x + 3) / 6`.
  }];
  let arguments = (ins Npu_UnaryKind:$kind, Npu_Tensor:$input);
  let results = (outs Npu_Tensor:$output);
  let assemblyFormat = [{
    $kind $input attr-dict `:` functional-type(operands, results)
  }];
}

def Npu_ClipOp : Npu_Op<"clip"> {
  let summary = "Clamp to `[min, max]` (ReLU6 is `clip 0, 6`)";
  let arguments = (ins Npu_Tensor:$input, F32Attr:$min, F32Attr:$max);
  let results = (outs Npu_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def Npu_LeakyReluOp : Npu_Op<"leaky_relu"> {
  let summary = "`x >= 0 ? x : alpha * x`";
  let arguments = (ins Npu_Tensor:$input, F32Attr:$alpha);
  let results = (outs Npu_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
}

def Npu_HardSigmoidOp : Npu_Op<"hard_sigmoid"> {
  let summary = "`max(0, min(1, alpha * x + beta))`";
  let arguments = (ins Npu_Tensor:$input, F32Attr:$alpha, F32Attr:$beta);
  let results = (outs Npu_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Pooling, normalisation, reductions
//===----------------------------------------------------------------------===//

def Npu_MaxPool2DOp : Npu_Op<"max_pool2d", [], ["getVectorOpCount"]> {
  let summary = "2-D max pooling (NCHW)";
  let description = [{
    Windows of `kernel` (`[kh, kw]`) with `strides`, `dilations` and `pads`
    (`[top, left, bottom, right]`, padded elements never win). With
    `ceil_mode` the output size rounds up, as in ONNX.
  }];
  let arguments = (ins Npu_Tensor:$input, DenseI64ArrayAttr:$kernel,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       DenseI64ArrayAttr:$dilations, BoolAttr:$ceil_mode);
  let results = (outs Npu_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
}

def Npu_AvgPool2DOp : Npu_Op<"avg_pool2d", [], ["getVectorOpCount"]> {
  let summary = "2-D average pooling (NCHW)";
  let description = [{
    Like `npu.max_pool2d` without dilation. `count_include_pad` says whether
    padded elements count in the divisor (ONNX AveragePool's attribute).
  }];
  let arguments = (ins Npu_Tensor:$input, DenseI64ArrayAttr:$kernel,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$pads,
                       BoolAttr:$ceil_mode, BoolAttr:$count_include_pad);
  let results = (outs Npu_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
}

def Npu_GlobalAvgPool2DOp : Npu_Op<"global_avg_pool2d", [],
                                   ["getVectorOpCount"]> {
  let summary = "Mean over H and W: `[N, C, H, W] -> [N, C, 1, 1]`";
  let arguments = (ins Npu_Tensor:$input);
  let results = (outs Npu_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
}

def Npu_SoftmaxOp : Npu_Op<"softmax", [], ["getVectorOpCount"]> {
  let summary = "Softmax along one axis";
  let arguments = (ins Npu_Tensor:$input, I64Attr:$axis);
  let results = (outs Npu_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
}

def Npu_LayerNormOp : Npu_Op<"layer_norm", [], ["getVectorOpCount"]> {
  let summary = "Layer normalisation over the dimensions `[axis, rank)`";
  let description = [{
    `(x - mean) / sqrt(var + epsilon) * scale + bias`, statistics over the
    trailing dimensions from `axis`; `scale` and the optional `bias` have the
    shape of those dimensions (ONNX LayerNormalization; the `npu-raise-norms`
    pass recognises the decomposed form older opsets export).
  }];
  let arguments = (ins Npu_Tensor:$input, Npu_Tensor:$scale,
                       Optional<Npu_Tensor>:$bias, I64Attr:$axis,
                       F32Attr:$epsilon);
  let results = (outs Npu_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $scale (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
}

def Npu_RmsNormOp : Npu_Op<"rms_norm", [], ["getVectorOpCount"]> {
  let summary = "RMS normalisation over `[axis, rank)` (Llama's RMSNorm)";
  let description = [{
    `x / sqrt(mean(x^2) + epsilon) * scale`; `scale` has the shape of the
    normalised dimensions.
  }];
  let arguments = (ins Npu_Tensor:$input, Npu_Tensor:$scale, I64Attr:$axis,
                       F32Attr:$epsilon);
  let results = (outs Npu_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $scale attr-dict `:` functional-type(operands, results)
  }];
}

def Npu_ReduceOp : Npu_Op<"reduce", [], ["getVectorOpCount"]> {
  let summary = "Reduction (`mean sum max min`) over a set of axes";
  let description = [{
    `axes` are distinct, non-negative and sorted. With `keep_dims` each
    reduced dimension stays with size 1; without it, it is dropped.
  }];
  let arguments = (ins Npu_ReduceKind:$kind, Npu_Tensor:$input,
                       DenseI64ArrayAttr:$axes, BoolAttr:$keep_dims);
  let results = (outs Npu_Tensor:$output);
  let assemblyFormat = [{
    $kind $input attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def Npu_ReshapeOp : Npu_Op<"reshape", [],
                            ["getVectorOpCount", "getCompulsoryBytes"]> {
  let summary = "Reinterpret the shape; the result type gives the new shape";
  let description = [{
    The element count and element type are unchanged. An identity reshape
    folds away, a chain of reshapes becomes one, and a reshape of a constant
    becomes a constant.
  }];
  let arguments = (ins Npu_Tensor:$input);
  let results = (outs Npu_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
  let hasFolder = 1;
  let hasCanonicalizer = 1;
  let hasVerifier = 1;
}

def Npu_TransposeOp : Npu_Op<"transpose"> {
  let summary = "Permute dimensions: `result[i] = input[perm[i]]`";
  let description = [{
    An identity permutation folds away and two transposes compose into one.
  }];
  let arguments = (ins Npu_Tensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs Npu_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Npu_ConcatOp : Npu_Op<"concat"> {
  let summary = "Join tensors along `axis`";
  let arguments = (ins Variadic<Npu_Tensor>:$inputs, I64Attr:$axis);
  let results = (outs Npu_Tensor:$output);
  let assemblyFormat = [{
    $inputs attr-dict `:` functional-type(operands, results)
  }];
  let hasFolder = 1;
}

def Npu_SplitOp : Npu_Op<"split"> {
  let summary = "Cut a tensor along `axis` into pieces of `sizes`";
  let arguments = (ins Npu_Tensor:$input, I64Attr:$axis,
                       DenseI64ArrayAttr:$sizes);
  let results = (outs Variadic<Npu_Tensor>:$outputs);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
}

def Npu_SliceOp : Npu_Op<"slice"> {
  let summary = "Strided slice with one `[start, end)` and step per dimension";
  let description = [{
    `starts`, `ends` and `steps` have one entry per dimension and are already
    clamped (the importer resolves ONNX's negative and out-of-range
    indices): for a positive step `0 <= start <= end <= dim`, for a negative
    step `-1 <= end <= start < dim`.
  }];
  let arguments = (ins Npu_Tensor:$input, DenseI64ArrayAttr:$starts,
                       DenseI64ArrayAttr:$ends, DenseI64ArrayAttr:$steps);
  let results = (outs Npu_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
  let hasFolder = 1;
}

def Npu_PadOp : Npu_Op<"pad"> {
  let summary = "Pad each dimension (constant, reflect or edge)";
  let arguments = (ins Npu_Tensor:$input, DenseI64ArrayAttr:$pads_low,
                       DenseI64ArrayAttr:$pads_high, Npu_PadMode:$mode,
                       F32Attr:$value);
  let results = (outs Npu_Tensor:$output);
  let assemblyFormat = [{
    $mode $input attr-dict `:` functional-type(operands, results)
  }];
}

def Npu_GatherOp : Npu_Op<"gather"> {
  let summary = "Gather slices of `data` along `axis` at `indices` (embeddings)";
  let description = [{
    Result shape: `data[:axis] + indices.shape + data[axis + 1:]` (ONNX
    Gather). As in ONNX, an index in `[-dim, 0)` counts from the end; the
    reference interpreter and the simulator report an index outside
    `[-dim, dim)`.
  }];
  let arguments = (ins Npu_Tensor:$data, Npu_IndexTensor:$indices, I64Attr:$axis);
  let results = (outs Npu_Tensor:$output);
  let assemblyFormat = [{
    $data `,` $indices attr-dict `:` functional-type(operands, results)
  }];
  let hasFolder = 1;
}

def Npu_ResizeOp : Npu_Op<"resize"> {
  let summary = "Resize (nearest or linear) to the result type's spatial size";
  let description = [{
    Up- or down-samples the two innermost dimensions (NCHW); the leading
    dimensions are unchanged. `coordinate_transform` and `nearest_rounding`
    follow ONNX Resize.
  }];
  let arguments = (ins Npu_Tensor:$input, Npu_ResizeMode:$mode,
                       Npu_CoordinateTransform:$coordinate_transform,
                       Npu_NearestRounding:$nearest_rounding);
  let results = (outs Npu_Tensor:$output);
  let assemblyFormat = [{
    $mode $input `coordinate_transform` `=` $coordinate_transform
    `nearest_rounding` `=` $nearest_rounding attr-dict `:`
    functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// In `nearest` mode, the input index output index `x` reads along a
    /// dimension of `inLength` resized to `outLength` (the reference
    /// interpreter's and the NPU lowering's one definition).
    int64_t getNearestSourceIndex(int64_t x, int64_t inLength, int64_t outLength);
  }];
  let hasVerifier = 1;
}

def Npu_BroadcastOp : Npu_Op<"broadcast"> {
  let summary = "Broadcast to the result shape (ONNX Expand)";
  let arguments = (ins Npu_Tensor:$input);
  let results = (outs Npu_Tensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Type conversion and quantization
//===----------------------------------------------------------------------===//

def Npu_CastOp : Npu_Op<"cast"> {
  let summary = "Convert between float and integer element types";
  let description = [{
    Float to integer rounds toward zero and saturates; integer to float is
    exact where representable. Quantized types are converted with
    `npu.quantize`, `npu.dequantize` and `npu.requantize` instead.
  }];
  let arguments = (ins RankedTensorOf<[AnyFloat, AnySignlessInteger, UI8]>:$input);
  let results = (outs RankedTensorOf<[AnyFloat, AnySignlessInteger, UI8]>:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
  let hasFolder = 1;
}

def Npu_QuantizeOp : Npu_Op<"quantize"> {
  let summary = "Float to `!quant.uniform` (per tensor or per axis)";
  let description = [{
    `q = clamp(round_half_even(x / scale) + zero_point, qmin, qmax)`, the
    rounding ONNX QuantizeLinear uses. The quantized type's expressed type
    is the input's element type. A constant input (a QDQ model's float
    weights) folds to a constant of the quantized type.
  }];
  let arguments = (ins Npu_FloatTensor:$input);
  let results = (outs Npu_QuantizedTensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Npu_DequantizeOp : Npu_Op<"dequantize"> {
  let summary = "`!quant.uniform` to its expressed float type";
  let arguments = (ins Npu_QuantizedTensor:$input);
  let results = (outs Npu_FloatTensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
}

def Npu_RequantizeOp : Npu_Op<"requantize"> {
  let summary = "Change the scale / zero point of a quantized tensor";
  let description = [{
    On the NPU this is integer-only: a fixed-point multiplier and shift
    derived from the ratio of the scales (see docs/numerics.md).
  }];
  let arguments = (ins Npu_QuantizedTensor:$input);
  let results = (outs Npu_QuantizedTensor:$output);
  let assemblyFormat = [{
    $input attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

#endif // NPU_OPS_TD
