//===- ConvertConstantOnly.cpp - ops evaluated at import time -------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Exporters build index and shape tensors with ops the NPU has no use for at
// run time: PyTorch's `expand` emits Equal/Where over a shape, RoBERTa-style
// position ids are CumSum(ConstantOfShape(Shape(ids))). With static shapes
// their inputs are constants, so the importer evaluates them and the graph
// keeps only the result. With a run-time input they are refused, naming the
// node, rather than mis-compiled.
//
//===----------------------------------------------------------------------===//

#include "OnnxNodeImporter.h"

#include "dialects/npu/NpuSemantics.h"

#include "mlir/Dialect/Traits.h"

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::onnx_import;

namespace {

/// The constant inputs, or an error naming the first run-time one.
FailureOr<SmallVector<DenseElementsAttr>> constantInputs(OnnxNodeImporter &node,
                                                         unsigned count) {
  SmallVector<DenseElementsAttr> inputs;
  for (unsigned i = 0; i < count; ++i) {
    if (!node.hasInput(i))
      return node.emitError() << "is missing input " << i;
    DenseElementsAttr value = node.constantInput(i);
    if (!value) {
      if (!node.input(i))
        return failure();
      return node.unsupported(
          "is evaluated at import and needs constant inputs, but input " +
          Twine(i) + " ('" + node.getNode().input(i) +
          "') is computed at run time");
    }
    inputs.push_back(value);
  }
  return inputs;
}

FailureOr<SmallVector<int64_t>> broadcastShapes(OnnxNodeImporter &node,
                                                ArrayRef<DenseElementsAttr> inputs) {
  SmallVector<int64_t> shape;
  for (DenseElementsAttr input : inputs) {
    SmallVector<int64_t> next;
    if (!OpTrait::util::getBroadcastedShape(shape, input.getType().getShape(), next))
      return node.emitError() << "has inputs that do not broadcast";
    shape = next;
  }
  return shape;
}

LogicalResult convertEqual(OnnxNodeImporter &node) {
  FailureOr<SmallVector<DenseElementsAttr>> inputs = constantInputs(node, 2);
  if (failed(inputs))
    return failure();
  FailureOr<SmallVector<int64_t>> shape = broadcastShapes(node, *inputs);
  if (failed(shape))
    return failure();
  DenseElementsAttr a = (*inputs)[0], b = (*inputs)[1];
  if (a.getElementType() != b.getElementType())
    return node.emitError() << "compares different element types";
  auto type = RankedTensorType::get(*shape, node.getBuilder().getI1Type());
  SmallVector<bool> values;
  bool isFloat = isa<FloatType>(a.getElementType());
  auto av = a.getValues<Attribute>(), bv = b.getValues<Attribute>();
  for (int64_t i = 0, e = type.getNumElements(); i < e; ++i) {
    Attribute x = av[broadcastIndex(i, *shape, a.getType().getShape())];
    Attribute y = bv[broadcastIndex(i, *shape, b.getType().getShape())];
    values.push_back(isFloat ? cast<FloatAttr>(x).getValue().compare(
                                   cast<FloatAttr>(y).getValue()) ==
                                   APFloat::cmpEqual
                             : cast<IntegerAttr>(x).getValue() ==
                                   cast<IntegerAttr>(y).getValue());
  }
  node.setOutput(0, node.constant(DenseElementsAttr::get(type, values)));
  return success();
}

LogicalResult convertWhere(OnnxNodeImporter &node) {
  FailureOr<SmallVector<DenseElementsAttr>> inputs = constantInputs(node, 3);
  if (failed(inputs))
    return failure();
  FailureOr<SmallVector<int64_t>> shape = broadcastShapes(node, *inputs);
  if (failed(shape))
    return failure();
  DenseElementsAttr cond = (*inputs)[0], x = (*inputs)[1], y = (*inputs)[2];
  if (!cond.getElementType().isInteger(1) ||
      x.getElementType() != y.getElementType())
    return node.emitError() << "expects a bool condition and two values of "
                               "one type";
  auto type = RankedTensorType::get(*shape, x.getElementType());
  SmallVector<Attribute> values;
  auto c = cond.getValues<bool>();
  auto xv = x.getValues<Attribute>(), yv = y.getValues<Attribute>();
  for (int64_t i = 0, e = type.getNumElements(); i < e; ++i)
    values.push_back(c[broadcastIndex(i, *shape, cond.getType().getShape())]
                         ? xv[broadcastIndex(i, *shape, x.getType().getShape())]
                         : yv[broadcastIndex(i, *shape, y.getType().getShape())]);
  node.setOutput(0, node.constant(DenseElementsAttr::get(type, values)));
  return success();
}

LogicalResult convertCumSum(OnnxNodeImporter &node) {
  FailureOr<SmallVector<DenseElementsAttr>> inputs = constantInputs(node, 2);
  if (failed(inputs))
    return failure();
  DenseElementsAttr x = (*inputs)[0];
  if (!isa<IntegerType>(x.getElementType()))
    return node.unsupported("is evaluated at import for integer tensors "
                            "(position ids) only");
  DenseElementsAttr axisAttr = node.constantScalar(1, "axis", /*allowFloat=*/false);
  if (!axisAttr)
    return failure();
  ArrayRef<int64_t> shape = x.getType().getShape();
  FailureOr<int64_t> axis = normalizeAxis(
      node, axisAttr.getSplatValue<APInt>().getSExtValue(), shape.size());
  if (failed(axis))
    return failure();
  if (x.getNumElements() == 0) { // nothing to sum
    node.setOutput(0, node.constant(x));
    return success();
  }
  bool exclusive = node.intAttr("exclusive", 0), reverse = node.intAttr("reverse", 0);
  SmallVector<APInt> values = llvm::to_vector(x.getValues<APInt>());
  int64_t inner = 1;
  for (size_t d = *axis + 1; d < shape.size(); ++d)
    inner *= shape[d];
  int64_t length = shape[*axis];
  int64_t outer = x.getNumElements() / (inner * length);
  SmallVector<APInt> result(values);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i) {
      APInt sum(values.front().getBitWidth(), 0);
      for (int64_t k = 0; k < length; ++k) {
        int64_t j = reverse ? length - 1 - k : k;
        int64_t index = (o * length + j) * inner + i;
        if (exclusive) {
          result[index] = sum;
          sum += values[index];
        } else {
          sum += values[index];
          result[index] = sum;
        }
      }
    }
  node.setOutput(0, node.constant(DenseElementsAttr::get(x.getType(), result)));
  return success();
}

const OnnxConverter kConverters[] = {
    {"Equal", 7, convertEqual, "evaluated at import: constant inputs only"},
    {"Where", 9, convertWhere, "evaluated at import: constant inputs only"},
    {"CumSum", 11, convertCumSum,
     "evaluated at import: constant integer inputs (position ids) only"},
};

} // namespace

ArrayRef<OnnxConverter> mlir::npu::onnx_import::getConstantOnlyConverters() {
  return kConverters;
}
