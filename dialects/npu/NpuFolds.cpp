//===- NpuFolds.cpp - folders and canonicalization patterns of npu ops ----===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Two kinds of simplification live here:
// * identities (reshape to the same type, identity transpose, no-op cast,
//   concat of one tensor, full slice) fold to their input;
// * small constant tensors fold through data movement and arithmetic. ONNX
//   exporters compute shapes with Shape/Gather/Concat/Mul chains; folding them
//   leaves static attributes behind. Folding is limited to small tensors
//   (kMaxFoldedElements) so weights are never duplicated.
//
//===----------------------------------------------------------------------===//

#include "dialects/npu/NpuDialect.h"
#include "dialects/npu/NpuSemantics.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

#include <cfenv>

using namespace mlir;
using namespace mlir::npu;

namespace {

/// Constant folding creates new attributes; above this many elements we keep
/// the op rather than materialise a copy of (part of) a weight.
constexpr int64_t kMaxFoldedElements = 4096;

DenseElementsAttr smallDenseConstant(Attribute attr) {
  auto dense = dyn_cast_or_null<DenseElementsAttr>(attr);
  if (!dense || dense.getNumElements() > kMaxFoldedElements)
    return {};
  // Quantized constants are stored as integers whose meaning depends on the
  // quantized type; do not fold through them.
  if (!dense.getElementType().isIntOrFloat())
    return {};
  return dense;
}

/// Builds a constant of `resultType` whose element `i` is `source`'s element
/// `sourceIndex(i)`. Works for any integer or float element type.
DenseElementsAttr remapElements(DenseElementsAttr source,
                                RankedTensorType resultType,
                                llvm::function_ref<int64_t(int64_t)> sourceIndex) {
  int64_t count = resultType.getNumElements();
  if (count > kMaxFoldedElements ||
      source.getElementType() != resultType.getElementType())
    return {};
  if (source.isSplat())
    return DenseElementsAttr::get(resultType, source.getSplatValue<Attribute>());
  if (isa<FloatType>(source.getElementType())) {
    auto values = llvm::to_vector(source.getValues<APFloat>());
    SmallVector<APFloat> result;
    result.reserve(count);
    for (int64_t i = 0; i < count; ++i)
      result.push_back(values[sourceIndex(i)]);
    return DenseElementsAttr::get(resultType, result);
  }
  auto values = llvm::to_vector(source.getValues<APInt>());
  SmallVector<APInt> result;
  result.reserve(count);
  for (int64_t i = 0; i < count; ++i)
    result.push_back(values[sourceIndex(i)]);
  return DenseElementsAttr::get(resultType, result);
}

/// Elements of a small integer or float constant as the interpreter holds
/// them (NpuSemantics.h): integers as int64 wrapped to their width and
/// signedness (i1 as 0/1), floats as doubles.
SmallVector<int64_t> integerValues(DenseElementsAttr attr) {
  auto type = cast<IntegerType>(attr.getElementType());
  bool zeroExtend = type.isUnsigned() || type.getWidth() == 1;
  SmallVector<int64_t> values;
  for (const APInt &v : attr.getValues<APInt>())
    values.push_back(zeroExtend ? static_cast<int64_t>(v.getZExtValue())
                                : v.getSExtValue());
  return values;
}
SmallVector<double> floatValues(DenseElementsAttr attr) {
  SmallVector<double> values;
  for (const APFloat &v : attr.getValues<APFloat>())
    values.push_back(v.convertToDouble());
  return values;
}

/// A constant of `type` from values in the interpreter's domains, each
/// wrapped or rounded to the element type as the interpreter does.
DenseElementsAttr integerConstant(RankedTensorType type, ArrayRef<int64_t> values) {
  auto integer = cast<IntegerType>(type.getElementType());
  unsigned width = integer.getWidth();
  SmallVector<APInt> elements;
  for (int64_t v : values) {
    int64_t wrapped = width == 1 ? v != 0 : wrapToInteger(v, width, integer.isUnsigned());
    elements.push_back(APInt(width, static_cast<uint64_t>(wrapped),
                             /*isSigned=*/false, /*implicitTrunc=*/true));
  }
  return DenseElementsAttr::get(type, elements);
}
DenseElementsAttr floatConstant(RankedTensorType type, ArrayRef<double> values) {
  auto floatType = cast<FloatType>(type.getElementType());
  SmallVector<APFloat> elements;
  for (double v : values) {
    APFloat element(roundToFloatType(v, floatType));
    bool losesInfo;
    element.convert(floatType.getFloatSemantics(),
                    llvm::RoundingMode::NearestTiesToEven, &losesInfo);
    elements.push_back(element);
  }
  return DenseElementsAttr::get(type, elements);
}

} // namespace

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

//===----------------------------------------------------------------------===//
// Arithmetic
//===----------------------------------------------------------------------===//

OpFoldResult BinaryOp::fold(FoldAdaptor adaptor) {
  auto resultType = getOutput().getType();
  // x + 0, x - 0, x * 1 and x / 1 on integers (exact); floats keep the op,
  // because x + 0.0 turns -0.0 into +0.0.
  if (auto rhs = dyn_cast_or_null<DenseIntElementsAttr>(adaptor.getRhs());
      rhs && rhs.isSplat() && getLhs().getType() == resultType) {
    APInt value = rhs.getSplatValue<APInt>();
    BinaryKind kind = getKind();
    if ((value.isZero() && (kind == BinaryKind::add || kind == BinaryKind::sub)) ||
        (value.isOne() && (kind == BinaryKind::mul || kind == BinaryKind::div)))
      return getLhs();
  }

  DenseElementsAttr lhs = smallDenseConstant(adaptor.getLhs());
  DenseElementsAttr rhs = smallDenseConstant(adaptor.getRhs());
  if (!lhs || !rhs || resultType.getNumElements() > kMaxFoldedElements ||
      lhs.getElementType() != resultType.getElementType())
    return {};
  ArrayRef<int64_t> shape = resultType.getShape();
  ArrayRef<int64_t> lhsShape = lhs.getType().getShape();
  ArrayRef<int64_t> rhsShape = rhs.getType().getShape();
  int64_t count = resultType.getNumElements();
  auto lhsIndex = [&](int64_t i) { return broadcastIndex(i, shape, lhsShape); };
  auto rhsIndex = [&](int64_t i) { return broadcastIndex(i, shape, rhsShape); };

  if (isa<IntegerType>(resultType.getElementType())) {
    SmallVector<int64_t> a = integerValues(lhs), b = integerValues(rhs), result;
    for (int64_t i = 0; i < count; ++i) {
      std::optional<int64_t> value = applyBinary(getKind(), a[lhsIndex(i)], b[rhsIndex(i)]);
      if (!value)
        return {}; // division by zero: left to run time to report
      result.push_back(*value);
    }
    return integerConstant(resultType, result);
  }
  if (!isa<FloatType>(resultType.getElementType()))
    return {};
  SmallVector<double> a = floatValues(lhs), b = floatValues(rhs), result;
  for (int64_t i = 0; i < count; ++i)
    result.push_back(applyBinary(getKind(), a[lhsIndex(i)], b[rhsIndex(i)]));
  return floatConstant(resultType, result);
}

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  auto resultType = getOutput().getType();
  if (getInput().getType() == resultType)
    return getInput();
  DenseElementsAttr input = smallDenseConstant(adaptor.getInput());
  if (!input)
    return {};
  Type from = input.getElementType(), to = resultType.getElementType();
  if (!isa<IntegerType, FloatType>(from) || !isa<IntegerType, FloatType>(to))
    return {};
  if (isa<IntegerType>(from)) {
    SmallVector<int64_t> values = integerValues(input);
    if (isa<IntegerType>(to))
      return integerConstant(resultType, values);
    return floatConstant(resultType, SmallVector<double>(values.begin(), values.end()));
  }
  SmallVector<double> values = floatValues(input);
  if (isa<FloatType>(to))
    return floatConstant(resultType, values);
  SmallVector<int64_t> converted;
  for (double v : values)
    converted.push_back(castFloatToInteger(v, cast<IntegerType>(to)));
  return integerConstant(resultType, converted);
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getOutput().getType())
    return getInput();
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput());
      dense && dense.getElementType().isIntOrFloat())
    return dense.reshape(getOutput().getType()); // no copy: same storage
  return {};
}

namespace {
/// reshape(reshape(x)) -> reshape(x).
struct FoldReshapeChain : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto producer = op.getInput().getDefiningOp<ReshapeOp>();
    if (!producer)
      return failure();
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, op.getOutput().getType(),
                                           producer.getInput());
    return success();
  }
};

/// transpose(transpose(x, p1), p2) -> transpose(x, p1 o p2).
struct ComposeTransposes : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto producer = op.getInput().getDefiningOp<TransposeOp>();
    if (!producer)
      return failure();
    ArrayRef<int64_t> inner = producer.getPerm(), outer = op.getPerm();
    SmallVector<int64_t> composed;
    for (int64_t p : outer)
      composed.push_back(inner[p]);
    rewriter.replaceOpWithNewOp<TransposeOp>(op, op.getOutput().getType(),
                                             producer.getInput(), composed);
    return success();
  }
};
} // namespace

void ReshapeOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                            MLIRContext *context) {
  patterns.add<FoldReshapeChain>(context);
}

void TransposeOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                              MLIRContext *context) {
  patterns.add<ComposeTransposes>(context);
}

OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> perm = getPerm();
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return getInput();
  DenseElementsAttr input = smallDenseConstant(adaptor.getInput());
  if (!input)
    return {};
  auto resultType = getOutput().getType();
  SmallVector<int64_t> inputStrides =
      computeStrides(getInput().getType().getShape());
  ArrayRef<int64_t> resultShape = resultType.getShape();
  return remapElements(input, resultType, [&](int64_t index) {
    int64_t source = 0;
    for (int64_t d = static_cast<int64_t>(resultShape.size()) - 1; d >= 0; --d) {
      source += (index % resultShape[d]) * inputStrides[perm[d]];
      index /= resultShape[d];
    }
    return source;
  });
}

OpFoldResult ConcatOp::fold(FoldAdaptor adaptor) {
  if (getInputs().size() == 1 &&
      getInputs().front().getType() == getOutput().getType())
    return getInputs().front();
  SmallVector<DenseElementsAttr> inputs;
  for (Attribute attr : adaptor.getInputs()) {
    DenseElementsAttr dense = smallDenseConstant(attr);
    if (!dense)
      return {};
    inputs.push_back(dense);
  }
  auto resultType = getOutput().getType();
  if (resultType.getNumElements() > kMaxFoldedElements)
    return {};
  // Concatenate slab by slab: everything before `axis` is the outer loop.
  int64_t axis = getAxis();
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= resultType.getDimSize(d);
  bool isFloat = isa<FloatType>(resultType.getElementType());
  SmallVector<APInt> ints;
  SmallVector<APFloat> floats;
  for (int64_t o = 0; o < outer; ++o) {
    for (DenseElementsAttr input : inputs) {
      int64_t slab = input.getNumElements() / outer;
      for (int64_t i = 0; i < slab; ++i) {
        if (isFloat)
          floats.push_back(input.getValues<APFloat>()[o * slab + i]);
        else
          ints.push_back(input.getValues<APInt>()[o * slab + i]);
      }
    }
  }
  return isFloat ? DenseElementsAttr::get(resultType, floats)
                 : DenseElementsAttr::get(resultType, ints);
}

OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  auto inputType = getInput().getType();
  if (inputType == getOutput().getType() &&
      llvm::all_of(getSteps(), [](int64_t s) { return s == 1; }))
    return getInput(); // same shape with unit steps: the whole tensor
  DenseElementsAttr input = smallDenseConstant(adaptor.getInput());
  if (!input)
    return {};
  auto resultType = getOutput().getType();
  SmallVector<int64_t> inputStrides = computeStrides(inputType.getShape());
  ArrayRef<int64_t> resultShape = resultType.getShape();
  ArrayRef<int64_t> starts = getStarts(), steps = getSteps();
  return remapElements(input, resultType, [&](int64_t index) {
    int64_t source = 0;
    for (int64_t d = static_cast<int64_t>(resultShape.size()) - 1; d >= 0; --d) {
      source += (starts[d] + (index % resultShape[d]) * steps[d]) * inputStrides[d];
      index /= resultShape[d];
    }
    return source;
  });
}

OpFoldResult GatherOp::fold(FoldAdaptor adaptor) {
  DenseElementsAttr data = smallDenseConstant(adaptor.getData());
  auto indices = dyn_cast_or_null<DenseIntElementsAttr>(adaptor.getIndices());
  if (!data || !indices)
    return {};
  auto dataShape = getData().getType().getShape();
  int64_t axis = getAxis();
  int64_t axisSize = dataShape[axis];
  SmallVector<int64_t> indexValues;
  for (const APInt &v : indices.getValues<APInt>()) {
    int64_t index = v.getSExtValue();
    if (index < 0 || index >= axisSize)
      return {}; // out of range: the reference interpreter reports it
    indexValues.push_back(index);
  }
  int64_t inner = 1;
  for (int64_t d = axis + 1; d < static_cast<int64_t>(dataShape.size()); ++d)
    inner *= dataShape[d];
  int64_t numIndices = indexValues.size();
  return remapElements(data, getOutput().getType(), [&](int64_t index) {
    int64_t innerPos = index % inner;
    int64_t rest = index / inner;
    int64_t indexPos = rest % numIndices;
    int64_t outerPos = rest / numIndices;
    return (outerPos * axisSize + indexValues[indexPos]) * inner + innerPos;
  });
}

OpFoldResult BroadcastOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getOutput().getType())
    return getInput();
  DenseElementsAttr input = smallDenseConstant(adaptor.getInput());
  if (!input)
    return {};
  auto resultType = getOutput().getType();
  ArrayRef<int64_t> resultShape = resultType.getShape();
  ArrayRef<int64_t> inputShape = getInput().getType().getShape();
  return remapElements(input, resultType, [&](int64_t index) {
    return broadcastIndex(index, resultShape, inputShape);
  });
}

//===----------------------------------------------------------------------===//
// Quantization
//===----------------------------------------------------------------------===//

OpFoldResult QuantizeOp::fold(FoldAdaptor adaptor) {
  // Float values of the input: dense, or an f32 weight blob.
  SmallVector<float> values;
  if (auto dense = dyn_cast_or_null<DenseFPElementsAttr>(adaptor.getInput())) {
    for (const APFloat &v : dense.getValues<APFloat>())
      values.push_back(v.convertToDouble());
  } else if (auto blob = dyn_cast_or_null<DenseF32ResourceElementsAttr>(
                 adaptor.getInput())) {
    std::optional<ArrayRef<float>> data = blob.tryGetAsArrayRef();
    if (!data)
      return {};
    values.assign(data->begin(), data->end());
  } else {
    return {};
  }
  auto resultType = getOutput().getType();
  auto quantized = cast<quant::QuantizedType>(resultType.getElementType());
  int64_t lo = quantized.getStorageTypeMin(), hi = quantized.getStorageTypeMax();
  unsigned width = quantized.getStorageTypeIntegralWidth();
  // Scale and zero point of element i: per tensor, or per index along an
  // axis (the stride of that axis in row-major order).
  int64_t axisStride = 1, axisSize = 1;
  ArrayRef<double> scales;
  ArrayRef<int64_t> zeroPoints;
  double tensorScale = 1.0;
  int64_t tensorZeroPoint = 0;
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(quantized)) {
    scales = perAxis.getScales();
    zeroPoints = perAxis.getZeroPoints();
    int64_t axis = perAxis.getQuantizedDimension();
    axisSize = resultType.getDimSize(axis);
    for (int64_t d = axis + 1; d < resultType.getRank(); ++d)
      axisStride *= resultType.getDimSize(d);
  } else if (auto uniform = dyn_cast<quant::UniformQuantizedType>(quantized)) {
    tensorScale = uniform.getScale();
    tensorZeroPoint = uniform.getZeroPoint();
  } else {
    return {};
  }
  // ONNX QuantizeLinear, as the interpreter quantizes (NpuSemantics.h).
  int previousRounding = std::fegetround();
  std::fesetround(FE_TONEAREST);
  SmallVector<APInt> storage;
  storage.reserve(values.size());
  for (auto [i, x] : llvm::enumerate(values)) {
    double scale = tensorScale;
    int64_t zeroPoint = tensorZeroPoint;
    if (!scales.empty()) {
      int64_t channel = (static_cast<int64_t>(i) / axisStride) % axisSize;
      scale = scales[channel];
      zeroPoint = zeroPoints[channel];
    }
    storage.push_back(APInt(width, quantizeValue(x, scale, zeroPoint, lo, hi),
                            /*isSigned=*/true));
  }
  std::fesetround(previousRounding);
  auto storageType = RankedTensorType::get(
      resultType.getShape(), quantized.getStorageType());
  return DenseElementsAttr::get(storageType, storage);
}
