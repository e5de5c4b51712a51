//===- Quantize.cpp - int8 layers from a calibration table ----------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// npu-quantize: convolutions and fully connected layers become int8 with
// per-channel symmetric weights, per-tensor activations from the
// calibration table and int32 biases; quantize / dequantize pairs between
// consecutive int8 layers then cancel or become integer requantizations.
//
//===----------------------------------------------------------------------===//

#include "npu/Quantization/Calibration.h"
#include "npu/Reference/Interpreter.h"
#include "npu/Transforms/Passes.h"
#include "npu/Transforms/Quantize.h"

#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/StringSet.h"

#include <cmath>

namespace mlir::npu {
#define GEN_PASS_DEF_QUANTIZE
#include "npu/Transforms/Passes.h.inc"
} // namespace mlir::npu

using namespace mlir;
using namespace mlir::npu;

namespace {

constexpr int64_t kInt8Min = -128, kInt8Max = 127;
/// Weights use the symmetric narrow range, so -w is always representable.
constexpr int64_t kWeightMax = 127;

/// Round half to even, as every quantization in this project does.
int64_t roundHalfEven(double x) { return static_cast<int64_t>(std::nearbyint(x)); }

/// Per-tensor int8 parameters of an activation range [lo, hi] (lo <= 0 <= hi).
quant::UniformQuantizedType activationType(MLIRContext *context, double lo,
                                           double hi, bool symmetric) {
  double scale;
  int64_t zeroPoint = 0;
  if (symmetric) {
    scale = std::max(-lo, hi) / double(kInt8Max);
  } else {
    scale = (hi - lo) / double(kInt8Max - kInt8Min);
  }
  // A constant-zero tensor: any scale represents it exactly.
  if (!(scale > 0) || !std::isfinite(scale))
    scale = 1.0;
  // Stored as f32 in the type: quantize with the scale the type will hold.
  scale = double(float(scale));
  if (!symmetric)
    zeroPoint = std::clamp<int64_t>(roundHalfEven(kInt8Min - lo / scale), kInt8Min,
                                    kInt8Max);
  return quant::UniformQuantizedType::get(
      quant::QuantizationFlags::Signed, IntegerType::get(context, 8),
      Float32Type::get(context), scale, zeroPoint, kInt8Min, kInt8Max);
}

/// An integer constant of `storageType` elements holding `values`, seen as
/// the quantized tensor `type` (a resource blob when large).
ElementsAttr integerElements(RankedTensorType storageType, ArrayRef<int64_t> values,
                             StringRef resourceName) {
  unsigned width = storageType.getElementTypeBitWidth();
  if (width == 8) {
    SmallVector<int8_t> narrow(values.begin(), values.end());
    if (narrow.size() <= 4096)
      return DenseElementsAttr::get(storageType, ArrayRef<int8_t>(narrow));
    return DenseResourceElementsAttr::get(
        storageType, resourceName,
        HeapAsmResourceBlob::allocateAndCopyInferAlign(ArrayRef<int8_t>(narrow)));
  }
  SmallVector<int32_t> wide(values.begin(), values.end());
  return DenseElementsAttr::get(storageType, ArrayRef<int32_t>(wide));
}

struct QuantizePass : public npu::impl::QuantizeBase<QuantizePass> {
  using QuantizeBase::QuantizeBase;

  LogicalResult initialize(MLIRContext *) override {
    if (tablePath.empty())
      return success(); // reported per function, where there is a location
    llvm::Expected<calibration::CalibrationTable> loaded =
        calibration::readCalibrationTable(tablePath);
    if (!loaded) {
      loadError = llvm::toString(loaded.takeError());
      return success();
    }
    table = std::move(*loaded);
    return success();
  }

  void runOnOperation() override;

private:
  std::optional<calibration::CalibrationTable> table;
  std::string loadError;
};

} // namespace

/// The operands of a layer npu-quantize rewrites.
static std::tuple<Value, Value, Value> getLayerOperands(Operation *op) {
  if (auto conv = dyn_cast<Conv2DOp>(op))
    return {conv.getInput(), conv.getFilter(), conv.getBias()};
  auto fc = cast<FullyConnectedOp>(op);
  return {fc.getInput(), fc.getWeight(), fc.getBias()};
}

bool mlir::npu::isQuantizableLayer(Operation *op) {
  if (!isa<Conv2DOp, FullyConnectedOp>(op))
    return false;
  auto [input, weight, bias] = getLayerOperands(op);
  auto isF32 = [](Type type) {
    return cast<RankedTensorType>(type).getElementType().isF32();
  };
  auto isF32Constant = [&](Value value) {
    return isF32(value.getType()) && value.getDefiningOp<ConstantOp>();
  };
  return isF32(input.getType()) && isF32(op->getResult(0).getType()) &&
         isF32Constant(weight) && (!bias || isF32Constant(bias));
}

Operation *mlir::npu::quantizeLayer(Operation *op, ActivationRange inputRange,
                                    ActivationRange resultRange, bool symmetric) {
  auto [input, weight, bias] = getLayerOperands(op);
  Value result = op->getResult(0);
  auto inType = cast<RankedTensorType>(input.getType());
  auto outType = cast<RankedTensorType>(result.getType());
  std::optional<reference::Tensor> weights = reference::evaluateConstant(weight);
  std::optional<reference::Tensor> biases;
  if (bias)
    biases = reference::evaluateConstant(bias);
  MLIRContext *context = op->getContext();
  OpBuilder builder(op);
  Location loc = op->getLoc();
  quant::UniformQuantizedType inQ =
      activationType(context, inputRange.first, inputRange.second, symmetric);
  quant::UniformQuantizedType outQ =
      activationType(context, resultRange.first, resultRange.second, symmetric);

  // Weights: one symmetric scale per output channel (dimension 0).
  auto weightType = cast<RankedTensorType>(weight.getType());
  int64_t channels = weightType.getDimSize(0);
  int64_t perChannel = weightType.getNumElements() / channels;
  SmallVector<double> scales(channels);
  SmallVector<int64_t> zeroPoints(channels, 0);
  SmallVector<int64_t> quantized(weightType.getNumElements());
  for (int64_t c = 0; c < channels; ++c) {
    double top = 0;
    for (int64_t i = 0; i < perChannel; ++i)
      top = std::max(top, std::fabs(weights->floats()[c * perChannel + i]));
    double scale = top > 0 ? double(float(top / kWeightMax)) : 1.0;
    scales[c] = scale;
    for (int64_t i = 0; i < perChannel; ++i)
      quantized[c * perChannel + i] = std::clamp<int64_t>(
          roundHalfEven(weights->floats()[c * perChannel + i] / scale), -kWeightMax,
          kWeightMax);
  }
  auto weightQ = quant::UniformQuantizedPerAxisType::get(
      quant::QuantizationFlags::Signed, IntegerType::get(context, 8),
      Float32Type::get(context), scales, zeroPoints, /*quantizedDimension=*/0,
      -kWeightMax, kWeightMax);
  auto storage8 = RankedTensorType::get(weightType.getShape(), IntegerType::get(context, 8));
  std::string resource = "quantized_weight";
  Value newWeight = ConstantOp::create(
      builder, loc, RankedTensorType::get(weightType.getShape(), weightQ),
      integerElements(storage8, quantized, resource));

  // Bias: int32 at the accumulator's scale s_in * s_w[c].
  Value newBias;
  if (bias) {
    SmallVector<int64_t> accumulated(channels);
    for (int64_t c = 0; c < channels; ++c) {
      double value = std::nearbyint(biases->floats()[c] / (inQ.getScale() * scales[c]));
      accumulated[c] = int64_t(std::clamp(value, double(INT32_MIN), double(INT32_MAX)));
    }
    auto biasType = RankedTensorType::get({channels}, IntegerType::get(context, 32));
    newBias = ConstantOp::create(builder, loc, biasType,
                                 integerElements(biasType, accumulated, "quantized_bias"));
  }

  Value newInput = QuantizeOp::create(
      builder, loc, RankedTensorType::get(inType.getShape(), inQ), input);
  auto resultQ = RankedTensorType::get(outType.getShape(), outQ);
  Operation *layer;
  if (auto conv = dyn_cast<Conv2DOp>(op)) {
    layer = Conv2DOp::create(builder, loc, resultQ, newInput, newWeight, newBias,
                             conv.getStridesAttr(), conv.getPadsAttr(),
                             conv.getDilationsAttr(), conv.getGroupsAttr(),
                             conv.getClampAttr());
  } else {
    auto fc = cast<FullyConnectedOp>(op);
    layer = FullyConnectedOp::create(builder, loc, resultQ, newInput, newWeight,
                                     newBias, fc.getClampAttr());
  }
  Value back = DequantizeOp::create(builder, loc, outType, layer->getResult(0));
  result.replaceAllUsesWith(back);
  op->erase();
  // The float weights are dead unless another layer shares them.
  for (Value constant : {weight, bias})
    if (constant && constant.use_empty())
      constant.getDefiningOp()->erase();
  return layer;
}

std::pair<int64_t, int64_t> mlir::npu::foldDequantizeQuantizePairs(Operation *function) {
  SmallVector<QuantizeOp> quantizes;
  function->walk([&](QuantizeOp op) { quantizes.push_back(op); });
  int64_t cancelled = 0, requantized = 0;
  for (QuantizeOp quantize : quantizes) {
    auto dequantize = quantize.getInput().getDefiningOp<DequantizeOp>();
    if (!dequantize)
      continue;
    Value source = dequantize.getInput();
    if (source.getType() == quantize.getType()) {
      quantize.replaceAllUsesWith(source);
      ++cancelled;
    } else {
      OpBuilder builder(quantize);
      Value requantize = RequantizeOp::create(builder, quantize.getLoc(),
                                              quantize.getType(), source);
      quantize.replaceAllUsesWith(requantize);
      ++requantized;
    }
    quantize.erase();
    if (dequantize->use_empty())
      dequantize.erase();
  }
  return {cancelled, requantized};
}

void QuantizePass::runOnOperation() {
  func::FuncOp function = getOperation();
  if (tablePath.empty()) {
    function.emitError("npu-quantize needs a calibration table: "
                       "--npu-quantize=\"table=FILE\" (npu-compile "
                       "--calibration DIR makes one)");
    return signalPassFailure();
  }
  if (!table) {
    function.emitError(loadError);
    return signalPassFailure();
  }
  // Keys name the tensors as calibration saw them: before any rewrite.
  llvm::DenseMap<Value, std::string> keys = calibration::getTensorKeys(function);
  llvm::StringSet<> floatLayers;
  for (const std::string &key : keepFloat)
    floatLayers.insert(key);
  SmallVector<std::tuple<Operation *, std::string, std::string>> layers;
  function.walk([&](Operation *op) {
    if (isQuantizableLayer(op))
      layers.emplace_back(op, keys.lookup(op->getOperand(0)),
                          keys.lookup(op->getResult(0)));
  });
  for (auto &[op, inputKey, resultKey] : layers) {
    if (floatLayers.contains(resultKey)) {
      ++numKeptFloat;
      continue;
    }
    auto inRange = table->ranges.find(inputKey);
    auto outRange = table->ranges.find(resultKey);
    if (inRange == table->ranges.end() || outRange == table->ranges.end()) {
      ++numUncalibrated;
      continue;
    }
    quantizeLayer(op, inRange->second, outRange->second, symmetric);
    ++numQuantized;
  }
  auto [cancelled, requantized] = foldDequantizeQuantizePairs(function);
  numCancelled += cancelled;
  numRequantized += requantized;
}
