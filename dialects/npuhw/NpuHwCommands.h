//===- NpuHwCommands.h - npuhw ops as NPU commands --------------*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// What the command interface (NpuHwInterfaces.td) is declared with: where
// an operand lies (PlacedView), who places it (CommandAddressing), and the
// ISA layer's command (lib/Isa).
//
//===----------------------------------------------------------------------===//

#ifndef NPU_DIALECTS_NPUHW_NPUHWCOMMANDS_H
#define NPU_DIALECTS_NPUHW_NPUHWCOMMANDS_H

#include "npu/Isa/Isa.h"
#include "npu/Target/TargetDescription.h"

#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace mlir::npuhw {

enum class MemorySpace : uint32_t;
class CommandOpInterface;

/// A placed view: memory, the byte address of element 0, element strides.
struct PlacedView {
  MemorySpace space{};
  uint64_t address = 0;
  unsigned elementBytes = 0;
  SmallVector<int64_t> shape, strides;

  /// [first, last + 1) bytes the view touches.
  std::pair<uint64_t, uint64_t> getByteRange() const;
};

/// `value` as a view of memory starting at `rootAddress`: its memory, its
/// static strides and offset; an error at `user` if it has none.
FailureOr<PlacedView> placeInMemory(Value value, uint64_t rootAddress,
                                    Operation *user);

/// Places a command's operands: the emitter at their planned addresses,
/// the cycle estimate at address 0 (only shapes and strides matter there).
class CommandAddressing {
public:
  virtual ~CommandAddressing() = default;
  /// Where `value`, an operand of `user`, lies; an error at `user` if it
  /// cannot be placed.
  virtual FailureOr<PlacedView> place(Value value, Operation *user) = 0;
  /// The 32-bit SRAM address of `value`; an error at `user` otherwise.
  FailureOr<uint32_t> sramAddress(Value value, Operation *user);
};

/// The ISA element type of a buffer element type (i8, i32, i64, f16, f32).
std::optional<npu::runtime::DType> getCommandDType(Type type);

namespace detail {
/// The memref operands `op` declares an effect `Effect` on.
template <typename Effect>
SmallVector<Value> getBuffersWith(Operation *op) {
  SmallVector<Value> buffers;
  SmallVector<MemoryEffects::EffectInstance> effects;
  if (auto effecting = dyn_cast<MemoryEffectOpInterface>(op))
    effecting.getEffects(effects);
  for (const MemoryEffects::EffectInstance &effect : effects)
    if (Value value = effect.getValue();
        value && isa<MemRefType>(value.getType()) && isa<Effect>(effect.getEffect()))
      buffers.push_back(value);
  return buffers;
}
std::optional<uint64_t> estimateCycles(CommandOpInterface command,
                                       const npu::TargetDescription &target);
} // namespace detail

} // namespace mlir::npuhw

#endif // NPU_DIALECTS_NPUHW_NPUHWCOMMANDS_H
