//===- AtomicFile.h - write a whole file or nothing -------------*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_SUPPORT_ATOMICFILE_H
#define NPU_SUPPORT_ATOMICFILE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

namespace mlir::npu {

/// Writes `bytes` to a temporary file beside `path` and renames it over
/// `path`: a reader sees the old file or the whole new one, and a failed
/// write (a full disk) is an error that leaves no partial file. Unlike
/// llvm::writeToOutput, a write error is reported, not fatal.
llvm::Error writeFileAtomically(llvm::StringRef path, llvm::StringRef bytes);

} // namespace mlir::npu

#endif // NPU_SUPPORT_ATOMICFILE_H
