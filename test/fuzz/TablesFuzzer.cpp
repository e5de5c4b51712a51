//===- TablesFuzzer.cpp - libFuzzer target for calibration tables ---------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The JSON tables a user hands to an int8 compile (`--calibration-table`,
// `--layer-precision`) must end in a table or an error naming the file and
// the entry: never a crash or a hang. Every input goes to both readers. A
// calibration table that reads is written and read back, and must be the
// same table.
//
//===----------------------------------------------------------------------===//

#include "npu/Driver/Compiler.h"
#include "npu/Quantization/Calibration.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace mlir::npu;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  auto precisions = driver::parseLayerPrecisionTable(text, "fuzz.json");
  if (!precisions)
    llvm::consumeError(precisions.takeError());

  auto table = calibration::parseCalibrationTable(text, "fuzz.json");
  if (!table) {
    llvm::consumeError(table.takeError());
    return 0;
  }
  // Round trip through the writer (a file: that is its interface).
  static const std::string path = [] {
    llvm::SmallString<128> file;
    llvm::sys::fs::createTemporaryFile("npu-fuzz-table", "json", file);
    return std::string(file);
  }();
  if (llvm::Error error = calibration::writeCalibrationTable(*table, path)) {
    std::fprintf(stderr, "cannot write a table that was read: %s\n",
                 llvm::toString(std::move(error)).c_str());
    std::abort();
  }
  auto again = calibration::readCalibrationTable(path);
  if (!again) {
    std::fprintf(stderr, "a written table does not read back: %s\n",
                 llvm::toString(again.takeError()).c_str());
    std::abort();
  }
  if (again->ranges != table->ranges || again->method != table->method ||
      again->samples != table->samples) {
    std::fprintf(stderr, "a table changed through writing and reading\n");
    std::abort();
  }
  llvm::sys::fs::remove(path);
  return 0;
}
