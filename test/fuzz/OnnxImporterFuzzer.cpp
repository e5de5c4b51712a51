//===- OnnxImporterFuzzer.cpp - libFuzzer target for the ONNX importer ----===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Any byte string given to the importer must end in a module or in
// diagnostics: never a crash, a hang or an out-of-bounds read. Built as a
// libFuzzer binary with -DNPU_ENABLE_FUZZING=ON (clang), and always as
// `npu-fuzz-replay-onnx`, which runs the same entry point over files so the
// committed corpus of malformed models is a normal test.
//
//===----------------------------------------------------------------------===//

#include "npu/Importer/OnnxImporter.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mlir::DialectRegistry registry;
  mlir::npu::registerOnnxImportDialects(registry);
  mlir::MLIRContext context(registry);
  // Diagnostics are the expected outcome for most inputs; keep them quiet.
  mlir::ScopedDiagnosticHandler quiet(&context, [](mlir::Diagnostic &) {
    return mlir::success();
  });
  mlir::npu::OnnxImportOptions options;
  // External data is resolved in a directory that does not exist, so a
  // fuzzed location can never read real files.
  options.externalDataDirectory = "/nonexistent-npu-fuzz-directory";
  (void)mlir::npu::importOnnxBytes(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz.onnx",
      options, context);
  return 0;
}
