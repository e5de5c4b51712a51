//===- EmitArtifact.cpp - npuhw ops to commands ---------------------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "npu/Codegen/EmitArtifact.h"
#include "dialects/npu/NpuDialect.h"
#include "dialects/npuhw/NpuHwDialect.h"
#include "npu/Transforms/NpuHwUtils.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::npu;
using runtime::Command;
using runtime::DType;
using runtime::Opcode;

namespace {

std::optional<DType> getDType(Type type) {
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

std::optional<runtime::ActivationKind> getIsaKind(npuhw::ActivationKind kind) {
  using K = npuhw::ActivationKind;
  using R = runtime::ActivationKind;
  switch (kind) {
  case K::copy: return R::Copy;
  case K::relu: return R::Relu;
  case K::clip: return R::Clip;
  case K::leaky_relu: return R::LeakyRelu;
  case K::sigmoid: return R::Sigmoid;
  case K::tanh: return R::Tanh;
  case K::gelu_erf: return R::GeluErf;
  case K::gelu_tanh: return R::GeluTanh;
  case K::silu: return R::Silu;
  case K::hard_sigmoid: return R::HardSigmoid;
  case K::hard_swish: return R::HardSwish;
  case K::exp: return R::Exp;
  case K::quantize: return R::Quantize;
  case K::dequantize: return R::Dequantize;
  default: return std::nullopt;
  }
}

/// The bytes of a constant's elements as they lie in memory.
std::vector<uint8_t> getRawBytes(ElementsAttr value) {
  if (auto dense = dyn_cast<DenseElementsAttr>(value)) {
    ArrayRef<char> raw = dense.getRawData();
    std::vector<uint8_t> bytes(raw.begin(), raw.end());
    if (dense.isSplat()) {
      std::vector<uint8_t> repeated;
      for (int64_t i = 0; i < dense.getNumElements(); ++i)
        repeated.insert(repeated.end(), bytes.begin(), bytes.end());
      return repeated;
    }
    return bytes;
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value))
    if (AsmResourceBlob *blob = resource.getRawHandle().getBlob()) {
      ArrayRef<char> raw = blob->getData();
      return std::vector<uint8_t>(raw.begin(), raw.end());
    }
  return {};
}

class Emitter {
public:
  Emitter(const TargetDescription &target, runtime::Artifact &artifact)
      : target(target), artifact(artifact) {}

  LogicalResult emit(Operation *op);

private:
  FailureOr<PlacedView> place(Value value, Operation *op) {
    return placeView(value, op);
  }
  FailureOr<uint32_t> sramAddress(Value value, Operation *op);
  FailureOr<Command> encode(Operation *op);
  FailureOr<Command> encodeDma(npuhw::DmaOp op);
  FailureOr<Command> encodeGather(npuhw::GatherOp op);
  void push(unsigned queue, const Command &command, Location loc);

  const TargetDescription &target;
  runtime::Artifact &artifact;
  llvm::StringMap<uint32_t> nodes;
};

FailureOr<uint32_t> Emitter::sramAddress(Value value, Operation *op) {
  FailureOr<PlacedView> placed = place(value, op);
  if (failed(placed))
    return failure();
  if (placed->space != npuhw::MemorySpace::sram || placed->address > UINT32_MAX)
    return op->emitError("expects an SRAM operand with a 32-bit address");
  return uint32_t(placed->address);
}

void Emitter::push(unsigned queue, const Command &command, Location loc) {
  uint32_t node = runtime::kNoNode;
  if (auto name = loc->findInstanceOf<NameLoc>()) {
    auto [it, inserted] =
        nodes.try_emplace(name.getName().getValue(), artifact.nodeNames.size());
    if (inserted)
      artifact.nodeNames.push_back(name.getName().getValue().str());
    node = it->second;
  }
  artifact.queues[queue].commands.push_back(command);
  artifact.queues[queue].nodes.push_back(node);
}

/// A DMA descriptor: three counts of rows, each row contiguous bytes (or
/// one element when a side's innermost stride is not 1).
FailureOr<Command> Emitter::encodeDma(npuhw::DmaOp op) {
  FailureOr<PlacedView> src = place(op.getSource(), op),
                        dst = place(op.getTarget(), op);
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
    return op.emitError("needs ") << shape.size()
                                  << " descriptor dimensions; a DMA has 3";
  while (shape.size() < 3) {
    shape.insert(shape.begin(), 1);
    srcStrides.insert(srcStrides.begin(), 0);
    dstStrides.insert(dstStrides.begin(), 0);
  }
  Command command = Command::make(Opcode::Dma);
  command.set("src_space", uint64_t(src->space)).set("dst_space", uint64_t(dst->space));
  command.set("src", src->address).set("dst", dst->address).set("row_bytes", rowBytes);
  static const char *counts[] = {"count0", "count1", "count2"};
  static const char *srcs[] = {"src_stride0", "src_stride1", "src_stride2"};
  static const char *dsts[] = {"dst_stride0", "dst_stride1", "dst_stride2"};
  for (int i = 0; i < 3; ++i) {
    if (srcStrides[i] * element > UINT32_MAX || dstStrides[i] * element > UINT32_MAX)
      return op.emitError("has a stride beyond the descriptor's 32 bits");
    command.set(counts[i], shape[i]);
    command.set(srcs[i], srcStrides[i] * element);
    command.set(dsts[i], dstStrides[i] * element);
  }
  return command;
}

/// A gather: table rows (stride between rows) to destination rows.
FailureOr<Command> Emitter::encodeGather(npuhw::GatherOp op) {
  FailureOr<PlacedView> table = place(op.getTable(), op),
                        dst = place(op.getTarget(), op);
  FailureOr<uint32_t> indices = sramAddress(op.getIndices(), op);
  if (failed(table) || failed(dst) || failed(indices))
    return failure();
  const int64_t element = table->elementBytes;
  if (table->strides[0] * element > UINT32_MAX || dst->strides[0] * element > UINT32_MAX)
    return op.emitError("has a row stride beyond the descriptor's 32 bits");
  Command command = Command::make(
      Opcode::Gather, *getDType(op.getIndices().getType().getElementType()));
  command.set("src_space", uint64_t(table->space)).set("dst_space", uint64_t(dst->space));
  command.set("src", table->address).set("dst", dst->address).set("indices", *indices);
  command.set("row_bytes", table->shape[1] * element).set("count", dst->shape[0]);
  command.set("table_rows", table->shape[0]);
  command.set("src_stride", table->strides[0] * element);
  command.set("dst_stride", dst->strides[0] * element);
  return command;
}

LogicalResult Emitter::emit(Operation *op) {
  FailureOr<Command> command = encode(op);
  if (failed(command))
    return failure();
  push(getCommandQueue(op, target), *command, op->getLoc());
  return success();
}

FailureOr<Command> Emitter::encode(Operation *op) {
  auto memref = [](Value v) { return cast<MemRefType>(v.getType()); };
  auto dtypeOf = [&](Value v) { return *getDType(memref(v).getElementType()); };
  bool failedAddress = false;
  auto addr = [&](Value v) -> uint64_t {
    FailureOr<uint32_t> a = sramAddress(v, op);
    if (failed(a)) {
      failedAddress = true;
      return 0;
    }
    return *a;
  };
  FailureOr<Command> result =
      TypeSwitch<Operation *, FailureOr<Command>>(op)
          .Case([&](npuhw::DmaOp dma) { return encodeDma(dma); })
          .Case([&](npuhw::GatherOp gather) { return encodeGather(gather); })
          .Case([&](npuhw::MatMulOp mm) -> FailureOr<Command> {
            ArrayRef<int64_t> lhs = mm.getLhs().getType().getShape(),
                              acc = mm.getAcc().getType().getShape();
            Command c = Command::make(Opcode::MatMul, dtypeOf(mm.getLhs()));
            c.set("a", addr(mm.getLhs())).set("lda", lhs[1]);
            c.set("b", addr(mm.getRhs())).set("c", addr(mm.getAcc())).set("ldc", acc[1]);
            c.set("m", lhs[0]).set("k", lhs[1]).set("n", acc[1]);
            if (mm.getBias())
              c.set("bias", 1).set("bias_addr", addr(mm.getBias()));
            if (mm.getAccumulate())
              c.set("accumulate", 1);
            return c;
          })
          .Case([&](npuhw::Conv2DOp conv) {
            ArrayRef<int64_t> in = conv.getInput().getType().getShape(),
                              acc = conv.getAcc().getType().getShape();
            Command c = Command::make(Opcode::Conv2D, dtypeOf(conv.getInput()));
            c.set("input", addr(conv.getInput())).set("filter", addr(conv.getFilter()));
            c.set("output", addr(conv.getAcc()));
            if (conv.getBias())
              c.set("bias", 1).set("bias_addr", addr(conv.getBias()));
            c.set("batch", in[0]).set("height", in[1]).set("width", in[2]);
            c.set("in_channels", in[3]).set("out_channels", acc[3]);
            c.set("groups", conv.getGroups());
            c.set("kernel_h", conv.getKernel()[0]).set("kernel_w", conv.getKernel()[1]);
            c.set("stride_h", conv.getStrides()[0]).set("stride_w", conv.getStrides()[1]);
            c.set("dilation_h", conv.getDilations()[0]).set("dilation_w", conv.getDilations()[1]);
            c.setSigned("pad_value", conv.getPadValue());
            c.set("pad_top", conv.getPads()[0]).set("pad_left", conv.getPads()[1]);
            c.set("pad_bottom", conv.getPads()[2]).set("pad_right", conv.getPads()[3]);
            if (conv.getAccumulate())
              c.set("accumulate", 1);
            return c;
          })
          .Case([&](npuhw::ActivationOp act) -> FailureOr<Command> {
            std::optional<runtime::ActivationKind> kind = getIsaKind(act.getKind());
            if (!kind)
              return act.emitError("has no ISA encoding for '")
                     << npuhw::stringifyActivationKind(act.getKind()) << "'";
            Command c = Command::make(Opcode::Activation, dtypeOf(act.getInput()),
                                      uint8_t(*kind));
            c.set("out_dtype", uint64_t(dtypeOf(act.getOutput())));
            c.set("input", addr(act.getInput())).set("output", addr(act.getOutput()));
            c.set("count", memref(act.getInput()).getNumElements());
            if (act.getAlpha())
              c.setFloat("alpha", act.getAlpha()->convertToFloat());
            if (act.getBeta())
              c.setFloat("beta", act.getBeta()->convertToFloat());
            return c;
          })
          .Case([&](npuhw::RequantOp requant) {
            Command c = Command::make(Opcode::Requant, DType::I8);
            c.set("input", addr(requant.getAcc())).set("output", addr(requant.getOutput()));
            c.set("count", memref(requant.getAcc()).getNumElements());
            c.set("channels", memref(requant.getTable()).getNumElements() / 2);
            c.set("table", addr(requant.getTable()));
            c.setSigned("zero_point", requant.getOutputZeroPoint());
            c.setSigned("clamp_min", requant.getClampMin());
            c.setSigned("clamp_max", requant.getClampMax());
            return c;
          })
          .Case([&](npuhw::ElementwiseOp el) -> FailureOr<Command> {
            if (el.getKind() == npuhw::ElementwiseKind::pow)
              return el.emitError("has no ISA encoding for 'pow'");
            Command c = Command::make(Opcode::Eltwise, dtypeOf(el.getLhs()),
                                      uint8_t(el.getKind()));
            c.set("out_dtype", uint64_t(dtypeOf(el.getOutput())));
            c.set("lhs", addr(el.getLhs())).set("rhs", addr(el.getRhs()));
            c.set("output", addr(el.getOutput()));
            c.set("count", memref(el.getLhs()).getNumElements());
            c.set("rhs_period", memref(el.getRhs()).getNumElements());
            return c;
          })
          .Case([&](npuhw::PoolOp pool) {
            ArrayRef<int64_t> in = pool.getInput().getType().getShape();
            Command c = Command::make(Opcode::Pool, dtypeOf(pool.getInput()),
                                      uint8_t(pool.getKind()));
            c.set("input", addr(pool.getInput())).set("output", addr(pool.getOutput()));
            c.set("batch", in[0]).set("height", in[1]).set("width", in[2]).set("channels", in[3]);
            c.set("kernel_h", pool.getKernel()[0]).set("kernel_w", pool.getKernel()[1]);
            c.set("stride_h", pool.getStrides()[0]).set("stride_w", pool.getStrides()[1]);
            c.set("pad_top", pool.getPads()[0]).set("pad_left", pool.getPads()[1]);
            c.set("pad_bottom", pool.getPads()[2]).set("pad_right", pool.getPads()[3]);
            return c;
          })
          .Case([&](npuhw::SoftmaxOp softmax) {
            MemRefType type = memref(softmax.getInput());
            int64_t cols = type.getShape().back();
            Command c = Command::make(Opcode::Softmax, dtypeOf(softmax.getInput()));
            c.set("input", addr(softmax.getInput())).set("output", addr(softmax.getOutput()));
            c.set("rows", type.getNumElements() / cols).set("cols", cols);
            return c;
          })
          .Case([&](npuhw::NormOp norm) {
            MemRefType type = memref(norm.getInput());
            int64_t cols = type.getShape().back();
            Command c = Command::make(Opcode::Norm, dtypeOf(norm.getInput()),
                                      uint8_t(norm.getKind()));
            c.set("input", addr(norm.getInput())).set("scale", addr(norm.getScale()));
            if (norm.getBias())
              c.set("bias", 1).set("bias_addr", addr(norm.getBias()));
            c.set("output", addr(norm.getOutput()));
            c.set("rows", type.getNumElements() / cols).set("cols", cols);
            c.setFloat("epsilon", norm.getEpsilon().convertToFloat());
            return c;
          })
          .Case([&](npuhw::SignalOp signal) {
            Command c = Command::make(Opcode::Signal);
            c.set("semaphore", signal.getSemaphore());
            return c;
          })
          .Case([&](npuhw::WaitOp wait) {
            Command c = Command::make(Opcode::Wait);
            c.set("semaphore", wait.getSemaphore());
            return c;
          })
          .Default([&](Operation *other) -> FailureOr<Command> {
            return other->emitError("has no command encoding");
          });
  if (failedAddress)
    return failure();
  return result;
}

std::string getTensorName(func::FuncOp function, unsigned index, StringRef fallback) {
  if (auto name = function.getArgAttrOfType<StringAttr>(index, "npu.name"))
    return name.getValue().str();
  return (fallback + Twine(index)).str();
}

} // namespace

FailureOr<runtime::Artifact> mlir::npu::emitArtifact(ModuleOp module,
                                                     StringRef producer) {
  FailureOr<TargetDescription> target = getModuleTarget(module);
  if (failed(target))
    return failure();
  auto functions = llvm::to_vector(module.getOps<func::FuncOp>());
  if (functions.size() != 1)
    return module.emitError("expects one lowered function, got ") << functions.size();
  func::FuncOp function = functions.front();
  auto intAttr = [&](StringRef name) -> std::optional<uint64_t> {
    if (auto attr = function->getAttrOfType<IntegerAttr>(name))
      return attr.getInt();
    return std::nullopt;
  };
  std::optional<uint64_t> dramBytes = intAttr("npuhw.dram_bytes"),
                          constantBytes = intAttr("npuhw.constant_bytes"),
                          sramBytes = intAttr("npuhw.sram_bytes");
  if (!dramBytes || !constantBytes || !sramBytes)
    return function.emitError("has no memory plan; run npuhw-plan-memory first");

  runtime::Artifact artifact;
  artifact.producer = producer.str();
  artifact.targetName = target->name;
  artifact.targetJson = printTargetDescription(*target);
  artifact.targetFingerprint = target->fingerprint();
  artifact.dramBytes = std::max<uint64_t>(*dramBytes, 64);
  artifact.sramBytes = *sramBytes;

  // The memory map: constants, each input and output, scratch.
  if (*constantBytes) {
    artifact.regions.push_back({"constants", runtime::RegionKind::Constant, 0, *constantBytes});
    artifact.constantsRegion = 0;
    artifact.constants.assign(*constantBytes, 0);
    for (memref::GlobalOp global : module.getOps<memref::GlobalOp>()) {
      auto offset = global->getAttrOfType<IntegerAttr>(kOffsetAttr);
      auto value = dyn_cast_or_null<ElementsAttr>(global.getInitialValueAttr());
      if (!offset || !value)
        return global.emitError("has no planned offset or no initial value");
      std::vector<uint8_t> bytes = getRawBytes(value);
      if (bytes.size() != getBufferBytes(global.getType()) ||
          offset.getInt() + bytes.size() > *constantBytes)
        return global.emitError("has ") << bytes.size()
                                        << " bytes that do not match its type or region";
      std::copy(bytes.begin(), bytes.end(), artifact.constants.begin() + offset.getInt());
    }
  }
  for (BlockArgument argument : function.getArguments()) {
    unsigned index = argument.getArgNumber();
    auto type = cast<MemRefType>(argument.getType());
    bool output = function.getArgAttr(index, kOutputAttr) != nullptr;
    auto offset = function.getArgAttrOfType<IntegerAttr>(index, kOffsetAttr);
    std::optional<DType> dtype = getDType(type.getElementType());
    if (!offset || !dtype)
      return function.emitError("argument ") << index << " has no planned offset or no NPU type";
    runtime::TensorDescriptor descriptor;
    descriptor.name = getTensorName(function, index, output ? "output" : "input");
    descriptor.dtype = *dtype;
    descriptor.hostUnsigned = function.getArgAttr(index, kHostUnsignedAttrName) != nullptr;
    descriptor.shape.assign(type.getShape().begin(), type.getShape().end());
    descriptor.region = artifact.regions.size();
    artifact.regions.push_back({descriptor.name,
                                output ? runtime::RegionKind::Output : runtime::RegionKind::Input,
                                uint64_t(offset.getInt()), getBufferBytes(type)});
    (output ? artifact.outputs : artifact.inputs).push_back(descriptor);
  }
  if (std::optional<uint64_t> scratch = intAttr("npuhw.scratch_bytes"); scratch && *scratch) {
    artifact.regions.push_back({"scratch", runtime::RegionKind::Scratch,
                                *dramBytes - *scratch, *scratch});
  }

  for (int64_t i = 0; i < target->dma.engines; ++i)
    artifact.queues.push_back({runtime::EngineKind::Dma, uint32_t(i), {}, {}});
  artifact.queues.push_back({runtime::EngineKind::Matrix, 0, {}, {}});
  artifact.queues.push_back({runtime::EngineKind::Vector, 0, {}, {}});

  Emitter emitter(*target, artifact);
  for (Operation &op : function.getBody().front()) {
    if (!isNpuHwCommand(&op))
      continue;
    if (failed(emitter.emit(&op)))
      return failure();
  }
  llvm::erase_if(artifact.queues, [](const runtime::CommandQueue &queue) {
    return queue.commands.empty();
  });
  artifact.isaVersionMinor = runtime::getRequiredIsaMinor(artifact);
  if (llvm::Error error = runtime::verifyArtifact(artifact))
    return module.emitError("emitted an invalid artifact: ")
           << llvm::toString(std::move(error));
  return artifact;
}
