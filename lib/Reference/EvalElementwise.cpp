//===- EvalElementwise.cpp - reference semantics of element-wise ops ------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The element arithmetic is dialects/npu/NpuSemantics.h, shared with the
// folders; here it is applied to whole tensors with broadcasting and the
// compute domains of ReferenceUtils.h. Integer division by zero is an error.
//
//===----------------------------------------------------------------------===//

#include "ReferenceUtils.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::reference;

namespace {

/// Applies `fn` element-wise in the compute domain; `intFn` for integer
/// tensors (null: not defined on integers).
template <typename FloatFn, typename IntFn>
LogicalResult evalUnary(Operation *op, const Tensor &input, FloatFn floatFn,
                        IntFn intFn, SmallVectorImpl<Tensor> &results) {
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  Tensor x = toCompute(input);
  Tensor out(computeType(resultType));
  for (int64_t i = 0, e = out.getNumElements(); i < e; ++i) {
    if (out.isFloat()) {
      out.floats()[i] = floatFn(x.getAsDouble(i));
    } else {
      std::optional<int64_t> v = intFn(x.ints()[i]);
      if (!v)
        return op->emitOpError("is not defined on integer tensors of type ")
               << resultType.getElementType();
      out.ints()[i] = *v;
    }
  }
  results.push_back(fromCompute(std::move(out), resultType));
  return success();
}

} // namespace

LogicalResult reference::evaluate(BinaryOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  auto resultType = op.getOutput().getType();
  Tensor a = toCompute(*operands[0]), b = toCompute(*operands[1]);
  Tensor out(computeType(resultType));
  ArrayRef<int64_t> shape = resultType.getShape();
  ArrayRef<int64_t> aShape = a.getShape(), bShape = b.getShape();
  bool sameShapes = aShape == shape && bShape == shape;
  for (int64_t i = 0, e = out.getNumElements(); i < e; ++i) {
    int64_t ia = sameShapes ? i : broadcastIndex(i, shape, aShape);
    int64_t ib = sameShapes ? i : broadcastIndex(i, shape, bShape);
    if (out.isFloat()) {
      out.floats()[i] = applyBinary(op.getKind(), a.getAsDouble(ia), b.getAsDouble(ib));
      continue;
    }
    std::optional<int64_t> v = applyBinary(op.getKind(), a.ints()[ia], b.ints()[ib]);
    if (!v)
      return op.emitOpError("divides by zero at element ") << i;
    out.ints()[i] = *v;
  }
  results.push_back(fromCompute(std::move(out), resultType));
  return success();
}

LogicalResult reference::evaluate(UnaryOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  UnaryKind kind = op.getKind();
  return evalUnary(
      op, *operands[0], [&](double x) { return applyUnary(kind, x); },
      [&](int64_t x) { return applyUnary(kind, x); }, results);
}

LogicalResult reference::evaluate(ClipOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  double lo = op.getMin().convertToFloat(), hi = op.getMax().convertToFloat();
  return evalUnary(
      op, *operands[0], [&](double x) { return std::clamp(x, lo, hi); },
      [&](int64_t x) -> std::optional<int64_t> {
        double v = std::clamp(static_cast<double>(x), lo, hi);
        return static_cast<int64_t>(v >= 0 ? std::floor(v) : std::ceil(v));
      },
      results);
}

LogicalResult reference::evaluate(LeakyReluOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  double alpha = op.getAlpha().convertToFloat();
  return evalUnary(
      op, *operands[0], [&](double x) { return x >= 0 ? x : alpha * x; },
      [](int64_t) -> std::optional<int64_t> { return std::nullopt; }, results);
}

LogicalResult reference::evaluate(HardSigmoidOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  double alpha = op.getAlpha().convertToFloat(), beta = op.getBeta().convertToFloat();
  return evalUnary(
      op, *operands[0],
      [&](double x) { return std::clamp(alpha * x + beta, 0.0, 1.0); },
      [](int64_t) -> std::optional<int64_t> { return std::nullopt; }, results);
}

LogicalResult reference::evaluate(CastOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  const Tensor &input = *operands[0];
  auto resultType = op.getOutput().getType();
  Tensor out(resultType);
  Type to = resultType.getElementType();
  for (int64_t i = 0, e = out.getNumElements(); i < e; ++i) {
    if (out.isFloat()) {
      out.floats()[i] = input.getAsDouble(i);
    } else if (input.isFloat()) {
      out.ints()[i] = castFloatToInteger(input.floats()[i], cast<IntegerType>(to));
    } else {
      out.ints()[i] = input.ints()[i]; // wrapped below
    }
  }
  out.roundToType();
  results.push_back(std::move(out));
  return success();
}

LogicalResult reference::evaluate(QuantizeOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  results.push_back(fromCompute(*operands[0], op.getOutput().getType()));
  return success();
}

LogicalResult reference::evaluate(DequantizeOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  results.push_back(toCompute(*operands[0]));
  return success();
}

LogicalResult reference::evaluate(RequantizeOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  // Integer-only: (q - zi) * (si / so) with a fixed-point multiplier per
  // channel, rounded half to even, plus zo.
  const Tensor &input = *operands[0];
  auto in = cast<quant::QuantizedType>(input.getElementType());
  auto resultType = op.getOutput().getType();
  auto out = cast<quant::QuantizedType>(resultType.getElementType());
  Tensor result(resultType);
  int64_t inAxis = quantizedAxis(in), outAxis = quantizedAxis(out);
  ArrayRef<int64_t> shape = resultType.getShape();
  SmallVector<int64_t> strides = computeStrides(shape);
  for (int64_t i = 0, e = result.getNumElements(); i < e; ++i) {
    auto channel = [&](int64_t axis) {
      return axis < 0 ? 0 : (i / strides[axis]) % shape[axis];
    };
    QuantParams pi = quantParams(in, channel(inAxis));
    QuantParams po = quantParams(out, channel(outAxis));
    FixedPointMultiplier m = encodeMultiplier(pi.scale / po.scale);
    result.ints()[i] = requantize(input.ints()[i] - pi.zeroPoint, m, po.zeroPoint,
                                  out.getStorageTypeMin(), out.getStorageTypeMax());
  }
  results.push_back(std::move(result));
  return success();
}

LogicalResult reference::evaluate(BroadcastOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  const Tensor &input = *operands[0];
  auto resultType = op.getOutput().getType();
  Tensor out(resultType);
  for (int64_t i = 0, e = out.getNumElements(); i < e; ++i)
    copyElement(input, broadcastIndex(i, resultType.getShape(), input.getShape()),
                out, i);
  results.push_back(std::move(out));
  return success();
}
