//===- Diagnostics.h - diagnostics that name the ONNX node ------*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Imported ops are located at NameLoc("<node>", FileLineColLoc("model.onnx")).
// MLIR's default printer shows only the file; npu-mlir's tools print
//
//   model.onnx: node '/layer1/conv1/Conv': error: 'npu.conv2d' op ...
//   model.mlir:12:8: node 'conv1': error: ...
//
//===----------------------------------------------------------------------===//

#ifndef NPU_SUPPORT_DIAGNOSTICS_H
#define NPU_SUPPORT_DIAGNOSTICS_H

#include "mlir/IR/Diagnostics.h"

#include <functional>
#include <memory>
#include <string>

namespace mlir::npu {

/// The ONNX node a location names: the NameLoc names in it (fused locations
/// joined with '+'), or "" if there are none.
std::string getOnnxNodeName(Location loc);

/// What one diagnostic may print: lines are cut at kMaxDiagnosticLineBytes
/// and notes past kMaxDiagnosticNotes are counted, not printed, so a failing
/// compile's stderr stays a few KB whatever the model.
constexpr size_t kMaxDiagnosticLineBytes = 2048;
constexpr size_t kMaxDiagnosticNotes = 16;

/// Prints diagnostics (and their notes) to stderr naming the file, line and
/// column when known, and the ONNX node. Turns off MLIR's dump of the
/// failing operation in `context` (a whole function after tiling).
std::unique_ptr<ScopedDiagnosticHandler>
installNodeDiagnosticHandler(MLIRContext &context);

/// The same lines, one call of `sink` per diagnostic and per note, for
/// callers that collect them (the Python package raises them).
using DiagnosticSink =
    std::function<void(DiagnosticSeverity severity, const std::string &line)>;
std::unique_ptr<ScopedDiagnosticHandler>
installNodeDiagnosticHandler(MLIRContext &context, DiagnosticSink sink);

} // namespace mlir::npu

#endif // NPU_SUPPORT_DIAGNOSTICS_H
