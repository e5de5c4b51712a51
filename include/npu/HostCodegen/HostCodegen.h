//===- HostCodegen.h - host functions to a native object --------*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The host fallback's code generator (docs/design/host-fallback-research.md,
// milestone 1): functions on static tensors (linalg, tensor, arith, math) are
// bufferized and lowered with upstream MLIR to LLVM, and compiled ahead of
// time to a relocatable object for an explicit triple and CPU. Each public
// function `f(inputs...) -> results...` gets the entry
// `void npu_host_f(void *const *buffers)`: buffers holds one pointer per
// input, then one per result, each a dense row-major array the caller owns.
// The object may import only getHostImports(); anything else is an error at
// compile time, not a surprise at load.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_HOSTCODEGEN_HOSTCODEGEN_H
#define NPU_HOSTCODEGEN_HOSTCODEGEN_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace mlir::npu::host {

/// What host code is compiled for: recorded with the object, checked at load.
struct HostTarget {
  std::string triple;
  /// A named CPU ("x86-64", "x86-64-v3"), never the build machine's.
  std::string cpu;
  /// Extra LLVM features ("+avx2,+fma"), usually empty.
  std::string features;

  /// The process's triple with its architecture's baseline CPU.
  static HostTarget getBaseline();
};

struct HostObject {
  HostTarget target;
  /// A relocatable ELF object.
  std::vector<char> bytes;
  /// Entry symbols, one per public function ("npu_host_<name>").
  std::vector<std::string> entries;
  /// The symbols it imports, a subset of getHostImports().
  std::vector<std::string> imports;
};

/// The symbols host code may import: the C library's memory functions and
/// libm's. A loader resolves exactly these.
llvm::ArrayRef<llvm::StringRef> getHostImports();

/// The dialects and interfaces the host pipeline needs, for a context that
/// parses or builds host modules.
void registerHostCodegenDialects(DialectRegistry &registry);

/// Lowers a copy of `module` (left unchanged) and emits its object.
/// Diagnostics go to the module's context; an llvm::Error says which stage
/// failed.
llvm::Expected<HostObject> compileHostModule(ModuleOp module,
                                             const HostTarget &target);

} // namespace mlir::npu::host

#endif // NPU_HOSTCODEGEN_HOSTCODEGEN_H
