//===- NpyFuzzer.cpp - libFuzzer target for the .npy reader ---------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Any bytes given as a .npy input must parse or give an error, and a parsed
// array must hold exactly the bytes its header claims.
//
//===----------------------------------------------------------------------===//

#include "npu/Support/Npy.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::Expected<mlir::npu::NpyArray> array = mlir::npu::parseNpy(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz.npy");
  if (!array) {
    llvm::consumeError(array.takeError());
    return 0;
  }
  size_t expected = static_cast<size_t>(array->numElements()) *
                    mlir::npu::npyItemSize(array->dtype);
  if (array->data.size() != expected)
    std::abort(); // the reader's own invariant
  // What parses must serialise and parse back to the same array.
  llvm::Expected<mlir::npu::NpyArray> again =
      mlir::npu::parseNpy(mlir::npu::serializeNpy(*array), "again.npy");
  if (!again || again->data != array->data || again->shape != array->shape)
    std::abort();
  return 0;
}
