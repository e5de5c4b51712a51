//===- Diagnostics.cpp - diagnostics that name the ONNX node --------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "npu/Support/Diagnostics.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;
using mlir::npu::kMaxDiagnosticLineBytes;
using mlir::npu::kMaxDiagnosticNotes;

std::string mlir::npu::getOnnxNodeName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc)) {
    std::string names;
    for (Location part : fused.getLocations()) {
      std::string name = getOnnxNodeName(part);
      if (!name.empty())
        names += (names.empty() ? "" : "+") + name;
    }
    return names;
  }
  if (auto callSite = dyn_cast<CallSiteLoc>(loc))
    return getOnnxNodeName(callSite.getCallee());
  return "";
}

static std::string formatOne(Diagnostic &diag, StringRef severity) {
  std::string place;
  diag.getLocation()->walk([&](Location loc) {
    if (auto file = dyn_cast<FileLineColLoc>(loc); file && place.empty()) {
      place = file.getFilename().str();
      if (file.getLine() != 0)
        place += ":" + std::to_string(file.getLine()) + ":" +
                 std::to_string(file.getColumn());
    }
    return WalkResult::advance();
  });
  std::string line = place.empty() ? std::string("<unknown>") : place;
  if (std::string node = npu::getOnnxNodeName(diag.getLocation()); !node.empty())
    line += ": node '" + node + "'";
  return line + ": " + severity.str() + ": " + diag.str();
}

static StringRef getSeverityName(DiagnosticSeverity severity) {
  switch (severity) {
  case DiagnosticSeverity::Error:
    return "error";
  case DiagnosticSeverity::Warning:
    return "warning";
  case DiagnosticSeverity::Remark:
    return "remark";
  case DiagnosticSeverity::Note:
    return "note";
  }
  return "note";
}

/// A user-facing line stays readable: an attribute or type printed into a
/// message (a large constant, say) is cut, saying how much was left out.
static std::string bounded(std::string line) {
  if (line.size() <= kMaxDiagnosticLineBytes)
    return line;
  size_t omitted = line.size() - kMaxDiagnosticLineBytes;
  line.resize(kMaxDiagnosticLineBytes);
  return line + " ... (" + std::to_string(omitted) + " more characters)";
}

std::unique_ptr<ScopedDiagnosticHandler>
mlir::npu::installNodeDiagnosticHandler(MLIRContext &context, DiagnosticSink sink) {
  // MLIR attaches the whole failing operation to a diagnostic by default; for
  // an error at a function that is the function, megabytes of IR after
  // tiling. Users get the ONNX node instead; npu-opt keeps the dump for
  // compiler developers.
  context.printOpOnDiagnostic(false);
  return std::make_unique<ScopedDiagnosticHandler>(
      &context, [sink = std::move(sink)](Diagnostic &diag) {
        sink(diag.getSeverity(),
             bounded(formatOne(diag, getSeverityName(diag.getSeverity()))));
        size_t shown = 0, notes = 0;
        for (Diagnostic &note : diag.getNotes()) {
          ++notes;
          if (shown < kMaxDiagnosticNotes) {
            sink(DiagnosticSeverity::Note, bounded(formatOne(note, "note")));
            ++shown;
          }
        }
        if (notes > shown)
          sink(DiagnosticSeverity::Note,
               "... and " + std::to_string(notes - shown) + " more notes");
        return success();
      });
}

std::unique_ptr<ScopedDiagnosticHandler>
mlir::npu::installNodeDiagnosticHandler(MLIRContext &context) {
  return installNodeDiagnosticHandler(
      context, [](DiagnosticSeverity, const std::string &line) {
        llvm::errs() << line << "\n";
      });
}
