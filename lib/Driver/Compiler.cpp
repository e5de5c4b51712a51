//===- Compiler.cpp - the ONNX-to-artifact pipeline as a library ----------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "npu/Driver/Compiler.h"
#include "npu/Driver/Pipelines.h"

#include "dialects/npu/NpuDialect.h"
#include "dialects/npuhw/NpuHwDialect.h"
#include "npu/Codegen/EmitArtifact.h"
#include "npu/Importer/OnnxImporter.h"
#include "npu/Reference/ReferenceOpInterface.h"
#include "npu/Support/AtomicFile.h"
#include "npu/Transforms/Passes.h"
#include "npu/Transforms/Quantize.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::driver;

char ReportedError::ID = 0;

void ReportedError::log(llvm::raw_ostream &os) const {
  os << "compilation failed (see the diagnostics above)";
}

std::error_code ReportedError::convertToErrorCode() const {
  return llvm::inconvertibleErrorCode();
}

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message.str());
}

std::optional<Precision> mlir::npu::driver::parsePrecision(StringRef name) {
  return llvm::StringSwitch<std::optional<Precision>>(name)
      .Case("fp16", Precision::FP16)
      .Case("int8", Precision::Int8)
      .Case("mixed", Precision::Mixed)
      .Default(std::nullopt);
}

StringRef mlir::npu::driver::getPrecisionName(Precision precision) {
  switch (precision) {
  case Precision::FP16:
    return "fp16";
  case Precision::Int8:
    return "int8";
  case Precision::Mixed:
    return "mixed";
  }
  llvm_unreachable("unknown precision");
}

void mlir::npu::driver::registerCompilerDialects(DialectRegistry &registry) {
  registerOnnxImportDialects(registry);
  registry.insert<NpuDialect, npuhw::NpuHwDialect, func::FuncDialect,
                  memref::MemRefDialect>();
  reference::registerReferenceInterfaces(registry); // calibration runs it
}

llvm::Expected<OwningOpRef<ModuleOp>>
mlir::npu::driver::importModel(StringRef path, const CompileOptions &options,
                               MLIRContext &context) {
  OnnxImportOptions importOptions;
  for (const std::string &shape : options.inputShapes) {
    std::string error = parseInputShapeOption(shape, importOptions);
    if (!error.empty())
      return makeError(error);
  }
  FailureOr<OwningOpRef<ModuleOp>> module = importOnnxFile(path, importOptions, context);
  if (failed(module))
    return llvm::make_error<ReportedError>();
  return std::move(*module);
}

/// Runs the passes `build` adds on `module` with the caller's pass-manager
/// configuration.
static llvm::Error runPasses(ModuleOp module, const CompileOptions &options,
                             llvm::function_ref<void(PassManager &)> build) {
  PassManager pm(module.getContext());
  if (options.configurePassManager && failed(options.configurePassManager(pm)))
    return makeError("invalid pass-manager options");
  build(pm);
  if (failed(pm.run(module)))
    return llvm::make_error<ReportedError>();
  return llvm::Error::success();
}

llvm::Error mlir::npu::driver::runGraphPasses(ModuleOp module,
                                              const CompileOptions &options) {
  if (options.padChannels < 0)
    return makeError("channel padding must be positive (or 0: no padding)");
  GraphPipelineOptions graph;
  graph.padChannels = options.padChannels;
  return runPasses(module, options,
                   [&](PassManager &pm) { buildGraphPipeline(pm, graph); });
}

static func::FuncOp getMainFunction(ModuleOp module) {
  auto functions = module.getOps<func::FuncOp>();
  return functions.empty() ? func::FuncOp() : *functions.begin();
}

llvm::Error mlir::npu::driver::quantizeModel(ModuleOp module,
                                             const CompileOptions &options,
                                             StringRef modelPath,
                                             StringRef outputPath,
                                             QuantizationSummary &summary) {
  if (options.precision == Precision::FP16) {
    if (!options.calibrationDir.empty() || !options.calibrationTable.empty() ||
        !options.layerPrecisionFile.empty())
      return makeError("calibration and per-layer precisions apply to int8 and "
                       "mixed precision, not fp16");
    return llvm::Error::success();
  }
  bool mixed = options.precision == Precision::Mixed;
  if (options.calibrationDir.empty() && options.calibrationTable.empty())
    return makeError("int8 needs activation ranges: give calibration samples "
                     "(--calibration DIR) or a table an earlier calibration "
                     "wrote (--calibration-table FILE)");
  if (mixed && options.calibrationDir.empty())
    return makeError("mixed precision measures each layer on calibration "
                     "samples: give --calibration DIR (a table alone holds "
                     "ranges, not the layers' errors)");
  func::FuncOp function = getMainFunction(module);
  if (!function)
    return makeError("the model has no function to quantize");

  // Ranges: calibrate on the samples, or read an earlier table.
  std::vector<std::vector<reference::Tensor>> samples;
  summary.calibrationTable = options.calibrationTable;
  if (!options.calibrationDir.empty()) {
    auto loaded = calibration::loadCalibrationSamples(function, options.calibrationDir);
    if (!loaded)
      return loaded.takeError();
    samples = std::move(*loaded);
    calibration::CalibrationOptions calibrationOptions;
    calibrationOptions.method = options.calibrationMethod;
    calibrationOptions.percentile = options.percentile;
    auto progress = [&](int64_t done, int64_t total) {
      if (options.onProgress)
        options.onProgress("calibrating", done, total);
    };
    calibrationOptions.onProgress = progress;
    auto table = calibration::calibrate(function, samples, calibrationOptions);
    if (!table)
      return table.takeError();
    table->model = modelPath.str();
    if (summary.calibrationTable.empty())
      summary.calibrationTable = (outputPath + ".calibration.json").str();
    if (llvm::Error error =
            calibration::writeCalibrationTable(*table, summary.calibrationTable))
      return error;
    summary.calibrated = true;
    summary.calibratedTensors = table->ranges.size();
    summary.samples = samples.size();
  }

  // Which layers stay float: measured (mixed), then the user's overrides.
  std::map<std::string, bool> overrides;
  if (!options.layerPrecisionFile.empty()) {
    auto read = readLayerPrecisionFile(options.layerPrecisionFile);
    if (!read)
      return read.takeError();
    overrides = std::move(*read);
  }
  std::vector<LayerPrecision> &layers = summary.layers;
  if (mixed) {
    auto table = calibration::readCalibrationTable(summary.calibrationTable);
    if (!table)
      return table.takeError();
    auto measured = measureLayerSensitivity(
        function, *table, samples, options.symmetricActivations,
        [&](int64_t done, int64_t total) {
          if (options.onProgress)
            options.onProgress("measuring layers", done, total);
        });
    if (!measured)
      return measured.takeError();
    layers = std::move(*measured);
    chooseLayerPrecisions(layers, options.mixedMinSqnrDb, options.mixedFp16Budget);
  } else if (!overrides.empty()) {
    llvm::DenseMap<Value, std::string> keys = calibration::getTensorKeys(function);
    function.walk([&](Operation *op) {
      if (!isQuantizableLayer(op))
        return;
      LayerPrecision layer;
      layer.layer = keys.lookup(op->getResult(0));
      layer.op = op->getName().getStringRef().str();
      layers.push_back(layer);
    });
  }
  if (!overrides.empty()) {
    llvm::StringSet<> known;
    for (LayerPrecision &layer : layers) {
      known.insert(layer.layer);
      auto found = overrides.find(layer.layer);
      if (found == overrides.end())
        continue;
      layer.int8 = found->second;
      layer.reason = "override (" + options.layerPrecisionFile + ")";
    }
    std::string unknown;
    for (const auto &[name, int8] : overrides)
      if (!known.contains(name))
        unknown += (unknown.empty() ? "'" : ", '") + name + "'";
    if (!unknown.empty()) {
      std::string examples;
      for (size_t i = 0; i < layers.size() && i < 3; ++i)
        examples += (i ? ", '" : "'") + layers[i].layer + "'";
      return makeError("'" + options.layerPrecisionFile + "' names layers the model does not have: " +
                       unknown + " (layers are convolutions and fully connected layers, by ONNX node name, e.g. " +
                       examples + ")");
    }
  }
  if (mixed) {
    summary.precisionTable = options.precisionTableOut.empty()
                                 ? (outputPath + ".precision.json").str()
                                 : options.precisionTableOut;
    if (llvm::Error error = writeLayerPrecisionFile(layers, options, modelPath,
                                                    summary.precisionTable))
      return error;
  }

  QuantizeOptions quantizeOptions;
  quantizeOptions.tablePath = summary.calibrationTable;
  quantizeOptions.symmetric = options.symmetricActivations;
  for (const LayerPrecision &layer : layers)
    if (!layer.int8)
      quantizeOptions.keepFloat.push_back(layer.layer);
  return runPasses(module, options, [&](PassManager &pm) {
    pm.nest<func::FuncOp>().addPass(createQuantize(quantizeOptions));
  });
}

llvm::Error mlir::npu::driver::runPrecisionPasses(ModuleOp module,
                                                  const CompileOptions &options) {
  return runPasses(module, options, [](PassManager &pm) {
    OpPassManager &graph = pm.nest<func::FuncOp>();
    graph.addPass(createConvertPrecision(ConvertPrecisionOptions{"fp16"}));
    graph.addPass(createCanonicalizerPass());
  });
}

llvm::Error mlir::npu::driver::lowerToHardware(ModuleOp module,
                                               const CompileOptions &options) {
  if (!(options.sramFraction > 0.0 && options.sramFraction <= 1.0))
    return makeError("the SRAM fraction must be in (0, 1], got " +
                     std::to_string(options.sramFraction));
  LoweringPipelineOptions lowering;
  lowering.target = options.target;
  lowering.sramFraction = options.sramFraction;
  lowering.layerGroups = options.layerGroups;
  return runPasses(module, options,
                   [&](PassManager &pm) { buildHwPipeline(pm, lowering); });
}

llvm::Error mlir::npu::driver::writeGraphFile(ModuleOp module, StringRef path) {
  std::string text;
  llvm::raw_string_ostream os(text);
  OpPrintingFlags flags;
  flags.enableDebugInfo(/*enable=*/true, /*prettyForm=*/false);
  module->print(os, flags);
  return writeFileAtomically(path, text);
}

llvm::Expected<runtime::Artifact>
mlir::npu::driver::writeArtifactFor(ModuleOp module, StringRef producer, StringRef path) {
  FailureOr<runtime::Artifact> artifact = emitArtifact(module, producer);
  if (failed(artifact))
    return llvm::make_error<ReportedError>();
  if (llvm::Error error = runtime::writeArtifactFile(*artifact, path))
    return std::move(error);
  return std::move(*artifact);
}

llvm::Error mlir::npu::driver::compileGraph(ModuleOp module,
                                            const CompileOptions &options,
                                            StringRef modelPath,
                                            StringRef outputPath,
                                            QuantizationSummary &summary) {
  if (llvm::Error error =
          quantizeModel(module, options, modelPath, outputPath, summary))
    return error;
  if (llvm::Error error = runPrecisionPasses(module, options))
    return error;
  return lowerToHardware(module, options);
}
