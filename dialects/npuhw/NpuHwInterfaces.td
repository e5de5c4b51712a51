//===- NpuHwInterfaces.td - what every npuhw command says -*- tablegen -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef NPUHW_INTERFACES
#define NPUHW_INTERFACES

include "mlir/IR/OpBase.td"

def NpuHw_CommandOpInterface : OpInterface<"CommandOpInterface"> {
  let cppNamespace = "::mlir::npuhw";
  let description = [{
    An npuhw op that becomes one NPU command: the engine whose queue runs
    it, the buffers it reads and writes, its encoding and its cycles. The
    scheduler, the memory planner and the emitter ask these instead of
    switching over op kinds, so a new command is one op definition and one
    `encode` (dialects/npuhw/NpuHwCommands.cpp).
  }];
  let methods = [
    InterfaceMethod<[{
        The engine whose queue runs the command: the op's `kEngine`, or its
        `engine` attribute (semaphore operations).
      }],
      "::mlir::npuhw::Engine", "getEngine", (ins), [{}],
      [{ return ConcreteOp::kEngine; }]>,
    InterfaceMethod<[{
        Which of the engine's queues (the DMA engine); 0 for the matrix and
        vector engines.
      }],
      "int64_t", "getEngineChannel", (ins), [{}], [{ return 0; }]>,
    InterfaceMethod<[{
        A semaphore operation (signal, wait): the scheduler's own, placed
        on a queue it names, never given one.
      }],
      "bool", "isSynchronization", (ins), [{}], [{ return false; }]>,
    InterfaceMethod<"The buffers (memrefs) the command reads.",
      "::llvm::SmallVector<::mlir::Value>", "getReadBuffers", (ins), [{}], [{
        return ::mlir::npuhw::detail::getBuffersWith<::mlir::MemoryEffects::Read>(
            $_op.getOperation());
      }]>,
    InterfaceMethod<"The buffers (memrefs) the command writes.",
      "::llvm::SmallVector<::mlir::Value>", "getWrittenBuffers", (ins), [{}], [{
        return ::mlir::npuhw::detail::getBuffersWith<::mlir::MemoryEffects::Write>(
            $_op.getOperation());
      }]>,
    InterfaceMethod<[{
        The command's encoding, its operands placed by `addressing`; an
        error at the op if it has none (a kind the ISA lacks, a field out
        of range).
      }],
      "::mlir::FailureOr<::mlir::npu::runtime::Command>", "encode",
      (ins "::mlir::npuhw::CommandAddressing &":$addressing)>,
    InterfaceMethod<[{
        The cycles the command takes on `target` (the simulator's timing
        equations, lib/Isa/Timing.cpp), from its shapes; nullopt if it
        cannot be encoded.
      }],
      "std::optional<uint64_t>", "estimateCycles",
      (ins "const ::mlir::npu::TargetDescription &":$target), [{}], [{
        return ::mlir::npuhw::detail::estimateCycles(
            ::mlir::cast<::mlir::npuhw::CommandOpInterface>($_op.getOperation()),
            target);
      }]>,
  ];
}

#endif // NPUHW_INTERFACES
