//===- Compiler.h - the ONNX-to-artifact pipeline as a library ---*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The stages npu-compile runs (docs/pipeline.md), callable one by one so
// that tools (npu-compile, npu-compare), the Python package and vendor SDKs
// share one pipeline:
//
//   importModel -> runGraphPasses -> quantizeModel (int8, mixed)
//               -> runPrecisionPasses           (the graph npu-run --reference runs)
//               -> lowerToHardware -> emitArtifact
//
// Errors are llvm::Errors. Problems located in the model are reported as
// MLIR diagnostics first (naming the ONNX node); the Error is then a
// ReportedError, which a tool prints nothing more for.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_DRIVER_COMPILER_H
#define NPU_DRIVER_COMPILER_H

#include "npu/Quantization/Calibration.h"
#include "npu/Runtime/Artifact.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mlir {
class DialectRegistry;
class MLIRContext;
class PassManager;
} // namespace mlir

namespace mlir::npu::driver {

enum class Precision { FP16, Int8, Mixed };
std::optional<Precision> parsePrecision(llvm::StringRef name);
llvm::StringRef getPrecisionName(Precision precision);

struct CompileOptions {
  /// Target preset ("edge", "server") or a target JSON file.
  std::string target = "edge";
  Precision precision = Precision::FP16;
  /// Static shapes of graph inputs, "NAME=1x3x224x224".
  std::vector<std::string> inputShapes;

  // int8 and mixed.
  /// Calibration samples (docs/quantization.md); calibrating writes
  /// `calibrationTable`.
  std::string calibrationDir;
  /// The calibration table: written after calibrating, read without samples.
  std::string calibrationTable;
  calibration::CalibrationMethod calibrationMethod =
      calibration::CalibrationMethod::MinMax;
  double percentile = 99.99;
  bool symmetricActivations = false;
  /// Per-layer precision overrides (a precision table, docs/quantization.md).
  std::string layerPrecisionFile;
  /// Mixed: layers whose int8 output measures below this SQNR (dB) against
  /// fp32 are fp16 candidates...
  double mixedMinSqnrDb = 35.0;
  /// ...of which the least accurate stay fp16 while their multiply-
  /// accumulates stay within this share of all quantizable ones.
  double mixedFp16Budget = 0.25;
  /// Mixed: where the measured table and the choices are written.
  std::string precisionTableOut;

  int64_t padChannels = 0;
  double sramFraction = 0.875;
  bool layerGroups = true;

  /// Applied to every pass manager the stages create (the CLI's
  /// --mlir-print-ir-* and timing flags).
  std::function<LogicalResult(PassManager &)> configurePassManager;
  /// Progress of long stages ("calibrating", "measuring layers").
  std::function<void(llvm::StringRef stage, int64_t done, int64_t total)>
      onProgress;
};

/// The error of a stage whose cause has already been reported as
/// diagnostics.
class ReportedError : public llvm::ErrorInfo<ReportedError> {
public:
  static char ID;
  void log(llvm::raw_ostream &os) const override;
  std::error_code convertToErrorCode() const override;
};

/// The dialects every stage needs, and the reference evaluations of npu ops
/// (calibration and the accuracy tools run the interpreter).
void registerCompilerDialects(DialectRegistry &registry);

/// Imports an ONNX file with `options.inputShapes`.
llvm::Expected<OwningOpRef<ModuleOp>>
importModel(llvm::StringRef path, const CompileOptions &options,
            MLIRContext &context);

/// Canonicalization, norm and GELU raising, BatchNorm folding, activation
/// fusion, channel padding.
llvm::Error runGraphPasses(ModuleOp module, const CompileOptions &options);

/// One layer's measurement and choice under --precision mixed.
struct LayerPrecision {
  std::string layer; // calibration-table key (the ONNX node name)
  std::string op;    // "npu.conv2d", ...
  int64_t macs = 0;
  double sqnrDb = 0; // int8 layer vs fp32 on the calibration samples
  bool measured = false;
  bool int8 = true;
  std::string reason;
};

/// What quantizeModel did, for the driver to print.
struct QuantizationSummary {
  std::string calibrationTable; // the table used (written or read)
  bool calibrated = false;      // calibrated now (not read)
  int64_t calibratedTensors = 0, samples = 0;
  std::vector<LayerPrecision> layers; // mixed and overrides
  std::string precisionTable;         // where `layers` was written
};

/// int8 and mixed: calibrates (or reads the table), measures and chooses
/// per-layer precisions (mixed), applies overrides, runs npu-quantize.
/// `outputPath` names default table files. A no-op for fp16.
llvm::Error quantizeModel(ModuleOp module, const CompileOptions &options,
                          llvm::StringRef modelPath, llvm::StringRef outputPath,
                          QuantizationSummary &summary);

/// npu-convert-precision to fp16 and canonicalization: the result is the
/// graph `npu-compile --emit graph` writes.
llvm::Error runPrecisionPasses(ModuleOp module, const CompileOptions &options);

/// The npu-hw-pipeline: npu-lower-to-npuhw, npuhw-plan-memory, npuhw-schedule.
llvm::Error lowerToHardware(ModuleOp module, const CompileOptions &options);

/// The graph after runPrecisionPasses as MLIR text with its ONNX node
/// locations, written atomically (`npu-compile --emit graph`).
llvm::Error writeGraphFile(ModuleOp module, llvm::StringRef path);

/// The lowered module's artifact (emitArtifact), written atomically to
/// `path`; `producer` names the tool in it.
llvm::Expected<runtime::Artifact> writeArtifactFor(ModuleOp module,
                                                   llvm::StringRef producer,
                                                   llvm::StringRef path);

/// All stages from a graph after runGraphPasses to the lowered module.
llvm::Error compileGraph(ModuleOp module, const CompileOptions &options,
                         llvm::StringRef modelPath, llvm::StringRef outputPath,
                         QuantizationSummary &summary);

//===----------------------------------------------------------------------===//
// Mixed precision (MixedPrecision.cpp)
//===----------------------------------------------------------------------===//

/// Measures every quantizable layer of the fp32 `function` in isolation: on
/// each sample the layer, quantized as npu-quantize would with `table`'s
/// ranges, reads the fp32 input the full model computes, and its
/// dequantized output is compared with the fp32 one (SQNR over all
/// samples).
llvm::Expected<std::vector<LayerPrecision>> measureLayerSensitivity(
    func::FuncOp function, const calibration::CalibrationTable &table,
    llvm::ArrayRef<std::vector<reference::Tensor>> samples, bool symmetric,
    const std::function<void(int64_t, int64_t)> &onProgress);

/// Keeps in fp16 the least accurate layers measuring below `minSqnrDb`,
/// while their MACs stay within `fp16Budget` of the total.
void chooseLayerPrecisions(std::vector<LayerPrecision> &layers,
                           double minSqnrDb, double fp16Budget);

/// A precision table: per-layer "int8" / "fp16" by layer key.
llvm::Expected<std::map<std::string, bool>>
readLayerPrecisionFile(llvm::StringRef path);
/// The table in `text` (a file's contents); `path` names it in errors.
llvm::Expected<std::map<std::string, bool>>
parseLayerPrecisionTable(llvm::StringRef text, llvm::StringRef path);
llvm::Error writeLayerPrecisionFile(llvm::ArrayRef<LayerPrecision> layers,
                                    const CompileOptions &options,
                                    llvm::StringRef modelPath,
                                    llvm::StringRef path);

} // namespace mlir::npu::driver

#endif // NPU_DRIVER_COMPILER_H
