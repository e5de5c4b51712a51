//===- TargetJsonFuzzer.cpp - libFuzzer target for target descriptions ----===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Any text given as a target description (`--target=chip.json`, the C API's
// npu_device_create_simulator, the copy inside every artifact) must end in a
// validated target or an error naming the field: never a crash, a hang or a
// target whose sizes overflow. A description that parses is printed and
// parsed again, and must come back with the same fingerprint.
//
//===----------------------------------------------------------------------===//

#include "npu/Target/TargetDescription.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef json(reinterpret_cast<const char *>(data), size);
  llvm::Expected<mlir::npu::TargetDescription> target =
      mlir::npu::parseTargetDescription(json, "fuzz.json");
  if (!target) {
    llvm::consumeError(target.takeError());
    return 0;
  }
  std::string printed = mlir::npu::printTargetDescription(*target);
  llvm::Expected<mlir::npu::TargetDescription> again =
      mlir::npu::parseTargetDescription(printed, "fuzz.json (printed)");
  if (!again) {
    std::fprintf(stderr, "a parsed target does not parse once printed: %s\n",
                 llvm::toString(again.takeError()).c_str());
    std::abort();
  }
  if (again->fingerprint() != target->fingerprint()) {
    std::fprintf(stderr, "a target's fingerprint changed through printing\n");
    std::abort();
  }
  return 0;
}
