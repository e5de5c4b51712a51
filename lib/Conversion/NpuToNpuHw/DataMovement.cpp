//===- DataMovement.cpp - reshapes, transposes, slices, gathers, resizes --===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Ops that only move bytes: views where the bytes already sit in order
// (reshape), DMA copies through SRAM otherwise (transpose, concat, slice,
// gathers at compile-time indices, nearest resizing), and the gather
// command for run-time indices. They move int8 as readily as f16.
//
//===----------------------------------------------------------------------===//

#include "LoweringContext.h"

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::lowering;

namespace {

/// A reshape is a view of the same bytes in row-major order; a 4-D
/// activation stored NHWC is read back in NCHW order first.
struct ReshapeLowering : NpuLoweringPattern<ReshapeOp> {
  using NpuLoweringPattern::NpuLoweringPattern;

  Int8Support int8Support() const override { return Int8Support::Own; }
  WhyUnsupported whyNotInt8(ReshapeOp reshape) const override {
    if (getInt8Activation(reshape.getType()) &&
        reshape.getInput().getType().getElementType() ==
            reshape.getType().getElementType())
      return std::nullopt; // moves bytes: any element type
    return whyNotElementTypes(reshape, Int8Support::None, nullptr);
  }
  FailureOr<Value> lower(ReshapeOp op, ConversionPatternRewriter &builder) const override {
    FailureOr<DramTensor> input = lowering.get(op.getInput(), false);
    if (failed(input))
      return failure();
    auto type = op.getType();
    Value view = input->buffer;
    auto bufferType = cast<MemRefType>(view.getType());
    if (bufferType.getShape() != type.getShape()) {
      OpBuilder::InsertionGuard guard(builder);
      builder.setInsertionPoint(lowering.getBufferMarker());
      Value root = view;
      if (auto cast = root.getDefiningOp<memref::ReinterpretCastOp>())
        root = cast.getSource();
      auto viewType = npuhw::getBufferType(type.getShape(), getStorageType(type),
                                           MemorySpace::dram);
      // Placed with the buffers, after the root it views.
      if (Operation *def = root.getDefiningOp())
        builder.setInsertionPointAfter(def);
      else
        builder.setInsertionPointToStart(lowering.getBody());
      view = memref::ReinterpretCastOp::create(builder, op.getLoc(), viewType, root,
                                               0, type.getShape(),
                                               rowMajorStrides(type.getShape()));
    }
    lowering.setLowered(op.getResult(), DramTensor{view, false});
    return view;
  }
};

struct TransposeLowering : NpuLoweringPattern<TransposeOp> {
  using NpuLoweringPattern::NpuLoweringPattern;
  FailureOr<Value> lower(TransposeOp op, ConversionPatternRewriter &) const override {
    FailureOr<DramTensor> input = lowering.get(op.getInput(), false);
    if (failed(input))
      return failure();
    auto type = op.getType();
    DramTensor out = lowering.result(op.getResult(), false);
    lowering.copyThroughSram(permuted(wholeView(input->buffer), op.getPerm()),
                             wholeView(out.buffer), type.getElementType(), op.getLoc());
    return out.buffer;
  }
};

/// int8 concatenations and slices move bytes of one quantized type.
WhyUnsupported whyNotOneType(Operation *op) {
  if (llvm::all_of(op->getOperandTypes(), [&](Type type) {
        return getElementTypeOrSelf(type) ==
               getElementTypeOrSelf(op->getResult(0).getType());
      }))
    return std::nullopt;
  return whyNotElementTypes(op, Int8Support::None, nullptr);
}

/// Copies each input into its slice of the result, through SRAM.
struct ConcatLowering : NpuLoweringPattern<ConcatOp> {
  using NpuLoweringPattern::NpuLoweringPattern;

  Int8Support int8Support() const override { return Int8Support::Own; }
  WhyUnsupported whyNotInt8(ConcatOp op) const override { return whyNotOneType(op); }
  FailureOr<Value> lower(ConcatOp op, ConversionPatternRewriter &) const override {
    auto type = op.getType();
    bool nhwc = lowering.isNhwc(op.getResult());
    int64_t axis = op.getAxis();
    if (axis < 0)
      axis += type.getRank();
    // The concatenation axis in storage order.
    int64_t physicalAxis = nhwc ? SmallVector<int64_t>{0, 3, 1, 2}[axis] : axis;
    DramTensor out = lowering.result(op.getResult(), nhwc);
    View outView = wholeView(out.buffer);
    int64_t offset = 0;
    for (Value input : op.getInputs()) {
      FailureOr<DramTensor> tensor = lowering.get(input, nhwc);
      if (failed(tensor))
        return failure();
      View from = wholeView(tensor->buffer);
      SmallVector<int64_t> offsets(from.shape.size(), 0);
      offsets[physicalAxis] = offset;
      lowering.copyThroughSram(from, subView(outView, offsets, from.shape),
                               type.getElementType(), op.getLoc());
      offset += from.shape[physicalAxis];
    }
    return out.buffer;
  }
};

struct SliceLowering : NpuLoweringPattern<SliceOp> {
  using NpuLoweringPattern::NpuLoweringPattern;

  Int8Support int8Support() const override { return Int8Support::Own; }
  WhyUnsupported whyNotInt8(SliceOp op) const override { return whyNotOneType(op); }
  WhyUnsupported whyNot(SliceOp slice) const override {
    if (llvm::any_of(slice.getSteps(), [](int64_t step) { return step < 1; }))
      return std::string("DMA strides are unsigned: slices with negative "
                         "steps are not supported");
    return std::nullopt;
  }
  FailureOr<Value> lower(SliceOp op, ConversionPatternRewriter &) const override {
    auto type = op.getType();
    auto inType = op.getInput().getType();
    bool nhwc = lowering.isNhwc(op.getResult());
    FailureOr<DramTensor> input = lowering.get(op.getInput(), nhwc);
    if (failed(input))
      return failure();
    DramTensor out = lowering.result(op.getResult(), nhwc);
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
    lowering.copyThroughSram(window, wholeView(out.buffer), type.getElementType(),
                             op.getLoc());
    return out.buffer;
  }
};

/// A gather of rows at compile-time indices (position embeddings): a DMA
/// per row through SRAM, or nothing at all when the table is constant too
/// (the rows become a constant). At run-time indices (an embedding lookup):
/// per tile of indices, a DMA brings them into SRAM, a gather command
/// copies the table rows they name into an SRAM tile, and a DMA stores it.
/// The table stays in DRAM; only the rows used are read.
struct GatherLowering : NpuLoweringPattern<GatherOp> {
  using NpuLoweringPattern::NpuLoweringPattern;

  WhyUnsupported whyNot(GatherOp gather) const override {
    if (gather.getAxis() != 0)
      return std::string("only gathers along axis 0 (rows) are lowered");
    Type index = gather.getIndices().getType().getElementType();
    if (!gather.getIndices().getDefiningOp<ConstantOp>() &&
        !index.isSignlessInteger(32) && !index.isSignlessInteger(64))
      return std::string("run-time indices must be i32 or i64 (the gather "
                         "command's index types)");
    return std::nullopt;
  }
  FailureOr<Value> lower(GatherOp op, ConversionPatternRewriter &) const override {
    if (!op.getIndices().getDefiningOp<ConstantOp>())
      return lowerIndexed(op);
    return lowerConstantIndices(op);
  }

  FailureOr<Value> lowerConstantIndices(GatherOp op) const;
  FailureOr<Value> lowerIndexed(GatherOp op) const;
};

FailureOr<Value> GatherLowering::lowerConstantIndices(GatherOp op) const {
  Location loc = op.getLoc();
  auto dataType = op.getData().getType();
  FailureOr<SmallVector<double>> indices = lowering.constantValues(op.getIndices());
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
    FailureOr<SmallVector<double>> table = lowering.constantValues(op.getData());
    if (failed(table))
      return op.emitError("cannot read the gather's table");
    SmallVector<double> gathered;
    for (double index : *indices)
      gathered.append(table->begin() + rowOf(index) * width,
                      table->begin() + (rowOf(index) + 1) * width);
    SmallVector<uint16_t> halves = toHalf(gathered);
    auto type = op.getType();
    Value rowsConstant = lowering.global("gathered", type.getShape(), type.getElementType(),
                                         asBytes(ArrayRef<uint16_t>(halves)));
    lowering.setLowered(op.getResult(), DramTensor{rowsConstant, false});
    return rowsConstant;
  }
  FailureOr<DramTensor> data = lowering.get(op.getData(), false);
  if (failed(data))
    return failure();
  DramTensor out = lowering.result(op.getResult(), false);
  for (auto [i, index] : llvm::enumerate(*indices)) {
    lowering.copyThroughSram(
        View{data->buffer, rowOf(index) * width, {1, width}, {width, 1}},
        View{out.buffer, int64_t(i) * width, {1, width}, {width, 1}},
        dataType.getElementType(), loc);
  }
  return out.buffer;
}

FailureOr<Value> GatherLowering::lowerIndexed(GatherOp op) const {
  const int64_t budget = lowering.budget;
  Location loc = op.getLoc();
  auto dataType = op.getData().getType();
  Type element = dataType.getElementType(),
       indexType = op.getIndices().getType().getElementType();
  const int64_t tableRows = dataType.getDimSize(0);
  const int64_t width = dataType.getNumElements() / tableRows;
  const int64_t count = op.getIndices().getType().getNumElements();
  const int64_t rowBytes = width * (element.getIntOrFloatBitWidth() / 8);
  const int64_t indexBytes = indexType.getIntOrFloatBitWidth() / 8;
  FailureOr<DramTensor> data = lowering.get(op.getData(), false);
  FailureOr<DramTensor> indices = lowering.get(op.getIndices(), false);
  if (failed(data) || failed(indices))
    return failure();
  DramTensor out = lowering.result(op.getResult(), false);
  // Double-buffered: two tiles of indices and rows at a time.
  int64_t rows = std::min(count, budget / (2 * (rowBytes + indexBytes)));
  if (rows <= 0)
    return op.emitError("cannot tile this gather into ")
           << budget << " bytes of SRAM: one row does not fit";
  View table{data->buffer, 0, {tableRows, width}, {width, 1}};
  for (int64_t r0 = 0; r0 < count; r0 += rows) {
    int64_t size = std::min(rows, count - r0);
    lowering.beginTile();
    Value indexTile = lowering.sram({size}, indexType);
    lowering.load(View{indices->buffer, r0, {size}, {1}}, indexTile, loc);
    Value rowTile = lowering.sram({size, width}, element);
    lowering.emit<npuhw::GatherOp>(Load, loc, lowering.viewIn(Load, table, loc),
                                   indexTile, rowTile, /*channel=*/0);
    ++lowering.counts.dma;
    lowering.store(rowTile, View{out.buffer, r0 * width, {size, width}, {width, 1}}, loc);
  }
  return out.buffer;
}

/// Nearest upsampling by integer factors (sh, sw): each input row band is
/// loaded once and written sh x sw times into the output, at the rows and
/// columns it replicates to (strided DMA stores).
struct ResizeLowering : NpuLoweringPattern<ResizeOp> {
  using NpuLoweringPattern::NpuLoweringPattern;

  WhyUnsupported whyNot(ResizeOp resize) const override {
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
  FailureOr<Value> lower(ResizeOp op, ConversionPatternRewriter &) const override {
    const int64_t budget = lowering.budget;
    Location loc = op.getLoc();
    ArrayRef<int64_t> in = op.getInput().getType().getShape(),
                      outShape = op.getType().getShape();
    const int64_t n = in[0], c = in[1], h = in[2], w = in[3];
    const int64_t oh = outShape[2], ow = outShape[3];
    const int64_t sh = oh / h, sw = ow / w;
    Type element = op.getType().getElementType();
    const int64_t bytes = element.getIntOrFloatBitWidth() / 8;
    FailureOr<DramTensor> input = lowering.get(op.getInput(), true);
    if (failed(input))
      return failure();
    DramTensor out = lowering.result(op.getResult(), true);
    int64_t rows = std::max<int64_t>(1, std::min(h, budget / (2 * n * w * c * bytes)));
    View inView = wholeView(input->buffer), outView = wholeView(out.buffer);
    for (int64_t h0 = 0; h0 < h; h0 += rows) {
      int64_t size = std::min(rows, h - h0);
      lowering.beginTile();
      SmallVector<int64_t> band{n, size, w, c};
      Value tile = lowering.sram(band, element);
      lowering.load(subView(inView, {0, h0, 0, 0}, band), tile, loc);
      for (int64_t i = 0; i < sh; ++i)
        for (int64_t j = 0; j < sw; ++j) {
          View target = subView(outView, {0, h0 * sh + i, j, 0}, band);
          target.strides[1] *= sh;
          target.strides[2] *= sw;
          lowering.store(tile, target, loc);
        }
    }
    return out.buffer;
  }
};

} // namespace

void lowering::populateDataMovementPatterns(LoweringContext &lowering,
                                            LegalityChecks &checks,
                                            RewritePatternSet &patterns) {
  patterns.add<ReshapeLowering, TransposeLowering, ConcatLowering, SliceLowering,
               GatherLowering, ResizeLowering>(lowering, checks, patterns.getContext());
}
