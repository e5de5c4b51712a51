//===- MixedPrecision.cpp - per-layer int8 / fp16 choice by sensitivity ---===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// --precision mixed measures how much accuracy each layer loses in int8 and
// keeps the worst in fp16 under a budget:
//
// 1. The fp32 model runs on every calibration sample; each quantizable
//    layer's input and output are kept.
// 2. Each layer is copied into a function of its own and quantized there
//    exactly as npu-quantize would (quantizeLayer, the table's ranges), so
//    the measurement is of that layer's own error: its int8 output, on the
//    fp32 input the model gives it, against its fp32 output.
// 3. Layers below the SQNR threshold are fp16 candidates, worst first,
//    while their multiply-accumulates fit the budget's share of all.
//
// Measuring in isolation (one interpreter run per sample, plus one layer
// per layer) keeps the search linear in the model's size; the error a layer
// inherits from int8 layers before it is npu-compare's to show.
//
//===----------------------------------------------------------------------===//

#include "npu/Driver/Compiler.h"
#include "npu/Support/FileRead.h"

#include "dialects/npu/NpuDialect.h"
#include "npu/Reference/Interpreter.h"
#include "npu/Support/AtomicFile.h"
#include "npu/Transforms/Quantize.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cmath>

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::driver;
using reference::Tensor;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message.str());
}

namespace {
/// One quantizable layer of the fp32 model and its int8 copy.
struct MeasuredLayer {
  Operation *layer;          // in the fp32 function
  func::FuncOp quantized;    // (f32 input) -> f32: quantize, int8 layer, dequantize
  double signal = 0, noise = 0;
};
} // namespace

/// `layer` alone in a new function of `scratch`, quantized with the ranges.
static func::FuncOp buildQuantizedCopy(Operation *layer, ModuleOp scratch,
                                       ActivationRange inputRange,
                                       ActivationRange resultRange,
                                       bool symmetric) {
  OpBuilder builder(scratch.getBodyRegion());
  builder.setInsertionPointToEnd(scratch.getBody());
  Value input = layer->getOperand(0);
  Value result = layer->getResult(0);
  auto function = func::FuncOp::create(
      builder, layer->getLoc(), "layer",
      builder.getFunctionType({input.getType()}, {result.getType()}));
  Block *body = function.addEntryBlock();
  builder.setInsertionPointToStart(body);
  IRMapping mapping;
  mapping.map(input, body->getArgument(0));
  for (Value operand : layer->getOperands().drop_front())
    if (Operation *constant = operand.getDefiningOp())
      mapping.map(operand, builder.clone(*constant)->getResult(0));
  Operation *copy = builder.clone(*layer, mapping);
  func::ReturnOp::create(builder, layer->getLoc(), copy->getResult(0));
  quantizeLayer(copy, inputRange, resultRange, symmetric);
  return function;
}

llvm::Expected<std::vector<LayerPrecision>>
mlir::npu::driver::measureLayerSensitivity(
    func::FuncOp function, const calibration::CalibrationTable &table,
    ArrayRef<std::vector<Tensor>> samples, bool symmetric,
    const std::function<void(int64_t, int64_t)> &onProgress) {
  if (samples.empty())
    return makeError("measuring layers needs at least one calibration sample");
  llvm::DenseMap<Value, std::string> keys = calibration::getTensorKeys(function);
  OwningOpRef<ModuleOp> scratch = ModuleOp::create(function.getLoc());
  std::vector<LayerPrecision> layers;
  std::vector<MeasuredLayer> measured;
  function.walk([&](Operation *op) {
    if (!isQuantizableLayer(op))
      return;
    LayerPrecision layer;
    layer.layer = keys.lookup(op->getResult(0));
    layer.op = op->getName().getStringRef().str();
    if (auto cost = dyn_cast<NpuCostOpInterface>(op))
      layer.macs = cost.getMacCount();
    auto in = table.ranges.find(keys.lookup(op->getOperand(0)));
    auto out = table.ranges.find(layer.layer);
    if (in == table.ranges.end() || out == table.ranges.end()) {
      layer.reason = "no calibrated range";
      layer.int8 = false;
    } else {
      measured.push_back({op, buildQuantizedCopy(op, *scratch, in->second,
                                                 out->second, symmetric)});
    }
    layers.push_back(layer);
  });

  // Values whose fp32 tensors the layers need.
  llvm::DenseMap<Value, Tensor> kept;
  llvm::DenseSet<Value> wanted;
  for (const MeasuredLayer &layer : measured) {
    wanted.insert(layer.layer->getOperand(0));
    wanted.insert(layer.layer->getResult(0));
  }
  int64_t done = 0;
  for (const std::vector<Tensor> &sample : samples) {
    kept.clear();
    for (auto [argument, tensor] : llvm::zip(function.getArguments(), sample))
      if (wanted.contains(argument))
        kept[argument] = tensor;
    reference::RunOptions run;
    auto keep = [&](Operation *op, ArrayRef<Tensor> results) {
      for (auto [result, tensor] : llvm::zip(op->getResults(), results))
        if (wanted.contains(result))
          kept[result] = tensor;
    };
    run.onOpEvaluated = keep;
    if (failed(reference::runFunction(function, sample, run)))
      return makeError("the reference interpreter failed on a calibration sample");
    for (MeasuredLayer &layer : measured) {
      const Tensor &input = kept[layer.layer->getOperand(0)];
      const Tensor &expected = kept[layer.layer->getResult(0)];
      FailureOr<SmallVector<Tensor>> output =
          reference::runFunction(layer.quantized, {input}, {});
      if (failed(output))
        return makeError("the reference interpreter failed on the int8 copy of '" +
                         keys.lookup(layer.layer->getResult(0)) + "'");
      const std::vector<double> &got = (*output)[0].floats();
      const std::vector<double> &want = expected.floats();
      for (size_t i = 0; i < want.size(); ++i) {
        layer.signal += want[i] * want[i];
        layer.noise += (want[i] - got[i]) * (want[i] - got[i]);
      }
    }
    if (onProgress)
      onProgress(++done, int64_t(samples.size()));
  }

  size_t next = 0;
  for (LayerPrecision &layer : layers) {
    if (!layer.reason.empty())
      continue; // uncalibrated
    const MeasuredLayer &measurement = measured[next++];
    layer.measured = true;
    // An exact layer (noise 0) gets a finite, large figure for the table.
    layer.sqnrDb = measurement.noise > 0
                       ? 10.0 * std::log10(std::max(measurement.signal, 1e-300) /
                                           measurement.noise)
                       : 200.0;
  }
  return layers;
}

void mlir::npu::driver::chooseLayerPrecisions(std::vector<LayerPrecision> &layers,
                                              double minSqnrDb, double fp16Budget) {
  int64_t totalMacs = 0;
  std::vector<LayerPrecision *> candidates;
  for (LayerPrecision &layer : layers) {
    totalMacs += layer.macs;
    if (!layer.measured)
      continue;
    layer.int8 = true;
    layer.reason = "at or above the threshold";
    if (layer.sqnrDb < minSqnrDb)
      candidates.push_back(&layer);
  }
  // Worst first; equal SQNRs by position, so the choice is deterministic.
  std::sort(candidates.begin(), candidates.end(),
            [](const LayerPrecision *a, const LayerPrecision *b) {
              return std::make_pair(a->sqnrDb, a) < std::make_pair(b->sqnrDb, b);
            });
  double budget = fp16Budget * double(totalMacs);
  double spent = 0;
  for (LayerPrecision *layer : candidates) {
    if (spent + double(layer->macs) <= budget) {
      spent += double(layer->macs);
      layer->int8 = false;
      layer->reason = "below the threshold, within the fp16 budget";
    } else {
      layer->reason = "below the threshold, but fp16 would exceed the budget";
    }
  }
}

llvm::Expected<std::map<std::string, bool>>
mlir::npu::driver::readLayerPrecisionFile(StringRef path) {
  auto buffer = readRegularFile(path, kMaxTextFileBytes, "precision table",
                                /*isText=*/true);
  if (!buffer)
    return buffer.takeError();
  return parseLayerPrecisionTable((*buffer)->getBuffer(), path);
}

llvm::Expected<std::map<std::string, bool>>
mlir::npu::driver::parseLayerPrecisionTable(StringRef text, StringRef path) {
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(text);
  if (!parsed)
    return makeError("precision table '" + path + "' is not JSON: " +
                     llvm::toString(parsed.takeError()));
  const llvm::json::Object *root = parsed->getAsObject();
  const llvm::json::Object *entries = root ? root->getObject("layers") : nullptr;
  if (!entries)
    return makeError("precision table '" + path +
                     "' needs an object \"layers\": {\"<ONNX node>\": \"int8\" | "
                     "\"fp16\" | {\"precision\": ...}}");
  std::map<std::string, bool> precisions;
  for (const auto &[name, value] : *entries) {
    std::optional<StringRef> precision = value.getAsString();
    if (const llvm::json::Object *entry = value.getAsObject())
      precision = entry->getString("precision");
    if (!precision || (*precision != "int8" && *precision != "fp16"))
      return makeError("precision table '" + path + "': layer '" + name.str() +
                       "' needs precision \"int8\" or \"fp16\"");
    precisions[name.str()] = *precision == "int8";
  }
  return precisions;
}

llvm::Error mlir::npu::driver::writeLayerPrecisionFile(
    ArrayRef<LayerPrecision> layers, const CompileOptions &options,
    StringRef modelPath, StringRef path) {
  llvm::json::Object entries;
  int64_t int8Macs = 0, totalMacs = 0;
  for (const LayerPrecision &layer : layers) {
    llvm::json::Object entry{{"precision", layer.int8 ? "int8" : "fp16"},
                             {"op", layer.op},
                             {"macs", layer.macs},
                             {"reason", layer.reason}};
    if (layer.measured)
      entry["sqnr_db"] = std::round(layer.sqnrDb * 100) / 100;
    entries[layer.layer] = std::move(entry);
    totalMacs += layer.macs;
    if (layer.int8)
      int8Macs += layer.macs;
  }
  llvm::json::Object root{
      {"format", "npu-precision-table"},
      {"version", 1},
      {"model", modelPath},
      {"min_sqnr_db", options.mixedMinSqnrDb},
      {"fp16_budget", options.mixedFp16Budget},
      {"int8_mac_share", totalMacs ? double(int8Macs) / double(totalMacs) : 0.0},
      {"layers", std::move(entries)}};
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
  return writeFileAtomically(path, text);
}
