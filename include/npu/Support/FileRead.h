//===- FileRead.h - bounded reads of regular files --------------*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Every file npu-mlir reads (models, artifacts, .npy arrays, target JSON,
// calibration tables) goes through these checks first: only regular files
// (a device like /dev/zero never ends and a FIFO blocks the open), and no
// more bytes than the kind of file may have, decided before anything is
// read or allocated.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_SUPPORT_FILEREAD_H
#define NPU_SUPPORT_FILEREAD_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstdint>
#include <memory>

namespace mlir::npu {

/// Size limits per kind of file.
constexpr uint64_t kMaxArtifactFileBytes = uint64_t{1} << 40;  // 1 TiB, mapped
constexpr uint64_t kMaxNpyFileBytes = uint64_t{1} << 36;       // 64 GiB
constexpr uint64_t kMaxTextFileBytes = uint64_t{64} << 20;     // 64 MiB

/// The size of `path` if it is a regular file of at most `maxBytes` bytes;
/// otherwise an error naming the file as `what` ("artifact", ".npy file")
/// and saying what it is instead. Does not open the file.
llvm::Expected<uint64_t> checkRegularFile(llvm::StringRef path,
                                          uint64_t maxBytes,
                                          llvm::StringRef what);

/// The whole of a regular file checked as above (mapped when large; not
/// null-terminated unless `isText`).
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
readRegularFile(llvm::StringRef path, uint64_t maxBytes, llvm::StringRef what,
                bool isText = false);

} // namespace mlir::npu

#endif // NPU_SUPPORT_FILEREAD_H
