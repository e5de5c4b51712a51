//===- ConvertNN.cpp - ONNX convolutions, GEMMs, pools and norms ----------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "OnnxNodeImporter.h"

#include <cmath>

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::onnx_import;

namespace {

/// ONNX 2-D window attributes resolved to explicit pads.
struct Window2D {
  SmallVector<int64_t> kernel, strides, dilations, pads;
};

/// Reads kernel_shape/strides/dilations/pads/auto_pad of a 2-D window op.
/// `kernel` comes from the filter for convolutions.
FailureOr<Window2D> readWindow(OnnxNodeImporter &node,
                               ArrayRef<int64_t> inputShape,
                               ArrayRef<int64_t> kernel) {
  Window2D w;
  w.kernel.assign(kernel.begin(), kernel.end());
  w.strides = node.intsAttr("strides", {1, 1});
  w.dilations = node.intsAttr("dilations", {1, 1});
  w.pads = node.intsAttr("pads", {0, 0, 0, 0});
  if (w.kernel.size() != 2 || w.strides.size() != 2 ||
      w.dilations.size() != 2 || w.pads.size() != 4)
    return node.emitError()
           << "expects 2-D kernel, strides, dilations and 4 pads";
  std::string autoPad = node.stringAttr("auto_pad", "NOTSET");
  if (autoPad == "NOTSET")
    return w;
  if (autoPad == "VALID") {
    w.pads.assign(4, 0);
    return w;
  }
  if (autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER")
    return node.emitError() << "has unknown auto_pad '" << autoPad << "'";
  // SAME: output = ceil(input / stride); the extra pixel of an odd total
  // goes at the end (UPPER) or the beginning (LOWER).
  for (int i = 0; i < 2; ++i) {
    int64_t in = inputShape[2 + i];
    int64_t out = (in + w.strides[i] - 1) / w.strides[i];
    int64_t total = std::max<int64_t>(
        0, (out - 1) * w.strides[i] + (w.kernel[i] - 1) * w.dilations[i] + 1 - in);
    int64_t small = total / 2, large = total - small;
    w.pads[i] = autoPad == "SAME_UPPER" ? small : large;
    w.pads[i + 2] = autoPad == "SAME_UPPER" ? large : small;
  }
  return w;
}

/// Conv1D is Conv2D with H = 1: [N, C, L] -> [N, C, 1, L].
Value toRank4(OnnxNodeImporter &node, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getRank() != 3)
    return value;
  return node.reshape(value, {type.getDimSize(0), type.getDimSize(1), 1,
                              type.getDimSize(2)});
}

SmallVector<int64_t> widen1D(ArrayRef<int64_t> values, int64_t fill,
                             bool isPads = false) {
  if (isPads && values.size() == 2)
    return {0, values[0], 0, values[1]};
  if (values.size() == 1)
    return {fill, values[0]};
  return SmallVector<int64_t>(values);
}

/// The node with its 1-D window attributes (strides, dilations, pads,
/// kernel_shape) widened to 2-D with a unit H dimension.
onnx::NodeProto widenedTo2D(const onnx::NodeProto &node) {
  onnx::NodeProto widened = node;
  for (onnx::AttributeProto &attr : *widened.mutable_attribute()) {
    StringRef name = attr.name();
    if (name != "strides" && name != "dilations" && name != "pads" &&
        name != "kernel_shape")
      continue;
    SmallVector<int64_t> values(attr.ints().begin(), attr.ints().end());
    SmallVector<int64_t> wide = widen1D(values, name == "pads" ? 0 : 1, name == "pads");
    attr.clear_ints();
    for (int64_t v : wide)
      attr.add_ints(v);
  }
  return widened;
}

LogicalResult convertConv(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "X");
  FailureOr<Value> w = node.requiredInput(1, "W");
  if (failed(x) || failed(w))
    return failure();
  Value result = buildConvolution(node, *x, *w, node.input(2), Type());
  return node.setResult(result);
}

LogicalResult convertConvTranspose(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "X");
  FailureOr<Value> w = node.requiredInput(1, "W");
  if (failed(x) || failed(w))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  if (xType.getRank() != 4)
    return node.unsupported("supports 2-D transposed convolutions only");
  OpBuilder &b = node.getBuilder();
  SmallVector<int64_t> strides = node.intsAttr("strides", {1, 1});
  SmallVector<int64_t> pads = node.intsAttr("pads", {0, 0, 0, 0});
  SmallVector<int64_t> dilations = node.intsAttr("dilations", {1, 1});
  SmallVector<int64_t> outputPadding = node.intsAttr("output_padding", {0, 0});
  if (strides.size() != 2 || pads.size() != 4 || dilations.size() != 2 ||
      outputPadding.size() != 2)
    return node.emitError() << "expects 2-D strides, dilations, "
                               "output_padding and 4 pads";
  // output_shape (or SAME auto_pad) fixes the output size; the pads follow
  // from it as the ONNX operator definition states.
  std::string autoPad = node.stringAttr("auto_pad", "NOTSET");
  SmallVector<int64_t> outputShape = node.intsAttr("output_shape");
  if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER" || !outputShape.empty()) {
    auto wShape = cast<RankedTensorType>(w->getType()).getShape();
    if (outputShape.size() > 2)
      outputShape.erase(outputShape.begin(), outputShape.end() - 2);
    for (int i = 0; i < 2; ++i) {
      int64_t in = xType.getDimSize(2 + i);
      int64_t out = outputShape.empty() ? in * strides[i] : outputShape[i];
      int64_t total = strides[i] * (in - 1) + outputPadding[i] +
                      (wShape[2 + i] - 1) * dilations[i] + 1 - out;
      if (total < 0) {
        // A larger output than the strides give: the extra rows and columns
        // are zero-padding at the end, i.e. output_padding (as onnxruntime
        // and ONNX's expected outputs have it).
        pads[i] = pads[i + 2] = 0;
        outputPadding[i] += -total;
        continue;
      }
      // The ONNX definition: SAME_UPPER puts the odd pixel at the end;
      // SAME_LOWER and an explicit output_shape (NOTSET) at the start.
      bool upper = autoPad == "SAME_UPPER";
      pads[i] = upper ? total / 2 : total - total / 2;
      pads[i + 2] = total - pads[i];
    }
  } else if (autoPad == "VALID") {
    pads.assign(4, 0);
  } else if (autoPad != "NOTSET") {
    return node.emitError() << "has unknown auto_pad '" << autoPad << "'";
  }
  Value result = node.create<ConvTranspose2DOp>(
      Type(), *x, *w, node.input(2), b.getDenseI64ArrayAttr(strides),
      b.getDenseI64ArrayAttr(pads), b.getDenseI64ArrayAttr(dilations),
      b.getDenseI64ArrayAttr(outputPadding),
      b.getI64IntegerAttr(node.intAttr("group", 1)));
  return node.setResult(result);
}

LogicalResult convertMatMul(OnnxNodeImporter &node) {
  FailureOr<Value> a = node.requiredInput(0, "A");
  FailureOr<Value> bv = node.requiredInput(1, "B");
  if (failed(a) || failed(bv))
    return failure();
  // numpy matmul: a 1-D lhs is a row, a 1-D rhs a column, both removed from
  // the result.
  auto aType = cast<RankedTensorType>(a->getType());
  auto bType = cast<RankedTensorType>(bv->getType());
  Value lhs = *a, rhs = *bv;
  if (aType.getRank() == 1)
    lhs = node.reshape(lhs, {1, aType.getDimSize(0)});
  if (bType.getRank() == 1)
    rhs = node.reshape(rhs, {bType.getDimSize(0), 1});
  Value result = node.create<MatMulOp>(Type(), lhs, rhs);
  if (!result)
    return failure();
  if (aType.getRank() == 1 || bType.getRank() == 1) {
    SmallVector<int64_t> shape(
        cast<RankedTensorType>(result.getType()).getShape());
    if (bType.getRank() == 1)
      shape.pop_back();
    if (aType.getRank() == 1)
      shape.erase(shape.end() - (bType.getRank() == 1 ? 1 : 2));
    result = node.reshape(result, shape);
  }
  node.setOutput(0, result);
  return success();
}

LogicalResult convertGemm(OnnxNodeImporter &node) {
  FailureOr<Value> a = node.requiredInput(0, "A");
  FailureOr<Value> bv = node.requiredInput(1, "B");
  if (failed(a) || failed(bv))
    return failure();
  for (auto [value, name] : {std::pair{*a, "A"}, std::pair{*bv, "B"}})
    if (auto type = cast<RankedTensorType>(value.getType()); type.getRank() != 2)
      return node.emitError() << "expects a 2-D " << name << ", got " << type;
  float alpha = node.floatAttr("alpha", 1.0f), beta = node.floatAttr("beta", 1.0f);
  bool transA = node.intAttr("transA", 0), transB = node.intAttr("transB", 0);
  Value lhs = *a, rhs = *bv;
  OpBuilder &b = node.getBuilder();
  if (transA)
    lhs = node.create<TransposeOp>(Type(), lhs, b.getDenseI64ArrayAttr({1, 0}));
  if (!lhs)
    return failure();
  auto elementType = cast<RankedTensorType>(lhs.getType()).getElementType();
  int64_t n = cast<RankedTensorType>(rhs.getType()).getDimSize(transB ? 0 : 1);

  // The common case, PyTorch's Linear: transB with a bias of N values folds
  // into one fully_connected.
  Value c = node.input(2);
  Value bias;
  // Y = alpha A'B' + beta C: C joins the product only when both are unscaled.
  if (c && beta == 1.0f && alpha == 1.0f) {
    auto cType = cast<RankedTensorType>(c.getType());
    if (cType.getNumElements() == n &&
        (cType.getRank() == 1 || (cType.getRank() == 2 && cType.getDimSize(0) == 1)))
      bias = node.reshape(c, {n});
  }
  Value result;
  if (transB) {
    result = node.create<FullyConnectedOp>(Type(), lhs, rhs, bias);
  } else {
    result = node.create<MatMulOp>(Type(), lhs, rhs);
    if (result && bias)
      result = node.create<BinaryOp>(Type(), BinaryKind::add, result, bias);
  }
  if (!result)
    return failure();
  if (alpha != 1.0f)
    result = node.create<BinaryOp>(Type(), BinaryKind::mul, result,
                                   node.splatConstant(elementType, alpha));
  if (result && c && !bias) {
    Value scaled = c;
    if (beta != 1.0f)
      scaled = node.create<BinaryOp>(Type(), BinaryKind::mul, c,
                                     node.splatConstant(elementType, beta));
    result = scaled ? node.create<BinaryOp>(Type(), BinaryKind::add, result, scaled)
                    : Value();
  }
  return node.setResult(result);
}

LogicalResult requireNoIndices(OnnxNodeImporter &node) {
  if (node.getNumOutputs() > 1 && !node.getNode().output(1).empty())
    return node.unsupported("the Indices output of MaxPool is not supported");
  return success();
}

/// 1-D pooling is 2-D pooling with H = 1: widens the input and the window
/// attributes, and `narrow` restores the rank of the result.
struct PoolOperand {
  Value input;
  onnx::NodeProto widened;
  bool is1D;
};

FailureOr<PoolOperand> poolOperand(OnnxNodeImporter &node, Value x) {
  auto type = cast<RankedTensorType>(x.getType());
  if (type.getRank() != 3 && type.getRank() != 4)
    return node.unsupported("supports 1-D and 2-D pooling only");
  bool is1D = type.getRank() == 3;
  return PoolOperand{toRank4(node, x),
                     is1D ? widenedTo2D(node.getNode()) : node.getNode(), is1D};
}

Value narrowPool(OnnxNodeImporter &node, Value result, bool is1D) {
  if (!result || !is1D)
    return result;
  auto type = cast<RankedTensorType>(result.getType());
  return node.reshape(result, {type.getDimSize(0), type.getDimSize(1),
                               type.getDimSize(3)});
}

LogicalResult convertMaxPool(OnnxNodeImporter &outer) {
  FailureOr<Value> in = outer.requiredInput(0, "X");
  if (failed(in) || failed(requireNoIndices(outer)))
    return failure();
  FailureOr<PoolOperand> operand = poolOperand(outer, *in);
  if (failed(operand))
    return failure();
  OnnxNodeImporter node(outer, operand->widened);
  Value x = operand->input;
  auto type = cast<RankedTensorType>(x.getType());
  FailureOr<Window2D> window =
      readWindow(node, type.getShape(), node.intsAttr("kernel_shape"));
  if (failed(window))
    return failure();
  OpBuilder &b = node.getBuilder();
  Value result = node.create<MaxPool2DOp>(
      Type(), x, b.getDenseI64ArrayAttr(window->kernel),
      b.getDenseI64ArrayAttr(window->strides),
      b.getDenseI64ArrayAttr(window->pads),
      b.getDenseI64ArrayAttr(window->dilations),
      b.getBoolAttr(node.intAttr("ceil_mode", 0)));
  result = narrowPool(node, result, operand->is1D);
  return node.setResult(result);
}

LogicalResult convertAveragePool(OnnxNodeImporter &outer) {
  FailureOr<Value> in = outer.requiredInput(0, "X");
  if (failed(in))
    return failure();
  FailureOr<PoolOperand> operand = poolOperand(outer, *in);
  if (failed(operand))
    return failure();
  OnnxNodeImporter node(outer, operand->widened);
  Value x = operand->input;
  auto type = cast<RankedTensorType>(x.getType());
  FailureOr<Window2D> window =
      readWindow(node, type.getShape(), node.intsAttr("kernel_shape"));
  if (failed(window))
    return failure();
  if (window->dilations != SmallVector<int64_t>{1, 1})
    return node.unsupported("dilated average pooling is not supported");
  OpBuilder &b = node.getBuilder();
  Value result = node.create<AvgPool2DOp>(
      Type(), x, b.getDenseI64ArrayAttr(window->kernel),
      b.getDenseI64ArrayAttr(window->strides),
      b.getDenseI64ArrayAttr(window->pads),
      b.getBoolAttr(node.intAttr("ceil_mode", 0)),
      b.getBoolAttr(node.intAttr("count_include_pad", 0)));
  result = narrowPool(node, result, operand->is1D);
  return node.setResult(result);
}

LogicalResult convertGlobalAveragePool(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "X");
  if (failed(x))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  Value result;
  if (type.getRank() == 4) {
    result = node.create<GlobalAvgPool2DOp>(Type(), *x);
  } else {
    SmallVector<int64_t> axes;
    for (int64_t d = 2; d < type.getRank(); ++d)
      axes.push_back(d);
    result = node.create<ReduceOp>(Type(), ReduceKind::mean, *x,
                                   ArrayRef<int64_t>(axes), true);
  }
  return node.setResult(result);
}

LogicalResult convertGlobalMaxPool(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "X");
  if (failed(x))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  SmallVector<int64_t> axes;
  for (int64_t d = 2; d < type.getRank(); ++d)
    axes.push_back(d);
  Value result = node.create<ReduceOp>(Type(), ReduceKind::max, *x,
                                       ArrayRef<int64_t>(axes), true);
  return node.setResult(result);
}

LogicalResult convertBatchNormalization(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "X");
  if (failed(x))
    return failure();
  if (node.intAttr("training_mode", 0))
    return node.unsupported("training-mode BatchNormalization is not "
                            "supported; export the model in eval mode");
  for (unsigned i = 1; i < node.getNumOutputs(); ++i)
    if (!node.getNode().output(i).empty())
      return node.unsupported("running mean/variance outputs are training "
                              "outputs; export the model in eval mode");
  // Inference BatchNorm is an affine map per channel: y = x * a + b with
  // a = scale / sqrt(var + eps) and b = bias - mean * a, computed here in
  // double so the graph holds two small constants (folded into the
  // preceding convolution by the graph passes).
  FailureOr<SmallVector<double>> scale = node.constantFloats(1, "scale");
  FailureOr<SmallVector<double>> bias = node.constantFloats(2, "B");
  FailureOr<SmallVector<double>> mean = node.constantFloats(3, "mean");
  FailureOr<SmallVector<double>> var = node.constantFloats(4, "var");
  if (failed(scale) || failed(bias) || failed(mean) || failed(var))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  if (type.getRank() < 2)
    return node.emitError() << "expects an input of rank >= 2 (N, C, ...)";
  int64_t channels = type.getDimSize(1);
  for (auto *values : {&*scale, &*bias, &*mean, &*var})
    if (static_cast<int64_t>(values->size()) != channels)
      return node.emitError() << "has per-channel parameters of size "
                              << values->size() << " for " << channels
                              << " channels";
  double epsilon = node.floatAttr("epsilon", 1e-5f);
  auto floatType = dyn_cast<FloatType>(type.getElementType());
  if (!floatType)
    return node.emitError() << "expects a float input";
  SmallVector<APFloat> a, bb;
  for (int64_t c = 0; c < channels; ++c) {
    double factor = (*scale)[c] / std::sqrt((*var)[c] + epsilon);
    double shift = (*bias)[c] - (*mean)[c] * factor;
    bool lost;
    APFloat fa(factor), fb(shift);
    fa.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
    fb.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
    a.push_back(fa);
    bb.push_back(fb);
  }
  SmallVector<int64_t> paramShape(type.getRank() - 1, 1);
  paramShape[0] = channels;
  auto paramType = RankedTensorType::get(paramShape, floatType);
  Value mul = node.create<BinaryOp>(Type(), BinaryKind::mul, *x,
                                    node.constant(DenseElementsAttr::get(paramType, a)));
  if (!mul)
    return failure();
  Value add = node.create<BinaryOp>(Type(), BinaryKind::add, mul,
                                    node.constant(DenseElementsAttr::get(paramType, bb)));
  return node.setResult(add);
}

/// Gives `param` the normalised shape when it only differs by unit dims.
Value normParameter(OnnxNodeImporter &node, Value param,
                    ArrayRef<int64_t> normalized) {
  if (!param)
    return param;
  auto type = cast<RankedTensorType>(param.getType());
  if (type.getShape() == normalized)
    return param;
  int64_t count = 1;
  for (int64_t d : normalized)
    count *= d;
  if (type.getNumElements() == count)
    return node.reshape(param, normalized);
  return node.createWithType<BroadcastOp>(
      RankedTensorType::get(normalized, type.getElementType()), param);
}

LogicalResult convertLayerNormalization(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "X");
  FailureOr<Value> scale = node.requiredInput(1, "Scale");
  if (failed(x) || failed(scale))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  FailureOr<int64_t> axis =
      normalizeAxis(node, node.intAttr("axis", -1), type.getRank());
  if (failed(axis))
    return failure();
  // The optional Mean and InvStdDev outputs (statistics over the normalised
  // dimensions, kept as size 1): computed alongside, as training graphs and
  // ONNX's tests ask for them.
  bool wantsMean = node.getNumOutputs() > 1 && !node.getNode().output(1).empty();
  bool wantsInvStdDev = node.getNumOutputs() > 2 && !node.getNode().output(2).empty();
  if (wantsMean || wantsInvStdDev) {
    SmallVector<int64_t> axes;
    for (int64_t d = *axis; d < type.getRank(); ++d)
      axes.push_back(d);
    Value mean = node.create<ReduceOp>(Type(), ReduceKind::mean, *x,
                                       ArrayRef<int64_t>(axes), true);
    Value centered = mean ? node.create<BinaryOp>(Type(), BinaryKind::sub, *x, mean) : Value();
    Value square = centered ? node.create<BinaryOp>(Type(), BinaryKind::mul, centered, centered)
                            : Value();
    Value variance = square ? node.create<ReduceOp>(Type(), ReduceKind::mean, square,
                                                    ArrayRef<int64_t>(axes), true)
                            : Value();
    Value shifted = variance ? node.create<BinaryOp>(
                                   Type(), BinaryKind::add, variance,
                                   node.splatConstant(type.getElementType(),
                                                      node.floatAttr("epsilon", 1e-5f)))
                             : Value();
    Value invStdDev = shifted ? node.create<UnaryOp>(Type(), UnaryKind::rsqrt, shifted) : Value();
    if (!invStdDev)
      return failure();
    node.setOutput(1, mean);
    node.setOutput(2, invStdDev);
  }
  ArrayRef<int64_t> normalized = type.getShape().drop_front(*axis);
  Value s = normParameter(node, *scale, normalized);
  Value bias = normParameter(node, node.input(2), normalized);
  if (!s || (node.hasInput(2) && !bias))
    return failure();
  Value result = node.create<LayerNormOp>(
      Type(), *x, s, bias, node.getBuilder().getI64IntegerAttr(*axis),
      node.getBuilder().getF32FloatAttr(node.floatAttr("epsilon", 1e-5f)));
  return node.setResult(result);
}

/// Softmax and LogSoftmax: before opset 13 the input is flattened to 2-D at
/// `axis` (default 1) and normalised over the whole trailing block.
FailureOr<std::pair<Value, int64_t>> softmaxOperand(OnnxNodeImporter &node,
                                                    Value x) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t rank = type.getRank();
  bool legacy = node.getOpset() < 13;
  FailureOr<int64_t> axis =
      normalizeAxis(node, node.intAttr("axis", legacy ? 1 : -1), rank);
  if (failed(axis))
    return failure();
  if (!legacy || *axis == rank - 1)
    return std::make_pair(x, *axis);
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < rank; ++d)
    (d < *axis ? outer : inner) *= type.getDimSize(d);
  return std::make_pair(node.reshape(x, {outer, inner}), int64_t{1});
}

LogicalResult convertSoftmax(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "input");
  if (failed(x))
    return failure();
  auto operand = softmaxOperand(node, *x);
  if (failed(operand))
    return failure();
  Value result = node.create<SoftmaxOp>(
      Type(), operand->first, node.getBuilder().getI64IntegerAttr(operand->second));
  if (!result)
    return failure();
  node.setOutput(0, node.reshape(result, cast<RankedTensorType>(x->getType()).getShape()));
  return success();
}

LogicalResult convertLogSoftmax(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "input");
  if (failed(x))
    return failure();
  auto operand = softmaxOperand(node, *x);
  if (failed(operand))
    return failure();
  // x - max - log(sum(exp(x - max))): stable for large negative logits,
  // unlike log(softmax(x)).
  int64_t axes[] = {operand->second};
  Value in = operand->first;
  Value max = node.create<ReduceOp>(Type(), ReduceKind::max, in,
                                    ArrayRef<int64_t>(axes), true);
  Value shifted = max ? node.create<BinaryOp>(Type(), BinaryKind::sub, in, max) : Value();
  Value exp = shifted ? node.create<UnaryOp>(Type(), UnaryKind::exp, shifted) : Value();
  Value sum = exp ? node.create<ReduceOp>(Type(), ReduceKind::sum, exp,
                                          ArrayRef<int64_t>(axes), true)
                  : Value();
  Value log = sum ? node.create<UnaryOp>(Type(), UnaryKind::log, sum) : Value();
  Value result = log ? node.create<BinaryOp>(Type(), BinaryKind::sub, shifted, log) : Value();
  if (!result)
    return failure();
  node.setOutput(0, node.reshape(result, cast<RankedTensorType>(x->getType()).getShape()));
  return success();
}

template <ReduceKind kind>
LogicalResult convertReduce(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "data");
  if (failed(x))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  // ReduceSum takes its axes as an input from opset 13 (the others from 18).
  bool axesAsInput = kind == ReduceKind::sum && node.getOpset() >= 13;
  SmallVector<int64_t> axes;
  if (axesAsInput) {
    if (node.hasInput(1)) {
      FailureOr<SmallVector<int64_t>> values = node.constantInts(1, "axes");
      if (failed(values))
        return failure();
      axes = *values;
    }
  } else {
    axes = node.intsAttr("axes");
  }
  if (axes.empty()) {
    if (axesAsInput && node.intAttr("noop_with_empty_axes", 0)) {
      node.setOutput(0, *x);
      return success();
    }
    for (int64_t d = 0; d < type.getRank(); ++d)
      axes.push_back(d);
  }
  for (int64_t &axis : axes) {
    FailureOr<int64_t> normalized = normalizeAxis(node, axis, type.getRank(), "axes entry");
    if (failed(normalized))
      return failure();
    axis = *normalized;
  }
  llvm::sort(axes);
  axes.erase(std::unique(axes.begin(), axes.end()), axes.end());
  Value result = node.create<ReduceOp>(Type(), kind, *x, ArrayRef<int64_t>(axes),
                                       node.intAttr("keepdims", 1) != 0);
  return node.setResult(result);
}

const OnnxConverter kConverters[] = {
    {"Conv", 1, convertConv,
     "1-D and 2-D; groups (depthwise), dilations, auto_pad"},
    {"ConvTranspose", 1, convertConvTranspose,
     "2-D; pads, output_padding, output_shape, auto_pad"},
    {"MatMul", 1, convertMatMul, "numpy semantics incl. 1-D operands and "
                                 "broadcast batch dimensions"},
    {"Gemm", 1, convertGemm,
     "transB=1 with an [N] bias becomes npu.fully_connected; alpha, beta, "
     "transA handled"},
    {"MaxPool", 1, convertMaxPool,
     "1-D and 2-D; ceil_mode, dilations, auto_pad; no Indices output"},
    {"AveragePool", 1, convertAveragePool,
     "1-D and 2-D; ceil_mode, count_include_pad, auto_pad"},
    {"GlobalAveragePool", 1, convertGlobalAveragePool, ""},
    {"GlobalMaxPool", 1, convertGlobalMaxPool, "as npu.reduce max"},
    {"BatchNormalization", 1, convertBatchNormalization,
     "inference mode; constant statistics, imported as a per-channel "
     "multiply-add"},
    {"LayerNormalization", 17, convertLayerNormalization,
     "Mean and InvStdDev outputs computed alongside when requested"},
    {"Softmax", 1, convertSoftmax, "opset < 13 2-D coercion handled"},
    {"LogSoftmax", 1, convertLogSoftmax,
     "decomposed: x - max - log(sum(exp(x - max)))"},
    {"ReduceMean", 1, convertReduce<ReduceKind::mean>, "axes as attribute"},
    {"ReduceSum", 1, convertReduce<ReduceKind::sum>,
     "axes as attribute (< 13) or constant input (>= 13)"},
    {"ReduceMax", 1, convertReduce<ReduceKind::max>, "axes as attribute"},
    {"ReduceMin", 1, convertReduce<ReduceKind::min>, "axes as attribute"},
};

} // namespace

Value mlir::npu::onnx_import::buildConvolution(OnnxNodeImporter &node,
                                               Value x, Value w, Value bias,
                                               Type resultElementType) {
  auto xType = cast<RankedTensorType>(x.getType());
  int64_t rank = xType.getRank();
  if (rank != 3 && rank != 4) {
    (void)node.unsupported("supports 1-D and 2-D convolutions; this one has "
                           "rank " + Twine(rank));
    return {};
  }
  if (cast<RankedTensorType>(w.getType()).getRank() != rank) {
    node.emitError() << "has an input of rank " << rank
                           << " and weights of rank "
                           << cast<RankedTensorType>(w.getType()).getRank()
                           << "; they must match";
    return {};
  }
  bool is1D = rank == 3;
  Value input = toRank4(node, x), filter = toRank4(node, w);
  if (!input || !filter)
    return {};
  auto inShape = cast<RankedTensorType>(input.getType()).getShape();
  auto wShape = cast<RankedTensorType>(filter.getType()).getShape();
  // 1-D attributes become 2-D with a unit H dimension.
  onnx::NodeProto widened = is1D ? widenedTo2D(node.getNode()) : node.getNode();
  OnnxNodeImporter view(node, widened);
  FailureOr<Window2D> window =
      readWindow(view, inShape, {wShape[2], wShape[3]});
  if (failed(window))
    return {};
  OpBuilder &b = node.getBuilder();
  Value result = node.create<Conv2DOp>(
      resultElementType, input, filter, bias,
      b.getDenseI64ArrayAttr(window->strides),
      b.getDenseI64ArrayAttr(window->pads),
      b.getDenseI64ArrayAttr(window->dilations),
      b.getI64IntegerAttr(node.intAttr("group", 1)));
  if (!result || !is1D)
    return result;
  auto type = cast<RankedTensorType>(result.getType());
  return node.reshape(result, {type.getDimSize(0), type.getDimSize(1),
                               type.getDimSize(3)});
}

ArrayRef<OnnxConverter> mlir::npu::onnx_import::getNNConverters() {
  return kConverters;
}
