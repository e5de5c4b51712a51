//===- OnnxImporter.h - ONNX models into the npu dialect --------*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The front door of the compiler: an ONNX model (a file or bytes) becomes a
// module with one `func.func @main` in the npu dialect, or the import fails
// with MLIR diagnostics that name the ONNX node, the op and what to try.
//
//   MLIRContext context;
//   OnnxImportOptions options;
//   options.inputShapes["input"] = {1, 3, 224, 224};
//   FailureOr<OwningOpRef<ModuleOp>> module =
//       importOnnxFile("model.onnx", options, context);
//
//===----------------------------------------------------------------------===//

#ifndef NPU_IMPORTER_ONNXIMPORTER_H
#define NPU_IMPORTER_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringMap.h"

#include <string>
#include <vector>

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace mlir::npu {

struct OnnxImportOptions {
  /// Static shapes for graph inputs, by name; required for inputs with
  /// symbolic dimensions. A given shape must fit the declared one (same rank,
  /// equal sizes wherever the model states one).
  llvm::StringMap<SmallVector<int64_t>> inputShapes;
  /// Directory against which external-data locations resolve; defaults to
  /// the model file's directory (importOnnxFile) or the working directory
  /// (importOnnxBytes). Locations may not leave it.
  std::string externalDataDirectory;
  /// Initializers larger than this many bytes become `dense_resource`
  /// constants that share the loaded bytes instead of copying them per
  /// element; smaller ones become `dense` (and fold).
  int64_t resourceThresholdBytes = 4096;
  /// Run ONNX's own shape inference (strict) and cross-check every result
  /// shape the importer infers against it.
  bool checkWithOnnxShapeInference = true;
};

/// Imports the model at `path`. Diagnostics go to `context`'s handler.
FailureOr<OwningOpRef<ModuleOp>>
importOnnxFile(StringRef path, const OnnxImportOptions &options,
               MLIRContext &context);

/// Imports a serialized ModelProto; `modelName` is used in locations.
FailureOr<OwningOpRef<ModuleOp>>
importOnnxBytes(StringRef bytes, StringRef modelName,
                const OnnxImportOptions &options, MLIRContext &context);

/// Parses `name=1x3x224x224` into `options.inputShapes`; returns an error
/// message, or an empty string on success.
std::string parseInputShapeOption(StringRef text, OnnxImportOptions &options);

/// Registers the dialects an imported module uses.
void registerOnnxImportDialects(DialectRegistry &registry);

/// One row of the importer's op registry, for docs and tools.
struct OnnxOpSupportInfo {
  std::string opType;
  int64_t minOpset;
  std::string notes;
};
/// Every ONNX op (default domain) the importer converts, sorted by name.
std::vector<OnnxOpSupportInfo> getSupportedOnnxOps();
/// The opsets of the default domain the importer accepts.
constexpr int64_t kMinOnnxOpset = 7;
constexpr int64_t kMaxOnnxOpset = 17;

} // namespace mlir::npu

#endif // NPU_IMPORTER_ONNXIMPORTER_H
