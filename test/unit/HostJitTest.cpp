//===- HostJitTest.cpp - the host-code toolchain on this machine ----------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Milestone 0 of the host fallback (docs/design/host-fallback-research.md):
// the pieces it stands on work with Debian's shared libLLVM. A host segment
// is compiled ahead of time to a relocatable object for an explicit triple
// and CPU, kept as bytes (as an artifact will carry it), and linked from
// memory at load time by ORC's JITLink with an explicit import allowlist,
// then called through the uniform entry `void npu_host_<k>(void *const *)`.
//
//===----------------------------------------------------------------------===//

#include "HostLinking.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <vector>

using namespace llvm;

namespace {

constexpr int kElements = 8;

/// `void npu_host_0(void *const *buffers)`: out[i] = expf(in[i]) * 2 for
/// the eight floats of buffers[0] into buffers[1]. Straight-line IR, as the
/// MLIR pipeline will produce after unrolling a small static loop.
std::unique_ptr<Module> buildSegment(LLVMContext &context) {
  auto module = std::make_unique<Module>("npu_host", context);
  IRBuilder<> b(context);
  Type *f32 = b.getFloatTy();
  PointerType *ptr = b.getPtrTy();
  FunctionCallee expf = module->getOrInsertFunction(
      "expf", FunctionType::get(f32, {f32}, /*isVarArg=*/false));
  Function *entry = Function::Create(
      FunctionType::get(b.getVoidTy(), {ptr}, /*isVarArg=*/false),
      GlobalValue::ExternalLinkage, "npu_host_0", module.get());
  entry->addFnAttr(Attribute::NoUnwind);
  b.SetInsertPoint(BasicBlock::Create(context, "entry", entry));
  Value *buffers = entry->getArg(0);
  Value *in = b.CreateLoad(ptr, buffers);
  Value *out = b.CreateLoad(ptr, b.CreateConstGEP1_64(ptr, buffers, 1));
  for (int i = 0; i < kElements; ++i) {
    Value *x = b.CreateLoad(f32, b.CreateConstGEP1_64(f32, in, i));
    Value *y = b.CreateFMul(b.CreateCall(expf, {x}), ConstantFP::get(f32, 2.0));
    b.CreateStore(y, b.CreateConstGEP1_64(f32, out, i));
  }
  b.CreateRetVoid();
  return module;
}

/// The relocatable object of `module` for `triple` and `cpu`, in memory.
Expected<std::vector<char>> emitObject(Module &module, const Triple &triple,
                                       StringRef cpu) {
  std::string error;
  const Target *target = TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return createStringError(inconvertibleErrorCode(), error);
  TargetOptions options;
  options.AllowFPOpFusion = FPOpFusion::Strict; // the reference rounds each op
  std::unique_ptr<TargetMachine> machine(target->createTargetMachine(
      triple, cpu, /*Features=*/"", options, Reloc::PIC_, CodeModel::Small,
      CodeGenOptLevel::Default));
  if (!machine)
    return createStringError(inconvertibleErrorCode(),
                             "no target machine for " + triple.str());
  module.setTargetTriple(triple);
  module.setDataLayout(machine->createDataLayout());
  SmallVector<char, 0> bytes;
  raw_svector_ostream stream(bytes);
  legacy::PassManager passes;
  if (machine->addPassesToEmitFile(passes, stream, nullptr,
                                   CodeGenFileType::ObjectFile))
    return createStringError(inconvertibleErrorCode(),
                             "the target cannot emit objects");
  passes.run(module);
  return std::vector<char>(bytes.begin(), bytes.end());
}

/// The host this test runs on, with a baseline CPU (never the detected one:
/// an artifact must run on every machine of its triple's baseline).
std::pair<Triple, std::string> getBaselineTarget() {
  Triple triple(sys::getProcessTriple());
  return {triple, triple.isX86() ? "x86-64" : "generic"};
}

float referenceExp(float x) { return std::exp(x); }

Expected<std::unique_ptr<npu_test::LinkedHostObject>>
linkSegment(const std::vector<char> &object, bool importExp) {
  std::map<std::string, void *> imports;
  if (importExp)
    imports["expf"] = reinterpret_cast<void *>(
        static_cast<float (*)(float)>(&referenceExp));
  return npu_test::LinkedHostObject::link(object, imports);
}

class HostJitTest : public ::testing::Test {
protected:
  static void SetUpTestSuite() {
    InitializeNativeTarget();
    InitializeNativeTargetAsmPrinter();
  }
};

TEST_F(HostJitTest, ObjectFromMemoryRunsWithAllowlistedImports) {
  auto [triple, cpu] = getBaselineTarget();
  LLVMContext context;
  std::unique_ptr<Module> module = buildSegment(context);
  ASSERT_FALSE(verifyModule(*module, &errs()));
  Expected<std::vector<char>> object = emitObject(*module, triple, cpu);
  ASSERT_TRUE(static_cast<bool>(object)) << toString(object.takeError());

  // What the artifact will record and the loader will check: a relocatable
  // object of the recorded architecture, importing only `expf`.
  auto file = object::ObjectFile::createObjectFile(
      MemoryBufferRef(StringRef(object->data(), object->size()), "segment.o"));
  ASSERT_TRUE(static_cast<bool>(file)) << toString(file.takeError());
  EXPECT_TRUE((*file)->isRelocatableObject());
  EXPECT_EQ((*file)->getArch(), triple.getArch());
  std::vector<std::string> undefined;
  for (const object::SymbolRef &symbol : (*file)->symbols()) {
    Expected<uint32_t> flags = symbol.getFlags();
    ASSERT_TRUE(static_cast<bool>(flags)) << toString(flags.takeError());
    Expected<StringRef> name = symbol.getName();
    ASSERT_TRUE(static_cast<bool>(name)) << toString(name.takeError());
    if ((*flags & object::SymbolRef::SF_Undefined) && !name->empty())
      undefined.push_back(name->str());
  }
  EXPECT_EQ(undefined, std::vector<std::string>{"expf"});

  auto linked = linkSegment(*object, /*importExp=*/true);
  ASSERT_TRUE(static_cast<bool>(linked)) << toString(linked.takeError());
  auto entry = (*linked)->lookup("npu_host_0");
  ASSERT_TRUE(static_cast<bool>(entry)) << toString(entry.takeError());
  std::vector<float> in(kElements), out(kElements, -1.0f);
  for (int i = 0; i < kElements; ++i)
    in[i] = 0.25f * i - 1.0f;
  void *buffers[] = {in.data(), out.data()};
  (*entry)(buffers);
  for (int i = 0; i < kElements; ++i)
    EXPECT_EQ(out[i], referenceExp(in[i]) * 2.0f) << "element " << i;
}

TEST_F(HostJitTest, EmissionIsDeterministic) {
  auto [triple, cpu] = getBaselineTarget();
  std::vector<std::vector<char>> objects;
  for (int i = 0; i < 2; ++i) {
    LLVMContext context;
    std::unique_ptr<Module> module = buildSegment(context);
    Expected<std::vector<char>> object = emitObject(*module, triple, cpu);
    ASSERT_TRUE(static_cast<bool>(object)) << toString(object.takeError());
    objects.push_back(std::move(*object));
  }
  EXPECT_EQ(objects[0], objects[1]);
}

TEST_F(HostJitTest, AnImportOutsideTheAllowlistIsALinkError) {
  auto [triple, cpu] = getBaselineTarget();
  LLVMContext context;
  std::unique_ptr<Module> module = buildSegment(context);
  Expected<std::vector<char>> object = emitObject(*module, triple, cpu);
  ASSERT_TRUE(static_cast<bool>(object)) << toString(object.takeError());
  // Nothing of the process is visible to the segment: without `expf` in the
  // allowlist the link fails, naming it, instead of binding to whatever the
  // process happens to export.
  auto linked = linkSegment(*object, /*importExp=*/false);
  ASSERT_TRUE(static_cast<bool>(linked)) << toString(linked.takeError());
  auto entry = (*linked)->lookup("npu_host_0");
  ASSERT_FALSE(static_cast<bool>(entry));
  std::string message = toString(entry.takeError());
  EXPECT_NE(message.find("expf"), std::string::npos) << message;
}

} // namespace
