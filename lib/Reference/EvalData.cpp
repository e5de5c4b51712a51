//===- EvalData.cpp - reference semantics of data-movement ops ------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Data movement copies stored values unchanged (quantized tensors keep their
// integers), except resize's linear interpolation, which computes in the
// compute domain.
//
//===----------------------------------------------------------------------===//

#include "ReferenceUtils.h"

#include <cmath>

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::reference;

/// A copy of `input` with a new type of the same element count and store.
static Tensor retype(const Tensor &input, RankedTensorType type) {
  Tensor out(type);
  if (out.isFloat())
    out.floats() = input.floats();
  else
    out.ints() = input.ints();
  return out;
}

LogicalResult reference::evaluate(ConstantOp op, EvalContext &, ArrayRef<const Tensor *>,
                                  SmallVectorImpl<Tensor> &results) {
  FailureOr<Tensor> value = tensorFromElements(op.getValue(), op.getType(), op);
  if (failed(value))
    return failure();
  results.push_back(std::move(*value));
  return success();
}

LogicalResult reference::evaluate(ReshapeOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  results.push_back(retype(*operands[0], op.getOutput().getType()));
  return success();
}

LogicalResult reference::evaluate(TransposeOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  const Tensor &x = *operands[0];
  Tensor out(op.getOutput().getType());
  ArrayRef<int64_t> perm = op.getPerm(), outShape = out.getShape();
  SmallVector<int64_t> inStrides = computeStrides(x.getShape());
  int64_t rank = outShape.size();
  for (int64_t i = 0, e = out.getNumElements(); i < e; ++i) {
    int64_t rest = i, source = 0;
    for (int64_t d = rank - 1; d >= 0; --d) {
      source += (rest % outShape[d]) * inStrides[perm[d]];
      rest /= outShape[d];
    }
    copyElement(x, source, out, i);
  }
  results.push_back(std::move(out));
  return success();
}

LogicalResult reference::evaluate(ConcatOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  Tensor out(op.getOutput().getType());
  int64_t axis = op.getAxis();
  ArrayRef<int64_t> shape = out.getShape();
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < static_cast<int64_t>(shape.size()); ++d) {
    if (d < axis)
      outer *= shape[d];
    else if (d > axis)
      inner *= shape[d];
  }
  int64_t offset = 0;
  for (const Tensor *input : operands) {
    int64_t slab = input->getShape()[axis] * inner;
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t j = 0; j < slab; ++j)
        copyElement(*input, o * slab + j, out, o * shape[axis] * inner + offset + j);
    offset += slab;
  }
  results.push_back(std::move(out));
  return success();
}

LogicalResult reference::evaluate(SplitOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  const Tensor &x = *operands[0];
  int64_t axis = op.getAxis();
  ArrayRef<int64_t> shape = x.getShape();
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < static_cast<int64_t>(shape.size()); ++d) {
    if (d < axis)
      outer *= shape[d];
    else if (d > axis)
      inner *= shape[d];
  }
  int64_t offset = 0;
  for (Value result : op.getOutputs()) {
    Tensor out(cast<RankedTensorType>(result.getType()));
    int64_t slab = out.getShape()[axis] * inner;
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t j = 0; j < slab; ++j)
        copyElement(x, o * shape[axis] * inner + offset + j, out, o * slab + j);
    offset += slab;
    results.push_back(std::move(out));
  }
  return success();
}

LogicalResult reference::evaluate(SliceOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  const Tensor &x = *operands[0];
  Tensor out(op.getOutput().getType());
  ArrayRef<int64_t> outShape = out.getShape(), starts = op.getStarts(),
                    steps = op.getSteps();
  SmallVector<int64_t> inStrides = computeStrides(x.getShape());
  for (int64_t i = 0, e = out.getNumElements(); i < e; ++i) {
    int64_t rest = i, source = 0;
    for (int64_t d = static_cast<int64_t>(outShape.size()) - 1; d >= 0; --d) {
      source += (starts[d] + (rest % outShape[d]) * steps[d]) * inStrides[d];
      rest /= outShape[d];
    }
    copyElement(x, source, out, i);
  }
  results.push_back(std::move(out));
  return success();
}

LogicalResult reference::evaluate(PadOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  const Tensor &x = *operands[0];
  auto resultType = op.getOutput().getType();
  Tensor out(resultType);
  ArrayRef<int64_t> inShape = x.getShape(), outShape = out.getShape(),
                    low = op.getPadsLow();
  SmallVector<int64_t> inStrides = computeStrides(inShape);
  // The constant in the stored representation of the element type.
  double value = op.getValue().convertToFloat();
  int64_t storedInt = static_cast<int64_t>(value);
  if (auto quantized = dyn_cast<quant::QuantizedType>(resultType.getElementType()))
    storedInt = quantizeValue(value, quantParams(quantized, 0),
                              quantized.getStorageTypeMin(),
                              quantized.getStorageTypeMax());
  PadMode mode = op.getMode();
  for (int64_t i = 0, e = out.getNumElements(); i < e; ++i) {
    int64_t rest = i, source = 0;
    bool inside = true;
    for (int64_t d = static_cast<int64_t>(outShape.size()) - 1; d >= 0; --d) {
      int64_t c = rest % outShape[d] - low[d];
      rest /= outShape[d];
      int64_t n = inShape[d];
      if (c < 0 || c >= n) {
        if (mode == PadMode::constant)
          inside = false;
        else if (mode == PadMode::edge)
          c = c < 0 ? 0 : n - 1;
        else // reflect, without repeating the edge
          c = c < 0 ? -c : 2 * (n - 1) - c;
      }
      source += std::clamp<int64_t>(c, 0, n - 1) * inStrides[d];
    }
    if (inside)
      copyElement(x, source, out, i);
    else if (out.isFloat())
      out.floats()[i] = value;
    else
      out.ints()[i] = storedInt;
  }
  out.roundToType();
  results.push_back(std::move(out));
  return success();
}

LogicalResult reference::evaluate(GatherOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  const Tensor &data = *operands[0], &indices = *operands[1];
  Tensor out(op.getOutput().getType());
  int64_t axis = op.getAxis();
  ArrayRef<int64_t> shape = data.getShape();
  int64_t dim = shape[axis], inner = 1, outer = 1;
  for (int64_t d = 0; d < static_cast<int64_t>(shape.size()); ++d) {
    if (d < axis)
      outer *= shape[d];
    else if (d > axis)
      inner *= shape[d];
  }
  int64_t count = indices.getNumElements();
  for (int64_t n = 0; n < count; ++n) {
    int64_t index = indices.ints()[n];
    if (index < -dim || index >= dim)
      return op.emitOpError("gathers index ")
             << index << " (element " << n << " of the indices) from axis "
             << axis << " of size " << dim;
    if (index < 0)
      index += dim;
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t j = 0; j < inner; ++j)
        copyElement(data, (o * dim + index) * inner + j, out,
                    (o * count + n) * inner + j);
  }
  results.push_back(std::move(out));
  return success();
}

LogicalResult reference::evaluate(ResizeOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  auto resultType = op.getOutput().getType();
  ArrayRef<int64_t> inShape = operands[0]->getShape(), outShape = resultType.getShape();
  int64_t rank = inShape.size();
  int64_t ih = inShape[rank - 2], iw = inShape[rank - 1];
  int64_t oh = outShape[rank - 2], ow = outShape[rank - 1];
  int64_t planes = operands[0]->getNumElements() / (ih * iw);
  if (op.getMode() == ResizeMode::nearest) {
    const Tensor &x = *operands[0];
    Tensor out(resultType);
    for (int64_t p = 0; p < planes; ++p)
      for (int64_t y = 0; y < oh; ++y) {
        int64_t sy = op.getNearestSourceIndex(y, ih, oh);
        for (int64_t xx = 0; xx < ow; ++xx) {
          int64_t sx = op.getNearestSourceIndex(xx, iw, ow);
          copyElement(x, (p * ih + sy) * iw + sx, out, (p * oh + y) * ow + xx);
        }
      }
    results.push_back(std::move(out));
    return success();
  }
  // Linear: bilinear on the two innermost dimensions, coordinates clamped to
  // the input.
  Tensor x = toCompute(*operands[0]);
  Tensor out(computeType(resultType));
  auto axis = [&](int64_t o, int64_t inLength, int64_t outLength) {
    double c = resizeSourceCoordinate(op.getCoordinateTransform(), o, inLength, outLength);
    c = std::clamp(c, 0.0, static_cast<double>(inLength - 1));
    int64_t lo = static_cast<int64_t>(std::floor(c));
    int64_t hi = std::min(lo + 1, inLength - 1);
    return std::make_tuple(lo, hi, c - lo);
  };
  for (int64_t p = 0; p < planes; ++p)
    for (int64_t y = 0; y < oh; ++y) {
      auto [y0, y1, fy] = axis(y, ih, oh);
      for (int64_t xx = 0; xx < ow; ++xx) {
        auto [x0, x1, fx] = axis(xx, iw, ow);
        auto at = [&](int64_t yy, int64_t xi) {
          return x.getAsDouble((p * ih + yy) * iw + xi);
        };
        double top = at(y0, x0) * (1 - fx) + at(y0, x1) * fx;
        double bottom = at(y1, x0) * (1 - fx) + at(y1, x1) * fx;
        double v = top * (1 - fy) + bottom * fy;
        if (out.isFloat())
          out.floats()[(p * oh + y) * ow + xx] = v;
        else
          out.ints()[(p * oh + y) * ow + xx] = static_cast<int64_t>(std::nearbyint(v));
      }
    }
  results.push_back(fromCompute(std::move(out), resultType));
  return success();
}
