//===- Products.cpp - fully connected layers and matmuls ------------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Products on the matrix engine: with constant weights (npu.fully_connected,
// npu.matmul by a constant matrix) the weights are packed at compile time
// and tiled over column blocks of whole panels and rows; with both operands
// computed at run time (attention's Q x K^T and P x V) the right operand is
// packed by DMA on its way into SRAM, per batch matrix.
//
//===----------------------------------------------------------------------===//

#include "MatrixEngine.h"

#include "npu/Isa/Packing.h"

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::lowering;

namespace {

bool hasConstantMatrixRhs(MatMulOp matmul) {
  return matmul.getRhs().getDefiningOp<ConstantOp>() &&
         matmul.getRhs().getType().getRank() == 2;
}

WhyUnsupported whyNotMatMulRanks(MatMulOp matmul) {
  auto lhs = matmul.getLhs().getType(), rhs = matmul.getRhs().getType();
  if (lhs.getRank() < 2 || rhs.getRank() < 2)
    return std::string("products of vectors (rank 1) are not lowered; "
                       "reshape them to matrices");
  return std::nullopt;
}

/// `input [..., K] x W -> [..., N]` with a constant W: `[N, K]` when
/// `transposed` (fully_connected), `[K, N]` otherwise (matmul).
FailureOr<Value> lowerProduct(LoweringContext &lowering, Operation *op, Value input,
                              Value weight, Value biasValue, bool transposed,
                              std::optional<ArrayRef<float>> clamp) {
  OpBuilder &builder = lowering.getBuilder();
  const int64_t budget = lowering.budget;
  Location loc = op->getLoc();
  auto inputType = cast<RankedTensorType>(input.getType());
  auto weightType = cast<RankedTensorType>(weight.getType());
  const int64_t kDim = inputType.getShape().back();
  const int64_t n = transposed ? weightType.getDimSize(0) : weightType.getDimSize(1);
  const int64_t m = inputType.getNumElements() / kDim;
  const int64_t panel = lowering.target.matrix.cols;
  const bool int8 = getInt8Activation(op->getResult(0).getType()) != nullptr;
  FailureOr<SmallVector<double>> values = lowering.constantValues(weight);
  if (failed(values))
    return op->emitError("cannot read the weight constant");
  SmallVector<double> b(kDim * n);
  for (int64_t kk = 0; kk < kDim; ++kk)
    for (int64_t nn = 0; nn < n; ++nn)
      b[kk * n + nn] = transposed ? (*values)[nn * kDim + kk] : (*values)[kk * n + nn];
  Value packedWeights = packWeights(lowering, "weight", b, 1, kDim, n, int8);
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
  while (cols > panel &&
         tileBytes(std::min<int64_t>(m, lowering.target.matrix.rows), cols) > budget)
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
        getInt8Epilogue(lowering, op, input, weight, biasValue, sums, cols, clamp);
    if (failed(computed))
      return failure();
    epilogue = std::move(*computed);
    bias = lowering.global("bias", {n}, i32, asBytes(ArrayRef<int32_t>(epilogue.bias)));
    table = lowering.global("requant", {2 * n}, i32,
                            asBytes(ArrayRef<int32_t>(epilogue.table)));
  } else if (biasValue) {
    FailureOr<SmallVector<double>> biasValues = lowering.constantValues(biasValue);
    if (failed(biasValues))
      return op->emitError("cannot read the bias constant");
    SmallVector<float> floats(biasValues->begin(), biasValues->end());
    bias = lowering.global("bias", {n}, f32, asBytes(ArrayRef<float>(floats)));
  }
  // Products read rows in ONNX order (a 4-D activation stored NHWC is
  // converted first).
  FailureOr<DramTensor> in = lowering.get(input, /*nhwc=*/false);
  if (failed(in))
    return failure();
  DramTensor out = lowering.result(op->getResult(0), /*nhwc=*/false);

  View inView{in->buffer, 0, {m, kDim}, {kDim, 1}};
  View outView{out.buffer, 0, {m, n}, {n, 1}};
  for (int64_t n0 = 0; n0 < n; n0 += cols) {
    int64_t width = std::min(cols, n - n0);
    int64_t blockSize = packedSize(width);
    Value tileWeights, tileBias, tileTable;
    for (int64_t m0 = 0; m0 < m; m0 += rows) {
      int64_t height = std::min(rows, m - m0);
      lowering.beginTile();
      if (m0 == 0) {
        tileWeights = lowering.sram({blockSize}, inElement);
        lowering.load(View{packedWeights, (n0 / panel) * packedSize(panel), {blockSize}, {1}},
                      tileWeights, loc);
        if (bias) {
          tileBias = lowering.sram({width}, accElement);
          lowering.load(View{bias, n0, {width}, {1}}, tileBias, loc);
        }
        if (table) {
          tileTable = lowering.sram({2 * width}, i32);
          lowering.load(View{table, 2 * n0, {2 * width}, {1}}, tileTable, loc);
        }
      }
      Value a = lowering.sram({height, kDim}, inElement);
      lowering.load(subView(inView, {m0, 0}, {height, kDim}), a, loc);
      Value acc = lowering.sram({height, width}, accElement);
      lowering.emit<npuhw::MatMulOp>(Matrix, loc, a, tileWeights, acc, tileBias,
                                     builder.getI64IntegerAttr(panel),
                                     /*accumulate=*/UnitAttr());
      Value res = lowering.sram({height, width}, inElement);
      if (int8)
        emitRequant(lowering, acc, tileTable, res, epilogue, loc);
      else
        emitWriteBack(lowering, acc, res, clamp, loc);
      lowering.store(res, subView(outView, {m0, n0}, {height, width}), loc);
    }
  }
  return out.buffer;
}

struct FullyConnectedLowering : NpuLoweringPattern<FullyConnectedOp> {
  using NpuLoweringPattern::NpuLoweringPattern;

  Int8Support int8Support() const override { return Int8Support::Own; }
  WhyUnsupported whyNotInt8(FullyConnectedOp fc) const override {
    return whyNotInt8Product(fc.getInput(), fc.getWeight(), fc.getBias(),
                             fc.getType(), /*channelAxis=*/0);
  }
  WhyUnsupported whyNot(FullyConnectedOp fc) const override {
    if (!fc.getWeight().getDefiningOp<ConstantOp>() ||
        (fc.getBias() && !fc.getBias().getDefiningOp<ConstantOp>()))
      return std::string("its weight and bias must be constants");
    return std::nullopt;
  }
  FailureOr<Value> lower(FullyConnectedOp fc, ConversionPatternRewriter &) const override {
    return lowerProduct(lowering, fc, fc.getInput(), fc.getWeight(), fc.getBias(),
                        /*transposed=*/true, fc.getClamp());
  }
};

/// `x [..., K] x W [K, N]` with a constant W, as a fully connected layer.
struct ConstantMatMulLowering : NpuLoweringPattern<MatMulOp> {
  using NpuLoweringPattern::NpuLoweringPattern;

  bool handlesOp(MatMulOp matmul) const override { return hasConstantMatrixRhs(matmul); }
  Int8Support int8Support() const override { return Int8Support::Own; }
  WhyUnsupported whyNotInt8(MatMulOp matmul) const override {
    return whyNotInt8Product(matmul.getLhs(), matmul.getRhs(), Value(),
                             matmul.getType(), /*channelAxis=*/1);
  }
  WhyUnsupported whyNot(MatMulOp matmul) const override {
    return whyNotMatMulRanks(matmul);
  }
  FailureOr<Value> lower(MatMulOp matmul, ConversionPatternRewriter &) const override {
    return lowerProduct(lowering, matmul, matmul.getLhs(), matmul.getRhs(), Value(),
                        /*transposed=*/false, matmul.getClamp());
  }
};

/// `[..., M, K] x [..., K, N]` with both operands computed at run time
/// (attention's `Q x K^T` and `P x V`): per batch matrix, the right operand
/// is packed into the matrix engine's panels by DMA on its way into SRAM
/// (rows of `panel_cols` elements; a partial last panel's padding columns
/// only feed result columns that are never stored).
struct BatchedMatMulLowering : NpuLoweringPattern<MatMulOp> {
  using NpuLoweringPattern::NpuLoweringPattern;

  bool handlesOp(MatMulOp matmul) const override { return !hasConstantMatrixRhs(matmul); }
  WhyUnsupported whyNot(MatMulOp matmul) const override {
    return whyNotMatMulRanks(matmul);
  }
  FailureOr<Value> lower(MatMulOp op, ConversionPatternRewriter &builder) const override;
};

FailureOr<Value> BatchedMatMulLowering::lower(MatMulOp op,
                                              ConversionPatternRewriter &builder) const {
  const int64_t budget = lowering.budget;
  Location loc = op.getLoc();
  auto lhsType = op.getLhs().getType(), rhsType = op.getRhs().getType();
  auto type = op.getType();
  const int64_t rank = type.getRank();
  const int64_t m = type.getDimSize(rank - 2), n = type.getDimSize(rank - 1);
  const int64_t k = lhsType.getShape().back();
  const int64_t panel = lowering.target.matrix.cols;
  const int64_t panels = (n + panel - 1) / panel, fullPanels = n / panel;
  const int64_t packedSize = kernels::getPackedF16Elements(k, n, panel);
  Type f16 = builder.getF16Type(), f32 = builder.getF32Type();
  FailureOr<DramTensor> lhs = lowering.get(op.getLhs(), false),
                        rhs = lowering.get(op.getRhs(), false);
  if (failed(lhs) || failed(rhs))
    return failure();
  DramTensor out = lowering.result(op.getResult(), false);

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
    int64_t offset = batch.size() - (shape.size() - 2),
            stride = shape[shape.size() - 2] * shape.back();
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
      lowering.beginTile();
      if (m0 == 0) {
        packed = lowering.sram({packedSize}, f16);
        if (fullPanels)
          lowering.copy(View{rhs->buffer, rhsBase, {fullPanels, k, panel}, {panel, n, 1}},
                        View{packed, 0, {fullPanels, k, panel}, {k * panel, panel, 1}},
                        Load, loc);
        if (panels != fullPanels)
          lowering.copy(View{rhs->buffer, rhsBase + fullPanels * panel,
                             {k, n - fullPanels * panel}, {n, 1}},
                        View{packed, fullPanels * k * panel,
                             {k, n - fullPanels * panel}, {panel, 1}},
                        Load, loc);
      }
      Value a = lowering.sram({height, k}, f16);
      lowering.load(View{lhs->buffer, lhsBase + m0 * k, {height, k}, {k, 1}}, a, loc);
      Value acc = lowering.sram({height, n}, f32);
      lowering.emit<npuhw::MatMulOp>(Matrix, loc, a, packed, acc, Value(),
                                     builder.getI64IntegerAttr(panel),
                                     /*accumulate=*/UnitAttr());
      Value res = lowering.sram({height, n}, f16);
      emitWriteBack(lowering, acc, res, op.getClamp(), loc);
      lowering.store(res, View{out.buffer, b * m * n + m0 * n, {height, n}, {n, 1}}, loc);
    }
  }
  return out.buffer;
}

} // namespace

void lowering::populateProductPatterns(LoweringContext &lowering, LegalityChecks &checks,
                                       RewritePatternSet &patterns) {
  patterns.add<FullyConnectedLowering, ConstantMatMulLowering, BatchedMatMulLowering>(
      lowering, checks, patterns.getContext());
}
