//===- TileEmitter.cpp - buffers, DMA and the tile pipeline ---------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// What every npu -> npuhw pattern emits with (docs/pipeline.md, "Tiling and
// lowering"):
//
//   * every tensor gets a DRAM buffer (`npuhw.alloc`, planned later); 4-D
//     activations are stored as npu-assign-layout chose, the function's
//     arguments keep their ONNX layout and are converted where an op needs
//     NHWC;
//   * constants become `memref.global`s in the layout their first user
//     wants;
//   * within an op, tiles are software-pipelined in program order: step s
//     issues the loads of tile s, the matrix work of tile s-1, the vector
//     work of tile s-2 and the stores of tile s-3. Buffers are then live
//     across two tiles, so planning by liveness gives every stage two
//     buffers, and the scheduler's dependences let loads run ahead.
//
//===----------------------------------------------------------------------===//

#include "LoweringContext.h"

#include "npu/Reference/Interpreter.h"
#include "npu/Isa/Numerics.h"

#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "npu-tile-emitter"

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::lowering;

//===----------------------------------------------------------------------===//
// Shapes and views
//===----------------------------------------------------------------------===//

SmallVector<int64_t> lowering::rowMajorStrides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

View lowering::wholeView(Value value) {
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

View lowering::subView(const View &view, ArrayRef<int64_t> offsets,
                       ArrayRef<int64_t> sizes) {
  View result{view.root, view.offset, SmallVector<int64_t>(sizes), view.strides};
  for (size_t i = 0; i < offsets.size(); ++i)
    result.offset += offsets[i] * view.strides[i];
  return result;
}

View lowering::permuted(const View &view, ArrayRef<int64_t> permutation) {
  View result{view.root, view.offset, {}, {}};
  for (int64_t p : permutation) {
    result.shape.push_back(view.shape[p]);
    result.strides.push_back(view.strides[p]);
  }
  return result;
}

SmallVector<int64_t> lowering::physicalShape(ArrayRef<int64_t> shape, bool nhwc) {
  if (!nhwc)
    return SmallVector<int64_t>(shape);
  return {shape[0], shape[2], shape[3], shape[1]};
}

bool lowering::layoutsAgree(ArrayRef<int64_t> shape) {
  return shape.size() != 4 || shape[1] == 1 || shape[2] * shape[3] == 1;
}

Type lowering::getStorageType(Type type) {
  Type element = getElementTypeOrSelf(type);
  if (auto quantized = dyn_cast<quant::QuantizedType>(element))
    return quantized.getStorageType();
  return element;
}

int64_t lowering::getStorageBytes(Type type) {
  return getStorageType(type).getIntOrFloatBitWidth() / 8;
}

std::string lowering::printType(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

SmallVector<uint16_t> lowering::toHalf(ArrayRef<double> values) {
  SmallVector<uint16_t> halves;
  halves.reserve(values.size());
  for (double value : values)
    halves.push_back(reference::convertF32ToF16(static_cast<float>(value)));
  return halves;
}

//===----------------------------------------------------------------------===//
// Functions
//===----------------------------------------------------------------------===//

LoweringContext::LoweringContext(ModuleOp module, const TargetDescription &target,
                                 int64_t budget)
    : target(target), budget(budget), module(module) {}

void LoweringContext::beginFunction(func::FuncOp lowered, Block *entry,
                                    Operation *returnOp, unsigned inputs) {
  function = lowered;
  body = entry;
  terminator = returnOp;
  nextGlobal = 0;
  OpBuilder::InsertionGuard guard(*builder);
  builder->setInsertionPointToStart(body);
  // A marker the buffers are created before; erased by endFunction.
  firstOp = npuhw::AllocOp::create(
      *builder, function.getLoc(),
      npuhw::getBufferType({1}, builder->getI8Type(), MemorySpace::dram),
      nullptr);
  markers.push_back(firstOp);
  auto returned = cast<func::ReturnOp>(returnOp);
  for (auto [i, value] : llvm::enumerate(returned.getOperands()))
    if (!isa<BlockArgument>(value) && !value.getDefiningOp<ConstantOp>() &&
        !outputFor.count(value))
      outputFor[value] = body->getArgument(inputs + i);
}

void LoweringContext::eraseMarkers() {
  for (Operation *marker : markers)
    marker->erase();
  markers.clear();
  firstOp = nullptr;
}

//===----------------------------------------------------------------------===//
// Buffers
//===----------------------------------------------------------------------===//

Value LoweringContext::allocate(ArrayRef<int64_t> shape, Type element,
                                MemorySpace space) {
  OpBuilder::InsertionGuard guard(*builder);
  builder->setInsertionPoint(firstOp);
  return npuhw::AllocOp::create(*builder, function.getLoc(),
                                npuhw::getBufferType(shape, getStorageType(element), space),
                                /*offset=*/nullptr);
}

Value LoweringContext::global(StringRef prefix, ArrayRef<int64_t> shape,
                              Type element, ArrayRef<char> bytes) {
  OpBuilder::InsertionGuard guard(*builder);
  auto memrefType = npuhw::getBufferType(shape, element, MemorySpace::dram);
  auto tensorType = RankedTensorType::get(shape, element);
  std::string name;
  do
    name = (prefix + "_" + Twine(nextGlobal++)).str();
  while (module.lookupSymbol(name));
  ++counts.globals;
  ElementsAttr value;
  if (bytes.size() <= 1024)
    value = DenseElementsAttr::getFromRawBuffer(tensorType, bytes);
  else
    value = DenseResourceElementsAttr::get(
        tensorType, name,
        HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes, alignof(uint64_t)));
  builder->setInsertionPoint(function);
  memref::GlobalOp::create(*builder, function.getLoc(), name,
                           builder->getStringAttr("private"), memrefType, value,
                           /*constant=*/true, /*alignment=*/nullptr);
  builder->setInsertionPoint(firstOp);
  return memref::GetGlobalOp::create(*builder, function.getLoc(), memrefType, name);
}

Value LoweringContext::castToView(const View &view, Location loc) {
  auto rootType = cast<MemRefType>(view.root.getType());
  MemRefLayoutAttrInterface layout;
  if (view.offset != 0 || view.strides != rowMajorStrides(view.shape))
    layout = StridedLayoutAttr::get(getContext(), view.offset, view.strides);
  auto type = MemRefType::get(view.shape, rootType.getElementType(), layout,
                              rootType.getMemorySpace());
  if (type == rootType)
    return view.root;
  return memref::ReinterpretCastOp::create(*builder, loc, type, view.root,
                                           view.offset, view.shape,
                                           view.strides);
}

Value LoweringContext::viewIn(Stage stage, const View &view, Location loc) {
  Value value = castToView(view, loc);
  if (Operation *op = value.getDefiningOp<memref::ReinterpretCastOp>())
    record(stage, op);
  return value;
}

std::optional<DramTensor> LoweringContext::lookup(Value value) const {
  auto it = tensors.find(value);
  if (it == tensors.end())
    return std::nullopt;
  return it->second;
}

FailureOr<DramTensor> LoweringContext::get(Value value, bool nhwc) {
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
  LLVM_DEBUG(llvm::dbgs() << "layout conversion of " << value << " to "
                          << (nhwc ? "NHWC" : "NCHW") << "\n");
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
std::optional<DramTensor> LoweringContext::reinterpretLayout(DramTensor tensor,
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

DramTensor LoweringContext::result(Value value, bool nhwc) {
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

FailureOr<SmallVector<double>> LoweringContext::constantValues(Value value) {
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

/// A constant operand, stored in the layout its first user wants.
LogicalResult LoweringContext::lowerConstant(ConstantOp op, bool wantNhwc) {
  auto type = op.getType();
  FailureOr<SmallVector<double>> values = constantValues(op.getResult());
  if (failed(values) || !type.getElementType().isF16())
    return op.emitError("constant of type ")
           << type << " has no NPU storage; the fp16 pipeline stores f16 "
           << "constants (run npu-convert-precision first)";
  SmallVector<uint16_t> halves = toHalf(*values);
  bool nhwc = wantNhwc && type.getRank() == 4 && !layoutsAgree(type.getShape());
  SmallVector<int64_t> shape(type.getShape());
  if (nhwc) {
    SmallVector<uint16_t> permutedHalves(halves.size());
    int64_t n = shape[0], c = shape[1], h = shape[2], w = shape[3];
    for (int64_t in = 0; in < n; ++in)
      for (int64_t ic = 0; ic < c; ++ic)
        for (int64_t ih = 0; ih < h; ++ih)
          for (int64_t iw = 0; iw < w; ++iw)
            permutedHalves[((in * h + ih) * w + iw) * c + ic] =
                halves[((in * c + ic) * h + ih) * w + iw];
    halves = std::move(permutedHalves);
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
void LoweringContext::copy(const View &from, const View &to, Stage stage,
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
  ++counts.dma;
}

/// DRAM -> DRAM copy of a (possibly permuted) view, staged through SRAM
/// tiles along the outermost dimension.
void LoweringContext::copyThroughSram(const View &from, const View &to,
                                      Type element, Location loc) {
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

/// Stages no tile uses are skipped, so that each buffer lives across two
/// tiles exactly (the budget the tile sizes were chosen for).
void LoweringContext::finishOp() {
  int64_t count = tiles.size();
  SmallVector<int> used;
  for (int stage = 0; stage < kMaxStages; ++stage)
    if (llvm::any_of(tiles, [&](const auto &tile) { return !tile[stage].empty(); }))
      used.push_back(stage);
  int64_t depth = used.size();
  LLVM_DEBUG(llvm::dbgs() << "pipelining " << count << " tiles over " << depth
                          << " stages\n");
  for (int64_t step = 0; step < count + depth - 1; ++step)
    for (int64_t skew = 0; skew < depth; ++skew) {
      int64_t tile = step - skew;
      if (tile < 0 || tile >= count)
        continue;
      for (Operation *op : tiles[tile][used[skew]])
        builder->moveOpBefore(op, terminator);
    }
  tiles.clear();
}
