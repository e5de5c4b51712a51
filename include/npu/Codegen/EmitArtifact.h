//===- EmitArtifact.h - npuhw to command streams ----------------*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The last stage of the pipeline (docs/pipeline.md, "Codegen"): a planned
// and scheduled npuhw module becomes an artifact. Every npuhw op is one
// command of its queue, every buffer is an address the planner chose, and
// each command records its ONNX node (from the op's location) in the debug
// map. Nothing in the output depends on pointers, time or hash order, so
// identical modules give byte-identical artifacts.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_CODEGEN_EMITARTIFACT_H
#define NPU_CODEGEN_EMITARTIFACT_H

#include "npu/Runtime/Artifact.h"

#include "mlir/IR/BuiltinOps.h"

namespace mlir::npu {

/// The artifact of a lowered module (npu-hw-pipeline: npu-lower-to-npuhw,
/// npuhw-plan-memory, npuhw-schedule); errors are emitted at the offending
/// op.
FailureOr<runtime::Artifact> emitArtifact(ModuleOp module,
                                          llvm::StringRef producer);

} // namespace mlir::npu

#endif // NPU_CODEGEN_EMITARTIFACT_H
