//===- npu-compile.cpp - ONNX model to NPU artifact ------------------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
//   npu-compile model.onnx -o model.npub --target edge|server|FILE.json
//               --precision fp16|int8|mixed [--input-shape NAME=1x3x224x224 ...]
//               [--calibration DIR] [--calibration-table FILE]
//               [--layer-precision FILE] [--mixed-min-sqnr DB]
//               [--mixed-fp16-budget F] [--emit artifact|graph] [--pad-channels N]
//
// Runs the whole pipeline of docs/pipeline.md (lib/Driver): the ONNX
// importer, the graph passes, calibration and quantization, npu-tile-and-
// lower, npuhw-plan-memory, npuhw-schedule and the artifact emitter. Every
// stage is an npu-opt pass, so MLIR's pass-manager flags work here too
// (--mlir-print-ir-after-all, --mlir-timing, ...).
// The artifact is written atomically and is byte-identical for identical
// inputs.
//
//===----------------------------------------------------------------------===//

#include "dialects/npu/NpuDialect.h"
#include "dialects/npuhw/NpuHwDialect.h"
#include "npu/Driver/Compiler.h"
#include "npu/Quantization/Calibration.h"
#include "npu/Runtime/Artifact.h"
#include "npu/Support/Diagnostics.h"
#include "npu/Target/TargetDescription.h"
#include "npu/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>

using namespace mlir;
namespace cl = llvm::cl;

// Only these are listed by --help; LLVM's and MLIR's own options stay
// accepted (--help-hidden lists them).
static cl::OptionCategory compileOptions("npu-compile options");

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model.onnx>"),
                                      cl::Required, cl::cat(compileOptions));
static cl::opt<std::string> outputFile("o", cl::desc("Output artifact (.npub)"),
                                       cl::value_desc("file"), cl::Required,
                                       cl::cat(compileOptions));
static cl::opt<std::string> targetName(
    "target", cl::desc("Target preset (edge, server) or a target JSON file"),
    cl::init("edge"), cl::cat(compileOptions));
static cl::opt<std::string> precision(
    "precision", cl::desc("Compute precision: fp16; int8 (convolutions and "
                          "fully connected layers; the rest in fp16); mixed "
                          "(int8, with the layers int8 hurts most in fp16)"),
    cl::init("fp16"), cl::cat(compileOptions));
static cl::opt<std::string> layerPrecisionFile(
    "layer-precision",
    cl::desc("Per-layer precisions that override the choice of int8 or "
             "mixed: a precision table (docs/quantization.md)"),
    cl::value_desc("file.json"), cl::cat(compileOptions));
static cl::opt<double> mixedMinSqnr(
    "mixed-min-sqnr",
    cl::desc("--precision mixed: layers whose int8 output measures below this "
             "SQNR (dB) against fp32 are candidates for fp16"),
    cl::init(35.0), cl::cat(compileOptions));
static cl::opt<double> mixedFp16Budget(
    "mixed-fp16-budget",
    cl::desc("--precision mixed: largest share of the quantizable multiply-"
             "accumulates the fp16 layers may take"),
    cl::init(0.25), cl::cat(compileOptions));
static cl::opt<std::string> precisionTableOut(
    "precision-table",
    cl::desc("--precision mixed: where to write the measured layers and the "
             "choices (default <output>.precision.json)"),
    cl::value_desc("file.json"), cl::cat(compileOptions));
static cl::opt<std::string> calibrationDir(
    "calibration",
    cl::desc("Directory of calibration samples for --precision int8: "
             "<input>.npy (samples stacked on dimension 0) or <input>/*.npy"),
    cl::value_desc("dir"), cl::cat(compileOptions));
static cl::opt<std::string> calibrationTable(
    "calibration-table",
    cl::desc("Calibration table: written after calibrating with "
             "--calibration (default <output>.calibration.json), read and "
             "reused without it"),
    cl::value_desc("file.json"), cl::cat(compileOptions));
static cl::opt<std::string> calibrationMethod(
    "calibration-method",
    cl::desc("How observed values become ranges: minmax, percentile, entropy "
             "(KL) or mse"),
    cl::init("minmax"), cl::cat(compileOptions));
static cl::opt<double> calibrationPercentile(
    "percentile", cl::desc("Percentile of |x| kept by --calibration-method "
                           "percentile"),
    cl::init(99.99), cl::cat(compileOptions));
static cl::opt<bool> symmetricActivations(
    "symmetric-activations",
    cl::desc("Quantize activations symmetrically (zero point 0)"),
    cl::cat(compileOptions));
static cl::opt<std::string> emitKind(
    "emit",
    cl::desc("What to write: artifact (the .npub, default) or graph (the "
             "npu-dialect IR after the graph and precision passes, which "
             "npu-run --reference runs)"),
    cl::init("artifact"), cl::cat(compileOptions));
static cl::list<std::string> inputShapes(
    "input-shape",
    cl::desc("Static shape of a graph input: NAME=D0xD1x... (repeatable)"),
    cl::value_desc("name=shape"), cl::cat(compileOptions));
static cl::opt<double> sramFraction(
    "sram-fraction",
    cl::desc("Share of SRAM tiling may plan for (the rest absorbs the "
             "planner's fragmentation)"),
    cl::init(0.875), cl::cat(compileOptions));
static cl::opt<std::string> reportFile(
    "report", cl::desc("Write a JSON summary of the compilation (commands, "
                       "memory plan, compile time) to this file"),
    cl::value_desc("file.json"), cl::cat(compileOptions));
static cl::opt<int64_t> padChannels(
    "pad-channels",
    cl::desc("Pad convolution channels to multiples of N (npu-pad-channels; "
             "for silicon that needs it, the simulated NPU does not)"),
    cl::value_desc("N"), cl::init(0), cl::cat(compileOptions));
static cl::opt<bool> quiet("quiet", cl::desc("Print nothing on success"),
                           cl::cat(compileOptions));

static std::string formatBytes(uint64_t bytes) {
  char text[32];
  if (bytes >= (1u << 20))
    snprintf(text, sizeof text, "%.2f MiB", bytes / 1048576.0);
  else if (bytes >= 1024)
    snprintf(text, sizeof text, "%.1f KiB", bytes / 1024.0);
  else
    snprintf(text, sizeof text, "%llu B", static_cast<unsigned long long>(bytes));
  return text;
}

/// A progress bar on a terminal; nothing in logs.
static void drawProgress(StringRef stage, int64_t done, int64_t total) {
  if (!llvm::sys::Process::StandardErrIsDisplayed() || quiet)
    return;
  constexpr int width = 30;
  int filled = int(width * done / total);
  llvm::errs() << "\r" << stage << " [" << std::string(filled, '#')
               << std::string(width - filled, ' ') << "] " << done << "/" << total
               << (done == total ? "\n" : "");
}

/// What --precision mixed chose, one line per fp16 layer.
static void printLayerPrecisions(const npu::driver::QuantizationSummary &summary) {
  int64_t int8Layers = 0, macs = 0, int8Macs = 0;
  for (const npu::driver::LayerPrecision &layer : summary.layers) {
    macs += layer.macs;
    if (layer.int8) {
      ++int8Layers;
      int8Macs += layer.macs;
    }
  }
  llvm::outs() << "layer precisions: " << int8Layers << " of " << summary.layers.size()
               << " layers int8 ("
               << llvm::format("%.1f", macs ? 100.0 * int8Macs / macs : 0.0)
               << " % of their MACs)";
  if (!summary.precisionTable.empty())
    llvm::outs() << " -> " << summary.precisionTable;
  llvm::outs() << "\n";
  for (const npu::driver::LayerPrecision &layer : summary.layers) {
    if (layer.int8)
      continue;
    llvm::outs() << "  fp16 " << layer.layer;
    if (layer.measured)
      llvm::outs() << " (int8 " << llvm::format("%.1f", layer.sqnrDb) << " dB)";
    llvm::outs() << ": " << layer.reason << "\n";
  }
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  // Pass names for --mlir-print-ir-after=NAME and friends (before the
  // pass-manager options, whose parsers list them).
  registerTransformsPasses();
  npu::registerNpuTransformsPasses();
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  registerDefaultTimingManagerCLOptions();
  cl::HideUnrelatedOptions(compileOptions);
  cl::ParseCommandLineOptions(
      argc, argv,
      "npu-mlir compiler: ONNX model -> NPU artifact (docs/pipeline.md)\n");
  auto start = std::chrono::steady_clock::now();
  auto fail = [](const Twine &message) {
    llvm::errs() << "npu-compile: error: " << message << "\n";
    return 1;
  };

  if (precision == "fp32")
    return fail("--precision fp32 is not supported: the matrix engine has no "
                "fp32 multiply-accumulate (int8 and fp16 only). Use --precision "
                "fp16; accuracy against fp32 is in docs/pipeline.md");
  std::optional<npu::driver::Precision> chosenPrecision =
      npu::driver::parsePrecision(precision);
  if (!chosenPrecision)
    return fail("unknown --precision '" + precision + "' (fp16, int8, mixed, fp32)");
  if (emitKind != "artifact" && emitKind != "graph")
    return fail("unknown --emit '" + emitKind + "' (artifact, graph)");
  if (emitKind == "graph" && !reportFile.empty())
    return fail("--report describes an artifact; it does not apply to --emit graph");
  std::optional<npu::calibration::CalibrationMethod> method =
      npu::calibration::parseCalibrationMethod(calibrationMethod);
  if (!method)
    return fail("unknown --calibration-method '" + calibrationMethod +
                "' (minmax, percentile, entropy, mse)");
  if (!(calibrationPercentile > 50.0 && calibrationPercentile <= 100.0))
    return fail("--percentile must be in (50, 100]");
  if (!(sramFraction > 0.0 && sramFraction <= 1.0))
    return fail("--sram-fraction must be in (0, 1], got " +
                std::to_string(sramFraction.getValue()));
  if (padChannels < 0)
    return fail("--pad-channels must be positive (or 0: no padding)");
  bool quantized = *chosenPrecision != npu::driver::Precision::FP16;
  if (!quantized && (!calibrationDir.empty() || !calibrationTable.empty() ||
                     !layerPrecisionFile.empty()))
    return fail("--calibration, --calibration-table and --layer-precision apply "
                "to --precision int8 and mixed");
  if (quantized && calibrationDir.empty() && calibrationTable.empty())
    return fail("--precision " + precision + " needs activation ranges: give "
                "--calibration DIR (samples of every input) or "
                "--calibration-table FILE (a table an earlier calibration wrote)");
  if (*chosenPrecision == npu::driver::Precision::Mixed && calibrationDir.empty())
    return fail("--precision mixed measures each layer on calibration samples: "
                "give --calibration DIR (a table alone holds ranges, not the "
                "layers' errors)");
  if (!(mixedFp16Budget >= 0.0 && mixedFp16Budget <= 1.0))
    return fail("--mixed-fp16-budget must be in [0, 1]");
  if (*chosenPrecision != npu::driver::Precision::Mixed &&
      (!precisionTableOut.empty() || mixedMinSqnr.getNumOccurrences() ||
       mixedFp16Budget.getNumOccurrences()))
    return fail("--precision-table, --mixed-min-sqnr and --mixed-fp16-budget "
                "apply to --precision mixed");
  llvm::Expected<npu::TargetDescription> target = npu::loadTarget(targetName);
  if (!target)
    return fail(llvm::toString(target.takeError()));

  npu::driver::CompileOptions options;
  options.target = targetName;
  options.precision = *chosenPrecision;
  options.inputShapes.assign(inputShapes.begin(), inputShapes.end());
  options.calibrationDir = calibrationDir;
  options.calibrationTable = calibrationTable;
  options.calibrationMethod = *method;
  options.percentile = calibrationPercentile;
  options.symmetricActivations = symmetricActivations;
  options.layerPrecisionFile = layerPrecisionFile;
  options.mixedMinSqnrDb = mixedMinSqnr;
  options.mixedFp16Budget = mixedFp16Budget;
  options.precisionTableOut = precisionTableOut;
  options.padChannels = padChannels;
  options.sramFraction = sramFraction;
  options.configurePassManager = [](PassManager &pm) {
    if (failed(applyPassManagerCLOptions(pm)))
      return failure();
    applyDefaultTimingPassManagerCLOptions(pm);
    return success();
  };
  options.onProgress = drawProgress;
  // Errors the diagnostics already explained print nothing more.
  auto report = [&](llvm::Error error) {
    llvm::handleAllErrors(
        std::move(error), [](const npu::driver::ReportedError &) {},
        [&](const llvm::ErrorInfoBase &info) { fail(info.message()); });
    return 1;
  };

  DialectRegistry registry;
  npu::driver::registerCompilerDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  auto diagnostics = npu::installNodeDiagnosticHandler(context);

  auto module = npu::driver::importModel(inputFile, options, context);
  if (!module)
    return report(module.takeError());
  if (llvm::Error error = npu::driver::runGraphPasses(**module, options))
    return report(std::move(error));
  npu::driver::QuantizationSummary quantization;
  if (llvm::Error error = npu::driver::quantizeModel(
          **module, options, inputFile, outputFile, quantization))
    return report(std::move(error));
  if (!quiet && quantization.calibrated)
    llvm::outs() << "calibrated " << quantization.calibratedTensors
                 << " tensors on " << quantization.samples << " samples ("
                 << npu::calibration::getCalibrationMethodName(*method) << ") -> "
                 << quantization.calibrationTable << "\n";
  if (!quiet && !quantization.layers.empty())
    printLayerPrecisions(quantization);
  if (llvm::Error error = npu::driver::runPrecisionPasses(**module, options))
    return report(std::move(error));
  if (emitKind == "graph") {
    if (llvm::Error error = npu::driver::writeGraphFile(**module, outputFile))
      return report(std::move(error));
    if (!quiet)
      llvm::outs() << "wrote the " << precision << " graph of " << inputFile
                   << " to " << outputFile << "\n";
    return 0;
  }
  if (llvm::Error error = npu::driver::lowerToHardware(**module, options))
    return report(std::move(error));

  llvm::Expected<npu::runtime::Artifact> artifact =
      npu::driver::writeArtifactFor(**module, "npu-compile (npu-mlir)", outputFile);
  if (!artifact)
    return report(artifact.takeError());
  double seconds = std::chrono::duration<double>(
                       std::chrono::steady_clock::now() - start)
                       .count();

  // What the user wants to know: where the work went and how memory was
  // planned.
  auto function = *(*module)->getOps<func::FuncOp>().begin();
  auto attr = [&](StringRef name) -> uint64_t {
    auto value = function->getAttrOfType<IntegerAttr>(name);
    return value ? value.getInt() : 0;
  };
  uint64_t commands = 0;
  std::string perQueue;
  llvm::json::Object queues;
  for (const npu::runtime::CommandQueue &queue : artifact->queues) {
    commands += queue.commands.size();
    perQueue += (perQueue.empty() ? "" : ", ") + queue.getName() + " " +
                std::to_string(queue.commands.size());
    queues[queue.getName()] = int64_t(queue.commands.size());
  }
  if (!quiet) {
    llvm::outs() << "compiled " << inputFile << " for " << target->name << " ("
                 << precision << ") in " << llvm::format("%.2f", seconds)
                 << " s -> " << outputFile << "\n"
                 << "  commands: " << commands << " (" << perQueue
                 << "); semaphores: " << attr("npuhw.semaphores") << "\n"
                 << "  DRAM: constants " << formatBytes(attr("npuhw.constant_bytes"))
                 << ", activations " << formatBytes(attr("npuhw.scratch_bytes"))
                 << " (lower bound " << formatBytes(attr("npuhw.scratch_lower_bound"))
                 << "); SRAM " << formatBytes(attr("npuhw.sram_bytes")) << " of "
                 << formatBytes(target->sram.bytes) << "\n";
    if (attr("npuhw.layer_groups"))
      llvm::outs() << "  layer groups: " << attr("npuhw.layer_groups") << " ("
                   << attr("npuhw.grouped_convs") << " convolutions), "
                   << formatBytes(attr("npuhw.on_chip_bytes"))
                   << " of intermediates kept on chip\n";
  }
  if (!reportFile.empty()) {
    llvm::json::Object report{
        {"model", inputFile.getValue()},
        {"target", target->name},
        {"precision", precision.getValue()},
        {"compile_seconds", seconds},
        {"commands", int64_t(commands)},
        {"queues", std::move(queues)},
        {"semaphores", int64_t(attr("npuhw.semaphores"))},
        {"constant_bytes", int64_t(attr("npuhw.constant_bytes"))},
        {"scratch_bytes", int64_t(attr("npuhw.scratch_bytes"))},
        {"scratch_lower_bound", int64_t(attr("npuhw.scratch_lower_bound"))},
        {"sram_bytes", int64_t(attr("npuhw.sram_bytes"))},
        {"layer_groups", int64_t(attr("npuhw.layer_groups"))},
        {"grouped_convs", int64_t(attr("npuhw.grouped_convs"))},
        {"on_chip_bytes", int64_t(attr("npuhw.on_chip_bytes"))},
        {"dram_bytes", int64_t(artifact->dramBytes)},
    };
    std::error_code ec;
    llvm::raw_fd_ostream os(reportFile, ec);
    if (ec)
      return fail("cannot write '" + reportFile + "': " + ec.message());
    os << llvm::formatv("{0:2}", llvm::json::Value(std::move(report))) << "\n";
  }
  return 0;
}
