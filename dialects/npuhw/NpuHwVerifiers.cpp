//===- NpuHwVerifiers.cpp - invariants of npuhw commands ------------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Codegen turns each npuhw op into one fixed-size command without further
// checks, so every property the encoding and the engines assume is verified
// here: which memory an engine may touch, shapes that agree, element types
// the engines implement.
//
//===----------------------------------------------------------------------===//

#include "dialects/npuhw/NpuHwDialect.h"
#include "npu/Isa/Packing.h"
#include "npu/Support/Npy.h"

#include "llvm/ADT/STLExtras.h"

#include <cmath>

using namespace mlir;
using namespace mlir::npuhw;
using mlir::npu::formatShape;

namespace {


MemRefType bufferType(Value value) { return cast<MemRefType>(value.getType()); }

/// Every dimension of a command's buffer is known and positive.
LogicalResult requireStaticNonEmpty(Operation *op, MemRefType type,
                                    StringRef name) {
  if (!type.hasStaticShape())
    return op->emitOpError("expects ") << name << " to be statically shaped";
  for (int64_t dim : type.getShape())
    if (dim == 0)
      return op->emitOpError("expects ")
             << name << " to have no empty dimension, got " << type;
  return success();
}

/// Row-major strides at a static offset: a contiguous tile, possibly a
/// window of a larger buffer.
bool isContiguous(MemRefType type) {
  if (type.getLayout().isIdentity())
    return true;
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)) ||
      ShapedType::isDynamic(offset))
    return false;
  int64_t expected = 1;
  for (int64_t i = type.getRank() - 1; i >= 0; --i) {
    if (type.getDimSize(i) != 1 && strides[i] != expected)
      return false;
    expected *= type.getDimSize(i);
  }
  return true;
}

/// The strides of a view a DMA descriptor (dma, gather) encodes: a strided
/// layout with static strides and offset.
FailureOr<SmallVector<int64_t>> requireDescriptorStrides(Operation *op,
                                                         MemRefType type,
                                                         StringRef name) {
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(type.getStridesAndOffset(strides, offset)))
    return op->emitOpError("expects the ")
           << name << " to have a strided layout, got " << type;
  if (ShapedType::isDynamic(offset) || llvm::any_of(strides, ShapedType::isDynamic))
    return op->emitOpError("expects the ")
           << name << " to have static strides and offset, got " << type
           << " (a descriptor encodes them as constants)";
  return strides;
}

/// `channel` names a DMA engine's queue; the matrix and vector engines have
/// one queue each.
LogicalResult verifyQueue(Operation *op, Engine engine, uint64_t channel) {
  if (static_cast<int64_t>(channel) < 0)
    return op->emitOpError("has a negative DMA channel ")
           << static_cast<int64_t>(channel);
  if (engine != Engine::dma && channel != 0)
    return op->emitOpError("has channel ")
           << channel << " on the " << stringifyEngine(engine)
           << " engine, which has one queue";
  return success();
}

/// Compute engines read and write whole, contiguous SRAM tiles; DRAM and
/// strided views are reached through npuhw.dma.
LogicalResult requireSram(Operation *op, Value value, StringRef name) {
  MemRefType type = bufferType(value);
  if (getMemorySpace(type) != MemorySpace::sram)
    return op->emitOpError("expects ")
           << name << " in SRAM (#npuhw.space<sram>), got " << type
           << "; compute engines reach DRAM only through npuhw.dma";
  if (failed(requireStaticNonEmpty(op, type, name)))
    return failure();
  if (!isContiguous(type))
    return op->emitOpError("expects ")
           << name << " to be a contiguous tile (row-major strides), got "
           << type << "; gather strided data with npuhw.dma first";
  return success();
}

LogicalResult requireRank(Operation *op, Value value, StringRef name,
                          int64_t rank, StringRef layout) {
  if (bufferType(value).getRank() != rank)
    return op->emitOpError("expects ")
           << name << " of rank " << rank << " (" << layout << "), got "
           << bufferType(value);
  return success();
}

LogicalResult requireSameShapeAndType(Operation *op, Value a, StringRef aName,
                                      Value b, StringRef bName) {
  MemRefType at = bufferType(a), bt = bufferType(b);
  if (at.getShape() != bt.getShape())
    return op->emitOpError("expects ")
           << aName << " and " << bName << " of the same shape, got "
           << formatShape(at.getShape()) << " and "
           << formatShape(bt.getShape());
  if (at.getElementType() != bt.getElementType())
    return op->emitOpError("expects ")
           << aName << " and " << bName << " of the same element type, got "
           << at.getElementType() << " and " << bt.getElementType();
  return success();
}

/// The matrix engine multiplies i8 x i8 into i32 and f16 x f16 into f32.
LogicalResult requireMatrixTypes(Operation *op, Type a, Type b, Type acc) {
  bool int8 = a.isSignlessInteger(8) && b.isSignlessInteger(8) &&
              acc.isSignlessInteger(32);
  bool fp16 = a.isF16() && b.isF16() && acc.isF32();
  if (!int8 && !fp16)
    return op->emitOpError("expects i8 x i8 -> i32 or f16 x f16 -> f32 "
                           "operands, got ")
           << a << " x " << b << " -> " << acc;
  return success();
}

LogicalResult requireArray(Operation *op, ArrayRef<int64_t> values,
                           size_t size, StringRef name, int64_t minimum) {
  if (values.size() != size)
    return op->emitOpError("expects '")
           << name << "' to have " << size << " entries, got "
           << values.size();
  for (int64_t v : values)
    if (v < minimum)
      return op->emitOpError("expects every '")
             << name << "' entry to be at least " << minimum << ", got " << v;
  return success();
}

/// Output size of a sliding window along one dimension (no ceil mode at tile
/// level: tiling turns it into explicit padding).
int64_t windowOutput(int64_t input, int64_t kernel, int64_t stride,
                     int64_t dilation, int64_t padBefore, int64_t padAfter) {
  int64_t span = input + padBefore + padAfter - dilation * (kernel - 1) - 1;
  return span < 0 ? 0 : span / stride + 1;
}

} // namespace

LogicalResult AllocOp::verify() {
  MemRefType type = getBuffer().getType();
  if (!getMemorySpace(type))
    return emitOpError("expects a buffer in #npuhw.space<dram> or "
                       "#npuhw.space<sram>, got ")
           << type;
  if (!type.hasStaticShape() || !type.getLayout().isIdentity())
    return emitOpError("expects a statically shaped buffer with the identity "
                       "layout, got ")
           << type << " (take strided views with memref.subview)";
  // I64Attr getters return uint64_t: compare as signed.
  if (getOffset() && static_cast<int64_t>(*getOffset()) < 0)
    return emitOpError("has a negative offset ")
           << static_cast<int64_t>(*getOffset());
  return success();
}

LogicalResult DmaOp::verify() {
  MemRefType source = getSource().getType(), target = getTarget().getType();
  std::optional<MemorySpace> from = getMemorySpace(source),
                             to = getMemorySpace(target);
  if (!from || !to)
    return emitOpError("expects source and target in an npuhw memory space, "
                       "got ")
           << source << " and " << target;
  if (*from == MemorySpace::dram && *to == MemorySpace::dram)
    return emitOpError("copies DRAM to DRAM, which no DMA engine does; stage "
                       "the data through SRAM");
  if (failed(requireSameShapeAndType(*this, getSource(), "source", getTarget(),
                                     "target")))
    return failure();
  if (source.getRank() < 1 || source.getRank() > 4)
    return emitOpError("moves a rank-")
           << source.getRank()
           << " view; DMA descriptors have 1 to 4 dimensions";
  for (auto [name, type] : {std::pair{"source", source}, std::pair{"target", target}}) {
    if (failed(requireStaticNonEmpty(*this, type, name)))
      return failure();
    FailureOr<SmallVector<int64_t>> strides =
        requireDescriptorStrides(*this, type, name);
    if (failed(strides))
      return failure();
    if (strides->back() != 1 && source.getRank() > 3)
      return emitOpError("expects the innermost dimension of the ")
             << name << " to be contiguous, got " << type
             << " (a descriptor moving single elements has 3 dimensions)";
  }
  return verifyQueue(*this, Engine::dma, getChannel());
}

LogicalResult GatherOp::verify() {
  MemRefType table = getTable().getType(), target = getTarget().getType();
  MemRefType indices = getIndices().getType();
  std::optional<MemorySpace> from = getMemorySpace(table),
                             to = getMemorySpace(target);
  if (!from || !to)
    return emitOpError("expects table and target in an npuhw memory space, "
                       "got ")
           << table << " and " << target;
  if (*from == MemorySpace::dram && *to == MemorySpace::dram)
    return emitOpError("copies DRAM to DRAM, which no DMA engine does; gather "
                       "into SRAM");
  if (failed(requireSram(*this, getIndices(), "indices")) ||
      failed(requireRank(*this, getIndices(), "indices", 1, "[count]")) ||
      failed(requireRank(*this, getTable(), "table", 2, "[rows, width]")) ||
      failed(requireRank(*this, getTarget(), "target", 2, "[count, width]")))
    return failure();
  Type index = indices.getElementType();
  if (!index.isSignlessInteger(32) && !index.isSignlessInteger(64))
    return emitOpError("expects i32 or i64 indices, got ") << index;
  if (table.getElementType() != target.getElementType())
    return emitOpError("expects table and target of the same element type, got ")
           << table.getElementType() << " and " << target.getElementType();
  if (table.getDimSize(1) != target.getDimSize(1))
    return emitOpError("expects rows of the same width, got a table of ")
           << formatShape(table.getShape()) << " and a target of "
           << formatShape(target.getShape());
  if (indices.getDimSize(0) != target.getDimSize(0))
    return emitOpError("expects one index per target row, got ")
           << indices.getDimSize(0) << " indices for " << target.getDimSize(0)
           << " rows";
  for (auto [name, type] : {std::pair{"table", table}, std::pair{"target", target}}) {
    if (failed(requireStaticNonEmpty(*this, type, name)))
      return failure();
    FailureOr<SmallVector<int64_t>> strides =
        requireDescriptorStrides(*this, type, name);
    if (failed(strides))
      return failure();
    if ((*strides)[1] != 1)
      return emitOpError("expects the ")
             << name << " to have contiguous rows at static strides, got " << type;
  }
  return verifyQueue(*this, Engine::dma, getChannel());
}

/// The elements of a packed right-hand operand `[k, n]` in panels of
/// `panelCols` columns (docs/isa.md, "Weights").
static int64_t packedElements(Type element, int64_t k, int64_t n,
                              int64_t panelCols) {
  return element.isSignlessInteger(8)
             ? npu::kernels::getPackedS8Bytes(k, n, panelCols)
             : npu::kernels::getPackedF16Elements(k, n, panelCols);
}

/// A packed operand is a rank-1 SRAM tile holding exactly the packed matrix;
/// the bias, if any, is one accumulator per output column.
static LogicalResult verifyPackedAndBias(Operation *op, Value packed,
                                         StringRef name, Value bias,
                                         Type accElement, int64_t groups,
                                         int64_t k, int64_t n,
                                         int64_t panelCols) {
  if (panelCols < 1)
    return op->emitOpError("expects a positive 'panel_cols', got ")
           << panelCols;
  MemRefType type = bufferType(packed);
  if (type.getRank() != 1)
    return op->emitOpError("expects the ")
           << name << " packed in panels (rank 1), got " << type;
  int64_t expected =
      groups * packedElements(type.getElementType(), k, n, panelCols);
  if (type.getDimSize(0) != expected)
    return op->emitOpError("expects a packed ")
           << name << " of " << expected << " elements (" << groups
           << " x [" << k << ", " << n << "] in panels of " << panelCols
           << "), got " << type.getDimSize(0);
  if (!bias)
    return success();
  if (failed(requireSram(op, bias, "bias")))
    return failure();
  MemRefType biasType = bufferType(bias);
  if (biasType.getRank() != 1 || biasType.getDimSize(0) != groups * n ||
      biasType.getElementType() != accElement)
    return op->emitOpError("expects a bias of ")
           << groups * n << " x " << accElement << ", got " << biasType;
  return success();
}

LogicalResult MatMulOp::verify() {
  for (auto [value, name] : {std::pair{getLhs(), "lhs"}, std::pair{getRhs(), "rhs"},
                             std::pair{getAcc(), "acc"}})
    if (failed(requireSram(*this, value, name)))
      return failure();
  if (failed(requireRank(*this, getLhs(), "lhs", 2, "row-major matrix")) ||
      failed(requireRank(*this, getAcc(), "acc", 2, "row-major matrix")))
    return failure();
  ArrayRef<int64_t> lhs = getLhs().getType().getShape(),
                    acc = getAcc().getType().getShape();
  if (acc[0] != lhs[0])
    return emitOpError("expects [M, K] x [K, N] -> [M, N], got lhs ")
           << formatShape(lhs) << " and acc " << formatShape(acc);
  if (failed(requireMatrixTypes(*this, getLhs().getType().getElementType(),
                                getRhs().getType().getElementType(),
                                getAcc().getType().getElementType())))
    return failure();
  return verifyPackedAndBias(*this, getRhs(), "rhs", getBias(),
                             getAcc().getType().getElementType(), 1, lhs[1],
                             acc[1], getPanelCols());
}

LogicalResult Conv2DOp::verify() {
  for (auto [value, name] :
       {std::pair{getInput(), "input"}, std::pair{getFilter(), "filter"},
        std::pair{getAcc(), "acc"}})
    if (failed(requireSram(*this, value, name)))
      return failure();
  if (failed(requireRank(*this, getInput(), "input", 4, "NHWC")) ||
      failed(requireRank(*this, getAcc(), "acc", 4, "NHWC")))
    return failure();
  if (failed(requireArray(*this, getKernel(), 2, "kernel", 1)) ||
      failed(requireArray(*this, getStrides(), 2, "strides", 1)) ||
      failed(requireArray(*this, getDilations(), 2, "dilations", 1)) ||
      failed(requireArray(*this, getPads(), 4, "pads", 0)))
    return failure();
  ArrayRef<int64_t> in = getInput().getType().getShape(),
                    acc = getAcc().getType().getShape();
  int64_t groups = getGroups();
  if (groups < 1 || in[3] % groups != 0 || acc[3] % groups != 0)
    return emitOpError("has ")
           << in[3] << " input and " << acc[3]
           << " output channels, which " << groups
           << " group(s) do not divide";
  SmallVector<int64_t, 4> expected{in[0], 0, 0, acc[3]};
  for (int i = 0; i < 2; ++i)
    expected[1 + i] = windowOutput(in[1 + i], getKernel()[i], getStrides()[i],
                                   getDilations()[i], getPads()[i],
                                   getPads()[i + 2]);
  if (expected[1] == 0 || expected[2] == 0)
    return emitOpError("has a filter window larger than the padded input ")
           << formatShape(in);
  if (ArrayRef<int64_t>(expected) != acc)
    return emitOpError("expects an accumulator of shape ")
           << formatShape(expected) << " for this input, filter and window, "
           << "got " << formatShape(acc);
  if (failed(requireMatrixTypes(*this, getInput().getType().getElementType(),
                                getFilter().getType().getElementType(),
                                getAcc().getType().getElementType())))
    return failure();
  // Padded elements hold the input zero point for int8, zero for fp16.
  bool int8 = getInput().getType().getElementType().isSignlessInteger(8);
  int64_t padValue = getPadValue();
  if (int8 ? (padValue < -128 || padValue > 127) : padValue != 0)
    return emitOpError("has pad_value ")
           << padValue << "; it must be an i8 value for int8 tiles and 0 for fp16";
  int64_t k = getKernel()[0] * getKernel()[1] * (in[3] / groups);
  return verifyPackedAndBias(*this, getFilter(), "filter", getBias(),
                             getAcc().getType().getElementType(), groups, k,
                             acc[3] / groups, getPanelCols());
}

LogicalResult RequantOp::verify() {
  for (auto [value, name] :
       {std::pair{getAcc(), "acc"}, std::pair{getTable(), "table"},
        std::pair{getOutput(), "output"}})
    if (failed(requireSram(*this, value, name)))
      return failure();
  MemRefType acc = getAcc().getType(), out = getOutput().getType(),
             table = getTable().getType();
  if (!acc.getElementType().isSignlessInteger(32) ||
      !out.getElementType().isSignlessInteger(8))
    return emitOpError("requantizes i32 to i8, got ")
           << acc.getElementType() << " to " << out.getElementType();
  if (acc.getShape() != out.getShape())
    return emitOpError("expects acc and output of the same shape, got ")
           << formatShape(acc.getShape()) << " and "
           << formatShape(out.getShape());
  int64_t channels = acc.getRank() ? acc.getShape().back() : 1;
  if (!table.getElementType().isSignlessInteger(32) || table.getRank() != 1 ||
      (table.getNumElements() != 2 && table.getNumElements() != 2 * channels))
    return emitOpError("expects a table of i32 multipliers then shifts, one "
                       "pair per tensor (2) or per channel (")
           << 2 * channels << "), got " << table;
  int32_t lo = getClampMin(), hi = getClampMax(), zp = getOutputZeroPoint();
  if (lo > hi || lo < -128 || hi > 127)
    return emitOpError("expects -128 <= clamp_min <= clamp_max <= 127, got [")
           << lo << ", " << hi << "]";
  if (zp < -128 || zp > 127)
    return emitOpError("has output zero point ") << zp << " outside i8";
  return success();
}

LogicalResult ElementwiseOp::verify() {
  for (auto [value, name] :
       {std::pair{getLhs(), "lhs"}, std::pair{getRhs(), "rhs"},
        std::pair{getOutput(), "output"}})
    if (failed(requireSram(*this, value, name)))
      return failure();
  if (failed(requireSameShapeAndType(*this, getLhs(), "lhs", getOutput(),
                                     "output")))
    return failure();
  MemRefType lhs = getLhs().getType(), rhs = getRhs().getType();
  if (rhs.getElementType() != lhs.getElementType())
    return emitOpError("expects lhs and rhs of the same element type, got ")
           << lhs.getElementType() << " and " << rhs.getElementType();
  if (lhs.getNumElements() % rhs.getNumElements() != 0)
    return emitOpError("expects rhs to repeat along lhs, but its ")
           << rhs.getNumElements() << " elements do not divide "
           << lhs.getNumElements();
  return success();
}

LogicalResult ActivationOp::verify() {
  if (failed(requireSram(*this, getInput(), "input")) ||
      failed(requireSram(*this, getOutput(), "output")))
    return failure();
  Type from = getInput().getType().getElementType(),
       to = getOutput().getType().getElementType();
  if (getInput().getType().getShape() != getOutput().getType().getShape())
    return emitOpError("expects input and output of the same shape, got ")
           << formatShape(getInput().getType().getShape()) << " and "
           << formatShape(getOutput().getType().getShape());
  bool quantize = getKind() == ActivationKind::quantize,
       dequantize = getKind() == ActivationKind::dequantize;
  auto isFloat16Or32 = [](Type type) { return type.isF16() || type.isF32(); };
  if (quantize && !(isFloat16Or32(from) && to.isSignlessInteger(8)))
    return emitOpError("quantizes f16 or f32 to i8, got ") << from << " to " << to;
  if (dequantize && !(from.isSignlessInteger(8) && isFloat16Or32(to)))
    return emitOpError("dequantizes i8 to f16 or f32, got ") << from << " to " << to;
  if (!quantize && !dequantize && from != to &&
      !(isa<FloatType>(from) && isa<FloatType>(to)))
    return emitOpError("converts only between float types, got ")
           << from << " to " << to;
  bool needsAlpha = false, needsBeta = false;
  switch (getKind()) {
  case ActivationKind::clip:
  case ActivationKind::hard_sigmoid:
  case ActivationKind::quantize:
  case ActivationKind::dequantize:
    needsAlpha = needsBeta = true;
    break;
  case ActivationKind::leaky_relu:
    needsAlpha = true;
    break;
  default:
    break;
  }
  StringRef kind = stringifyActivationKind(getKind());
  if (needsAlpha != getAlpha().has_value() || needsBeta != getBeta().has_value())
    return emitOpError("'") << kind << "' takes "
                            << (needsAlpha ? (needsBeta ? "alpha and beta" : "alpha only")
                                           : "neither alpha nor beta");
  // On integer tiles the vector engine has only the piecewise-linear
  // functions; the others run in floating point (or as an fp16 island).
  bool integerCapable = dequantize || getKind() == ActivationKind::copy ||
                        getKind() == ActivationKind::relu ||
                        getKind() == ActivationKind::clip ||
                        getKind() == ActivationKind::neg ||
                        getKind() == ActivationKind::abs;
  if (!integerCapable &&
      !isa<FloatType>(getInput().getType().getElementType()))
    return emitOpError("computes '")
           << kind << "' in floating point only; got "
           << getInput().getType().getElementType();
  if (quantize || dequantize) {
    float scale = getAlpha()->convertToFloat(), zeroPoint = getBeta()->convertToFloat();
    if (!(scale > 0) || std::isinf(scale))
      return emitOpError("has scale (alpha) ")
             << scale << "; it must be positive and finite";
    if (!(zeroPoint >= -128 && zeroPoint <= 127) ||
        zeroPoint != std::nearbyint(zeroPoint))
      return emitOpError("has zero point (beta) ")
             << zeroPoint << "; it must be an integer in [-128, 127]";
  }
  if (getKind() == ActivationKind::clip &&
      !(getAlpha()->convertToFloat() <= getBeta()->convertToFloat()))
    return emitOpError("clips to an empty range [")
           << getAlpha()->convertToFloat() << ", "
           << getBeta()->convertToFloat() << "]";
  return success();
}

LogicalResult PoolOp::verify() {
  for (auto [value, name] :
       {std::pair{getInput(), "input"}, std::pair{getOutput(), "output"}})
    if (failed(requireSram(*this, value, name)) ||
        failed(requireRank(*this, value, name, 4, "NHWC")))
      return failure();
  if (failed(requireArray(*this, getKernel(), 2, "kernel", 1)) ||
      failed(requireArray(*this, getStrides(), 2, "strides", 1)) ||
      failed(requireArray(*this, getPads(), 4, "pads", 0)))
    return failure();
  for (int i = 0; i < 2; ++i)
    if (getPads()[i] >= getKernel()[i] || getPads()[i + 2] >= getKernel()[i])
      return emitOpError("pads by at least the kernel size along ")
             << (i == 0 ? "H" : "W")
             << ": some windows would see only padding";
  ArrayRef<int64_t> in = getInput().getType().getShape(),
                    out = getOutput().getType().getShape();
  SmallVector<int64_t, 4> expected{in[0], 0, 0, in[3]};
  for (int i = 0; i < 2; ++i)
    expected[1 + i] = windowOutput(in[1 + i], getKernel()[i], getStrides()[i],
                                   1, getPads()[i], getPads()[i + 2]);
  if (expected[1] == 0 || expected[2] == 0)
    return emitOpError("has a kernel larger than the padded input ")
           << formatShape(in);
  if (ArrayRef<int64_t>(expected) != out)
    return emitOpError("expects an output of shape ")
           << formatShape(expected) << ", got " << formatShape(out);
  if (getInput().getType().getElementType() !=
      getOutput().getType().getElementType())
    return emitOpError("expects input and output of the same element type");
  return success();
}

LogicalResult SoftmaxOp::verify() {
  if (failed(requireSram(*this, getInput(), "input")) ||
      failed(requireSram(*this, getOutput(), "output")) ||
      failed(requireSameShapeAndType(*this, getInput(), "input", getOutput(),
                                     "output")))
    return failure();
  if (getInput().getType().getRank() < 1)
    return emitOpError("expects a tile of rank >= 1");
  if (!isa<FloatType>(getInput().getType().getElementType()))
    return emitOpError("computes softmax in floating point; got ")
           << getInput().getType().getElementType()
           << " (dequantize to f16 first)";
  return success();
}

LogicalResult NormOp::verify() {
  if (failed(requireSram(*this, getInput(), "input")) ||
      failed(requireSram(*this, getScale(), "scale")) ||
      failed(requireSram(*this, getOutput(), "output")) ||
      (getBias() && failed(requireSram(*this, getBias(), "bias"))) ||
      failed(requireSameShapeAndType(*this, getInput(), "input", getOutput(),
                                     "output")))
    return failure();
  MemRefType input = getInput().getType();
  if (!isa<FloatType>(input.getElementType()) || input.getRank() < 1)
    return emitOpError("normalises a float tile of rank >= 1, got ") << input;
  int64_t channels = input.getShape().back();
  for (auto [value, name] : {std::pair{getScale(), "scale"}, std::pair{getBias(), "bias"}}) {
    if (!value)
      continue;
    MemRefType type = bufferType(value);
    if (type.getRank() != 1 || type.getDimSize(0) != channels)
      return emitOpError("expects ")
             << name << " of shape " << channels << ", got " << type;
    if (type.getElementType() != input.getElementType())
      return emitOpError("expects ")
             << name << " of element type " << input.getElementType()
             << ", got " << type.getElementType();
  }
  if (getKind() == NormKind::rms && getBias())
    return emitOpError("'rms' takes no bias");
  if (!(getEpsilon().convertToFloat() > 0.0f))
    return emitOpError("expects a positive epsilon");
  return success();
}

static LogicalResult verifySemaphoreId(Operation *op, uint64_t id) {
  if (static_cast<int64_t>(id) < 0)
    return op->emitOpError("names semaphore ")
           << static_cast<int64_t>(id) << "; ids are non-negative";
  return success();
}

LogicalResult SignalOp::verify() {
  if (failed(verifyQueue(*this, getEngine(), getChannel())))
    return failure();
  return verifySemaphoreId(*this, getSemaphore());
}

LogicalResult WaitOp::verify() {
  if (failed(verifyQueue(*this, getEngine(), getChannel())))
    return failure();
  return verifySemaphoreId(*this, getSemaphore());
}
