//===- NpuHwUtils.cpp - buffers of lowered functions ----------------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "npu/Transforms/NpuHwUtils.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"

using namespace mlir;
using namespace mlir::npu;

FailureOr<TargetDescription> mlir::npu::getModuleTarget(ModuleOp module) {
  auto json = module->getAttrOfType<StringAttr>(kTargetAttr);
  if (!json)
    return module.emitError("expects a lowered module with an '")
           << kTargetAttr << "' attribute; run the npu-lower-to-npuhw pipeline first";
  llvm::Expected<TargetDescription> target =
      parseTargetDescription(json.getValue(), kTargetAttr);
  if (!target)
    return module.emitError("invalid '")
           << kTargetAttr << "': " << llvm::toString(target.takeError());
  return *target;
}

uint64_t mlir::npu::getBufferBytes(MemRefType type) {
  return uint64_t(type.getNumElements()) *
         (type.getElementType().getIntOrFloatBitWidth() / 8);
}

Value mlir::npu::getRootBuffer(Value value) {
  while (Operation *op = value.getDefiningOp()) {
    if (auto view = dyn_cast<ViewLikeOpInterface>(op))
      value = view.getViewSource();
    else
      break;
  }
  return value;
}

bool mlir::npu::isNpuHwCommand(Operation *op) {
  return isa<npuhw::CommandOpInterface>(op);
}

Operation *mlir::npu::getFirstCommandUser(Value buffer) {
  Operation *first = nullptr;
  SmallVector<Value> work{buffer};
  while (!work.empty()) {
    Value value = work.pop_back_val();
    for (Operation *user : value.getUsers()) {
      if (isa<ViewLikeOpInterface>(user)) {
        llvm::append_range(work, user->getResults());
        continue;
      }
      if (isNpuHwCommand(user) && (!first || user->isBeforeInBlock(first)))
        first = user;
    }
  }
  return first;
}

unsigned mlir::npu::getQueueIndex(npuhw::Engine engine, int64_t channel,
                                  const TargetDescription &target) {
  if (engine == npuhw::Engine::dma)
    return channel;
  return target.dma.engines + (engine == npuhw::Engine::matrix ? 0 : 1);
}

std::pair<npuhw::Engine, int64_t>
mlir::npu::getQueueEngine(unsigned index, const TargetDescription &target) {
  if (index < unsigned(target.dma.engines))
    return {npuhw::Engine::dma, index};
  return {index == unsigned(target.dma.engines) ? npuhw::Engine::matrix
                                                : npuhw::Engine::vector,
          0};
}

unsigned mlir::npu::getCommandQueue(npuhw::CommandOpInterface command,
                                    const TargetDescription &target) {
  return getQueueIndex(command.getEngine(), command.getEngineChannel(), target);
}

/// Base byte address of a root buffer.
static FailureOr<uint64_t> getRootAddress(Value root, Operation *user) {
  IntegerAttr offset;
  if (auto alloc = root.getDefiningOp<npuhw::AllocOp>()) {
    offset = alloc.getOffsetAttr();
  } else if (auto get = root.getDefiningOp<memref::GetGlobalOp>()) {
    auto module = get->getParentOfType<ModuleOp>();
    if (auto global = module.lookupSymbol<memref::GlobalOp>(get.getNameAttr()))
      offset = global->getAttrOfType<IntegerAttr>(kOffsetAttr);
  } else if (auto argument = dyn_cast<BlockArgument>(root)) {
    if (auto function = dyn_cast<func::FuncOp>(argument.getOwner()->getParentOp()))
      offset = function.getArgAttrOfType<IntegerAttr>(argument.getArgNumber(),
                                                       kOffsetAttr);
  }
  if (!offset)
    return user->emitError("uses a buffer without a planned offset; run "
                           "npuhw-plan-memory first");
  return uint64_t(offset.getInt());
}

FailureOr<PlacedView> mlir::npu::placeView(Value value, Operation *user) {
  FailureOr<uint64_t> base = getRootAddress(getRootBuffer(value), user);
  if (failed(base))
    return failure();
  return npuhw::placeInMemory(value, *base, user);
}
