//===- CompilerFuzzer.cpp - libFuzzer target for the whole compiler -------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// An ONNX model through everything `npu-compile --precision fp16` does
// (import, graph passes, precision, tiling, memory planning, scheduling,
// emission), then the artifact through the loader and one run on the
// simulator. Each stage may refuse the model with diagnostics; none may
// crash or hang, and what one stage accepts the next must handle: an
// emitted artifact that does not verify and load is a compiler bug, and
// aborts. Models whose tensors exceed kMaxElements are skipped after
// import so that every input compiles in milliseconds.
//
//===----------------------------------------------------------------------===//

#include "npu/Driver/Compiler.h"
#include "npu/Codegen/EmitArtifact.h"
#include "npu/Importer/OnnxImporter.h"
#include "npu/Runtime/Device.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace mlir;
using namespace mlir::npu;

namespace {

constexpr int64_t kMaxElements = 1 << 16;

bool isSmall(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return !isa<TensorType>(type);
  return tensor.hasStaticShape() && tensor.getNumElements() <= kMaxElements;
}

bool hasOnlySmallTensors(ModuleOp module) {
  WalkResult result = module.walk([](Operation *op) {
    for (Type type : op->getResultTypes())
      if (!isSmall(type))
        return WalkResult::interrupt();
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument argument : block.getArguments())
          if (!isSmall(argument.getType()))
            return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return !result.wasInterrupted();
}

/// With NPU_FUZZ_STAGES set, each input prints the last stage it passed:
/// how far a corpus gets into the compiler.
void reached(const char *stage) {
  static const bool verbose = std::getenv("NPU_FUZZ_STAGES") != nullptr;
  if (verbose)
    std::fprintf(stderr, "stage: %s\n", stage);
}

[[noreturn]] void compilerBug(const char *what, llvm::Error error) {
  std::fprintf(stderr, "compiler bug: %s: %s\n", what,
               llvm::toString(std::move(error)).c_str());
  std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  DialectRegistry registry;
  driver::registerCompilerDialects(registry);
  MLIRContext context(registry);
  context.disableMultithreading();
  ScopedDiagnosticHandler quiet(&context, [](Diagnostic &) { return success(); });

  OnnxImportOptions importOptions;
  importOptions.externalDataDirectory = "/nonexistent-npu-fuzz-directory";
  FailureOr<OwningOpRef<ModuleOp>> module = importOnnxBytes(
      llvm::StringRef(reinterpret_cast<const char *>(data), size), "fuzz.onnx",
      importOptions, context);
  if (failed(module))
    return 0;
  if (!hasOnlySmallTensors(**module)) {
    reached("import (too large to compile)");
    return 0;
  }
  reached("import");

  driver::CompileOptions options; // fp16 on the edge preset
  using Stage = llvm::Error (*)(ModuleOp, const driver::CompileOptions &);
  const std::pair<const char *, Stage> stages[] = {
      {"graph passes", &driver::runGraphPasses},
      {"precision", &driver::runPrecisionPasses},
      {"lowering", &driver::lowerToHardware}};
  for (auto [name, stage] : stages) {
    if (llvm::Error error = stage(**module, options)) {
      llvm::consumeError(std::move(error));
      return 0;
    }
    reached(name);
  }
  FailureOr<runtime::Artifact> artifact = emitArtifact(**module, "npu-fuzz");
  if (failed(artifact))
    return 0;
  reached("emission");

  auto bytes = runtime::serializeArtifact(*artifact);
  if (!bytes)
    compilerBug("the emitted artifact does not serialize", bytes.takeError());
  auto loaded = runtime::parseArtifact(*bytes, "fuzz.npub");
  if (!loaded)
    compilerBug("the emitted artifact does not load", loaded.takeError());
  auto session = runtime::Session::create(
      std::make_shared<const runtime::Artifact>(std::move(*loaded)));
  if (!session)
    compilerBug("the simulator refuses the emitted artifact",
                session.takeError());
  // Zeros in: a fault of the compiled program would be a compiler bug too.
  std::map<std::string, NpyArray> inputs;
  for (const runtime::TensorDescriptor &tensor :
       (*session)->getArtifact().inputs) {
    NpyArray &array = inputs[tensor.name];
    array.dtype = runtime::getHostNpyDType(tensor);
    array.shape = tensor.shape;
    array.data.assign(tensor.byteSize(), 0);
  }
  auto outputs = (*session)->run(inputs);
  if (!outputs)
    compilerBug("the emitted artifact faults on zeros", outputs.takeError());
  reached("simulation");
  return 0;
}
