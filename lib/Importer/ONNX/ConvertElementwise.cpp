//===- ConvertElementwise.cpp - ONNX element-wise ops and activations -----===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "OnnxNodeImporter.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::onnx_import;

namespace {

Type elementTypeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getElementType();
}

/// A constant operand of another element type than its partner (Pow(x, 2)
/// with an integer 2, Div(x, 255) after a Cast) converted when it is a
/// constant: ONNX allows it for Pow, exporters rely on it.
Value matchConstantType(OnnxNodeImporter &node, Value value, Type elementType) {
  if (elementTypeOf(value) == elementType)
    return value;
  auto type = RankedTensorType::get(
      cast<RankedTensorType>(value.getType()).getShape(), elementType);
  return node.createWithType<CastOp>(type, value);
}

template <BinaryKind kind>
LogicalResult convertBinary(OnnxNodeImporter &node) {
  // Max, Min and Sum are variadic: fold left.
  if (node.getNumInputs() < 1)
    return node.emitError() << "needs at least one input";
  FailureOr<Value> acc = node.requiredInput(0, "A");
  if (failed(acc))
    return failure();
  Value result = *acc;
  for (unsigned i = 1; i < node.getNumInputs(); ++i) {
    FailureOr<Value> next = node.requiredInput(i, "operand");
    if (failed(next))
      return failure();
    Value rhs = *next;
    if (kind == BinaryKind::pow)
      rhs = matchConstantType(node, rhs, elementTypeOf(result));
    if (!rhs)
      return failure();
    result = node.create<BinaryOp>(Type(), kind, result, rhs);
    if (!result)
      return failure();
  }
  node.setOutput(0, result);
  return success();
}

LogicalResult convertPow(OnnxNodeImporter &node) {
  // x^2 and x^0.5 are common (LayerNorm decomposed by exporters, RMSNorm):
  // a multiply and a square root are exact where pow is an approximation.
  DenseElementsAttr exponent = node.constantInput(1);
  Value x = node.input(0);
  if (x && exponent && exponent.getNumElements() == 1 &&
      isa<FloatType>(elementTypeOf(x))) {
    double e = isa<FloatType>(exponent.getElementType())
                   ? exponent.getSplatValue<APFloat>().convertToDouble()
                   : static_cast<double>(
                         exponent.getSplatValue<APInt>().getSExtValue());
    auto xType = cast<RankedTensorType>(x.getType());
    bool keepsShape = exponent.getType().getRank() <= xType.getRank();
    Value result;
    if (keepsShape && e == 2.0)
      result = node.create<BinaryOp>(Type(), BinaryKind::mul, x, x);
    else if (keepsShape && e == 0.5)
      result = node.create<UnaryOp>(Type(), UnaryKind::sqrt, x);
    if (result) {
      node.setOutput(0, result);
      return success();
    }
  }
  return convertBinary<BinaryKind::pow>(node);
}

template <UnaryKind kind>
LogicalResult convertUnary(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "X");
  if (failed(x))
    return failure();
  Value result = node.create<UnaryOp>(Type(), kind, *x);
  return node.setResult(result);
}

LogicalResult convertLeakyRelu(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "X");
  if (failed(x))
    return failure();
  Value result = node.create<LeakyReluOp>(
      Type(), *x, node.getBuilder().getF32FloatAttr(node.floatAttr("alpha", 0.01f)));
  return node.setResult(result);
}

LogicalResult convertHardSigmoid(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "X");
  if (failed(x))
    return failure();
  OpBuilder &b = node.getBuilder();
  Value result = node.create<HardSigmoidOp>(
      Type(), *x, b.getF32FloatAttr(node.floatAttr("alpha", 0.2f)),
      b.getF32FloatAttr(node.floatAttr("beta", 0.5f)));
  return node.setResult(result);
}

LogicalResult convertClip(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "input");
  if (failed(x))
    return failure();
  float lo = -std::numeric_limits<float>::infinity();
  float hi = std::numeric_limits<float>::infinity();
  if (node.getOpset() < 11) {
    lo = node.floatAttr("min", lo);
    hi = node.floatAttr("max", hi);
  } else {
    for (auto [index, bound, what] :
         {std::tuple{1u, &lo, "min"}, std::tuple{2u, &hi, "max"}}) {
      if (!node.hasInput(index))
        continue;
      FailureOr<SmallVector<double>> value = node.constantFloats(index, what);
      if (failed(value))
        return failure();
      if (value->size() != 1)
        return node.emitError() << "expects a scalar " << what;
      *bound = static_cast<float>((*value)[0]);
      // npu.clip holds f32 bounds: an integer bound f32 cannot represent
      // exactly would clip at another value.
      if (static_cast<double>(*bound) != (*value)[0] &&
          !isa<FloatType>(elementTypeOf(*x)))
        return node.unsupported("integer clip " + std::string(what) + " " +
                                std::to_string(static_cast<int64_t>((*value)[0])) +
                                " is not exactly representable in the f32 "
                                "bounds npu.clip holds");
    }
  }
  OpBuilder &b = node.getBuilder();
  Value result = node.create<ClipOp>(Type(), *x, b.getF32FloatAttr(lo),
                                     b.getF32FloatAttr(hi));
  return node.setResult(result);
}

LogicalResult convertElu(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "X");
  if (failed(x))
    return failure();
  // elu(x) = relu(x) + alpha * (exp(min(x, 0)) - 1)
  Type element = elementTypeOf(*x);
  int64_t rank = cast<RankedTensorType>(x->getType()).getRank();
  float alpha = node.floatAttr("alpha", 1.0f);
  Value zero = node.splatConstant(element, 0.0, rank);
  Value one = node.splatConstant(element, 1.0, rank);
  Value negative = node.create<BinaryOp>(Type(), BinaryKind::min, *x, zero);
  Value exp = negative ? node.create<UnaryOp>(Type(), UnaryKind::exp, negative) : Value();
  Value expm1 = exp ? node.create<BinaryOp>(Type(), BinaryKind::sub, exp, one) : Value();
  Value scaled = expm1 && alpha != 1.0f
                     ? node.create<BinaryOp>(Type(), BinaryKind::mul, expm1,
                                             node.splatConstant(element, alpha, rank))
                     : expm1;
  Value positive = node.create<UnaryOp>(Type(), UnaryKind::relu, *x);
  Value result = scaled && positive
                     ? node.create<BinaryOp>(Type(), BinaryKind::add, positive, scaled)
                     : Value();
  return node.setResult(result);
}

LogicalResult convertSoftplus(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "X");
  if (failed(x))
    return failure();
  // softplus(x) = log(exp(x) + 1), as the ONNX definition states it.
  Type element = elementTypeOf(*x);
  int64_t rank = cast<RankedTensorType>(x->getType()).getRank();
  Value exp = node.create<UnaryOp>(Type(), UnaryKind::exp, *x);
  Value plus = exp ? node.create<BinaryOp>(Type(), BinaryKind::add, exp,
                                           node.splatConstant(element, 1.0, rank))
                   : Value();
  Value result = plus ? node.create<UnaryOp>(Type(), UnaryKind::log, plus) : Value();
  return node.setResult(result);
}

LogicalResult convertIdentity(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "input");
  if (failed(x))
    return failure();
  node.setOutput(0, *x);
  return success();
}

LogicalResult convertDropout(OnnxNodeImporter &node) {
  // Inference: the identity. A training_mode input that is true (opset 12+)
  // would make it random: refuse that.
  if (node.hasInput(2)) {
    if (!node.constantInput(2))
      return node.unsupported("Dropout in training mode is not supported");
    DenseElementsAttr training =
        node.constantScalar(2, "training_mode", /*allowFloat=*/false);
    if (!training)
      return failure();
    if (training.getSplatValue<APInt>().getBoolValue())
      return node.unsupported("Dropout in training mode is not supported");
  }
  if (failed(convertIdentity(node)))
    return failure();
  // In inference the mask keeps everything: all true.
  if (node.getNumOutputs() > 1 && !node.getNode().output(1).empty()) {
    auto shape = cast<RankedTensorType>(node.input(0).getType()).getShape();
    auto maskType = RankedTensorType::get(shape, node.getBuilder().getI1Type());
    node.setOutput(1, node.constant(DenseElementsAttr::get(maskType, true)));
  }
  return success();
}

const OnnxConverter kConverters[] = {
    {"Add", 7, convertBinary<BinaryKind::add>, "numpy broadcasting"},
    {"Sub", 7, convertBinary<BinaryKind::sub>, "numpy broadcasting"},
    {"Mul", 7, convertBinary<BinaryKind::mul>, "numpy broadcasting"},
    {"Div", 7, convertBinary<BinaryKind::div>,
     "numpy broadcasting; integer division truncates"},
    {"Pow", 7, convertPow,
     "constant exponents 2 and 0.5 become multiply and sqrt"},
    {"Max", 8, convertBinary<BinaryKind::max>, "variadic"},
    {"Min", 8, convertBinary<BinaryKind::min>, "variadic"},
    {"Sum", 8, convertBinary<BinaryKind::add>, "variadic"},
    {"Relu", 1, convertUnary<UnaryKind::relu>, ""},
    {"Sigmoid", 1, convertUnary<UnaryKind::sigmoid>, ""},
    {"Tanh", 1, convertUnary<UnaryKind::tanh>, ""},
    {"Exp", 1, convertUnary<UnaryKind::exp>, ""},
    {"Log", 1, convertUnary<UnaryKind::log>, ""},
    {"Sqrt", 1, convertUnary<UnaryKind::sqrt>, ""},
    {"Reciprocal", 1, convertUnary<UnaryKind::reciprocal>, ""},
    {"Neg", 1, convertUnary<UnaryKind::neg>, ""},
    {"Abs", 1, convertUnary<UnaryKind::abs>, ""},
    {"Erf", 9, convertUnary<UnaryKind::erf>, ""},
    {"Sin", 7, convertUnary<UnaryKind::sin>, ""},
    {"Cos", 7, convertUnary<UnaryKind::cos>, ""},
    {"Floor", 1, convertUnary<UnaryKind::floor>, ""},
    {"Ceil", 1, convertUnary<UnaryKind::ceil>, ""},
    {"HardSwish", 14, convertUnary<UnaryKind::hard_swish>, ""},
    {"LeakyRelu", 1, convertLeakyRelu, ""},
    {"HardSigmoid", 1, convertHardSigmoid, ""},
    {"Clip", 1, convertClip,
     "bounds as attributes (< 11) or constant inputs (>= 11)"},
    {"Elu", 1, convertElu, "decomposed: relu(x) + alpha (exp(min(x, 0)) - 1)"},
    {"Softplus", 1, convertSoftplus, "decomposed: log(exp(x) + 1)"},
    {"Identity", 1, convertIdentity, ""},
    {"Dropout", 1, convertDropout,
     "inference only: the identity, and an all-true mask"},
};

} // namespace

ArrayRef<OnnxConverter> mlir::npu::onnx_import::getElementwiseConverters() {
  return kConverters;
}
