//===- Npy.h - NumPy .npy arrays in and out ---------------------*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Tensors enter and leave npu-run (reference interpreter and simulator) as
// .npy files named after the model's inputs and outputs. The reader checks
// every field of the header and the data size before trusting them; the
// writer replaces files atomically.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_SUPPORT_NPY_H
#define NPU_SUPPORT_NPY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir::npu {

/// The element types npu-mlir exchanges (NumPy names in comments).
enum class NpyDType {
  Float32, // <f4
  Float16, // <f2
  Float64, // <f8
  Int8,    // |i1
  UInt8,   // |u1
  Int32,   // <i4
  Int64,   // <i8
  Bool,    // |b1
};

/// Bytes per element.
size_t npyItemSize(NpyDType dtype);
/// NumPy's name for it: "float32", "int64", ...
llvm::StringRef npyTypeName(NpyDType dtype);

/// A C-ordered, little-endian array.
struct NpyArray {
  NpyDType dtype = NpyDType::Float32;
  std::vector<int64_t> shape;
  std::vector<uint8_t> data;

  int64_t numElements() const;
  template <typename T> const T *as() const {
    return reinterpret_cast<const T *>(data.data());
  }
  template <typename T> T *as() { return reinterpret_cast<T *>(data.data()); }
};

/// Parses the bytes of a .npy file; `name` is used in error messages.
llvm::Expected<NpyArray> parseNpy(llvm::StringRef bytes, llvm::StringRef name);
/// Reads a .npy file.
llvm::Expected<NpyArray> readNpy(llvm::StringRef path);
/// The bytes of a .npy file (format version 1.0).
std::string serializeNpy(const NpyArray &array);
/// Writes a .npy file atomically: to a temporary file, then renamed.
llvm::Error writeNpy(llvm::StringRef path, const NpyArray &array);

/// "1x3x224x224" (or "scalar").
std::string formatShape(llvm::ArrayRef<int64_t> shape);

} // namespace mlir::npu

#endif // NPU_SUPPORT_NPY_H
