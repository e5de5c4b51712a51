//===- FileRead.cpp - bounded reads of regular files ----------------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "npu/Support/FileRead.h"

#include "llvm/ADT/Twine.h"
#include "llvm/Support/FileSystem.h"

using namespace llvm;

static StringRef describe(sys::fs::file_type type) {
  using sys::fs::file_type;
  switch (type) {
  case file_type::directory_file:
    return "a directory";
  case file_type::block_file:
  case file_type::character_file:
    return "a device";
  case file_type::fifo_file:
    return "a FIFO";
  case file_type::socket_file:
    return "a socket";
  default:
    return "not a regular file";
  }
}

static Error fileError(StringRef what, StringRef path, const Twine &why) {
  return createStringError(inconvertibleErrorCode(),
                           (what + " '" + path + "' " + why).str());
}

Expected<uint64_t> mlir::npu::checkRegularFile(StringRef path, uint64_t maxBytes,
                                               StringRef what) {
  sys::fs::file_status status;
  if (std::error_code ec = sys::fs::status(path, status))
    return fileError(what, path, "cannot be read: " + ec.message());
  if (status.type() != sys::fs::file_type::regular_file)
    return fileError(what, path,
                     "is " + describe(status.type()) +
                         "; npu-mlir reads regular files only");
  if (status.getSize() > maxBytes)
    return fileError(what, path,
                     "is " + Twine(status.getSize()) + " bytes, more than the " +
                         Twine(maxBytes) + " a " + what + " may have");
  return status.getSize();
}

Expected<std::unique_ptr<MemoryBuffer>>
mlir::npu::readRegularFile(StringRef path, uint64_t maxBytes, StringRef what,
                           bool isText) {
  Expected<uint64_t> size = checkRegularFile(path, maxBytes, what);
  if (!size)
    return size.takeError();
  // Opened after the check, so a FIFO never blocks the open; the descriptor
  // is checked again in case the path changed in between.
  Expected<sys::fs::file_t> file = sys::fs::openNativeFileForRead(path);
  if (!file)
    return fileError(what, path, "cannot be read: " + toString(file.takeError()));
  sys::fs::file_status status;
  std::error_code ec = sys::fs::status(*file, status);
  if (ec || status.type() != sys::fs::file_type::regular_file ||
      status.getSize() != *size) {
    sys::fs::closeFile(*file);
    return fileError(what, path, "changed while it was being opened");
  }
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer = MemoryBuffer::getOpenFile(
      *file, path, *size, /*RequiresNullTerminator=*/isText);
  sys::fs::closeFile(*file);
  if (!buffer)
    return fileError(what, path, "cannot be read: " + buffer.getError().message());
  return std::move(*buffer);
}
