//===- HostCodegen.cpp - host functions to a native object ----------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Three stages, each reporting its own failure:
//  1. MLIR: one-shot bufferization (identity layouts at function
//     boundaries, results turned into caller-owned out-parameters), then
//     loops and the LLVM dialect with the bare-pointer calling convention;
//  2. LLVM IR: the translation, one `npu_host_<f>(void *const *)` wrapper
//     per public function, every other symbol internal;
//  3. the object, for the explicit target, whose undefined symbols must be
//     on the import list.
//
//===----------------------------------------------------------------------===//

#include "npu/HostCodegen/HostCodegen.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Transforms/FuncBufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/BufferizableOpInterfaceImpl.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <mutex>

using namespace mlir;
using namespace mlir::npu::host;
using llvm::Error;
using llvm::Expected;
using llvm::StringRef;

namespace {

Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// The MLIR lowering, as a textual pipeline of upstream passes (their names
/// are MLIR's stable interface; docs/design/host-fallback-research.md §2).
/// Results become out-parameters written in place (static allocations are
/// hoisted to the caller, which owns them); temporaries are freed where
/// their last use ends.
/// (Passes of the module's pass manager: no `builtin.module(...)` anchor.)
constexpr const char *kLoweringPipeline =
    "one-shot-bufferize{bufferize-function-boundaries=1 "
    "function-boundary-type-conversion=identity-layout-map},"
    "buffer-results-to-out-params{modify-public-functions=1 "
    "hoist-static-allocs=1},"
    "ownership-based-buffer-deallocation,canonicalize,"
    "buffer-deallocation-simplification,bufferization-lower-deallocations,"
    "func.func(convert-linalg-to-loops),"
    "expand-strided-metadata,lower-affine,convert-scf-to-cf,"
    "convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,"
    "convert-index-to-llvm,convert-cf-to-llvm,"
    "convert-func-to-llvm{use-bare-ptr-memref-call-conv=1},"
    "finalize-memref-to-llvm,reconcile-unrealized-casts";

void registerPipelinePasses() {
  static std::once_flag once;
  std::call_once(once, [] {
    registerConversionPasses();
    registerTransformsPasses();
    bufferization::registerBufferizationPasses();
    registerLinalgPasses();
    memref::registerMemRefPasses();
  });
}

/// The argument counts of each public function before lowering: the
/// wrapper passes inputs, then results (now trailing out-parameters).
struct EntrySignature {
  std::string name;
  unsigned buffers = 0;
};

Expected<std::vector<EntrySignature>> collectEntries(ModuleOp module) {
  std::vector<EntrySignature> entries;
  for (auto function : module.getOps<func::FuncOp>()) {
    if (function.isPrivate() || function.isExternal())
      continue;
    FunctionType type = function.getFunctionType();
    for (Type t : llvm::concat<const Type>(type.getInputs(), type.getResults())) {
      auto tensor = dyn_cast<RankedTensorType>(t);
      if (!tensor || !tensor.hasStaticShape()) {
        std::string text;
        llvm::raw_string_ostream(text) << t;
        return makeError("host function '" + function.getName() +
                         "' takes or returns " + text +
                         "; host code needs statically shaped tensors");
      }
    }
    entries.push_back({function.getName().str(),
                       type.getNumInputs() + type.getNumResults()});
  }
  if (entries.empty())
    return makeError("the host module has no public function");
  return entries;
}

/// `void npu_host_<f>(void *const *buffers)` calling the lowered `f` with
/// bare pointers; every symbol other than the entries becomes internal.
Error addEntryWrappers(llvm::Module &module,
                       llvm::ArrayRef<EntrySignature> entries,
                       std::vector<std::string> &entryNames) {
  llvm::LLVMContext &context = module.getContext();
  llvm::IRBuilder<> b(context);
  llvm::PointerType *ptr = b.getPtrTy();
  for (llvm::Function &function : module.functions())
    if (!function.isDeclaration())
      function.setLinkage(llvm::GlobalValue::InternalLinkage);
  for (const EntrySignature &entry : entries) {
    llvm::Function *callee = module.getFunction(entry.name);
    if (!callee || callee->arg_size() != entry.buffers)
      return makeError("host function '" + entry.name +
                       "' was not lowered to " + llvm::Twine(entry.buffers) +
                       " pointer arguments");
    std::string name = "npu_host_" + entry.name;
    auto *wrapper = llvm::Function::Create(
        llvm::FunctionType::get(b.getVoidTy(), {ptr}, /*isVarArg=*/false),
        llvm::GlobalValue::ExternalLinkage, name, module);
    wrapper->addFnAttr(llvm::Attribute::NoUnwind);
    b.SetInsertPoint(llvm::BasicBlock::Create(context, "entry", wrapper));
    llvm::SmallVector<llvm::Value *> arguments;
    for (unsigned i = 0; i < entry.buffers; ++i)
      arguments.push_back(b.CreateLoad(
          ptr, b.CreateConstGEP1_64(ptr, wrapper->getArg(0), i)));
    b.CreateCall(callee, arguments);
    b.CreateRetVoid();
    entryNames.push_back(name);
  }
  for (llvm::Function &function : module.functions())
    if (!function.isDeclaration())
      function.addFnAttr(llvm::Attribute::NoUnwind);
  return Error::success();
}

Expected<std::vector<char>> emitObject(llvm::Module &module,
                                       const HostTarget &target) {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargets();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmPrinters();
  });
  llvm::Triple triple(target.triple);
  std::string error;
  const llvm::Target *backend = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!backend)
    return makeError("host target '" + target.triple + "': " + error);
  llvm::TargetOptions options;
  // The reference rounds every operation once: no fused multiply-adds.
  options.AllowFPOpFusion = llvm::FPOpFusion::Strict;
  std::unique_ptr<llvm::TargetMachine> machine(backend->createTargetMachine(
      triple, target.cpu, target.features, options, llvm::Reloc::PIC_,
      llvm::CodeModel::Small, llvm::CodeGenOptLevel::Aggressive));
  if (!machine)
    return makeError("no code generator for host target '" + target.triple +
                     "' with CPU '" + target.cpu + "'");
  module.setTargetTriple(triple);
  module.setDataLayout(machine->createDataLayout());
  llvm::SmallVector<char, 0> bytes;
  llvm::raw_svector_ostream stream(bytes);
  llvm::legacy::PassManager passes;
  if (machine->addPassesToEmitFile(passes, stream, nullptr,
                                   llvm::CodeGenFileType::ObjectFile))
    return makeError("host target '" + target.triple +
                     "' cannot emit object files");
  passes.run(module);
  return std::vector<char>(bytes.begin(), bytes.end());
}

/// The object's undefined symbols, which must all be allowed imports.
Expected<std::vector<std::string>> checkImports(llvm::ArrayRef<char> object) {
  auto file = llvm::object::ObjectFile::createObjectFile(llvm::MemoryBufferRef(
      StringRef(object.data(), object.size()), "host.o"));
  if (!file)
    return file.takeError();
  std::vector<std::string> imports, refused;
  for (const llvm::object::SymbolRef &symbol : (*file)->symbols()) {
    Expected<uint32_t> flags = symbol.getFlags();
    Expected<StringRef> name = symbol.getName();
    if (!flags || !name) {
      llvm::consumeError(flags.takeError());
      llvm::consumeError(name.takeError());
      return makeError("the host object has an unreadable symbol");
    }
    if (!(*flags & llvm::object::SymbolRef::SF_Undefined) || name->empty())
      continue;
    (llvm::is_contained(getHostImports(), *name) ? imports : refused)
        .push_back(name->str());
  }
  if (!refused.empty())
    return makeError("host code would import " + llvm::join(refused, ", ") +
                     ", which the runtime does not provide");
  llvm::sort(imports);
  return imports;
}

} // namespace

HostTarget HostTarget::getBaseline() {
  llvm::Triple triple(llvm::sys::getProcessTriple());
  HostTarget target;
  target.triple = triple.str();
  target.cpu = triple.isX86() ? "x86-64" : "generic";
  return target;
}

llvm::ArrayRef<StringRef> mlir::npu::host::getHostImports() {
  static const StringRef imports[] = {
      "memcpy", "memmove", "memset", "malloc", "free",
      "expf",   "exp",     "logf",   "log",    "sqrtf",  "sqrt",
      "tanhf",  "tanh",    "erff",   "erf",    "powf",   "pow",
      "sinf",   "sin",     "cosf",   "cos",    "fmaf",   "fma",
      "roundf", "round",   "floorf", "floor",  "ceilf",  "ceil",
      "truncf", "trunc",   "fabsf",  "fabs",   "atanf",  "atan",
      "atan2f", "atan2",   "expm1f", "expm1",  "log1pf", "log1p",
      "log2f",  "log2",    "log10f", "log10",  "exp2f",  "exp2"};
  return imports;
}

void mlir::npu::host::registerHostCodegenDialects(DialectRegistry &registry) {
  registry.insert<affine::AffineDialect, arith::ArithDialect,
                  bufferization::BufferizationDialect, cf::ControlFlowDialect,
                  func::FuncDialect, LLVM::LLVMDialect, linalg::LinalgDialect,
                  math::MathDialect, memref::MemRefDialect, scf::SCFDialect,
                  tensor::TensorDialect>();
  arith::registerBufferizableOpInterfaceExternalModels(registry);
  linalg::registerBufferizableOpInterfaceExternalModels(registry);
  scf::registerBufferizableOpInterfaceExternalModels(registry);
  tensor::registerBufferizableOpInterfaceExternalModels(registry);
  bufferization::func_ext::registerBufferizableOpInterfaceExternalModels(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
}

Expected<HostObject> mlir::npu::host::compileHostModule(ModuleOp module,
                                                        const HostTarget &target) {
  Expected<std::vector<EntrySignature>> entries = collectEntries(module);
  if (!entries)
    return entries.takeError();

  OwningOpRef<ModuleOp> lowered(cast<ModuleOp>(module->clone()));
  MLIRContext *context = module.getContext();
  DialectRegistry registry;
  registerHostCodegenDialects(registry);
  context->appendDialectRegistry(registry);
  registerPipelinePasses();
  PassManager pm(context);
  std::string parseErrors;
  llvm::raw_string_ostream parseStream(parseErrors);
  if (failed(parsePassPipeline(kLoweringPipeline, pm, parseStream)))
    return makeError("the host lowering pipeline does not parse: " + parseErrors);
  if (failed(pm.run(*lowered)))
    return makeError("lowering the host module to the LLVM dialect failed "
                     "(see the diagnostics)");

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(*lowered, llvmContext, "npu_host");
  if (!llvmModule)
    return makeError("translating the host module to LLVM IR failed");
  HostObject object;
  object.target = target;
  if (Error error = addEntryWrappers(*llvmModule, *entries, object.entries))
    return std::move(error);
  std::string verifyErrors;
  llvm::raw_string_ostream verifyStream(verifyErrors);
  if (llvm::verifyModule(*llvmModule, &verifyStream))
    return makeError("the host LLVM module does not verify: " + verifyErrors);

  Expected<std::vector<char>> bytes = emitObject(*llvmModule, target);
  if (!bytes)
    return bytes.takeError();
  Expected<std::vector<std::string>> imports = checkImports(*bytes);
  if (!imports)
    return imports.takeError();
  object.bytes = std::move(*bytes);
  object.imports = std::move(*imports);
  return object;
}
