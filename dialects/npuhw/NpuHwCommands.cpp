//===- NpuHwCommands.cpp - each npuhw command op's encoding ---------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// CommandOpInterface::encode for every command op: its fields in the ISA
// (lib/Isa, docs/isa.md), its operands placed by the caller. The emitter
// (lib/Codegen) places them at their planned addresses; the cycle estimate
// at address 0.
//
//===----------------------------------------------------------------------===//

#include "dialects/npuhw/NpuHwDialect.h"

#include "npu/Isa/Timing.h"

#include <type_traits>

using namespace mlir;
using namespace mlir::npuhw;
using npu::runtime::Command;
using npu::runtime::DType;
using npu::runtime::Opcode;
namespace isa = npu::runtime::isa;

//===----------------------------------------------------------------------===//
// Kinds: npuhw enum values that are the ISA's, checked at compile time
//===----------------------------------------------------------------------===//

// Every kind of Commands.def is mapped from the npuhw enumerator of the same
// name (getIsaKind below), so an ISA kind npuhw lacks does not compile. npuhw
// may have more (functions the vector engine has no command for yet: `pow`,
// `log`, ...); encoding one is an error naming it. Pool and norm kinds are
// all in the ISA, which the counts check.
template <typename IsaKind> constexpr uint32_t isaKindCount() {
  uint32_t count = 0;
#define NPU_ISA_POOL_KIND(Name, text)                                          \
  count += std::is_same_v<IsaKind, npu::runtime::PoolKind>;
#define NPU_ISA_NORM_KIND(Name, text)                                          \
  count += std::is_same_v<IsaKind, npu::runtime::NormKind>;
#include "npu/Isa/Commands.def"
  return count;
}
static_assert(getMaxEnumValForPoolKind() + 1 == isaKindCount<npu::runtime::PoolKind>(),
              "every npuhw pool kind is an ISA pool kind");
static_assert(getMaxEnumValForNormKind() + 1 == isaKindCount<npu::runtime::NormKind>(),
              "every npuhw norm kind is an ISA norm kind");
static_assert(uint32_t(MemorySpace::dram) == uint32_t(npu::runtime::MemorySpace::Dram) &&
                  uint32_t(MemorySpace::sram) == uint32_t(npu::runtime::MemorySpace::Sram),
              "npuhw memory spaces encode as the ISA's");

std::optional<DType> mlir::npuhw::getCommandDType(Type type) {
  if (type.isSignlessInteger(8))
    return DType::I8;
  if (type.isSignlessInteger(32))
    return DType::I32;
  if (type.isF16())
    return DType::F16;
  if (type.isF32())
    return DType::F32;
  if (type.isSignlessInteger(64))
    return DType::I64;
  return std::nullopt;
}

namespace {

DType dtypeOf(Value value) {
  return *getCommandDType(cast<MemRefType>(value.getType()).getElementType());
}

int64_t elementsOf(Value value) {
  return cast<MemRefType>(value.getType()).getNumElements();
}

/// The ISA kind of an npuhw kind, by name from Commands.def; nothing for a
/// kind the ISA does not have.
std::optional<npu::runtime::EltwiseKind> getIsaKind(ElementwiseKind kind) {
  switch (kind) {
#define NPU_ISA_ELTWISE_KIND(Name, text)                                       \
  case ElementwiseKind::text:                                                  \
    return npu::runtime::EltwiseKind::Name;
#include "npu/Isa/Commands.def"
  default:
    return std::nullopt;
  }
}
std::optional<npu::runtime::ActivationKind> getIsaKind(ActivationKind kind) {
  switch (kind) {
#define NPU_ISA_ACTIVATION_KIND(Name, text)                                    \
  case ActivationKind::text:                                                   \
    return npu::runtime::ActivationKind::Name;
#include "npu/Isa/Commands.def"
  default:
    return std::nullopt;
  }
}
npu::runtime::PoolKind getIsaKind(PoolKind kind) {
  switch (kind) {
#define NPU_ISA_POOL_KIND(Name, text)                                          \
  case PoolKind::text:                                                         \
    return npu::runtime::PoolKind::Name;
#include "npu/Isa/Commands.def"
  }
  llvm_unreachable("the counts above make the mapping total");
}
npu::runtime::NormKind getIsaKind(NormKind kind) {
  switch (kind) {
#define NPU_ISA_NORM_KIND(Name, text)                                          \
  case NormKind::text:                                                         \
    return npu::runtime::NormKind::Name;
#include "npu/Isa/Commands.def"
  }
  llvm_unreachable("the counts above make the mapping total");
}

/// SRAM addresses of several operands, failing once for all.
struct SramOperands {
  SramOperands(CommandAddressing &addressing, Operation *op)
      : addressing(addressing), op(op) {}
  uint64_t operator()(Value value) {
    FailureOr<uint32_t> address = addressing.sramAddress(value, op);
    if (::mlir::failed(address)) {
      anyFailed = true;
      return 0;
    }
    return *address;
  }
  CommandAddressing &addressing;
  Operation *op;
  bool anyFailed = false;
};

FailureOr<Command> finish(const SramOperands &addr, Command command) {
  if (addr.anyFailed)
    return failure();
  return command;
}

} // namespace

//===----------------------------------------------------------------------===//
// Placement
//===----------------------------------------------------------------------===//

std::pair<uint64_t, uint64_t> PlacedView::getByteRange() const {
  int64_t last = 0;
  for (auto [size, stride] : llvm::zip(shape, strides))
    last += (size - 1) * stride;
  return {address, address + (uint64_t(last) + 1) * elementBytes};
}

FailureOr<PlacedView> mlir::npuhw::placeInMemory(Value value, uint64_t rootAddress,
                                                 Operation *user) {
  auto type = cast<MemRefType>(value.getType());
  SmallVector<int64_t> strides;
  int64_t offset = 0;
  if (failed(type.getStridesAndOffset(strides, offset)) ||
      ShapedType::isDynamic(offset) ||
      llvm::any_of(strides, ShapedType::isDynamic))
    return user->emitError("uses a view without static strides: ") << type;
  std::optional<MemorySpace> space = getMemorySpace(type);
  if (!space)
    return user->emitError("uses a buffer outside the npuhw memories: ") << type;
  PlacedView placed;
  placed.space = *space;
  placed.elementBytes = type.getElementType().getIntOrFloatBitWidth() / 8;
  placed.address = rootAddress + uint64_t(offset) * placed.elementBytes;
  placed.shape.assign(type.getShape().begin(), type.getShape().end());
  placed.strides = strides;
  return placed;
}

FailureOr<uint32_t> CommandAddressing::sramAddress(Value value, Operation *user) {
  FailureOr<PlacedView> placed = place(value, user);
  if (failed(placed))
    return failure();
  if (placed->space != MemorySpace::sram || placed->address > UINT32_MAX)
    return user->emitError("expects an SRAM operand with a 32-bit address");
  return uint32_t(placed->address);
}

namespace {
/// Every root buffer at address 0 of its memory: the timing equations need
/// only shapes, strides and memories.
struct ShapeOnlyAddressing : CommandAddressing {
  FailureOr<PlacedView> place(Value value, Operation *user) override {
    return placeInMemory(value, /*rootAddress=*/0, user);
  }
};
} // namespace

std::optional<uint64_t>
mlir::npuhw::detail::estimateCycles(CommandOpInterface command,
                                    const npu::TargetDescription &target) {
  ShapeOnlyAddressing addressing;
  FailureOr<Command> encoded = command.encode(addressing);
  if (failed(encoded))
    return std::nullopt;
  return npu::runtime::getCommandCycles(*encoded, target).total();
}

//===----------------------------------------------------------------------===//
// DMA engines
//===----------------------------------------------------------------------===//

/// A DMA descriptor: three counts of rows, each row contiguous bytes (or
/// one element when a side's innermost stride is not 1).
FailureOr<Command> DmaOp::encode(CommandAddressing &addressing) {
  FailureOr<PlacedView> src = addressing.place(getSource(), *this),
                        dst = addressing.place(getTarget(), *this);
  if (failed(src) || failed(dst))
    return failure();
  const int64_t element = src->elementBytes;
  SmallVector<int64_t> shape = src->shape, srcStrides = src->strides,
                       dstStrides = dst->strides;
  int64_t rowBytes = element;
  if (srcStrides.back() == 1 && dstStrides.back() == 1) {
    rowBytes = shape.back() * element;
    shape.pop_back();
    srcStrides.pop_back();
    dstStrides.pop_back();
  }
  if (shape.size() > 3)
    return emitError("needs ") << shape.size() << " descriptor dimensions; a DMA has 3";
  while (shape.size() < 3) {
    shape.insert(shape.begin(), 1);
    srcStrides.insert(srcStrides.begin(), 0);
    dstStrides.insert(dstStrides.begin(), 0);
  }
  Command command = Command::make(Opcode::Dma);
  command.set(isa::dma::src_space, uint64_t(src->space)).set(isa::dma::dst_space, uint64_t(dst->space));
  command.set(isa::dma::src, src->address).set(isa::dma::dst, dst->address).set(isa::dma::row_bytes, rowBytes);
  constexpr npu::runtime::Field<Opcode::Dma> counts[] = {
      isa::dma::count0, isa::dma::count1, isa::dma::count2};
  constexpr npu::runtime::Field<Opcode::Dma> srcs[] = {
      isa::dma::src_stride0, isa::dma::src_stride1, isa::dma::src_stride2};
  constexpr npu::runtime::Field<Opcode::Dma> dsts[] = {
      isa::dma::dst_stride0, isa::dma::dst_stride1, isa::dma::dst_stride2};
  for (int i = 0; i < 3; ++i) {
    if (srcStrides[i] * element > UINT32_MAX || dstStrides[i] * element > UINT32_MAX)
      return emitError("has a stride beyond the descriptor's 32 bits");
    command.set(counts[i], shape[i]);
    command.set(srcs[i], srcStrides[i] * element);
    command.set(dsts[i], dstStrides[i] * element);
  }
  return command;
}

/// A gather: table rows (stride between rows) to destination rows.
FailureOr<Command> GatherOp::encode(CommandAddressing &addressing) {
  FailureOr<PlacedView> table = addressing.place(getTable(), *this),
                        dst = addressing.place(getTarget(), *this);
  FailureOr<uint32_t> indices = addressing.sramAddress(getIndices(), *this);
  if (failed(table) || failed(dst) || failed(indices))
    return failure();
  const int64_t element = table->elementBytes;
  if (table->strides[0] * element > UINT32_MAX || dst->strides[0] * element > UINT32_MAX)
    return emitError("has a row stride beyond the descriptor's 32 bits");
  Command command = Command::make(Opcode::Gather, dtypeOf(getIndices()));
  command.set(isa::gather::src_space, uint64_t(table->space)).set(isa::gather::dst_space, uint64_t(dst->space));
  command.set(isa::gather::src, table->address).set(isa::gather::dst, dst->address).set(isa::gather::indices, *indices);
  command.set(isa::gather::row_bytes, table->shape[1] * element).set(isa::gather::count, dst->shape[0]);
  command.set(isa::gather::table_rows, table->shape[0]);
  command.set(isa::gather::src_stride, table->strides[0] * element);
  command.set(isa::gather::dst_stride, dst->strides[0] * element);
  return command;
}

//===----------------------------------------------------------------------===//
// Matrix engine
//===----------------------------------------------------------------------===//

FailureOr<Command> MatMulOp::encode(CommandAddressing &addressing) {
  SramOperands addr(addressing, *this);
  ArrayRef<int64_t> lhs = getLhs().getType().getShape(),
                    acc = getAcc().getType().getShape();
  Command c = Command::make(Opcode::MatMul, dtypeOf(getLhs()));
  c.set(isa::matmul::a, addr(getLhs())).set(isa::matmul::lda, lhs[1]);
  c.set(isa::matmul::b, addr(getRhs())).set(isa::matmul::c, addr(getAcc())).set(isa::matmul::ldc, acc[1]);
  c.set(isa::matmul::m, lhs[0]).set(isa::matmul::k, lhs[1]).set(isa::matmul::n, acc[1]);
  if (getBias())
    c.set(isa::matmul::bias, 1).set(isa::matmul::bias_addr, addr(getBias()));
  if (getAccumulate())
    c.set(isa::matmul::accumulate, 1);
  return finish(addr, c);
}

FailureOr<Command> Conv2DOp::encode(CommandAddressing &addressing) {
  SramOperands addr(addressing, *this);
  ArrayRef<int64_t> in = getInput().getType().getShape(),
                    acc = getAcc().getType().getShape();
  Command c = Command::make(Opcode::Conv2D, dtypeOf(getInput()));
  c.set(isa::conv2d::input, addr(getInput())).set(isa::conv2d::filter, addr(getFilter()));
  c.set(isa::conv2d::output, addr(getAcc()));
  if (getBias())
    c.set(isa::conv2d::bias, 1).set(isa::conv2d::bias_addr, addr(getBias()));
  c.set(isa::conv2d::batch, in[0]).set(isa::conv2d::height, in[1]).set(isa::conv2d::width, in[2]);
  c.set(isa::conv2d::in_channels, in[3]).set(isa::conv2d::out_channels, acc[3]);
  c.set(isa::conv2d::groups, getGroups());
  c.set(isa::conv2d::kernel_h, getKernel()[0]).set(isa::conv2d::kernel_w, getKernel()[1]);
  c.set(isa::conv2d::stride_h, getStrides()[0]).set(isa::conv2d::stride_w, getStrides()[1]);
  c.set(isa::conv2d::dilation_h, getDilations()[0]).set(isa::conv2d::dilation_w, getDilations()[1]);
  c.setSigned(isa::conv2d::pad_value, getPadValue());
  c.set(isa::conv2d::pad_top, getPads()[0]).set(isa::conv2d::pad_left, getPads()[1]);
  c.set(isa::conv2d::pad_bottom, getPads()[2]).set(isa::conv2d::pad_right, getPads()[3]);
  if (getAccumulate())
    c.set(isa::conv2d::accumulate, 1);
  return finish(addr, c);
}

//===----------------------------------------------------------------------===//
// Vector engine
//===----------------------------------------------------------------------===//

FailureOr<Command> ActivationOp::encode(CommandAddressing &addressing) {
  std::optional<npu::runtime::ActivationKind> kind = getIsaKind(getKind());
  if (!kind)
    return emitError("has no ISA encoding for '")
           << stringifyActivationKind(getKind()) << "'";
  SramOperands addr(addressing, *this);
  Command c = Command::make(Opcode::Activation, dtypeOf(getInput()), uint8_t(*kind));
  c.set(isa::act::out_dtype, uint64_t(dtypeOf(getOutput())));
  c.set(isa::act::input, addr(getInput())).set(isa::act::output, addr(getOutput()));
  c.set(isa::act::count, elementsOf(getInput()));
  if (getAlpha())
    c.setFloat(isa::act::alpha, getAlpha()->convertToFloat());
  if (getBeta())
    c.setFloat(isa::act::beta, getBeta()->convertToFloat());
  return finish(addr, c);
}

FailureOr<Command> RequantOp::encode(CommandAddressing &addressing) {
  SramOperands addr(addressing, *this);
  Command c = Command::make(Opcode::Requant, DType::I8);
  c.set(isa::requant::input, addr(getAcc())).set(isa::requant::output, addr(getOutput()));
  c.set(isa::requant::count, elementsOf(getAcc()));
  c.set(isa::requant::channels, elementsOf(getTable()) / 2);
  c.set(isa::requant::table, addr(getTable()));
  c.setSigned(isa::requant::zero_point, getOutputZeroPoint());
  c.setSigned(isa::requant::clamp_min, getClampMin());
  c.setSigned(isa::requant::clamp_max, getClampMax());
  return finish(addr, c);
}

FailureOr<Command> ElementwiseOp::encode(CommandAddressing &addressing) {
  std::optional<npu::runtime::EltwiseKind> kind = getIsaKind(getKind());
  if (!kind)
    return emitError("has no ISA encoding for '")
           << stringifyElementwiseKind(getKind()) << "'";
  SramOperands addr(addressing, *this);
  Command c = Command::make(Opcode::Eltwise, dtypeOf(getLhs()), uint8_t(*kind));
  c.set(isa::eltwise::out_dtype, uint64_t(dtypeOf(getOutput())));
  c.set(isa::eltwise::lhs, addr(getLhs())).set(isa::eltwise::rhs, addr(getRhs()));
  c.set(isa::eltwise::output, addr(getOutput()));
  c.set(isa::eltwise::count, elementsOf(getLhs()));
  c.set(isa::eltwise::rhs_period, elementsOf(getRhs()));
  return finish(addr, c);
}

FailureOr<Command> PoolOp::encode(CommandAddressing &addressing) {
  SramOperands addr(addressing, *this);
  ArrayRef<int64_t> in = getInput().getType().getShape();
  Command c =
      Command::make(Opcode::Pool, dtypeOf(getInput()), uint8_t(getIsaKind(getKind())));
  c.set(isa::pool::input, addr(getInput())).set(isa::pool::output, addr(getOutput()));
  c.set(isa::pool::batch, in[0]).set(isa::pool::height, in[1]).set(isa::pool::width, in[2]).set(isa::pool::channels, in[3]);
  c.set(isa::pool::kernel_h, getKernel()[0]).set(isa::pool::kernel_w, getKernel()[1]);
  c.set(isa::pool::stride_h, getStrides()[0]).set(isa::pool::stride_w, getStrides()[1]);
  c.set(isa::pool::pad_top, getPads()[0]).set(isa::pool::pad_left, getPads()[1]);
  c.set(isa::pool::pad_bottom, getPads()[2]).set(isa::pool::pad_right, getPads()[3]);
  return finish(addr, c);
}

FailureOr<Command> SoftmaxOp::encode(CommandAddressing &addressing) {
  SramOperands addr(addressing, *this);
  auto type = cast<MemRefType>(getInput().getType());
  int64_t cols = type.getShape().back();
  Command c = Command::make(Opcode::Softmax, dtypeOf(getInput()));
  c.set(isa::softmax::input, addr(getInput())).set(isa::softmax::output, addr(getOutput()));
  c.set(isa::softmax::rows, type.getNumElements() / cols).set(isa::softmax::cols, cols);
  return finish(addr, c);
}

FailureOr<Command> NormOp::encode(CommandAddressing &addressing) {
  SramOperands addr(addressing, *this);
  auto type = cast<MemRefType>(getInput().getType());
  int64_t cols = type.getShape().back();
  Command c =
      Command::make(Opcode::Norm, dtypeOf(getInput()), uint8_t(getIsaKind(getKind())));
  c.set(isa::norm::input, addr(getInput())).set(isa::norm::scale, addr(getScale()));
  if (getBias())
    c.set(isa::norm::bias, 1).set(isa::norm::bias_addr, addr(getBias()));
  c.set(isa::norm::output, addr(getOutput()));
  c.set(isa::norm::rows, type.getNumElements() / cols).set(isa::norm::cols, cols);
  c.setFloat(isa::norm::epsilon, getEpsilon().convertToFloat());
  return finish(addr, c);
}

//===----------------------------------------------------------------------===//
// Synchronisation
//===----------------------------------------------------------------------===//

FailureOr<Command> SignalOp::encode(CommandAddressing &) {
  Command c = Command::make(Opcode::Signal);
  c.set(isa::signal::semaphore, getSemaphore());
  return c;
}

FailureOr<Command> WaitOp::encode(CommandAddressing &) {
  Command c = Command::make(Opcode::Wait);
  c.set(isa::wait::semaphore, getSemaphore());
  return c;
}
