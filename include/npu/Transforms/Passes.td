//===- Passes.td - npu-mlir transformation passes ----------*- tablegen -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Every pass here has one source file in lib/Transforms and one lit test of
// the same name in test/Transforms.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_TRANSFORMS_PASSES_TD
#define NPU_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def ReportCost : Pass<"npu-report-cost", "::mlir::func::FuncOp"> {
  let summary = "Report the MACs, vector work and compulsory bytes of npu ops";
  let description = [{
    Sums `NpuCostOpInterface` over a function and reports the totals as one
    remark on the function and as pass statistics (`-mlir-pass-statistics`;
    Debian's release build of LLVM compiles statistics out, hence the
    remark); with `per-op`, every npu op also gets a remark with its own
    numbers. The arithmetic intensity (MACs per compulsory byte) in the
    summary is what a roofline bound divides by a target's peak rates (the
    performance report lands with the compilation pipeline).

    ```
    $ npu-opt --npu-report-cost=per-op model.mlir
    remark: conv2d: 118013952 MACs, 802816 vector ops, 4014080 bytes
    ```
  }];
  let options = [
    Option<"perOp", "per-op", "bool", /*default=*/"false",
           "Emit a remark on every npu op, not only the function summary">,
  ];
  let statistics = [
    Statistic<"numOps", "npu-ops", "npu ops costed">,
    Statistic<"totalMacs", "macs", "Multiply-accumulates on the matrix engine">,
    Statistic<"totalVectorOps", "vector-ops", "Element operations on the vector engine">,
    Statistic<"totalBytes", "compulsory-bytes", "Bytes every op reads and writes once">,
  ];
  let dependentDialects = ["::mlir::npu::NpuDialect"];
}

def ConvertPrecision : Pass<"npu-convert-precision", "::mlir::func::FuncOp"> {
  let summary = "Compute in the NPU's float precision (fp16)";
  let description = [{
    Converts every f32 tensor of a function body to f16: constants are
    rounded to nearest even, and every other op's f32 results become f16
    (npu ops infer their element types from their inputs, so the IR stays
    consistent). The function's signature keeps f32: a cast after each
    argument and before each result converts at the boundary, so users
    keep feeding and reading f32. Quantize, dequantize and requantize keep
    their f32 sides, with casts around them; int8 is issue 7's
    `precision=int8`.

    The reference interpreter runs the converted function with fp16
    storage and fp32 accumulation for products (docs/numerics.md), which
    is how the matrix engine computes; the model zoo's e2e test measures
    the cosine similarity against fp32.
  }];
  let options = [
    Option<"precision", "precision", "std::string", /*default=*/"\"fp16\"",
           "Target float precision: fp16 (fp32 keeps the function unchanged)">,
  ];
  let statistics = [
    Statistic<"numConstants", "constants", "Constants rounded to f16">,
    Statistic<"numOps", "ops", "Ops whose results became f16">,
    Statistic<"numCasts", "casts", "Casts inserted at the function boundary">,
  ];
  let dependentDialects = ["::mlir::npu::NpuDialect"];
}

def Quantize : Pass<"npu-quantize", "::mlir::func::FuncOp"> {
  let summary = "Quantize convolutions and fully connected layers to int8";
  let description = [{
    Rewrites every `conv2d` and `fully_connected` with f32 operands and
    constant weights into int8, using the activation ranges of a
    calibration table (`npu-compile --calibration`, docs/quantization.md):

    * weights: per output channel, symmetric, in [-127, 127]
      (scale = max |w| / 127);
    * activations (the layer's input and result): per tensor, asymmetric
      by default (`scale = (max - min) / 255`, the zero point placing `min`
      at -128, with 0 inside the range and exact), or symmetric;
    * bias: int32 at scale `s_input * s_weight[c]`, rounded half to even;
    * the result is requantized in integers (fixed-point multiplier and
      shift) and the fused clamp narrows the int8 bounds (docs/numerics.md).

    A `npu.quantize` precedes the layer and a `npu.dequantize` follows it;
    then a dequantize feeding a quantize cancels, or becomes an integer
    `npu.requantize` when the scales differ, so chains of layers stay in
    int8. Everything else stays float (fp16 after
    `npu-convert-precision`): residual adds, pooling, softmax, layer norm
    and GELU are fp16 islands between dequantize and quantize. A layer
    without a calibrated range for its input or result stays float, and so
    does every layer `keep-float` names (by its calibration-table key, the
    ONNX node name): `npu-compile --precision mixed` and per-layer override
    tables keep sensitive layers in fp16 that way.

    ```mlir
    %y = npu.conv2d %x, %w, %b {...} : (tensor<1x3x8x8xf32>, ...) -> tensor<1x8x8x8xf32>
    // becomes
    %q = npu.quantize %x : ... -> tensor<1x3x8x8x!quant.uniform<i8:f32, 0.0157:-1>>
    %c = npu.conv2d %q, %wq, %bq {...} : (...) -> tensor<1x8x8x8x!quant.uniform<i8:f32, 0.031:-128>>
    %y = npu.dequantize %c : ... -> tensor<1x8x8x8xf32>
    ```
  }];
  let options = [
    Option<"tablePath", "table", "std::string", /*default=*/"",
           "Calibration table (JSON) with the activation ranges">,
    Option<"symmetric", "symmetric-activations", "bool", /*default=*/"false",
           "Quantize activations symmetrically (zero point 0)">,
    ListOption<"keepFloat", "keep-float", "std::string",
               "Layers (calibration-table keys) that stay float">,
  ];
  let statistics = [
    Statistic<"numQuantized", "layers-quantized", "Layers rewritten to int8">,
    Statistic<"numUncalibrated", "layers-uncalibrated", "Layers left float: no calibrated range">,
    Statistic<"numKeptFloat", "layers-kept-float", "Layers left float by keep-float">,
    Statistic<"numCancelled", "conversions-cancelled", "Dequantize-quantize pairs removed">,
    Statistic<"numRequantized", "requantizes", "Dequantize-quantize pairs become a requantize">,
  ];
  let dependentDialects = ["::mlir::npu::NpuDialect", "::mlir::quant::QuantDialect"];
}

def LegalizeQuantized : Pass<"npu-legalize-quantized", "::mlir::func::FuncOp"> {
  let summary = "Bring pre-quantized ONNX (QDQ, QLinear*) onto the int8 path";
  let description = [{
    A model quantized before import reaches the form `npu-quantize`
    produces, so that one int8 lowering serves both (docs/quantization.md,
    "Pre-quantized models"):

    * `quantize(product(dequantize(a), dequantize(w), b))` folds into the
      quantized product with an int32 bias at `s_a * s_w[c]` (QDQ);
    * a dequantize feeding a reshape moves after it;
    * uint8 activations become int8 with zero point `z - 128` (the same
      real values: the NPU computes signed int8);
    * weights with zero points become symmetric, `w - z_w`; where that
      leaves int8 (uint8 weights with a zero point, up to 9 bits) the
      weights are split into `k` int8 parts that sum to them, stacked along
      the reduction axis, and the input is concatenated `k` times along it:
      one product, exact, at `k` times the MACs (a warning says so);
    * a uint8 model input or output (raw `tensor<...xui8>` reinterpreted by
      `quant.scast`, as ONNX's QLinear* tests give them) becomes an int8
      boundary marked `npu.host_unsigned`: the artifact records it and the
      runtime flips the top bit on the way in and out;
    * `quantize(dequantize(x))` cancels or becomes a requantize.

    What cannot be brought over is an error at its ONNX node: raw uint8
    storage used other than by one quantized type, weights too wide to split
    along a reduction axis (grouped convolutions).

    ```mlir
    %a = npu.dequantize %x : (tensor<1x3x8x8x!quant.uniform<u8:f32, 0.02:130>>) -> tensor<1x3x8x8xf32>
    %w = npu.dequantize %wq : (tensor<8x3x3x3x!quant.uniform<i8:f32:0, {...}>>) -> tensor<8x3x3x3xf32>
    %y = npu.conv2d %a, %w, %b {...} : (...) -> tensor<1x8x8x8xf32>
    %q = npu.quantize %y : (tensor<1x8x8x8xf32>) -> tensor<1x8x8x8x!quant.uniform<u8:f32, 0.03>>
    // becomes
    %q = npu.conv2d %x, %wq, %b32 {...} : (tensor<1x3x8x8x!quant.uniform<i8:f32, 0.02:2>>, ...)
           -> tensor<1x8x8x8x!quant.uniform<i8:f32, 0.03:-128>>
    ```
  }];
  let statistics = [
    Statistic<"numFolded", "qdq-products-folded", "QDQ products folded into quantized products">,
    Statistic<"numActivationsMadeSigned", "activations-made-signed", "uint8 results retyped as int8">,
    Statistic<"numWeightsMadeSymmetric", "weights-made-symmetric", "Weight constants shifted by their zero point">,
    Statistic<"numWeightsSplit", "weights-split", "Weight constants wider than int8 split into int8 parts">,
    Statistic<"numUnsignedBoundaries", "unsigned-boundaries", "uint8 model inputs and outputs made host-unsigned int8">,
  ];
  let dependentDialects = ["::mlir::npu::NpuDialect", "::mlir::quant::QuantDialect"];
}

def FoldBatchNorm : Pass<"npu-fold-batchnorm", "::mlir::func::FuncOp"> {
  let summary = "Fold per-channel scales and shifts into the preceding convolution";
  let description = [{
    An inference BatchNorm arrives from the importer as a per-channel
    multiply and add (`y = x * a + b`). When `x` is a convolution or a
    fully-connected layer used only there, the multiply folds into the
    weights (`W'[o] = W[o] * a[o]`, `bias' = bias * a`) and the add into the
    bias (`bias' = bias + b`), so the matrix engine does the whole layer and
    the vector engine nothing. Any `mul`/`add` by a constant that varies
    only along the output-channel axis folds the same way, whatever produced
    it.

    ```mlir
    %c = npu.conv2d %x, %w, %b {...}
    %m = npu.binary mul %c, %a   // %a : tensor<16x1x1xf32>
    %y = npu.binary add %m, %s
    // becomes
    %y = npu.conv2d %x, %w_scaled, %b_shifted {...}
    ```

    New weights are computed in double and rounded once to the weight type
    (f32 only; quantized and half-precision layers are left alone). Large
    ones become `dense_resource` blobs like the importer's.
  }];
  let statistics = [
    Statistic<"numScalesFolded", "scales-folded", "Per-channel multiplies folded into weights">,
    Statistic<"numShiftsFolded", "shifts-folded", "Per-channel adds folded into biases">,
  ];
  let dependentDialects = ["::mlir::npu::NpuDialect"];
}

def FuseActivations : Pass<"npu-fuse-activations", "::mlir::func::FuncOp"> {
  let summary = "Fuse ReLU and Clip into the preceding convolution or product";
  let description = [{
    The matrix engine's results pass through the vector engine's clamp on
    their way back to SRAM (the requantization clamp for int8), so a ReLU
    or Clip that follows a `conv2d`, `fully_connected` or `matmul` costs
    nothing if it becomes that op's `clamp` attribute. This pass does so
    when the layer's result has no other user; a second activation narrows
    the bounds further (`clip(relu(x), -1, 6)` is `clamp [0, 6]`).

    ```mlir
    %c = npu.conv2d %x, %w, %b {...}
    %y = npu.unary relu %c
    // becomes
    %y = npu.conv2d %x, %w, %b {..., clamp = array<f32: 0.0, 0x7F800000>}
    ```
  }];
  let statistics = [
    Statistic<"numFused", "activations-fused", "Activations folded into a layer's clamp">,
  ];
  let dependentDialects = ["::mlir::npu::NpuDialect"];
}

def PadChannels : Pass<"npu-pad-channels", "::mlir::func::FuncOp"> {
  let summary = "Pad convolution channels to a multiple of the array width";
  let description = [{
    Silicon whose matrix engine and data layout want channel counts in
    multiples of the array's width (or of a DMA burst) gets them here: a
    one-group float `conv2d` whose output channels are not a multiple of
    `multiple`, and whose result only one-group convolutions read, gets zero
    output channels up to the next multiple (zero filter rows and bias), and
    its consumers get matching zero filter columns. Every result the
    function returns is unchanged; the reference interpreter computes it
    bit for bit the same.

    The simulated NPU takes any channel count (weights are packed into
    whole panels either way), so `npu-compile` runs this pass only when
    asked (`--pad-channels N`): on this NPU it adds DRAM traffic and
    compute for the padded input channels and gains nothing. Grouped
    convolutions, quantized types and results read by other ops are left
    alone.

    ```mlir
    %a = npu.conv2d %x, %w1 : ... -> tensor<1x20x16x16xf32>
    %b = npu.conv2d %a, %w2 : (tensor<1x20x16x16xf32>, tensor<12x20x1x1xf32>) -> ...
    // with multiple=32 becomes
    %a = npu.conv2d %x, %w1p : ... -> tensor<1x32x16x16xf32>
    %b = npu.conv2d %a, %w2p : (tensor<1x32x16x16xf32>, tensor<12x32x1x1xf32>) -> ...
    ```
  }];
  let options = [
    Option<"multiple", "multiple", "int64_t", /*default=*/"32",
           "Channel counts become multiples of this (the edge preset's array has 32 columns, server's 128)">,
  ];
  let statistics = [
    Statistic<"numPadded", "padded-convs", "Convolutions whose output channels were padded">,
    Statistic<"numChannels", "padded-channels", "Zero channels added">,
  ];
  let dependentDialects = ["::mlir::npu::NpuDialect"];
}

def RaiseNorms : Pass<"npu-raise-norms", "::mlir::func::FuncOp"> {
  let summary = "Recognise decomposed layer norms and RMS norms";
  let description = [{
    ONNX exporters before opset 17 spell layer normalisation out as
    `(x - mean(x)) / sqrt(mean((x - mean(x))^2) + eps) * gamma + beta`, and
    Llama-style models write RMS norm as `x * rsqrt(mean(x * x) + eps) * w`.
    The vector engine has one instruction per norm, so this pass raises such
    chains to `npu.layer_norm` and `npu.rms_norm`. It matches only when every
    reduction is a keep-dims mean over the same trailing axes, `eps` is a
    constant and `gamma`, `beta`, `w` are constants of the normalised shape.
  }];
  let statistics = [
    Statistic<"numLayerNorms", "layer-norms", "Layer norms raised">,
    Statistic<"numRmsNorms", "rms-norms", "RMS norms raised">,
  ];
  let dependentDialects = ["::mlir::npu::NpuDialect"];
}

def RaiseGelu : Pass<"npu-raise-gelu", "::mlir::func::FuncOp"> {
  let summary = "Recognise GELU spelled out with erf";
  let description = [{
    ONNX before opset 20 has no Gelu, so PyTorch exports the exact GELU as
    `x * (erf(x / sqrt(2)) + 1) * 0.5`, grouped either way. The vector
    engine computes `gelu_erf` in one pass and has no `erf`, so this pass
    raises the chain to `npu.unary gelu_erf` (constants within 1e-3 of
    sqrt(2), 1 and 0.5; `x * (1 / sqrt(2))` is accepted for the division).

    ```mlir
    %d = npu.binary div %x, %sqrt2
    %e = npu.unary erf %d
    %a = npu.binary add %e, %one
    %m = npu.binary mul %x, %a
    %y = npu.binary mul %m, %half
    // becomes
    %y = npu.unary gelu_erf %x
    ```
  }];
  let statistics = [
    Statistic<"numRaised", "gelus", "GELU chains raised">,
  ];
  let dependentDialects = ["::mlir::npu::NpuDialect"];
}

//===----------------------------------------------------------------------===//
// npu -> npuhw and the npuhw pipeline (docs/pipeline.md)
//===----------------------------------------------------------------------===//

def PlanMemory : Pass<"npuhw-plan-memory", "::mlir::ModuleOp"> {
  let summary = "Give every npuhw buffer its DRAM or SRAM offset";
  let description = [{
    Lays out the DRAM image as constants (`memref.global`s), inputs,
    outputs (function arguments) and scratch, each piece 64-byte aligned,
    and records the offsets (`npuhw.offset`). Scratch buffers (activations)
    and SRAM tiles live from their first to their last use in program
    order, views included, and share memory by liveness (`planMemory`:
    greedy by size into the lowest free aligned gap). The function records
    `npuhw.scratch_bytes` against `npuhw.scratch_lower_bound` (the largest
    total of buffers live at one point) and `npuhw.sram_bytes`; an SRAM
    plan beyond the target is an error at the first tile that does not fit.
  }];
  let statistics = [
    Statistic<"dramPeak", "dram-scratch-bytes", "DRAM bytes of planned activations">,
    Statistic<"dramLowerBound", "dram-lower-bound", "Largest total of activations live at once">,
    Statistic<"sramPeak", "sram-bytes", "SRAM bytes of planned tiles">,
    Statistic<"numConstantBytes", "constant-bytes", "DRAM bytes of constants">,
  ];
  let dependentDialects = ["::mlir::npuhw::NpuHwDialect"];
}

def Schedule : Pass<"npuhw-schedule", "::mlir::ModuleOp"> {
  let summary = "Assign DMA engines and order the queues with semaphores";
  let description = [{
    Program order is the meaning of a lowered function. DMA commands go
    round-robin to the target's DMA engines; then every command's planned
    bytes are checked against the earlier commands of the other queues.
    A read after write, write after read or write after write the
    consumer's queue does not already know is complete (vector clocks)
    becomes an `npuhw.signal` after the producer and an `npuhw.wait` before
    the consumer. Each ordered pair of queues uses one counting semaphore,
    the fewest a schedule needs without relying on timing. Run after
    `npuhw-plan-memory`; the simulator's race detector checks the result.
  }];
  let statistics = [
    Statistic<"numSignals", "signals", "Signal/wait pairs inserted">,
    Statistic<"numSemaphores", "semaphores", "Semaphores in use">,
  ];
  let dependentDialects = ["::mlir::npuhw::NpuHwDialect"];
}

#endif // NPU_TRANSFORMS_PASSES_TD
