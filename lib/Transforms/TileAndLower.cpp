//===- TileAndLower.cpp - npu ops to tiled npuhw commands -----------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Lowers a function of npu ops on tensors to a function of npuhw commands on
// DRAM and SRAM buffers (docs/pipeline.md, "Tiling and lowering"):
//
//   * every tensor gets a DRAM buffer (`npuhw.alloc`, planned later); 4-D
//     activations are NHWC there, the function's arguments keep their ONNX
//     layout and are converted where an op needs NHWC;
//   * constants become `memref.global`s, weights packed in the matrix
//     engine's panels;
//   * every op becomes tiles of DMA-in, compute and DMA-out commands on SRAM
//     buffers. Convolution tiles come from planConvTiling (the cost model on
//     the simulator's timing functions); the others are sized to fill half
//     the SRAM budget, which double-buffers them;
//   * within an op, tiles are software-pipelined in program order: step s
//     issues the loads of tile s, the matrix work of tile s-1, the vector
//     work of tile s-2 and the stores of tile s-3. Buffers are then live
//     across two tiles, so planning by liveness gives every stage two
//     buffers, and the scheduler's dependences let loads run ahead.
//
// An op this lowering cannot map to the NPU is an error at its ONNX node
// saying why; every such op of the function is reported.
//
//===----------------------------------------------------------------------===//

#include "dialects/npu/NpuDialect.h"
#include "dialects/npuhw/NpuHwDialect.h"
#include "npu/Conversion/ConvTiling.h"
#include "npu/Reference/Interpreter.h"
#include "npu/Runtime/Kernels.h"
#include "npu/Target/TargetDescription.h"
#include "npu/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/ADT/TypeSwitch.h"

#include <numeric>

namespace mlir::npu {
#define GEN_PASS_DEF_TILEANDLOWER
#include "npu/Transforms/Passes.h.inc"
} // namespace mlir::npu

using namespace mlir;
using namespace mlir::npu;
using npuhw::MemorySpace;

namespace {

/// Pipeline stages of a tile, in the order a tile goes through them. A
/// layer group's tile has a matrix and a vector stage per convolution,
/// numbered on from Matrix (matrix 1 + 2i, vector 2 + 2i, then the store).
enum Stage : int { Load = 0, Matrix = 1, Vector = 2, Store = 3 };
/// The longest chain of convolutions one layer group takes.
constexpr int kMaxChain = 8;
constexpr int kMaxStages = 2 * kMaxChain + 2;

/// A tensor's DRAM buffer: a root buffer (alloc, global or argument) in the
/// physical shape, `nhwc` for 4-D activations stored channels-last.
struct DramTensor {
  Value buffer;
  bool nhwc = false;
};

/// A strided window of a root buffer, in elements.
struct View {
  Value root;
  int64_t offset = 0;
  SmallVector<int64_t> shape, strides;
};

SmallVector<int64_t> rowMajorStrides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

int64_t product(ArrayRef<int64_t> values) {
  return std::accumulate(values.begin(), values.end(), int64_t(1),
                         std::multiplies<int64_t>());
}

/// All of `value`, as a window of the root buffer it views.
View wholeView(Value value) {
  if (auto view = value.getDefiningOp<memref::ReinterpretCastOp>()) {
    View inner = wholeView(view.getSource());
    return View{inner.root, inner.offset + view.getStaticOffsets()[0],
                SmallVector<int64_t>(view.getStaticSizes()),
                SmallVector<int64_t>(view.getStaticStrides())};
  }
  auto type = cast<MemRefType>(value.getType());
  return View{value, 0, SmallVector<int64_t>(type.getShape()),
              rowMajorStrides(type.getShape())};
}

/// The sub-window [offsets, offsets + sizes) of `view`.
View subView(const View &view, ArrayRef<int64_t> offsets,
             ArrayRef<int64_t> sizes) {
  View result{view.root, view.offset, SmallVector<int64_t>(sizes), view.strides};
  for (size_t i = 0; i < offsets.size(); ++i)
    result.offset += offsets[i] * view.strides[i];
  return result;
}

/// `view` with its dimensions in the order `permutation` (a transposed view).
View permuted(const View &view, ArrayRef<int64_t> permutation) {
  View result{view.root, view.offset, {}, {}};
  for (int64_t p : permutation) {
    result.shape.push_back(view.shape[p]);
    result.strides.push_back(view.strides[p]);
  }
  return result;
}

/// NCHW -> NHWC of a 4-D shape, or the shape itself.
SmallVector<int64_t> physicalShape(ArrayRef<int64_t> shape, bool nhwc) {
  if (!nhwc)
    return SmallVector<int64_t>(shape);
  return {shape[0], shape[2], shape[3], shape[1]};
}

/// Both layouts put the same bytes in the same places (one of C or H*W is 1).
bool layoutsAgree(ArrayRef<int64_t> shape) {
  return shape.size() != 4 || shape[1] == 1 || shape[2] * shape[3] == 1;
}

bool isF16(Type type) { return type.isF16(); }

/// The element type a tensor's buffer holds: the storage type (i8) of a
/// quantized type, the type itself otherwise.
Type getStorageType(Type type) {
  Type element = getElementTypeOrSelf(type);
  if (auto quantized = dyn_cast<quant::QuantizedType>(element))
    return quantized.getStorageType();
  return element;
}

std::string printType(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

int64_t getStorageBytes(Type type) {
  return getStorageType(type).getIntOrFloatBitWidth() / 8;
}

/// A per-tensor int8 activation type (what the lowering's int8 regions
/// carry between layers).
quant::UniformQuantizedType getInt8Activation(Type type) {
  auto uniform = dyn_cast<quant::UniformQuantizedType>(getElementTypeOrSelf(type));
  if (!uniform || !uniform.isSigned() || uniform.getStorageTypeIntegralWidth() != 8)
    return nullptr;
  return uniform;
}

/// The vector engine's quantize and dequantize take the scale as an f32
/// field; a scale that is not an f32 value would round differently from
/// the reference, which computes with the type's scale.
bool hasF32Scale(quant::UniformQuantizedType type) {
  return static_cast<double>(static_cast<float>(type.getScale())) == type.getScale();
}

/// Why an int8 product (convolution, fully connected, matmul) cannot run
/// as the matrix engine's i8 x i8 -> i32 plus requantization.
std::optional<std::string> whyNotInt8Product(Value input, Value weight,
                                             Value bias, Type result,
                                             int64_t channelAxis) {
  if (!getInt8Activation(input.getType()) || !getInt8Activation(result))
    return std::string("int8 products take and give per-tensor signed int8 "
                       "activations (npu-quantize's types)");
  auto weights = dyn_cast<quant::QuantizedType>(getElementTypeOrSelf(weight.getType()));
  if (!weights || !weights.isSigned() || weights.getStorageTypeIntegralWidth() != 8)
    return std::string("int8 products take signed int8 weights");
  bool symmetric = true;
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(weights)) {
    if (perAxis.getQuantizedDimension() != channelAxis)
      return "int8 weights must be quantized per output channel (axis " +
             std::to_string(channelAxis) + "), not along axis " +
             std::to_string(perAxis.getQuantizedDimension());
    symmetric = llvm::all_of(perAxis.getZeroPoints(), [](int64_t z) { return z == 0; });
  }
  else if (auto perTensor = dyn_cast<quant::UniformQuantizedType>(weights))
    symmetric = perTensor.getZeroPoint() == 0;
  else
    symmetric = false;
  if (!symmetric)
    return std::string("int8 weights must be symmetric (zero point 0): the "
                       "matrix engine folds only the input zero point into "
                       "the bias");
  if (bias && !getElementTypeOrSelf(bias.getType()).isSignlessInteger(32))
    return std::string("the bias of an int8 product must be i32 (at scale "
                       "s_input * s_weight)");
  return std::nullopt;
}

class Lowering {
public:
  Lowering(ModuleOp module, func::FuncOp source, const TargetDescription &target,
           int64_t budget, bool enableLayerGroups)
      : module(module), source(source), target(target), budget(budget),
        enableLayerGroups(enableLayerGroups), builder(module.getContext()),
        context(module.getContext()) {}

  LogicalResult run();

  int64_t numTiles = 0, numDma = 0, numCommands = 0, numGlobals = 0;
  int64_t numFoldedBorders = 0;
  int64_t numLayerGroups = 0, numGroupedConvs = 0, numOnChipBytes = 0;
  /// Suffix of the next constant's symbol (unique in the module).
  int64_t nextGlobal = 0;

private:
  // Checks.
  std::optional<std::string> whyUnsupported(Operation *op);

  // Buffers.
  Value allocate(ArrayRef<int64_t> shape, Type element, MemorySpace space);
  Value sram(ArrayRef<int64_t> shape, Type element) {
    return allocate(shape, element, MemorySpace::sram);
  }
  Value global(StringRef prefix, ArrayRef<int64_t> shape, Type element,
               ArrayRef<char> bytes);
  Value castToView(const View &view, Location loc);
  /// castToView, recording a new view op in `stage` of the current tile.
  Value viewIn(Stage stage, const View &view, Location loc) {
    Value value = castToView(view, loc);
    if (Operation *op = value.getDefiningOp<memref::ReinterpretCastOp>())
      record(stage, op);
    return value;
  }
  FailureOr<DramTensor> get(Value value, bool nhwc);
  DramTensor result(Value value, bool nhwc);
  std::optional<DramTensor> reinterpretLayout(DramTensor tensor,
                                              ArrayRef<int64_t> shape,
                                              bool nhwc, Location loc);

  // Command emission.
  template <typename OpT, typename... Args>
  OpT emit(Stage stage, Location loc, Args &&...args) {
    auto op = OpT::create(builder, loc, std::forward<Args>(args)...);
    record(stage, op);
    return op;
  }
  void record(Stage stage, Operation *op) {
    tiles.back()[stage].push_back(op);
    if (!isa<memref::ReinterpretCastOp>(op))
      ++numCommands;
  }
  void beginTile() {
    tiles.emplace_back();
    ++numTiles;
  }
  void finishOp();
  void copy(const View &from, const View &to, Stage stage, Location loc);
  void copyThroughSram(const View &from, const View &to, Type element,
                       Location loc);
  void load(const View &from, Value tile, Location loc) {
    copy(from, wholeView(tile), Load, loc);
  }
  void store(Value tile, const View &to, Location loc) {
    copy(wholeView(tile), to, Store, loc);
  }

  // Op lowerings.
  LogicalResult lower(Operation *op);
  void foldIslandBorders(Block &block);
  LogicalResult lowerConv(Conv2DOp op);
  LogicalResult lowerProduct(Operation *op, Value input, Value weight,
                             Value bias, bool transposed,
                             std::optional<ArrayRef<float>> clamp);
  LogicalResult lowerBatchedProduct(MatMulOp op);
  LogicalResult lowerElementwise(Operation *op);
  LogicalResult lowerPool(Operation *op);
  LogicalResult lowerGlobalAvgPool(GlobalAvgPool2DOp op);
  LogicalResult lowerRows(Operation *op);
  LogicalResult lowerReshape(ReshapeOp op);
  LogicalResult lowerTranspose(TransposeOp op);
  LogicalResult lowerConcat(ConcatOp op);
  LogicalResult lowerSlice(SliceOp op);
  LogicalResult lowerResize(ResizeOp op);
  LogicalResult lowerGather(GatherOp op);
  LogicalResult lowerIndexedGather(GatherOp op);
  LogicalResult lowerConstant(ConstantOp op, bool nhwc);
  void emitWriteBack(Value acc, Value out, std::optional<ArrayRef<float>> clamp,
                     Location loc, Stage stage = Vector);
  struct Int8Epilogue;
  void emitRequant(Value acc, Value table, Value out,
                   const Int8Epilogue &epilogue, Location loc,
                   Stage stage = Vector);
  struct ConvConstants;
  FailureOr<ConvConstants> packConv(Conv2DOp op, const ConvProblem &problem,
                                    int64_t tableBlock);
  void formLayerGroups(Block &block);
  TargetDescription getConvBudget(const ConvProblem &problem) const;
  void emitConvTile(Stage stage, Conv2DOp op, const ConvProblem &problem,
                    const ConvBand &rows, Value band, Value filter, Value acc,
                    Value bias, int64_t groups, int64_t inputZeroPoint);
  LogicalResult lowerLayerGroup(ArrayRef<Conv2DOp> chain,
                                const ConvChainTiling &tiling);
  Value packWeights(StringRef prefix, ArrayRef<double> b, int64_t groups,
                    int64_t k, int64_t n, bool int8);
  FailureOr<Int8Epilogue> getInt8Epilogue(Operation *op, Value input,
                                          Value weight, Value bias,
                                          ArrayRef<double> weightSums,
                                          int64_t blockSize,
                                          std::optional<ArrayRef<float>> clamp);
  FailureOr<SmallVector<double>> constantValues(Value value);

  ModuleOp module;
  func::FuncOp source, lowered;
  const TargetDescription &target;
  int64_t budget;
  bool enableLayerGroups;
  OpBuilder builder;
  MLIRContext *context;
  Block *body = nullptr;
  Operation *terminator = nullptr;
  Operation *firstOp = nullptr; // allocs and globals go before it
  DenseMap<Value, DramTensor> tensors, converted;
  /// The storage layout of each 4-D value (true: NHWC), chosen before
  /// lowering by assignLayouts.
  DenseMap<Value, bool> nhwcLayout;
  bool isNhwc(Value value) const { return nhwcLayout.lookup(value); }
  void assignLayouts(Block &block);
  DenseMap<Value, Value> outputFor; // returned value -> output argument
  /// Casts and dequantizes the neighbouring quantize or cast absorbs.
  DenseSet<Operation *> foldedBorders;
  /// Layer groups by their first convolution, and the other members (which
  /// the first one's lowering takes).
  DenseMap<Operation *, std::pair<SmallVector<Conv2DOp>, ConvChainTiling>> layerGroups;
  DenseSet<Operation *> groupMembers;
  std::vector<std::array<SmallVector<Operation *>, kMaxStages>> tiles;
};

//===----------------------------------------------------------------------===//
// Buffers
//===----------------------------------------------------------------------===//

Value Lowering::allocate(ArrayRef<int64_t> shape, Type element,
                         MemorySpace space) {
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPoint(firstOp);
  return npuhw::AllocOp::create(builder, source.getLoc(),
                                npuhw::getBufferType(shape, getStorageType(element), space),
                                /*offset=*/nullptr);
}

Value Lowering::global(StringRef prefix, ArrayRef<int64_t> shape, Type element,
                       ArrayRef<char> bytes) {
  OpBuilder::InsertionGuard guard(builder);
  auto memrefType = npuhw::getBufferType(shape, element, MemorySpace::dram);
  auto tensorType = RankedTensorType::get(shape, element);
  std::string name;
  do
    name = (prefix + "_" + Twine(nextGlobal++)).str();
  while (module.lookupSymbol(name));
  ++numGlobals;
  ElementsAttr value;
  if (bytes.size() <= 1024)
    value = DenseElementsAttr::getFromRawBuffer(tensorType, bytes);
  else
    value = DenseResourceElementsAttr::get(
        tensorType, name,
        HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes, alignof(uint64_t)));
  builder.setInsertionPoint(lowered);
  memref::GlobalOp::create(builder, lowered.getLoc(), name,
                           builder.getStringAttr("private"), memrefType, value,
                           /*constant=*/true, /*alignment=*/nullptr);
  builder.setInsertionPoint(firstOp);
  return memref::GetGlobalOp::create(builder, lowered.getLoc(), memrefType, name);
}

Value Lowering::castToView(const View &view, Location loc) {
  auto rootType = cast<MemRefType>(view.root.getType());
  MemRefLayoutAttrInterface layout;
  if (view.offset != 0 || view.strides != rowMajorStrides(view.shape))
    layout = StridedLayoutAttr::get(context, view.offset, view.strides);
  auto type = MemRefType::get(view.shape, rootType.getElementType(), layout,
                              rootType.getMemorySpace());
  if (type == rootType)
    return view.root;
  return memref::ReinterpretCastOp::create(builder, loc, type, view.root,
                                           view.offset, view.shape,
                                           view.strides);
}

/// The DRAM tensor of an npu value in the layout an op wants: a 4-D value is
/// converted (NCHW <-> NHWC through SRAM) when its layout differs and the
/// two layouts are not the same bytes.
FailureOr<DramTensor> Lowering::get(Value value, bool nhwc) {
  auto it = tensors.find(value);
  if (it == tensors.end()) {
    if (auto constant = value.getDefiningOp<ConstantOp>()) {
      if (failed(lowerConstant(constant, nhwc)))
        return failure();
      it = tensors.find(value);
    } else {
      return emitError(value.getLoc(), "internal error: value lowered out of order");
    }
  }
  DramTensor tensor = it->second;
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getRank() != 4 || tensor.nhwc == nhwc)
    return tensor;
  if (std::optional<DramTensor> same =
          reinterpretLayout(tensor, type.getShape(), nhwc, value.getLoc()))
    return *same;
  auto cached = converted.find(value);
  if (cached != converted.end() && cached->second.nhwc == nhwc)
    return cached->second;
  // The value's own tiles (a transpose writing it) must come first in
  // program order: pipelining them with the conversion's would read the
  // buffer before it is written.
  if (!tiles.empty())
    finishOp();
  // Transpose copy: read the source in the destination's element order.
  ArrayRef<int64_t> shape = type.getShape();
  DramTensor out{allocate(physicalShape(shape, nhwc), type.getElementType(),
                          MemorySpace::dram),
                 nhwc};
  // The source viewed in the destination's dimension order.
  View from = permuted(wholeView(tensor.buffer),
                       nhwc ? ArrayRef<int64_t>{0, 2, 3, 1}   // NCHW -> NHWC
                            : ArrayRef<int64_t>{0, 3, 1, 2}); // NHWC -> NCHW
  copyThroughSram(from, wholeView(out.buffer), type.getElementType(),
                  value.getLoc());
  finishOp();
  converted[value] = out;
  return out;
}

/// `tensor` in the other layout without a copy, when both layouts of `shape`
/// are the same bytes (one of C or H*W is 1): a view of the same buffer in
/// the requested physical shape, so that ops index it in their own order.
std::optional<DramTensor> Lowering::reinterpretLayout(DramTensor tensor,
                                                      ArrayRef<int64_t> shape,
                                                      bool nhwc, Location loc) {
  View whole = wholeView(tensor.buffer);
  if (!layoutsAgree(shape) || whole.strides != rowMajorStrides(whole.shape))
    return std::nullopt;
  SmallVector<int64_t> physical = physicalShape(shape, nhwc);
  return DramTensor{castToView(View{whole.root, whole.offset, physical,
                                    rowMajorStrides(physical)},
                               loc),
                    nhwc};
}

/// The DRAM buffer an op writes its result to: the output argument when the
/// function returns the value in this layout, a new buffer otherwise.
DramTensor Lowering::result(Value value, bool nhwc) {
  auto type = cast<RankedTensorType>(value.getType());
  bool rowMajorBytes = !nhwc || layoutsAgree(type.getShape());
  DramTensor tensor;
  if (auto it = outputFor.find(value); it != outputFor.end() && rowMajorBytes) {
    tensor = DramTensor{it->second, false};
    if (nhwc) // the output argument seen in NHWC order: the same bytes
      tensor = *reinterpretLayout(tensor, type.getShape(), true, value.getLoc());
    outputFor.erase(it); // written; the return needs no copy
  } else {
    tensor = DramTensor{allocate(physicalShape(type.getShape(), nhwc),
                                 type.getElementType(), MemorySpace::dram),
                        nhwc};
  }
  tensors[value] = tensor;
  return tensor;
}

FailureOr<SmallVector<double>> Lowering::constantValues(Value value) {
  std::optional<reference::Tensor> constant = reference::evaluateConstant(value);
  if (!constant)
    return failure();
  SmallVector<double> values;
  const reference::Tensor &t = *constant;
  values.reserve(t.getNumElements());
  for (int64_t i = 0; i < t.getNumElements(); ++i)
    values.push_back(t.getAsDouble(i));
  return values;
}

/// f16 bits of each value (already f16-representable: the constants of an
/// fp16 function).
SmallVector<uint16_t> toHalf(ArrayRef<double> values) {
  SmallVector<float> floats(values.begin(), values.end());
  SmallVector<uint16_t> halves(values.size());
  kernels::convertF32ToF16(floats.data(), floats.size(), halves.data());
  return halves;
}

template <typename T>
ArrayRef<char> asBytes(ArrayRef<T> values) {
  return ArrayRef<char>(reinterpret_cast<const char *>(values.data()),
                        values.size() * sizeof(T));
}

/// A constant operand, stored in the layout its first user wants.
LogicalResult Lowering::lowerConstant(ConstantOp op, bool wantNhwc) {
  auto type = op.getType();
  FailureOr<SmallVector<double>> values = constantValues(op.getResult());
  if (failed(values) || !isF16(type.getElementType()))
    return op.emitError("constant of type ")
           << type << " has no NPU storage; the fp16 pipeline stores f16 "
           << "constants (run npu-convert-precision first)";
  SmallVector<uint16_t> halves = toHalf(*values);
  bool nhwc = wantNhwc && type.getRank() == 4 && !layoutsAgree(type.getShape());
  SmallVector<int64_t> shape(type.getShape());
  if (nhwc) {
    SmallVector<uint16_t> permuted(halves.size());
    int64_t n = shape[0], c = shape[1], h = shape[2], w = shape[3];
    for (int64_t in = 0; in < n; ++in)
      for (int64_t ic = 0; ic < c; ++ic)
        for (int64_t ih = 0; ih < h; ++ih)
          for (int64_t iw = 0; iw < w; ++iw)
            permuted[((in * h + ih) * w + iw) * c + ic] =
                halves[((in * c + ic) * h + ih) * w + iw];
    halves = std::move(permuted);
    shape = physicalShape(shape, true);
  }
  Value buffer = global("const", shape, type.getElementType(),
                        asBytes(ArrayRef<uint16_t>(halves)));
  tensors[op.getResult()] = DramTensor{buffer, nhwc};
  return success();
}

//===----------------------------------------------------------------------===//
// DMA
//===----------------------------------------------------------------------===//

/// One DMA per descriptor's worth of `from` -> `to` (same shape): unit
/// dimensions dropped, dimensions contiguous on both sides merged, and outer
/// dimensions looped over when more remain than a descriptor has (three
/// counts and a contiguous row, or three counts of single elements).
void Lowering::copy(const View &from, const View &to, Stage stage,
                    Location loc) {
  View src{from.root, from.offset, {}, {}}, dst{to.root, to.offset, {}, {}};
  for (size_t i = 0; i < from.shape.size(); ++i) {
    if (from.shape[i] == 1)
      continue;
    if (!src.shape.empty() &&
        src.strides.back() == from.strides[i] * from.shape[i] &&
        dst.strides.back() == to.strides[i] * to.shape[i]) {
      src.shape.back() *= from.shape[i];
      dst.shape.back() = src.shape.back();
      src.strides.back() = from.strides[i];
      dst.strides.back() = to.strides[i];
      continue;
    }
    src.shape.push_back(from.shape[i]);
    src.strides.push_back(from.strides[i]);
    dst.shape.push_back(to.shape[i]);
    dst.strides.push_back(to.strides[i]);
  }
  if (src.shape.empty()) {
    src.shape = dst.shape = {1};
    src.strides = dst.strides = {1};
  }
  bool contiguousRows = src.strides.back() == 1 && dst.strides.back() == 1;
  size_t maxRank = contiguousRows ? 4 : 3;
  if (src.shape.size() > maxRank) {
    for (int64_t i = 0; i < src.shape[0]; ++i) {
      View s{src.root, src.offset + i * src.strides[0],
             SmallVector<int64_t>(ArrayRef(src.shape).drop_front()),
             SmallVector<int64_t>(ArrayRef(src.strides).drop_front())};
      View d{dst.root, dst.offset + i * dst.strides[0],
             SmallVector<int64_t>(ArrayRef(dst.shape).drop_front()),
             SmallVector<int64_t>(ArrayRef(dst.strides).drop_front())};
      copy(s, d, stage, loc);
    }
    return;
  }
  Value source = viewIn(stage, src, loc), target = viewIn(stage, dst, loc);
  emit<npuhw::DmaOp>(stage, loc, source, target, /*channel=*/uint64_t(0));
  ++numDma;
}

/// DRAM -> DRAM copy of a (possibly permuted) view, staged through SRAM
/// tiles along the outermost dimension.
void Lowering::copyThroughSram(const View &from, const View &to, Type element,
                               Location loc) {
  int64_t elementBytes = getStorageBytes(element);
  int64_t inner = product(ArrayRef(from.shape).drop_front());
  int64_t outer = from.shape.empty() ? 1 : from.shape[0];
  int64_t rowsPerTile = std::max<int64_t>(
      1, std::min<int64_t>(outer, budget / 2 / std::max<int64_t>(1, inner * elementBytes)));
  for (int64_t r = 0; r < outer; r += rowsPerTile) {
    beginTile();
    int64_t rows = std::min(rowsPerTile, outer - r);
    SmallVector<int64_t> shape(from.shape);
    shape[0] = rows;
    SmallVector<int64_t> offsets(shape.size(), 0);
    offsets[0] = r;
    Value tile = sram(shape, element);
    load(subView(from, offsets, shape), tile, loc);
    store(tile, subView(to, offsets, shape), loc);
  }
}

/// Moves the ops of the current npu op into pipelined program order.
/// Stages no tile uses are skipped, so that each buffer lives across two
/// tiles exactly (the budget the tile sizes were chosen for).
void Lowering::finishOp() {
  int64_t count = tiles.size();
  SmallVector<int> used;
  for (int stage = 0; stage < kMaxStages; ++stage)
    if (llvm::any_of(tiles, [&](const auto &tile) { return !tile[stage].empty(); }))
      used.push_back(stage);
  int64_t depth = used.size();
  for (int64_t step = 0; step < count + depth - 1; ++step)
    for (int64_t skew = 0; skew < depth; ++skew) {
      int64_t tile = step - skew;
      if (tile < 0 || tile >= count)
        continue;
      for (Operation *op : tiles[tile][used[skew]])
        op->moveBefore(terminator);
    }
  tiles.clear();
}

//===----------------------------------------------------------------------===//
// Checks
//===----------------------------------------------------------------------===//

std::optional<npuhw::ActivationKind> getActivationKind(UnaryKind kind) {
  switch (kind) {
  case UnaryKind::relu: return npuhw::ActivationKind::relu;
  case UnaryKind::sigmoid: return npuhw::ActivationKind::sigmoid;
  case UnaryKind::tanh: return npuhw::ActivationKind::tanh;
  case UnaryKind::gelu_erf: return npuhw::ActivationKind::gelu_erf;
  case UnaryKind::gelu_tanh: return npuhw::ActivationKind::gelu_tanh;
  case UnaryKind::silu: return npuhw::ActivationKind::silu;
  case UnaryKind::hard_swish: return npuhw::ActivationKind::hard_swish;
  case UnaryKind::exp: return npuhw::ActivationKind::exp;
  default: return std::nullopt;
  }
}

std::optional<npuhw::ElementwiseKind> getElementwiseKind(BinaryKind kind) {
  switch (kind) {
  case BinaryKind::add: return npuhw::ElementwiseKind::add;
  case BinaryKind::sub: return npuhw::ElementwiseKind::sub;
  case BinaryKind::mul: return npuhw::ElementwiseKind::mul;
  case BinaryKind::div: return npuhw::ElementwiseKind::div;
  case BinaryKind::max: return npuhw::ElementwiseKind::max;
  case BinaryKind::min: return npuhw::ElementwiseKind::min;
  default: return std::nullopt;
  }
}

/// The period with which `operand` repeats along `result` in the result's
/// storage order (`nhwc` or row-major): its element count if it is shaped
/// like the result, 0 if it does not repeat that way.
int64_t getPeriod(RankedTensorType operand, RankedTensorType result, bool nhwc) {
  ArrayRef<int64_t> shape = result.getShape();
  SmallVector<int64_t> physical = physicalShape(shape, nhwc);
  SmallVector<int64_t> aligned(shape.size() - operand.getRank(), 1);
  llvm::append_range(aligned, operand.getShape());
  // A lower-rank operand is stored row-major: its elements are in the
  // result's storage order only if both layouts agree on its shape (a
  // [C, 1, 1] bias of an NHWC result does).
  if (nhwc && operand.getRank() < 4 && !layoutsAgree(aligned))
    return 0;
  SmallVector<int64_t> p = physicalShape(aligned, nhwc);
  size_t first = 0;
  while (first < p.size() && p[first] == 1)
    ++first;
  for (size_t i = first; i < p.size(); ++i)
    if (p[i] != physical[i])
      return 0;
  return product(ArrayRef(p).drop_front(first));
}

std::optional<std::string> Lowering::whyUnsupported(Operation *op) {
  if (isa<ConstantOp, func::ReturnOp>(op))
    return std::nullopt;
  // Casts convert the f32 signature; every other op computes in f16.
  if (auto cast = dyn_cast<CastOp>(op)) {
    Type from = cast.getInput().getType().getElementType(),
         to = cast.getType().getElementType();
    if (!isa<FloatType>(from) || !isa<FloatType>(to) ||
        !(from.isF16() || from.isF32()) || !(to.isF16() || to.isF32()))
      return "the NPU converts only between f32 and f16";
    return std::nullopt;
  }
  // The borders of int8 regions and the int8 products.
  if (auto quantize = dyn_cast<QuantizeOp>(op)) {
    Type from = quantize.getInput().getType().getElementType();
    if (!getInt8Activation(quantize.getType()) || !(from.isF16() || from.isF32()))
      return std::string("the vector engine quantizes f16 or f32 to per-tensor "
                         "signed int8 only");
    if (!hasF32Scale(getInt8Activation(quantize.getType())))
      return std::string("its scale is not an f32 value (the quantize "
                         "command's scale field is f32)");
    return std::nullopt;
  }
  if (auto dequantize = dyn_cast<DequantizeOp>(op)) {
    Type to = dequantize.getType().getElementType();
    if (!getInt8Activation(dequantize.getInput().getType()) || !(to.isF16() || to.isF32()))
      return std::string("the vector engine dequantizes per-tensor signed int8 "
                         "to f16 or f32 only");
    if (!hasF32Scale(getInt8Activation(dequantize.getInput().getType())))
      return std::string("its scale is not an f32 value (the dequantize "
                         "command's scale field is f32)");
    return std::nullopt;
  }
  if (isa<RequantizeOp>(op))
    return std::string("int8 -> int8 requantization between layers is not "
                       "lowered yet (npu-quantize emits it only where two "
                       "calibrated ranges of one tensor differ)");
  bool quantizedResult = llvm::any_of(op->getResultTypes(), [](Type type) {
    return isa<quant::QuantizedType>(getElementTypeOrSelf(type));
  });
  if (quantizedResult) {
    std::optional<std::string> why;
    if (auto conv = dyn_cast<Conv2DOp>(op))
      why = whyNotInt8Product(conv.getInput(), conv.getFilter(), conv.getBias(),
                              conv.getType(), /*channelAxis=*/0);
    else if (auto fc = dyn_cast<FullyConnectedOp>(op))
      why = whyNotInt8Product(fc.getInput(), fc.getWeight(), fc.getBias(),
                              fc.getType(), /*channelAxis=*/0);
    else if (auto matmul = dyn_cast<MatMulOp>(op);
             matmul && matmul.getRhs().getDefiningOp<ConstantOp>() &&
             matmul.getRhs().getType().getRank() == 2)
      why = whyNotInt8Product(matmul.getLhs(), matmul.getRhs(), Value(),
                              matmul.getType(), /*channelAxis=*/1);
    else if (auto reshape = dyn_cast<ReshapeOp>(op);
             reshape && getInt8Activation(reshape.getType()) &&
             reshape.getInput().getType().getElementType() ==
                 reshape.getType().getElementType())
      why = std::nullopt; // moves bytes: any element type
    else if (isa<ConcatOp, SliceOp>(op) &&
             llvm::all_of(op->getOperandTypes(), [&](Type type) {
               return getElementTypeOrSelf(type) ==
                      getElementTypeOrSelf(op->getResult(0).getType());
             }))
      why = std::nullopt; // moves bytes of one quantized type
    else
      why = "its result is " +
            printType(getElementTypeOrSelf(op->getResult(0).getType())) +
            ", and int8 is lowered for convolutions, fully connected layers, "
            "products with constant weights, reshapes, slices and concatenations of "
            "one type, quantize and dequantize; "
            "this op runs in fp16 (npu-quantize leaves it as an fp16 island)";
    if (why)
      return why;
  } else {
    for (Type type : op->getResultTypes())
      if (!getElementTypeOrSelf(type).isF16())
        return "its result is " + printType(getElementTypeOrSelf(type)) +
               ", but this pipeline computes in f16 and int8; compile with "
               "--precision fp16 or int8";
  }
  if (auto unary = dyn_cast<UnaryOp>(op)) {
    if (!getActivationKind(unary.getKind()))
      return ("the vector engine has no '" +
              stringifyUnaryKind(unary.getKind()) + "' function")
          .str();
    return std::nullopt;
  }
  if (auto binary = dyn_cast<BinaryOp>(op)) {
    if (!getElementwiseKind(binary.getKind()))
      return ("the vector engine has no '" +
              stringifyBinaryKind(binary.getKind()) + "' function")
          .str();
    auto result = binary.getType();
    int64_t total = result.getNumElements();
    bool nhwc = isNhwc(binary.getResult());
    int64_t lhs = getPeriod(binary.getLhs().getType(), result, nhwc),
            rhs = getPeriod(binary.getRhs().getType(), result, nhwc);
    bool commutes = binary.getKind() != BinaryKind::sub &&
                    binary.getKind() != BinaryKind::div;
    if (lhs == 0 || rhs == 0)
      return std::string("the operand broadcast does not repeat with a period "
                         "in the result's storage order (the vector engine "
                         "repeats a trailing block of elements)");
    if (lhs != total && (rhs != total || !commutes))
      return ("the vector engine repeats only its right operand, and '" +
              stringifyBinaryKind(binary.getKind()) +
              "' with a broadcast left operand does not commute; broadcast it "
              "first")
          .str();
    return std::nullopt;
  }
  if (auto conv = dyn_cast<Conv2DOp>(op)) {
    if (!conv.getFilter().getDefiningOp<ConstantOp>() ||
        (conv.getBias() && !conv.getBias().getDefiningOp<ConstantOp>()))
      return std::string("its filter and bias must be constants (weights are "
                         "packed at compile time)");
    return std::nullopt;
  }
  if (auto fc = dyn_cast<FullyConnectedOp>(op)) {
    if (!fc.getWeight().getDefiningOp<ConstantOp>() ||
        (fc.getBias() && !fc.getBias().getDefiningOp<ConstantOp>()))
      return std::string("its weight and bias must be constants");
    return std::nullopt;
  }
  if (auto matmul = dyn_cast<MatMulOp>(op)) {
    auto lhs = matmul.getLhs().getType(), rhs = matmul.getRhs().getType();
    if (lhs.getRank() < 2 || rhs.getRank() < 2)
      return std::string("products of vectors (rank 1) are not lowered; "
                         "reshape them to matrices");
    return std::nullopt;
  }
  if (auto pool = dyn_cast<AvgPool2DOp>(op)) {
    if (pool.getCountIncludePad() && llvm::any_of(pool.getPads(), [](int64_t p) { return p; }))
      return std::string("the pooling unit never counts padding; "
                         "count_include_pad with padding is not supported");
    return std::nullopt;
  }
  if (auto pool = dyn_cast<MaxPool2DOp>(op)) {
    if (llvm::any_of(pool.getDilations(), [](int64_t d) { return d != 1; }))
      return std::string("the pooling unit has no dilation");
    return std::nullopt;
  }
  if (auto softmax = dyn_cast<SoftmaxOp>(op)) {
    int64_t rank = softmax.getType().getRank();
    int64_t axis = softmax.getAxis();
    if (axis != rank - 1 && axis != -1)
      return std::string("softmax runs over the innermost dimension only");
    if (isNhwc(softmax.getInput()) && !layoutsAgree(softmax.getType().getShape()))
      return std::string("softmax over a 4-D activation (stored NHWC) is not supported");
    return std::nullopt;
  }
  if (auto slice = dyn_cast<SliceOp>(op)) {
    if (llvm::any_of(slice.getSteps(), [](int64_t step) { return step < 1; }))
      return std::string("DMA strides are unsigned: slices with negative "
                         "steps are not supported");
    return std::nullopt;
  }
  if (auto norm = dyn_cast<LayerNormOp>(op)) {
    int64_t rank = norm.getType().getRank();
    int64_t axis = norm.getAxis() < 0 ? norm.getAxis() + rank : norm.getAxis();
    if (axis != rank - 1)
      return std::string("the vector engine normalises over the innermost "
                         "dimension only");
    if (isNhwc(norm.getInput()) && !layoutsAgree(norm.getType().getShape()))
      return std::string("layer norm over a 4-D activation (stored NHWC) is "
                         "not supported");
    return std::nullopt;
  }
  if (auto gather = dyn_cast<GatherOp>(op)) {
    if (gather.getAxis() != 0)
      return std::string("only gathers along axis 0 (rows) are lowered");
    Type index = gather.getIndices().getType().getElementType();
    if (!gather.getIndices().getDefiningOp<ConstantOp>() &&
        !index.isSignlessInteger(32) && !index.isSignlessInteger(64))
      return std::string("run-time indices must be i32 or i64 (the gather "
                         "command's index types)");
    return std::nullopt;
  }
  if (auto resize = dyn_cast<ResizeOp>(op)) {
    auto in = resize.getInput().getType(), out = resize.getType();
    if (resize.getMode() != ResizeMode::nearest || in.getRank() != 4)
      return std::string("only 4-D nearest resizing is lowered (the DMA "
                         "engines replicate rows); linear modes are not");
    for (int d = 2; d < 4; ++d) {
      int64_t inLength = in.getDimSize(d), outLength = out.getDimSize(d);
      if (outLength % inLength != 0)
        return std::string("nearest resizing is lowered for integer upsampling "
                           "factors only");
      for (int64_t x = 0; x < outLength; ++x)
        if (resize.getNearestSourceIndex(x, inLength, outLength) !=
            x / (outLength / inLength))
          return std::string("this coordinate transform and rounding do not "
                             "replicate each input element factor times");
    }
    return std::nullopt;
  }
  if (isa<ClipOp, LeakyReluOp, HardSigmoidOp, GlobalAvgPool2DOp, ReshapeOp,
          TransposeOp, ConcatOp>(op))
    return std::nullopt;
  return std::string("no NPU lowering exists for this op (CPU fallback is "
                     "not implemented)");
}

//===----------------------------------------------------------------------===//
// The function
//===----------------------------------------------------------------------===//

/// 4-D results of convolutions, pooling and resizing are NHWC (channels
/// innermost: DMA rows and the implicit GEMM's K); element-wise ops follow
/// an NHWC operand, concat and slice their first input; everything else
/// (products, reshapes, transposes, softmax, norms, the function's
/// arguments) is row-major in ONNX order. Consumers that want the other
/// layout get a converting copy.
void Lowering::assignLayouts(Block &block) {
  for (Operation &op : block.without_terminator())
    for (Value result : op.getResults()) {
      auto type = dyn_cast<RankedTensorType>(result.getType());
      if (!type || type.getRank() != 4)
        continue;
      bool nhwc = false;
      if (isa<Conv2DOp, MaxPool2DOp, AvgPool2DOp, GlobalAvgPool2DOp, ResizeOp>(op))
        nhwc = true;
      else if (isa<BinaryOp, UnaryOp, ClipOp, LeakyReluOp, HardSigmoidOp, CastOp,
                   QuantizeOp, DequantizeOp>(op)) {
        nhwc = llvm::any_of(op.getOperands(), [&](Value operand) {
          return isNhwc(operand) &&
                 cast<RankedTensorType>(operand.getType()).getRank() == 4;
        });
        // A per-channel operand repeats in NHWC order only.
        auto repeats = [&](bool inNhwc) {
          return llvm::all_of(op.getOperands(), [&](Value operand) {
            return getPeriod(cast<RankedTensorType>(operand.getType()), type, inNhwc) != 0;
          });
        };
        if (!nhwc && !repeats(false) && repeats(true))
          nhwc = true;
      }
      else if (isa<ConcatOp, SliceOp>(op))
        nhwc = isNhwc(op.getOperand(0));
      nhwcLayout[result] = nhwc;
    }
}

LogicalResult Lowering::run() {
  assignLayouts(source.getBody().front());
  // Every unsupported op, each at its ONNX node, before anything changes.
  bool ok = true;
  source.walk([&](Operation *op) {
    if (op == source.getOperation())
      return;
    if (std::optional<std::string> why = whyUnsupported(op)) {
      op->emitError("cannot run '")
          << op->getName() << "' on the NPU: " << *why;
      ok = false;
    }
  });
  if (!ok)
    return failure();
  if (!source.getBody().hasOneBlock())
    return source.emitError("expects a function with one block");

  // The signature: inputs, then one output buffer per result, in DRAM.
  FunctionType type = source.getFunctionType();
  SmallVector<Type> arguments;
  SmallVector<DictionaryAttr> argumentAttrs;
  for (auto [i, input] : llvm::enumerate(type.getInputs())) {
    auto tensor = cast<RankedTensorType>(input);
    arguments.push_back(npuhw::getBufferType(tensor.getShape(),
                                             getStorageType(tensor),
                                             MemorySpace::dram));
    argumentAttrs.push_back(source.getArgAttrDict(i));
  }
  for (auto [i, output] : llvm::enumerate(type.getResults())) {
    auto tensor = cast<RankedTensorType>(output);
    arguments.push_back(npuhw::getBufferType(tensor.getShape(),
                                             getStorageType(tensor),
                                             MemorySpace::dram));
    NamedAttrList attrs(source.getResultAttrDict(i));
    attrs.set("npuhw.output", UnitAttr::get(context));
    argumentAttrs.push_back(attrs.getDictionary(context));
  }
  builder.setInsertionPoint(source);
  lowered = func::FuncOp::create(builder, source.getLoc(), source.getName(),
                                 builder.getFunctionType(arguments, {}));
  lowered.setAllArgAttrs(argumentAttrs);
  body = lowered.addEntryBlock();
  builder.setInsertionPointToEnd(body);
  terminator = func::ReturnOp::create(builder, source.getLoc());
  // A marker the buffers are created before; erased at the end.
  builder.setInsertionPoint(terminator);
  firstOp = npuhw::AllocOp::create(
      builder, source.getLoc(),
      npuhw::getBufferType({1}, builder.getI8Type(), MemorySpace::dram), nullptr);
  builder.setInsertionPoint(terminator);

  Block &sourceBlock = source.getBody().front();
  for (auto [i, argument] : llvm::enumerate(sourceBlock.getArguments()))
    tensors[argument] = DramTensor{body->getArgument(i), false};
  auto returnOp = cast<func::ReturnOp>(sourceBlock.getTerminator());
  for (auto [i, value] : llvm::enumerate(returnOp.getOperands()))
    if (!isa<BlockArgument>(value) && !value.getDefiningOp<ConstantOp>() &&
        !outputFor.count(value))
      outputFor[value] = body->getArgument(type.getNumInputs() + i);

  foldIslandBorders(sourceBlock);
  formLayerGroups(sourceBlock);
  for (Operation &op : sourceBlock.without_terminator()) {
    if (isa<ConstantOp>(op) || foldedBorders.contains(&op) ||
        groupMembers.contains(&op))
      continue; // lowered where used (weights are packed, operands stored)
                // or with their layer group
    builder.setInsertionPoint(terminator);
    if (failed(lower(&op)))
      return failure();
  }

  // Results not written in place: copy them into their output buffers.
  for (auto [i, value] : llvm::enumerate(returnOp.getOperands())) {
    Value output = body->getArgument(type.getNumInputs() + i);
    auto tensorType = cast<RankedTensorType>(value.getType());
    auto it = tensors.find(value);
    if (it != tensors.end() && wholeView(it->second.buffer).root == output)
      continue;
    FailureOr<DramTensor> tensor = get(value, false);
    if (failed(tensor))
      return failure();
    if (wholeView(tensor->buffer).root == output)
      continue;
    builder.setInsertionPoint(terminator);
    View from = wholeView(tensor->buffer);
    if (tensor->nhwc && !layoutsAgree(tensorType.getShape())) {
      FailureOr<DramTensor> rowMajor = get(value, false);
      if (failed(rowMajor))
        return failure();
      from = wholeView(rowMajor->buffer);
    }
    copyThroughSram(from, wholeView(output), tensorType.getElementType(),
                    value.getLoc());
    finishOp();
  }
  firstOp->erase();
  source.erase();
  // The layer groups' numbers, for the driver's summary (Debian's LLVM
  // prints no pass statistics).
  lowered->setAttr("npuhw.layer_groups", builder.getI64IntegerAttr(numLayerGroups));
  lowered->setAttr("npuhw.grouped_convs", builder.getI64IntegerAttr(numGroupedConvs));
  lowered->setAttr("npuhw.on_chip_bytes", builder.getI64IntegerAttr(numOnChipBytes));
  return success();
}

/// An fp16 island's borders are f16 -> f32 -> quantize and dequantize ->
/// f32 -> f16. The quantize and dequantize commands convert f16 themselves,
/// with the same roundings (f16 widens exactly; dequantize rounds to f32,
/// then to f16, as the reference's dequantize and cast do), so the f32 step
/// is folded away: a cast whose users are all quantizes, and a dequantize
/// whose users are all casts to f16, get no buffer and no commands.
void Lowering::foldIslandBorders(Block &block) {
  auto widensF16 = [](CastOp cast) {
    return cast.getInput().getType().getElementType().isF16() &&
           cast.getType().getElementType().isF32();
  };
  auto narrowsToF16 = [](Operation *user) {
    auto cast = dyn_cast<CastOp>(user);
    return cast && cast.getType().getElementType().isF16();
  };
  for (Operation &op : block.without_terminator()) {
    if (op.use_empty())
      continue;
    if (auto cast = dyn_cast<CastOp>(op); cast && widensF16(cast) &&
        llvm::all_of(op.getUsers(), [](Operation *user) { return isa<QuantizeOp>(user); }))
      foldedBorders.insert(&op);
    if (isa<DequantizeOp>(op) && llvm::all_of(op.getUsers(), narrowsToF16))
      foldedBorders.insert(&op);
  }
  numFoldedBorders += foldedBorders.size();
}

LogicalResult Lowering::lower(Operation *op) {
  LogicalResult result =
      TypeSwitch<Operation *, LogicalResult>(op)
          .Case([&](Conv2DOp conv) {
            auto group = layerGroups.find(conv);
            if (group != layerGroups.end())
              return lowerLayerGroup(group->second.first, group->second.second);
            return lowerConv(conv);
          })
          .Case([&](FullyConnectedOp fc) {
            return lowerProduct(op, fc.getInput(), fc.getWeight(), fc.getBias(),
                                /*transposed=*/true, fc.getClamp());
          })
          .Case([&](MatMulOp matmul) {
            if (matmul.getRhs().getDefiningOp<ConstantOp>() &&
                matmul.getRhs().getType().getRank() == 2)
              return lowerProduct(op, matmul.getLhs(), matmul.getRhs(), Value(),
                                  /*transposed=*/false, matmul.getClamp());
            return lowerBatchedProduct(matmul);
          })
          .Case<MaxPool2DOp, AvgPool2DOp>([&](Operation *pool) { return lowerPool(pool); })
          .Case([&](GlobalAvgPool2DOp pool) { return lowerGlobalAvgPool(pool); })
          .Case<SoftmaxOp, LayerNormOp>([&](Operation *rows) { return lowerRows(rows); })
          .Case([&](ReshapeOp reshape) { return lowerReshape(reshape); })
          .Case([&](TransposeOp transpose) { return lowerTranspose(transpose); })
          .Case([&](ConcatOp concat) { return lowerConcat(concat); })
          .Case([&](SliceOp slice) { return lowerSlice(slice); })
          .Case([&](ResizeOp resize) { return lowerResize(resize); })
          .Case([&](GatherOp gather) { return lowerGather(gather); })
          .Default([&](Operation *other) { return lowerElementwise(other); });
  if (!tiles.empty())
    finishOp();
  return result;
}

//===----------------------------------------------------------------------===//
// Matrix engine
//===----------------------------------------------------------------------===//

/// The vector engine's write-back of a matrix tile: f32 accumulators to f16,
/// through the fused activation's clamp.
void Lowering::emitWriteBack(Value acc, Value out,
                             std::optional<ArrayRef<float>> clamp,
                             Location loc, Stage stage) {
  FloatAttr alpha, beta;
  npuhw::ActivationKind kind = npuhw::ActivationKind::copy;
  if (clamp) {
    float lo = (*clamp)[0], hi = (*clamp)[1];
    if (lo == 0.0f && std::isinf(hi) && hi > 0) {
      kind = npuhw::ActivationKind::relu;
    } else {
      kind = npuhw::ActivationKind::clip;
      alpha = builder.getF32FloatAttr(lo);
      beta = builder.getF32FloatAttr(hi);
    }
  }
  emit<npuhw::ActivationOp>(stage, loc, kind, acc, out, alpha, beta);
}

/// Per-group row-major B matrices (`[groups][k][n]`, values exact in the
/// element type: int8 storage values or f16-representable floats) packed in
/// the matrix engine's panels (docs/isa.md, "Weights"), as a constant.
Value Lowering::packWeights(StringRef prefix, ArrayRef<double> b,
                            int64_t groups, int64_t k, int64_t n, bool int8) {
  const int64_t panel = target.matrix.cols;
  if (int8) {
    const int64_t perGroup = kernels::getPackedS8Bytes(k, n, panel);
    SmallVector<int8_t> values(b.size()), packed(groups * perGroup);
    for (size_t i = 0; i < b.size(); ++i)
      values[i] = static_cast<int8_t>(b[i]);
    for (int64_t g = 0; g < groups; ++g)
      kernels::packS8(values.data() + g * k * n, k, n, panel,
                      packed.data() + g * perGroup);
    return global(prefix, {static_cast<int64_t>(packed.size())},
                  builder.getIntegerType(8), asBytes(ArrayRef<int8_t>(packed)));
  }
  const int64_t perGroup = kernels::getPackedF16Elements(k, n, panel);
  SmallVector<uint16_t> halves = toHalf(b), packed(groups * perGroup);
  for (int64_t g = 0; g < groups; ++g)
    kernels::packF16(halves.data() + g * k * n, k, n, panel,
                     packed.data() + g * perGroup);
  return global(prefix, {static_cast<int64_t>(packed.size())},
                builder.getF16Type(), asBytes(ArrayRef<uint16_t>(packed)));
}

/// What an int8 product adds to the matrix engine's raw i8 x i8 sums:
///   acc[o] = sum(x * w[o]) + bias[o] - zx * sum(w[o])
/// is exactly the reference's sum((x - zx) * w[o]) + bias[o] (weights are
/// symmetric, and padding holds zx), then `requant` with the reference's
/// multipliers (getProductRequantization). The table is laid out block by
/// block of `blockSize` channels (multipliers, then shifts), so that each
/// tile's slice is contiguous.
struct Lowering::Int8Epilogue {
  SmallVector<int32_t> bias, table;
  int32_t inputZeroPoint = 0, zeroPoint = 0, lo = 0, hi = 0;
};

FailureOr<Lowering::Int8Epilogue> Lowering::getInt8Epilogue(
    Operation *op, Value input, Value weight, Value biasValue,
    ArrayRef<double> weightSums, int64_t blockSize,
    std::optional<ArrayRef<float>> clamp) {
  auto inputType = getInt8Activation(input.getType());
  auto resultType = getInt8Activation(op->getResult(0).getType());
  auto weightType = cast<quant::QuantizedType>(getElementTypeOrSelf(weight.getType()));
  const int64_t channels = weightSums.size();
  Int8Epilogue epilogue;
  epilogue.inputZeroPoint = inputType.getZeroPoint();
  SmallVector<double> bias(channels, 0.0);
  if (biasValue) {
    FailureOr<SmallVector<double>> values = constantValues(biasValue);
    if (failed(values))
      return op->emitError("cannot read the bias constant");
    bias = *values;
  }
  SmallVector<reference::ProductRequantization> perChannel;
  for (int64_t c = 0; c < channels; ++c) {
    double folded = bias[c] - epilogue.inputZeroPoint * weightSums[c];
    if (folded < INT32_MIN || folded > INT32_MAX)
      return op->emitError("cannot run on the NPU: output channel ")
             << c << "'s bias with the input zero point folded in (" << folded
             << ") does not fit the i32 accumulator";
    epilogue.bias.push_back(static_cast<int32_t>(folded));
    perChannel.push_back(reference::getProductRequantization(
        inputType, weightType, resultType, c, clamp));
  }
  epilogue.zeroPoint = perChannel.front().zeroPoint;
  epilogue.lo = perChannel.front().lo;
  epilogue.hi = perChannel.front().hi;
  for (int64_t c0 = 0; c0 < channels; c0 += blockSize) {
    int64_t end = std::min(channels, c0 + blockSize);
    for (int64_t c = c0; c < end; ++c)
      epilogue.table.push_back(perChannel[c].multiplier.multiplier);
    for (int64_t c = c0; c < end; ++c)
      epilogue.table.push_back(perChannel[c].multiplier.shift);
  }
  return epilogue;
}

/// The vector engine's write-back of an int8 matrix tile.
void Lowering::emitRequant(Value acc, Value table, Value out,
                           const Int8Epilogue &epilogue, Location loc,
                           Stage stage) {
  emit<npuhw::RequantOp>(stage, loc, acc, table, out,
                         builder.getI32IntegerAttr(epilogue.zeroPoint),
                         builder.getI32IntegerAttr(epilogue.lo),
                         builder.getI32IntegerAttr(epilogue.hi));
}

/// The convolution as the NPU runs it, or nothing when a window field does
/// not fit its 8-bit command field.
std::optional<ConvProblem> getConvProblem(Conv2DOp op) {
  ArrayRef<int64_t> in = op.getInput().getType().getShape();
  ConvProblem problem;
  problem.batch = in[0];
  problem.inChannels = in[1];
  problem.height = in[2];
  problem.width = in[3];
  problem.outChannels = op.getType().getDimSize(1);
  problem.kernelH = op.getFilter().getType().getDimSize(2);
  problem.kernelW = op.getFilter().getType().getDimSize(3);
  problem.strideH = op.getStrides()[0];
  problem.strideW = op.getStrides()[1];
  problem.dilationH = op.getDilations()[0];
  problem.dilationW = op.getDilations()[1];
  problem.padTop = op.getPads()[0];
  problem.padLeft = op.getPads()[1];
  problem.padBottom = op.getPads()[2];
  problem.padRight = op.getPads()[3];
  problem.groups = op.getGroups();
  // An int8 convolution (npu-quantize's types) runs i8 x i8 -> i32 and
  // requantizes; a float one f16 x f16 -> f32 and writes back f16.
  problem.type = getInt8Activation(op.getType()) ? runtime::DType::I8
                                                 : runtime::DType::F16;
  for (int64_t field : {problem.kernelH, problem.kernelW, problem.strideH,
                        problem.strideW, problem.dilationH, problem.dilationW,
                        problem.padTop, problem.padLeft, problem.padBottom,
                        problem.padRight})
    if (field > 255)
      return std::nullopt;
  return problem;
}

/// A convolution's constants in DRAM, in the matrix engine's layout: the
/// packed filter, the bias (f32, or i32 with the input zero point folded
/// in) and, for int8, the requantization table by blocks of `tableBlock`
/// channels.
struct Lowering::ConvConstants {
  Value filter, bias, table;
  Int8Epilogue epilogue;
  /// Packed elements of one group's filter, and of all groups.
  int64_t perGroup = 0, packedTotal = 0;
  Type weightElement, accElement, resultElement;
};

FailureOr<Lowering::ConvConstants>
Lowering::packConv(Conv2DOp op, const ConvProblem &problem, int64_t tableBlock) {
  const bool int8 = problem.type == runtime::DType::I8;
  // Packed filter: per group, B[(kh, kw, c)][o] in panels of the array width.
  const int64_t panel = target.matrix.cols, groups = problem.groups;
  const int64_t og = problem.outChannels / groups, cg = problem.inChannels / groups;
  const int64_t kh = problem.kernelH, kw = problem.kernelW;
  const int64_t k = kh * kw * cg;
  ConvConstants constants;
  constants.perGroup = int8 ? kernels::getPackedS8Bytes(k, og, panel)
                            : kernels::getPackedF16Elements(k, og, panel);
  constants.packedTotal = groups * constants.perGroup;
  FailureOr<SmallVector<double>> weights = constantValues(op.getFilter());
  if (failed(weights))
    return op.emitError("cannot read the filter constant");
  SmallVector<double> b(groups * k * og);
  for (int64_t g = 0; g < groups; ++g)
    for (int64_t o = 0; o < og; ++o)
      for (int64_t c = 0; c < cg; ++c)
        for (int64_t y = 0; y < kh; ++y)
          for (int64_t x = 0; x < kw; ++x)
            b[g * k * og + ((y * kw + x) * cg + c) * og + o] =
                (*weights)[(((g * og + o) * cg + c) * kh + y) * kw + x];
  constants.filter = packWeights("filter", b, groups, k, og, int8);
  Type f32 = builder.getF32Type(), i32 = builder.getI32Type();
  constants.weightElement = int8 ? Type(builder.getIntegerType(8)) : Type(builder.getF16Type());
  constants.accElement = int8 ? i32 : f32;
  constants.resultElement = constants.weightElement;
  if (int8) {
    SmallVector<double> sums(problem.outChannels, 0.0);
    for (int64_t o = 0; o < problem.outChannels; ++o)
      for (int64_t i = 0; i < k; ++i)
        sums[o] += (*weights)[o * k + i];
    FailureOr<Int8Epilogue> computed =
        getInt8Epilogue(op, op.getInput(), op.getFilter(), op.getBias(), sums,
                        tableBlock, op.getClamp());
    if (failed(computed))
      return failure();
    constants.epilogue = std::move(*computed);
    constants.bias = global("bias", {problem.outChannels}, i32,
                            asBytes(ArrayRef<int32_t>(constants.epilogue.bias)));
    constants.table = global("requant", {2 * problem.outChannels}, i32,
                             asBytes(ArrayRef<int32_t>(constants.epilogue.table)));
  } else if (op.getBias()) {
    FailureOr<SmallVector<double>> values = constantValues(op.getBias());
    if (failed(values))
      return op.emitError("cannot read the bias constant");
    SmallVector<float> floats(values->begin(), values->end());
    constants.bias = global("bias", {problem.outChannels}, f32,
                            asBytes(ArrayRef<float>(floats)));
  }
  return constants;
}

/// The matrix engine's command for one tile of `op`: `band` holds the input
/// rows `rows` reads (its padding rows are the window rows outside the
/// image), `groups` of the convolution's groups.
void Lowering::emitConvTile(Stage stage, Conv2DOp op, const ConvProblem &problem,
                            const ConvBand &rows, Value band, Value filter,
                            Value acc, Value bias, int64_t groups,
                            int64_t inputZeroPoint) {
  emit<npuhw::Conv2DOp>(
      stage, op.getLoc(), band, filter, acc, bias,
      builder.getDenseI64ArrayAttr({problem.kernelH, problem.kernelW}),
      op.getStridesAttr(),
      builder.getDenseI64ArrayAttr(
          {rows.padTop, problem.padLeft, rows.padBottom, problem.padRight}),
      op.getDilationsAttr(), builder.getI64IntegerAttr(groups),
      builder.getI64IntegerAttr(target.matrix.cols),
      builder.getI64IntegerAttr(inputZeroPoint), /*accumulate=*/UnitAttr());
}

/// The share of the SRAM budget a convolution's streamed tiles may plan
/// for: the per-channel bias and requantization table (int8) come out of
/// the same budget, twice.
TargetDescription Lowering::getConvBudget(const ConvProblem &problem) const {
  TargetDescription budgeted = target;
  budgeted.sram.bytes =
      budget - (problem.type == runtime::DType::I8 ? 2 * 12 * problem.outChannels : 0);
  return budgeted;
}

LogicalResult Lowering::lowerConv(Conv2DOp op) {
  Location loc = op.getLoc();
  std::optional<ConvProblem> maybeProblem = getConvProblem(op);
  if (!maybeProblem)
    return op.emitError("cannot run on the NPU: kernel, stride, dilation "
                        "and padding are 8-bit command fields (at most 255)");
  const ConvProblem &problem = *maybeProblem;
  const bool int8 = problem.type == runtime::DType::I8;
  TargetDescription budgeted = getConvBudget(problem);
  std::optional<ConvTiling> tiling =
      budgeted.sram.bytes > 0 ? planConvTiling(problem, budgeted) : std::nullopt;
  if (!tiling)
    return op.emitError("cannot tile this convolution into ")
           << budget << " bytes of SRAM with double buffering (even one "
           << "output row with one channel block does not fit); a target "
           << "with more SRAM is needed";
  FailureOr<ConvConstants> constants = packConv(op, problem, tiling->channelsPerTile);
  if (failed(constants))
    return failure();
  const int64_t panel = target.matrix.cols, groups = problem.groups;
  const int64_t og = problem.outChannels / groups, cg = problem.inChannels / groups;
  const int64_t kh = problem.kernelH, kw = problem.kernelW;
  const int64_t k = kh * kw * cg, perGroup = constants->perGroup;
  auto packedSize = [&](int64_t columns) {
    return int8 ? kernels::getPackedS8Bytes(k, columns, panel)
                : kernels::getPackedF16Elements(k, columns, panel);
  };
  Value filter = constants->filter, bias = constants->bias, table = constants->table;
  const Int8Epilogue &epilogue = constants->epilogue;
  Type weightElement = constants->weightElement, accElement = constants->accElement;
  Type i32 = builder.getI32Type();

  FailureOr<DramTensor> input = get(op.getInput(), /*nhwc=*/true);
  if (failed(input))
    return failure();
  DramTensor output = result(op.getResult(), /*nhwc=*/true);
  View inputView = wholeView(input->buffer), outputView = wholeView(output.buffer);
  const int64_t oh = problem.outHeight(), ow = problem.outWidth();
  const int64_t rows = tiling->rowsPerTile, channels = tiling->channelsPerTile;

  // Channel blocks: [o0, o0 + size) with their input channels and the
  // packed slice of their weights.
  struct Block {
    int64_t o0, size, c0, inChannels, groups, packedOffset, packedSize;
  };
  SmallVector<Block> blocks;
  for (int64_t o0 = 0; o0 < problem.outChannels; o0 += channels) {
    Block block;
    block.o0 = o0;
    block.size = std::min(channels, problem.outChannels - o0);
    if (groups == 1) {
      block.c0 = 0;
      block.inChannels = problem.inChannels;
      block.groups = 1;
      block.packedOffset = (o0 / panel) * packedSize(panel);
      block.packedSize = packedSize(block.size);
    } else {
      int64_t g0 = o0 / og;
      block.groups = block.size / og;
      block.c0 = g0 * cg;
      block.inChannels = block.groups * cg;
      block.packedOffset = g0 * perGroup;
      block.packedSize = block.groups * perGroup;
    }
    blocks.push_back(block);
  }
  // Row tiles: the output rows, the input rows their windows read and the
  // window rows outside the image (a chain of one convolution).
  SmallVector<ConvBand> rowTiles;
  for (int64_t r0 = 0; r0 < oh; r0 += rows)
    rowTiles.push_back(getConvChainBands({problem}, r0, std::min(rows, oh - r0)).front());

  // Tile order and what each tile loads, as the cost model assumed.
  bool channelsOuter = tiling->channelsOuter, resident = tiling->weightsResident;
  const int64_t packedTotal = groups * perGroup;
  Value residentFilter, residentBias, residentTable;
  if (resident) {
    beginTile();
    residentFilter = sram({packedTotal}, weightElement);
    load(wholeView(filter), residentFilter, loc);
    if (bias) {
      residentBias = sram({problem.outChannels}, accElement);
      load(wholeView(bias), residentBias, loc);
    }
    if (table) {
      residentTable = sram({2 * problem.outChannels}, i32);
      load(wholeView(table), residentTable, loc);
    }
  }
  Value blockFilter, blockBias, blockTable, band;
  int64_t loadedBlock = -1, loadedRows = -1;
  size_t count = blocks.size() * rowTiles.size();
  for (size_t i = 0; i < count; ++i) {
    size_t b = channelsOuter ? i / rowTiles.size() : i % blocks.size();
    size_t r = channelsOuter ? i % rowTiles.size() : i / blocks.size();
    const Block &block = blocks[b];
    const ConvBand &rowTile = rowTiles[r];
    if (!(resident && i == 0))
      beginTile();
    // Weights: resident, or this block's slice when it changes.
    Value tileFilter, tileBias, tileTable;
    if (resident) {
      if (blocks.size() == 1) {
        tileFilter = residentFilter;
        tileBias = residentBias;
        tileTable = residentTable;
      } else {
        // A block's slice of the resident weights is a view.
        tileFilter = viewIn(
            Matrix, View{residentFilter, block.packedOffset, {block.packedSize}, {1}}, loc);
        if (residentBias)
          tileBias = viewIn(Matrix, View{residentBias, block.o0, {block.size}, {1}}, loc);
        if (residentTable)
          tileTable = viewIn(Vector, View{residentTable, 2 * block.o0, {2 * block.size}, {1}}, loc);
      }
    } else {
      if (loadedBlock != static_cast<int64_t>(b) || !channelsOuter) {
        blockFilter = sram({block.packedSize}, weightElement);
        load(View{filter, block.packedOffset, {block.packedSize}, {1}}, blockFilter, loc);
        if (bias) {
          blockBias = sram({block.size}, accElement);
          load(View{bias, block.o0, {block.size}, {1}}, blockBias, loc);
        }
        if (table) {
          blockTable = sram({2 * block.size}, i32);
          load(View{table, 2 * block.o0, {2 * block.size}, {1}}, blockTable, loc);
        }
        loadedBlock = b;
      }
      tileFilter = blockFilter;
      tileBias = blockBias;
      tileTable = blockTable;
    }
    // Input band: reloaded when the rows change or the block reads other
    // input channels.
    if (loadedRows != static_cast<int64_t>(r) || groups > 1 ||
        channelsOuter) {
      SmallVector<int64_t> shape{problem.batch, rowTile.inRows, problem.width,
                                 block.inChannels};
      band = sram(shape, weightElement);
      load(subView(inputView, {0, rowTile.inStart, 0, block.c0}, shape), band, loc);
      loadedRows = r;
    }
    SmallVector<int64_t> accShape{problem.batch, rowTile.outRows, ow, block.size};
    Value acc = sram(accShape, accElement);
    emitConvTile(Matrix, op, problem, rowTile, band, tileFilter, acc, tileBias,
                 block.groups, epilogue.inputZeroPoint);
    Value result = sram(accShape, int8 ? weightElement : builder.getF16Type());
    if (int8)
      emitRequant(acc, tileTable, result, epilogue, loc);
    else
      emitWriteBack(acc, result, op.getClamp(), loc);
    store(result, subView(outputView, {0, rowTile.outStart, 0, block.o0}, accShape), loc);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Layer groups
//===----------------------------------------------------------------------===//

/// Chains of convolutions, each the only user of the previous one's result,
/// are split into layer groups where that is cheaper: over each maximal
/// chain, a shortest-path choice of consecutive segments, a segment costing
/// planConvChainTiling's cycles (up to kMaxChain layers) and a lone layer
/// its own planConvTiling's. A grouped segment keeps its intermediate rows
/// in SRAM; only its first input and last result touch DRAM.
void Lowering::formLayerGroups(Block &block) {
  if (!enableLayerGroups)
    return;
  TargetDescription budgeted = target;
  budgeted.sram.bytes = budget;
  auto aloneCycles = [&](const ConvProblem &problem) -> std::optional<uint64_t> {
    TargetDescription alone = getConvBudget(problem);
    if (alone.sram.bytes <= 0)
      return std::nullopt;
    std::optional<ConvTiling> tiling = planConvTiling(problem, alone);
    return tiling ? std::optional<uint64_t>(tiling->cycles) : std::nullopt;
  };
  DenseSet<Operation *> visited;
  for (Operation &op : block.without_terminator()) {
    auto head = dyn_cast<Conv2DOp>(op);
    if (!head || visited.contains(head))
      continue;
    // The maximal chain from here, with each layer's cost on its own.
    SmallVector<Conv2DOp> chain;
    std::vector<ConvProblem> problems;
    SmallVector<uint64_t> alone;
    for (Conv2DOp conv = head; conv;) {
      std::optional<ConvProblem> problem = getConvProblem(conv);
      std::optional<uint64_t> cycles = problem ? aloneCycles(*problem) : std::nullopt;
      if (!cycles || (!problems.empty() && problem->type != problems.front().type))
        break;
      visited.insert(conv);
      chain.push_back(conv);
      problems.push_back(*problem);
      alone.push_back(*cycles);
      Value link = conv.getResult();
      conv = nullptr;
      if (link.hasOneUse())
        if (auto next = dyn_cast<Conv2DOp>(*link.getUsers().begin()))
          if (next.getInput() == link)
            conv = next;
    }
    // best[i]: the cheapest split of the first i layers; from[i]: where its
    // last segment starts, and that segment's plan when it is a group.
    const size_t count = chain.size();
    SmallVector<uint64_t> best(count + 1, UINT64_MAX);
    SmallVector<size_t> from(count + 1, 0);
    SmallVector<std::optional<ConvChainTiling>> plans(count + 1);
    best[0] = 0;
    for (size_t end = 1; end <= count; ++end)
      for (size_t begin = end; begin-- > 0 && end - begin <= size_t(kMaxChain);) {
        if (best[begin] == UINT64_MAX)
          continue;
        std::optional<ConvChainTiling> plan;
        uint64_t cycles = alone[begin];
        if (end - begin > 1) {
          plan = planConvChainTiling(
              std::vector<ConvProblem>(problems.begin() + begin, problems.begin() + end),
              budgeted);
          if (!plan)
            break; // a longer segment does not fit either
          cycles = plan->cycles;
        }
        if (best[begin] + cycles < best[end]) {
          best[end] = best[begin] + cycles;
          from[end] = begin;
          plans[end] = plan;
        }
      }
    for (size_t end = count; end > 0; end = from[end]) {
      size_t begin = from[end];
      if (end - begin < 2)
        continue;
      ArrayRef<Conv2DOp> group = ArrayRef(chain).slice(begin, end - begin);
      for (Conv2DOp member : group.drop_front())
        groupMembers.insert(member);
      ++numLayerGroups;
      numGroupedConvs += group.size();
      for (Conv2DOp member : group.drop_back()) {
        auto type = member.getType();
        numOnChipBytes += type.getNumElements() * getStorageBytes(type.getElementType());
      }
      layerGroups[group.front()] = {SmallVector<Conv2DOp>(group), *plans[end]};
    }
  }
}

/// A layer group in bands of its last convolution's rows: per band, the
/// first input's rows come from DRAM, every convolution computes the rows
/// the next one reads (getConvChainBands) into SRAM, and the last one's rows
/// go back to DRAM. Every layer's weights stay in SRAM for the whole group;
/// each layer has its own matrix and vector stage, so the bands pipeline
/// as an op's tiles do.
LogicalResult Lowering::lowerLayerGroup(ArrayRef<Conv2DOp> chain,
                                        const ConvChainTiling &tiling) {
  std::vector<ConvProblem> problems;
  SmallVector<ConvConstants> constants;
  for (Conv2DOp conv : chain) {
    problems.push_back(*getConvProblem(conv));
    // One channel block: the requantization table in one piece.
    FailureOr<ConvConstants> packed =
        packConv(conv, problems.back(), problems.back().outChannels);
    if (failed(packed))
      return failure();
    constants.push_back(std::move(*packed));
  }
  Conv2DOp head = chain.front(), tail = chain.back();
  FailureOr<DramTensor> input = get(head.getInput(), /*nhwc=*/true);
  if (failed(input))
    return failure();
  DramTensor output = result(tail.getResult(), /*nhwc=*/true);
  View inputView = wholeView(input->buffer), outputView = wholeView(output.buffer);

  struct Resident {
    Value filter, bias, table;
  };
  SmallVector<Resident> resident;
  beginTile();
  for (auto [member, packed] : llvm::zip(chain, constants)) {
    Conv2DOp conv = member;
    Resident weights;
    weights.filter = sram({packed.packedTotal}, packed.weightElement);
    load(wholeView(packed.filter), weights.filter, conv.getLoc());
    int64_t channels = conv.getType().getDimSize(1);
    if (packed.bias) {
      weights.bias = sram({channels}, packed.accElement);
      load(wholeView(packed.bias), weights.bias, conv.getLoc());
    }
    if (packed.table) {
      weights.table = sram({2 * channels}, builder.getI32Type());
      load(wholeView(packed.table), weights.table, conv.getLoc());
    }
    resident.push_back(weights);
  }
  const int64_t outHeight = problems.back().outHeight();
  const Stage storeStage = static_cast<Stage>(2 * chain.size() + 1);
  for (int64_t r0 = 0; r0 < outHeight; r0 += tiling.rowsPerTile) {
    if (r0 != 0)
      beginTile();
    std::vector<ConvBand> bands =
        getConvChainBands(problems, r0, std::min(tiling.rowsPerTile, outHeight - r0));
    const ConvProblem &first = problems.front();
    SmallVector<int64_t> inShape{first.batch, bands.front().inRows, first.width,
                                 first.inChannels};
    Value rows = sram(inShape, constants.front().weightElement);
    load(subView(inputView, {0, bands.front().inStart, 0, 0}, inShape), rows,
         head.getLoc());
    SmallVector<int64_t> outShape;
    for (size_t i = 0; i < chain.size(); ++i) {
      const ConvProblem &p = problems[i];
      const ConvBand &band = bands[i];
      const ConvConstants &packed = constants[i];
      Conv2DOp conv = chain[i];
      Location loc = conv.getLoc();
      auto matrixStage = static_cast<Stage>(Matrix + 2 * i);
      auto vectorStage = static_cast<Stage>(Vector + 2 * i);
      outShape = {p.batch, band.outRows, p.outWidth(), p.outChannels};
      Value acc = sram(outShape, packed.accElement);
      emitConvTile(matrixStage, conv, p, band, rows, resident[i].filter, acc,
                   resident[i].bias, p.groups, packed.epilogue.inputZeroPoint);
      Value next = sram(outShape, packed.resultElement);
      if (packed.table)
        emitRequant(acc, resident[i].table, next, packed.epilogue, loc, vectorStage);
      else
        emitWriteBack(acc, next, conv.getClamp(), loc, vectorStage);
      rows = next;
    }
    copy(wholeView(rows), subView(outputView, {0, r0, 0, 0}, outShape),
         storeStage, tail.getLoc());
  }
  return success();
}

/// `input [..., K] x W -> [..., N]` with a constant W: `[N, K]` when
/// `transposed` (fully_connected), `[K, N]` otherwise (matmul).
LogicalResult Lowering::lowerProduct(Operation *op, Value input, Value weight,
                                     Value biasValue, bool transposed,
                                     std::optional<ArrayRef<float>> clamp) {
  Location loc = op->getLoc();
  auto inputType = cast<RankedTensorType>(input.getType());
  auto weightType = cast<RankedTensorType>(weight.getType());
  const int64_t kDim = inputType.getShape().back();
  const int64_t n = transposed ? weightType.getDimSize(0) : weightType.getDimSize(1);
  const int64_t m = inputType.getNumElements() / kDim;
  const int64_t panel = target.matrix.cols;
  const bool int8 = getInt8Activation(op->getResult(0).getType()) != nullptr;
  FailureOr<SmallVector<double>> values = constantValues(weight);
  if (failed(values))
    return op->emitError("cannot read the weight constant");
  SmallVector<double> b(kDim * n);
  for (int64_t kk = 0; kk < kDim; ++kk)
    for (int64_t nn = 0; nn < n; ++nn)
      b[kk * n + nn] = transposed ? (*values)[nn * kDim + kk] : (*values)[kk * n + nn];
  Value packedWeights = packWeights("weight", b, 1, kDim, n, int8);
  auto packedSize = [&](int64_t columns) {
    return int8 ? kernels::getPackedS8Bytes(kDim, columns, panel)
                : kernels::getPackedF16Elements(kDim, columns, panel);
  };
  Type f16 = builder.getF16Type(), f32 = builder.getF32Type(),
       i8 = builder.getIntegerType(8), i32 = builder.getI32Type();
  Type inElement = int8 ? i8 : f16, accElement = int8 ? i32 : f32;
  const int64_t inBytes = int8 ? 1 : 2;

  // Column blocks of whole panels and row blocks so that two sets of
  // (rows of A, weight block, bias and requantization table, accumulators,
  // results) fit the budget.
  auto tileBytes = [&](int64_t rowsPerTile, int64_t cols) {
    return 2 * (rowsPerTile * kDim * inBytes + packedSize(cols) * inBytes +
                cols * (int8 ? 12 : 4) + rowsPerTile * cols * (4 + inBytes));
  };
  int64_t cols = ((n + panel - 1) / panel) * panel;
  while (cols > panel && tileBytes(std::min<int64_t>(m, target.matrix.rows), cols) > budget)
    cols = std::max(panel, (cols / 2 + panel - 1) / panel * panel);
  int64_t rows = m;
  while (rows > 1 && tileBytes(rows, cols) > budget)
    rows = (rows + 1) / 2;
  if (tileBytes(rows, cols) > budget)
    return op->emitError("cannot tile this product into ")
           << budget << " bytes of SRAM (K = " << kDim
           << " is too deep for one panel; K-split tiles are not implemented)";

  Value bias, table;
  Int8Epilogue epilogue;
  if (int8) {
    SmallVector<double> sums(n, 0.0);
    for (int64_t kk = 0; kk < kDim; ++kk)
      for (int64_t nn = 0; nn < n; ++nn)
        sums[nn] += b[kk * n + nn];
    FailureOr<Int8Epilogue> computed =
        getInt8Epilogue(op, input, weight, biasValue, sums, cols, clamp);
    if (failed(computed))
      return failure();
    epilogue = std::move(*computed);
    bias = global("bias", {n}, i32, asBytes(ArrayRef<int32_t>(epilogue.bias)));
    table = global("requant", {2 * n}, i32, asBytes(ArrayRef<int32_t>(epilogue.table)));
  } else if (biasValue) {
    FailureOr<SmallVector<double>> biasValues = constantValues(biasValue);
    if (failed(biasValues))
      return op->emitError("cannot read the bias constant");
    SmallVector<float> floats(biasValues->begin(), biasValues->end());
    bias = global("bias", {n}, f32, asBytes(ArrayRef<float>(floats)));
  }
  // Products read rows in ONNX order (a 4-D activation stored NHWC is
  // converted first).
  FailureOr<DramTensor> in = get(input, /*nhwc=*/false);
  if (failed(in))
    return failure();
  DramTensor out = result(op->getResult(0), /*nhwc=*/false);

  View inView{in->buffer, 0, {m, kDim}, {kDim, 1}};
  View outView{out.buffer, 0, {m, n}, {n, 1}};
  for (int64_t n0 = 0; n0 < n; n0 += cols) {
    int64_t width = std::min(cols, n - n0);
    int64_t blockSize = packedSize(width);
    Value tileWeights, tileBias, tileTable;
    for (int64_t m0 = 0; m0 < m; m0 += rows) {
      int64_t height = std::min(rows, m - m0);
      beginTile();
      if (m0 == 0) {
        tileWeights = sram({blockSize}, inElement);
        load(View{packedWeights, (n0 / panel) * packedSize(panel), {blockSize}, {1}},
             tileWeights, loc);
        if (bias) {
          tileBias = sram({width}, accElement);
          load(View{bias, n0, {width}, {1}}, tileBias, loc);
        }
        if (table) {
          tileTable = sram({2 * width}, i32);
          load(View{table, 2 * n0, {2 * width}, {1}}, tileTable, loc);
        }
      }
      Value a = sram({height, kDim}, inElement);
      load(subView(inView, {m0, 0}, {height, kDim}), a, loc);
      Value acc = sram({height, width}, accElement);
      emit<npuhw::MatMulOp>(Matrix, loc, a, tileWeights, acc, tileBias,
                            builder.getI64IntegerAttr(panel), /*accumulate=*/UnitAttr());
      Value res = sram({height, width}, inElement);
      if (int8)
        emitRequant(acc, tileTable, res, epilogue, loc);
      else
        emitWriteBack(acc, res, clamp, loc);
      store(res, subView(outView, {m0, n0}, {height, width}), loc);
    }
  }
  return success();
}

/// `[..., M, K] x [..., K, N]` with both operands computed at run time
/// (attention's `Q x K^T` and `P x V`): per batch matrix, the right operand
/// is packed into the matrix engine's panels by DMA on its way into SRAM
/// (rows of `panel_cols` elements; a partial last panel's padding columns
/// only feed result columns that are never stored).
LogicalResult Lowering::lowerBatchedProduct(MatMulOp op) {
  Location loc = op.getLoc();
  auto lhsType = op.getLhs().getType(), rhsType = op.getRhs().getType();
  auto type = op.getType();
  const int64_t rank = type.getRank();
  const int64_t m = type.getDimSize(rank - 2), n = type.getDimSize(rank - 1);
  const int64_t k = lhsType.getShape().back();
  const int64_t panel = target.matrix.cols;
  const int64_t panels = (n + panel - 1) / panel, fullPanels = n / panel;
  const int64_t packedSize = kernels::getPackedF16Elements(k, n, panel);
  Type f16 = builder.getF16Type(), f32 = builder.getF32Type();
  FailureOr<DramTensor> lhs = get(op.getLhs(), false), rhs = get(op.getRhs(), false);
  if (failed(lhs) || failed(rhs))
    return failure();
  DramTensor out = result(op.getResult(), false);

  // Rows of A per tile: two sets of (A rows, packed B, accumulators,
  // results) in the budget.
  auto tileBytes = [&](int64_t rows) {
    return 2 * (rows * k * 2 + packedSize * 2 + rows * n * 6);
  };
  int64_t rows = m;
  while (rows > 1 && tileBytes(rows) > budget)
    rows = (rows + 1) / 2;
  if (tileBytes(rows) > budget)
    return op.emitError("cannot tile this product into ")
           << budget << " bytes of SRAM: its right operand (" << k << " x " << n
           << ") does not fit twice";

  // Batch indices broadcast: an operand's batch stride is 0 along its size-1
  // dimensions.
  ArrayRef<int64_t> batch = type.getShape().drop_back(2);
  auto batchStrides = [&](RankedTensorType operand) {
    SmallVector<int64_t> strides(batch.size(), 0);
    ArrayRef<int64_t> shape = operand.getShape();
    int64_t offset = batch.size() - (shape.size() - 2), stride = shape[shape.size() - 2] * shape.back();
    for (int64_t i = static_cast<int64_t>(shape.size()) - 3; i >= 0; --i) {
      if (shape[i] != 1)
        strides[i + offset] = stride;
      stride *= shape[i];
    }
    return strides;
  };
  SmallVector<int64_t> lhsStrides = batchStrides(lhsType), rhsStrides = batchStrides(rhsType);
  const int64_t batches = product(batch);
  for (int64_t b = 0; b < batches; ++b) {
    int64_t lhsBase = 0, rhsBase = 0;
    for (int64_t i = static_cast<int64_t>(batch.size()) - 1, rest = b; i >= 0; --i) {
      int64_t index = rest % batch[i];
      rest /= batch[i];
      lhsBase += index * lhsStrides[i];
      rhsBase += index * rhsStrides[i];
    }
    Value packed;
    for (int64_t m0 = 0; m0 < m; m0 += rows) {
      int64_t height = std::min(rows, m - m0);
      beginTile();
      if (m0 == 0) {
        packed = sram({packedSize}, f16);
        if (fullPanels)
          copy(View{rhs->buffer, rhsBase, {fullPanels, k, panel}, {panel, n, 1}},
               View{packed, 0, {fullPanels, k, panel}, {k * panel, panel, 1}}, Load, loc);
        if (panels != fullPanels)
          copy(View{rhs->buffer, rhsBase + fullPanels * panel, {k, n - fullPanels * panel}, {n, 1}},
               View{packed, fullPanels * k * panel, {k, n - fullPanels * panel}, {panel, 1}},
               Load, loc);
      }
      Value a = sram({height, k}, f16);
      load(View{lhs->buffer, lhsBase + m0 * k, {height, k}, {k, 1}}, a, loc);
      Value acc = sram({height, n}, f32);
      emit<npuhw::MatMulOp>(Matrix, loc, a, packed, acc, Value(),
                            builder.getI64IntegerAttr(panel), /*accumulate=*/UnitAttr());
      Value res = sram({height, n}, f16);
      emitWriteBack(acc, res, op.getClamp(), loc);
      store(res, View{out.buffer, b * m * n + m0 * n, {height, n}, {n, 1}}, loc);
    }
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Vector engine
//===----------------------------------------------------------------------===//

/// Element-wise ops stream their result's buffer in flat chunks. An operand
/// shaped like the result streams alongside; one that broadcasts must repeat
/// with a period in the result's storage order (a per-channel vector of an
/// NHWC tensor, a scalar), and is loaded once.
LogicalResult Lowering::lowerElementwise(Operation *op) {
  Location loc = op->getLoc();
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  bool nhwc = isNhwc(op->getResult(0));
  const int64_t total = resultType.getNumElements();

  SmallVector<Value> operands(op->getOperands());
  // A folded island border: quantize reads the f16 value its cast would
  // have widened; a cast to f16 dequantizes the int8 value directly.
  DequantizeOp dequantizeToF16;
  if (Operation *producer = operands[0].getDefiningOp();
      producer && foldedBorders.contains(producer)) {
    operands[0] = producer->getOperand(0);
    dequantizeToF16 = dyn_cast<DequantizeOp>(producer);
  }
  SmallVector<int64_t> periods;
  for (Value operand : operands)
    periods.push_back(getPeriod(cast<RankedTensorType>(operand.getType()), resultType, nhwc));
  // whyUnsupported checked the pattern: the left operand streams, or the
  // op commutes and its right one does.
  if (periods[0] != total) {
    std::swap(operands[0], operands[1]);
    std::swap(periods[0], periods[1]);
  }

  SmallVector<DramTensor> inputs;
  for (Value operand : operands) {
    auto type = cast<RankedTensorType>(operand.getType());
    FailureOr<DramTensor> tensor = get(operand, nhwc && type.getRank() == 4);
    if (failed(tensor))
      return failure();
    inputs.push_back(*tensor);
  }
  DramTensor out = result(op->getResult(0), nhwc);
  Type outType = getStorageType(resultType);
  int64_t outBytes = getStorageBytes(outType);

  // Chunk size: two of every streamed buffer within the budget, a multiple
  // of every period.
  int64_t streamedBytes = outBytes, fixedBytes = 0, period = 1;
  for (auto [operand, p] : llvm::zip(operands, periods)) {
    int64_t bytes = getStorageBytes(operand.getType());
    if (p == total)
      streamedBytes += bytes;
    else {
      fixedBytes += p * bytes;
      period = std::lcm(period, p);
    }
  }
  int64_t chunk = std::min(total, (budget - fixedBytes) / (2 * streamedBytes));
  chunk = chunk / period * period;
  if (chunk <= 0)
    return op->emitError("cannot tile this op into ")
           << budget << " bytes of SRAM: its repeating operand is too large";

  SmallVector<Value> fixed(operands.size());
  for (int64_t start = 0; start < total; start += chunk) {
    int64_t size = std::min(chunk, total - start);
    beginTile();
    SmallVector<Value> tilesIn;
    for (auto [i, input] : llvm::enumerate(inputs)) {
      Type element = getStorageType(operands[i].getType());
      if (periods[i] == total) {
        Value tile = sram({size}, element);
        load(View{input.buffer, start, {size}, {1}}, tile, loc);
        tilesIn.push_back(tile);
        continue;
      }
      if (!fixed[i]) {
        fixed[i] = sram({periods[i]}, element);
        load(View{input.buffer, 0, {periods[i]}, {1}}, fixed[i], loc);
      }
      tilesIn.push_back(fixed[i]);
    }
    Value res = sram({size}, outType);
    TypeSwitch<Operation *>(op)
        .Case([&](BinaryOp b) {
          emit<npuhw::ElementwiseOp>(Vector, loc, *getElementwiseKind(b.getKind()),
                                     tilesIn[0], tilesIn[1], res);
        })
        .Case([&](UnaryOp u) {
          emit<npuhw::ActivationOp>(Vector, loc, *getActivationKind(u.getKind()),
                                    tilesIn[0], res, FloatAttr(), FloatAttr());
        })
        .Case([&](ClipOp c) {
          emit<npuhw::ActivationOp>(Vector, loc, npuhw::ActivationKind::clip,
                                    tilesIn[0], res, c.getMinAttr(), c.getMaxAttr());
        })
        .Case([&](LeakyReluOp l) {
          emit<npuhw::ActivationOp>(Vector, loc, npuhw::ActivationKind::leaky_relu,
                                    tilesIn[0], res, l.getAlphaAttr(), FloatAttr());
        })
        .Case([&](HardSigmoidOp h) {
          emit<npuhw::ActivationOp>(Vector, loc, npuhw::ActivationKind::hard_sigmoid,
                                    tilesIn[0], res, h.getAlphaAttr(), h.getBetaAttr());
        })
        .Case<CastOp, QuantizeOp, DequantizeOp>([&](Operation *) {
          bool quantize = isa<QuantizeOp>(op);
          if (isa<CastOp>(op) && !dequantizeToF16) {
            emit<npuhw::ActivationOp>(Vector, loc, npuhw::ActivationKind::copy,
                                      tilesIn[0], res, FloatAttr(), FloatAttr());
            return;
          }
          // The scale and zero point as the command's f32 fields: exact
          // (whyUnsupported checked the scale is an f32 value).
          auto type = getInt8Activation(quantize ? op->getResult(0).getType()
                                                 : operands[0].getType());
          emit<npuhw::ActivationOp>(
              Vector, loc,
              quantize ? npuhw::ActivationKind::quantize
                       : npuhw::ActivationKind::dequantize,
              tilesIn[0], res, builder.getF32FloatAttr(type.getScale()),
              builder.getF32FloatAttr(type.getZeroPoint()));
        });
    store(res, View{out.buffer, start, {size}, {1}}, loc);
  }
  return success();
}

/// Max and average pooling in NHWC row bands with input halos.
LogicalResult Lowering::lowerPool(Operation *op) {
  Location loc = op->getLoc();
  ArrayRef<int64_t> kernel, strides, pads;
  npuhw::PoolKind kind;
  if (auto max = dyn_cast<MaxPool2DOp>(op)) {
    kernel = max.getKernel(), strides = max.getStrides(), pads = max.getPads();
    kind = npuhw::PoolKind::max;
  } else {
    auto avg = cast<AvgPool2DOp>(op);
    kernel = avg.getKernel(), strides = avg.getStrides(), pads = avg.getPads();
    kind = npuhw::PoolKind::avg;
  }
  auto inType = cast<RankedTensorType>(op->getOperand(0).getType());
  auto outType = cast<RankedTensorType>(op->getResult(0).getType());
  ArrayRef<int64_t> in = inType.getShape(), outShape = outType.getShape();
  const int64_t n = in[0], c = in[1], h = in[2], w = in[3];
  const int64_t oh = outShape[2], ow = outShape[3];
  // Ceil mode is extra bottom/right padding (never counted), read off the
  // result's size; each band's bottom padding is at most padBottom.
  int64_t padBottom = std::max<int64_t>(pads[2], (oh - 1) * strides[0] + kernel[0] - h - pads[0]);
  int64_t padRight = std::max<int64_t>(pads[3], (ow - 1) * strides[1] + kernel[1] - w - pads[1]);
  for (int64_t field : {kernel[0], kernel[1], strides[0], strides[1], pads[0],
                        pads[1], padBottom, padRight})
    if (field > 255)
      return op->emitError("cannot run on the NPU: pooling window fields are "
                           "8-bit, got ")
             << field;
  FailureOr<DramTensor> input = get(op->getOperand(0), true);
  if (failed(input))
    return failure();
  DramTensor out = result(op->getResult(0), true);
  Type element = inType.getElementType();
  const int64_t bytes = element.getIntOrFloatBitWidth() / 8;
  // Output rows per band: two input bands and two output bands in budget.
  int64_t rows = oh;
  auto bandBytes = [&](int64_t r) {
    int64_t inRows = std::min(h, (r - 1) * strides[0] + kernel[0]);
    return 2 * n * (inRows * w + r * ow) * c * bytes;
  };
  while (rows > 1 && bandBytes(rows) > budget)
    rows = (rows + 1) / 2;
  if (bandBytes(rows) > budget)
    return op->emitError("cannot tile this pooling into ")
           << budget << " bytes of SRAM: one output row does not fit";
  View inView = wholeView(input->buffer), outView = wholeView(out.buffer);
  for (int64_t r0 = 0; r0 < oh; r0 += rows) {
    int64_t size = std::min(rows, oh - r0);
    int64_t start = r0 * strides[0] - pads[0];
    int64_t end = (r0 + size - 1) * strides[0] - pads[0] + kernel[0];
    int64_t inStart = std::max<int64_t>(0, start);
    int64_t inEnd = std::min(h, end);
    beginTile();
    SmallVector<int64_t> bandShape{n, inEnd - inStart, w, c};
    Value band = sram(bandShape, element);
    load(subView(inView, {0, inStart, 0, 0}, bandShape), band, loc);
    SmallVector<int64_t> resShape{n, size, ow, c};
    Value res = sram(resShape, element);
    emit<npuhw::PoolOp>(Vector, loc, kind, band, res,
                        builder.getDenseI64ArrayAttr(kernel),
                        builder.getDenseI64ArrayAttr(strides),
                        builder.getDenseI64ArrayAttr(
                            {inStart - start, pads[1], end - inEnd, padRight}));
    store(res, subView(outView, {0, r0, 0, 0}, resShape), loc);
  }
  return success();
}

/// Global average pooling: one window over H x W, tiled over channels.
LogicalResult Lowering::lowerGlobalAvgPool(GlobalAvgPool2DOp op) {
  Location loc = op.getLoc();
  ArrayRef<int64_t> in = op.getInput().getType().getShape();
  const int64_t n = in[0], c = in[1], h = in[2], w = in[3];
  if (h > 255 || w > 255)
    return op.emitError("cannot run on the NPU: pooling windows are at most "
                        "255 x 255, got ")
           << h << " x " << w;
  FailureOr<DramTensor> input = get(op.getInput(), true);
  if (failed(input))
    return failure();
  DramTensor out = result(op.getResult(), true);
  Type element = op.getType().getElementType();
  const int64_t bytes = element.getIntOrFloatBitWidth() / 8;
  int64_t channels = c;
  while (channels > 1 && 2 * n * (h * w + 1) * channels * bytes > budget)
    channels = (channels + 1) / 2;
  View inView = wholeView(input->buffer), outView = wholeView(out.buffer);
  for (int64_t c0 = 0; c0 < c; c0 += channels) {
    int64_t size = std::min(channels, c - c0);
    beginTile();
    Value tile = sram({n, h, w, size}, element);
    load(subView(inView, {0, 0, 0, c0}, {n, h, w, size}), tile, loc);
    Value res = sram({n, 1, 1, size}, element);
    emit<npuhw::PoolOp>(Vector, loc, npuhw::PoolKind::avg, tile, res,
                        builder.getDenseI64ArrayAttr({h, w}),
                        builder.getDenseI64ArrayAttr({1, 1}),
                        builder.getDenseI64ArrayAttr({0, 0, 0, 0}));
    store(res, subView(outView, {0, 0, 0, c0}, {n, 1, 1, size}), loc);
  }
  return success();
}

/// Softmax and layer norm over the innermost dimension, in bands of rows.
LogicalResult Lowering::lowerRows(Operation *op) {
  Location loc = op->getLoc();
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  const int64_t width = type.getShape().back();
  const int64_t rowsTotal = type.getNumElements() / width;
  Type element = type.getElementType();
  const int64_t bytes = element.getIntOrFloatBitWidth() / 8;
  FailureOr<DramTensor> input = get(op->getOperand(0), false);
  if (failed(input))
    return failure();
  DramTensor out = result(op->getResult(0), false);
  Value scale, bias;
  int64_t fixedBytes = 0;
  if (auto norm = dyn_cast<LayerNormOp>(op)) {
    for (auto [value, target] : {std::pair{norm.getScale(), &scale},
                                 std::pair{norm.getBias(), &bias}}) {
      if (!value)
        continue;
      FailureOr<SmallVector<double>> values = constantValues(value);
      if (failed(values) || static_cast<int64_t>(values->size()) != width)
        return op->emitError("cannot run on the NPU: layer norm needs a "
                             "constant scale and bias of the normalised width");
      SmallVector<uint16_t> halves = toHalf(*values);
      *target = global("norm", {width}, element, asBytes(ArrayRef<uint16_t>(halves)));
      fixedBytes += width * bytes;
    }
  }
  int64_t rows = std::min(rowsTotal, (budget - fixedBytes) / (4 * width * bytes));
  if (rows <= 0)
    return op->emitError("cannot tile this op into ")
           << budget << " bytes of SRAM: one row does not fit";
  Value scaleTile, biasTile;
  for (int64_t r0 = 0; r0 < rowsTotal; r0 += rows) {
    int64_t size = std::min(rows, rowsTotal - r0);
    beginTile();
    Value tile = sram({size, width}, element);
    load(View{input->buffer, r0 * width, {size, width}, {width, 1}}, tile, loc);
    Value res = sram({size, width}, element);
    if (auto norm = dyn_cast<LayerNormOp>(op)) {
      if (!scaleTile) {
        scaleTile = sram({width}, element);
        load(wholeView(scale), scaleTile, loc);
        if (bias) {
          biasTile = sram({width}, element);
          load(wholeView(bias), biasTile, loc);
        }
      }
      emit<npuhw::NormOp>(Vector, loc, npuhw::NormKind::layer, tile, scaleTile,
                          biasTile, res, norm.getEpsilon());
    } else {
      emit<npuhw::SoftmaxOp>(Vector, loc, tile, res);
    }
    store(res, View{out.buffer, r0 * width, {size, width}, {width, 1}}, loc);
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

/// A reshape is a view of the same bytes in row-major order; a 4-D
/// activation stored NHWC is read back in NCHW order first.
LogicalResult Lowering::lowerReshape(ReshapeOp op) {
  FailureOr<DramTensor> input = get(op.getInput(), false);
  if (failed(input))
    return failure();
  auto type = op.getType();
  Value view = input->buffer;
  auto bufferType = cast<MemRefType>(view.getType());
  if (bufferType.getShape() != type.getShape()) {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPoint(firstOp);
    Value root = view;
    if (auto cast = root.getDefiningOp<memref::ReinterpretCastOp>())
      root = cast.getSource();
    auto viewType = npuhw::getBufferType(type.getShape(), getStorageType(type),
                                         MemorySpace::dram);
    // Placed with the buffers, after the root it views.
    if (Operation *def = root.getDefiningOp())
      builder.setInsertionPointAfter(def);
    else
      builder.setInsertionPointToStart(body);
    view = memref::ReinterpretCastOp::create(builder, op.getLoc(), viewType, root,
                                             0, type.getShape(),
                                             rowMajorStrides(type.getShape()));
  }
  tensors[op.getResult()] = DramTensor{view, false};
  return success();
}

LogicalResult Lowering::lowerTranspose(TransposeOp op) {
  FailureOr<DramTensor> input = get(op.getInput(), false);
  if (failed(input))
    return failure();
  auto type = op.getType();
  DramTensor out = result(op.getResult(), false);
  copyThroughSram(permuted(wholeView(input->buffer), op.getPerm()),
                  wholeView(out.buffer), type.getElementType(), op.getLoc());
  return success();
}

/// Copies each input into its slice of the result, through SRAM.
LogicalResult Lowering::lowerConcat(ConcatOp op) {
  auto type = op.getType();
  bool nhwc = isNhwc(op.getResult());
  int64_t axis = op.getAxis();
  if (axis < 0)
    axis += type.getRank();
  // The concatenation axis in storage order.
  int64_t physicalAxis = nhwc ? SmallVector<int64_t>{0, 3, 1, 2}[axis] : axis;
  DramTensor out = result(op.getResult(), nhwc);
  View outView = wholeView(out.buffer);
  int64_t offset = 0;
  for (Value input : op.getInputs()) {
    FailureOr<DramTensor> tensor = get(input, nhwc);
    if (failed(tensor))
      return failure();
    View from = wholeView(tensor->buffer);
    SmallVector<int64_t> offsets(from.shape.size(), 0);
    offsets[physicalAxis] = offset;
    copyThroughSram(from, subView(outView, offsets, from.shape),
                    type.getElementType(), op.getLoc());
    offset += from.shape[physicalAxis];
  }
  return success();
}

LogicalResult Lowering::lowerSlice(SliceOp op) {
  auto type = op.getType();
  auto inType = op.getInput().getType();
  bool nhwc = isNhwc(op.getResult());
  FailureOr<DramTensor> input = get(op.getInput(), nhwc);
  if (failed(input))
    return failure();
  DramTensor out = result(op.getResult(), nhwc);
  // Logical window: start, size and step per axis.
  SmallVector<int64_t> starts(op.getStarts()), steps(op.getSteps());
  View from = wholeView(input->buffer);
  SmallVector<int64_t> order = nhwc ? SmallVector<int64_t>{0, 2, 3, 1}
                                    : llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
  View window{from.root, from.offset, {}, {}};
  for (auto [physical, logical] : llvm::enumerate(order)) {
    int64_t start = starts[logical];
    if (start < 0)
      start += inType.getDimSize(logical);
    window.offset += start * from.strides[physical];
    window.shape.push_back(type.getDimSize(logical));
    window.strides.push_back(from.strides[physical] * steps[logical]);
  }
  copyThroughSram(window, wholeView(out.buffer), type.getElementType(), op.getLoc());
  return success();
}

/// A gather of rows at compile-time indices (position embeddings): a DMA
/// per row through SRAM, or nothing at all when the table is constant too
/// (the rows become a constant).
LogicalResult Lowering::lowerGather(GatherOp op) {
  if (!op.getIndices().getDefiningOp<ConstantOp>())
    return lowerIndexedGather(op);
  Location loc = op.getLoc();
  auto dataType = op.getData().getType();
  FailureOr<SmallVector<double>> indices = constantValues(op.getIndices());
  if (failed(indices))
    return op.emitError("cannot read the gather's constant indices");
  const int64_t rows = dataType.getDimSize(0);
  const int64_t width = dataType.getNumElements() / rows;
  for (double index : *indices)
    if (index < -rows || index >= rows)
      return op.emitError("gathers row ") << int64_t(index) << " of a table of "
                                          << rows << " rows";
  auto rowOf = [&](double index) {
    return int64_t(index) < 0 ? int64_t(index) + rows : int64_t(index);
  };
  if (op.getData().getDefiningOp<ConstantOp>()) {
    FailureOr<SmallVector<double>> table = constantValues(op.getData());
    if (failed(table))
      return op.emitError("cannot read the gather's table");
    SmallVector<double> gathered;
    for (double index : *indices)
      gathered.append(table->begin() + rowOf(index) * width,
                      table->begin() + (rowOf(index) + 1) * width);
    SmallVector<uint16_t> halves = toHalf(gathered);
    auto type = op.getType();
    tensors[op.getResult()] = DramTensor{
        global("gathered", type.getShape(), type.getElementType(),
               asBytes(ArrayRef<uint16_t>(halves))),
        false};
    return success();
  }
  FailureOr<DramTensor> data = get(op.getData(), false);
  if (failed(data))
    return failure();
  DramTensor out = result(op.getResult(), false);
  for (auto [i, index] : llvm::enumerate(*indices)) {
    copyThroughSram(View{data->buffer, rowOf(index) * width, {1, width}, {width, 1}},
                    View{out.buffer, int64_t(i) * width, {1, width}, {width, 1}},
                    dataType.getElementType(), loc);
  }
  return success();
}

/// A gather of rows at run-time indices (an embedding lookup): per tile of
/// indices, a DMA brings them into SRAM, a gather command copies the table
/// rows they name into an SRAM tile, and a DMA stores it. The table stays
/// in DRAM; only the rows used are read.
LogicalResult Lowering::lowerIndexedGather(GatherOp op) {
  Location loc = op.getLoc();
  auto dataType = op.getData().getType();
  Type element = dataType.getElementType(),
       indexType = op.getIndices().getType().getElementType();
  const int64_t tableRows = dataType.getDimSize(0);
  const int64_t width = dataType.getNumElements() / tableRows;
  const int64_t count = op.getIndices().getType().getNumElements();
  const int64_t rowBytes = width * (element.getIntOrFloatBitWidth() / 8);
  const int64_t indexBytes = indexType.getIntOrFloatBitWidth() / 8;
  FailureOr<DramTensor> data = get(op.getData(), false);
  FailureOr<DramTensor> indices = get(op.getIndices(), false);
  if (failed(data) || failed(indices))
    return failure();
  DramTensor out = result(op.getResult(), false);
  // Double-buffered: two tiles of indices and rows at a time.
  int64_t rows = std::min(count, budget / (2 * (rowBytes + indexBytes)));
  if (rows <= 0)
    return op.emitError("cannot tile this gather into ")
           << budget << " bytes of SRAM: one row does not fit";
  View table{data->buffer, 0, {tableRows, width}, {width, 1}};
  for (int64_t r0 = 0; r0 < count; r0 += rows) {
    int64_t size = std::min(rows, count - r0);
    beginTile();
    Value indexTile = sram({size}, indexType);
    load(View{indices->buffer, r0, {size}, {1}}, indexTile, loc);
    Value rowTile = sram({size, width}, element);
    emit<npuhw::GatherOp>(Load, loc, viewIn(Load, table, loc), indexTile, rowTile,
                          /*channel=*/0);
    ++numDma;
    store(rowTile, View{out.buffer, r0 * width, {size, width}, {width, 1}}, loc);
  }
  return success();
}

/// Nearest upsampling by integer factors (sh, sw): each input row band is
/// loaded once and written sh x sw times into the output, at the rows and
/// columns it replicates to (strided DMA stores).
LogicalResult Lowering::lowerResize(ResizeOp op) {
  Location loc = op.getLoc();
  ArrayRef<int64_t> in = op.getInput().getType().getShape(),
                    outShape = op.getType().getShape();
  const int64_t n = in[0], c = in[1], h = in[2], w = in[3];
  const int64_t oh = outShape[2], ow = outShape[3];
  const int64_t sh = oh / h, sw = ow / w;
  Type element = op.getType().getElementType();
  const int64_t bytes = element.getIntOrFloatBitWidth() / 8;
  FailureOr<DramTensor> input = get(op.getInput(), true);
  if (failed(input))
    return failure();
  DramTensor out = result(op.getResult(), true);
  int64_t rows = std::max<int64_t>(1, std::min(h, budget / (2 * n * w * c * bytes)));
  View inView = wholeView(input->buffer), outView = wholeView(out.buffer);
  for (int64_t h0 = 0; h0 < h; h0 += rows) {
    int64_t size = std::min(rows, h - h0);
    beginTile();
    SmallVector<int64_t> band{n, size, w, c};
    Value tile = sram(band, element);
    load(subView(inView, {0, h0, 0, 0}, band), tile, loc);
    for (int64_t i = 0; i < sh; ++i)
      for (int64_t j = 0; j < sw; ++j) {
        View target = subView(outView, {0, h0 * sh + i, j, 0}, band);
        target.strides[1] *= sh;
        target.strides[2] *= sw;
        store(tile, target, loc);
      }
  }
  return success();
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

struct TileAndLowerPass : npu::impl::TileAndLowerBase<TileAndLowerPass> {
  using TileAndLowerBase::TileAndLowerBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    llvm::Expected<TargetDescription> loaded = loadTarget(target);
    if (!loaded) {
      module.emitError("cannot load target '")
          << target << "': " << llvm::toString(loaded.takeError());
      return signalPassFailure();
    }
    if (sramFraction <= 0.0 || sramFraction > 1.0) {
      module.emitError("sram-fraction must be in (0, 1], got ") << sramFraction;
      return signalPassFailure();
    }
    SmallVector<func::FuncOp> functions(module.getOps<func::FuncOp>());
    for (func::FuncOp function : functions) {
      Lowering lowering(module, function, *loaded,
                        static_cast<int64_t>(loaded->sram.bytes * sramFraction),
                        layerGroups);
      if (failed(lowering.run()))
        return signalPassFailure();
      numTiles += lowering.numTiles;
      numCommands += lowering.numCommands;
      numDma += lowering.numDma;
      numGlobals += lowering.numGlobals;
      numFoldedBorders += lowering.numFoldedBorders;
      numLayerGroups += lowering.numLayerGroups;
      numGroupedConvs += lowering.numGroupedConvs;
      numOnChipBytes += lowering.numOnChipBytes;
    }
    module->setAttr("npuhw.target",
                    StringAttr::get(module.getContext(),
                                    printTargetDescription(*loaded)));
  }
};

} // namespace
