//===- FuzzReplay.cpp - run a fuzz target over files, without libFuzzer ---===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Usage: npu-fuzz-replay-<target> FILE_OR_DIRECTORY...
// Feeds every file (directories recursively) to LLVMFuzzerTestOneInput and
// prints how many ran; a crash fails the test that runs it.
//
//===----------------------------------------------------------------------===//

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int runFile(const llvm::Twine &path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer) {
    llvm::errs() << "cannot read " << path << ": "
                 << buffer.getError().message() << "\n";
    return 1;
  }
  LLVMFuzzerTestOneInput(
      reinterpret_cast<const uint8_t *>((*buffer)->getBufferStart()),
      (*buffer)->getBufferSize());
  return 0;
}

int main(int argc, char **argv) {
  int files = 0, errors = 0;
  for (int i = 1; i < argc; ++i) {
    if (!llvm::sys::fs::is_directory(argv[i])) {
      errors += runFile(argv[i]);
      ++files;
      continue;
    }
    std::error_code ec;
    for (llvm::sys::fs::recursive_directory_iterator it(argv[i], ec), end;
         it != end && !ec; it.increment(ec)) {
      if (llvm::sys::fs::is_regular_file(it->path())) {
        errors += runFile(it->path());
        ++files;
      }
    }
  }
  llvm::outs() << "replayed " << files << " inputs, " << errors
               << " unreadable\n";
  return errors ? 1 : 0;
}
