//===- OnnxNodeImporter.cpp - converter-facing view of one ONNX node ------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "OnnxGraphImporter.h"

#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::onnx_import;

InFlightDiagnostic OnnxNodeImporter::emitError() {
  return mlir::emitError(loc) << "'" << (node.name().empty() ? node.op_type() : node.name())
                              << "' (" << node.op_type() << "): ";
}

LogicalResult OnnxNodeImporter::unsupported(const Twine &what) {
  // A fixed marker: tools (the conformance runner) tell a form npu-mlir does
  // not support from a malformed model by it.
  return emitError() << "unsupported: " << what;
}

bool OnnxNodeImporter::hasInput(unsigned i) const {
  return i < static_cast<unsigned>(node.input_size()) && !node.input(i).empty() &&
         !graph.isEmptyTensor(node.input(i));
}

void OnnxNodeImporter::setOutputEmpty(unsigned i) {
  if (i < static_cast<unsigned>(node.output_size()) && !node.output(i).empty())
    graph.markEmptyTensor(node.output(i));
}

Value OnnxNodeImporter::input(unsigned i) {
  if (!hasInput(i))
    return {};
  Value value = graph.lookup(node.input(i));
  // A failed initializer has reported its own error already.
  if (!value && !graph.isInitializer(node.input(i)))
    emitError() << "input " << i << " ('" << node.input(i)
                << "') is not available: it is an optional output of an "
                   "earlier node that npu-mlir does not compute";
  return value;
}

FailureOr<Value> OnnxNodeImporter::requiredInput(unsigned i, StringRef what) {
  if (!hasInput(i))
    return emitError() << "is missing its " << what << " input (#" << i << ")";
  Value value = input(i);
  if (!value)
    return failure();
  return value;
}

DenseElementsAttr OnnxNodeImporter::constantInput(unsigned i) {
  Value value = input(i);
  Attribute attr;
  if (!value || !matchPattern(value, m_Constant(&attr)))
    return {};
  if (auto dense = dyn_cast<DenseElementsAttr>(attr))
    return dense;
  // A large initializer lives in a resource blob; parameters read at import
  // (BatchNorm statistics of 1280 channels, say) are decoded from it.
  auto resource = dyn_cast<DenseResourceElementsAttr>(attr);
  if (!resource || !resource.getRawHandle().getBlob())
    return {};
  auto type = cast<ShapedType>(resource.getType());
  if (!type.getElementType().isIntOrFloat() || type.getElementType().isInteger(1) ||
      type.getNumElements() > (int64_t{1} << 24))
    return {};
  ArrayRef<char> bytes = resource.getRawHandle().getBlob()->getData();
  bool isSplat = false;
  if (!DenseElementsAttr::isValidRawBuffer(type, bytes, isSplat))
    return {};
  return DenseElementsAttr::getFromRawBuffer(type, bytes);
}

FailureOr<SmallVector<int64_t>> OnnxNodeImporter::constantInts(unsigned i,
                                                               StringRef what) {
  DenseElementsAttr attr = constantInput(i);
  if (!attr || !isa<IntegerType>(attr.getElementType())) {
    if (hasInput(i) && !input(i))
      return failure();
    return emitError() << "needs its " << what << " input (#" << i
                       << ") to be known at compile time; it is computed "
                          "at run time here (npu-mlir compiles static "
                          "shapes: fix the model's input shapes with "
                          "--input-shape)";
  }
  SmallVector<int64_t> values;
  for (const APInt &v : attr.getValues<APInt>())
    values.push_back(v.getSExtValue());
  return values;
}

DenseElementsAttr OnnxNodeImporter::constantScalar(unsigned i, StringRef what,
                                                   bool allowFloat) {
  DenseElementsAttr attr = constantInput(i);
  if (!attr) {
    if (!(hasInput(i) && !input(i))) // else reported already
      emitError() << "needs its " << what << " input (#" << i
                  << ") to be a constant";
    return nullptr;
  }
  Type element = attr.getElementType();
  if (!isa<IntegerType>(element) && !(allowFloat && isa<FloatType>(element))) {
    emitError() << "expects its " << what << " input (#" << i << ") to be "
                << (allowFloat ? "a number" : "an integer") << ", got "
                << element;
    return nullptr;
  }
  if (attr.getNumElements() != 1) {
    emitError() << "expects its " << what << " input (#" << i
                << ") to be a scalar; it has " << attr.getNumElements()
                << " elements";
    return nullptr;
  }
  return attr;
}

FailureOr<SmallVector<double>> OnnxNodeImporter::constantFloats(unsigned i,
                                                                StringRef what) {
  DenseElementsAttr attr = constantInput(i);
  if (!attr)
    return emitError() << "needs its " << what << " input (#" << i
                       << ") to be a constant";
  SmallVector<double> values;
  if (isa<FloatType>(attr.getElementType())) {
    for (const APFloat &v : attr.getValues<APFloat>())
      values.push_back(v.convertToDouble() /* exact for f16/f32 */);
  } else {
    for (const APInt &v : attr.getValues<APInt>())
      values.push_back(static_cast<double>(v.getSExtValue()));
  }
  return values;
}

const onnx::AttributeProto *OnnxNodeImporter::findAttr(StringRef name) const {
  for (const onnx::AttributeProto &attr : node.attribute())
    if (attr.name() == name)
      return &attr;
  return nullptr;
}

int64_t OnnxNodeImporter::intAttr(StringRef name, int64_t defaultValue) const {
  const onnx::AttributeProto *attr = findAttr(name);
  return attr ? attr->i() : defaultValue;
}

float OnnxNodeImporter::floatAttr(StringRef name, float defaultValue) const {
  const onnx::AttributeProto *attr = findAttr(name);
  return attr ? attr->f() : defaultValue;
}

std::string OnnxNodeImporter::stringAttr(StringRef name,
                                         StringRef defaultValue) const {
  const onnx::AttributeProto *attr = findAttr(name);
  return attr ? attr->s() : defaultValue.str();
}

SmallVector<int64_t>
OnnxNodeImporter::intsAttr(StringRef name, ArrayRef<int64_t> defaultValue) const {
  const onnx::AttributeProto *attr = findAttr(name);
  if (!attr)
    return SmallVector<int64_t>(defaultValue);
  return SmallVector<int64_t>(attr->ints().begin(), attr->ints().end());
}

SmallVector<float> OnnxNodeImporter::floatsAttr(StringRef name) const {
  const onnx::AttributeProto *attr = findAttr(name);
  if (!attr)
    return {};
  return SmallVector<float>(attr->floats().begin(), attr->floats().end());
}

Value OnnxNodeImporter::constant(ElementsAttr value) {
  return ConstantOp::create(graph.getConstantBuilder(), loc, value);
}

Value OnnxNodeImporter::constantI64(ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    builder.getI64Type());
  return constant(DenseIntElementsAttr::get(type, values));
}

Value OnnxNodeImporter::splatConstant(Type elementType, double value,
                                      int64_t rank) {
  auto type = RankedTensorType::get(SmallVector<int64_t>(rank, 1), elementType);
  Attribute scalar;
  if (auto floatType = dyn_cast<FloatType>(elementType))
    scalar = FloatAttr::get(floatType, value);
  else
    scalar = IntegerAttr::get(elementType, static_cast<int64_t>(value));
  return constant(DenseElementsAttr::get(type, scalar));
}

Value OnnxNodeImporter::reshape(Value value, ArrayRef<int64_t> shape) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getShape() == shape)
    return value;
  return createWithType<ReshapeOp>(
      RankedTensorType::get(shape, type.getElementType()), value);
}

void OnnxNodeImporter::setOutput(unsigned i, Value value) {
  if (i < static_cast<unsigned>(node.output_size()) && !node.output(i).empty())
    graph.bind(node.output(i), value);
}

LogicalResult OnnxNodeImporter::verifyNew(Operation *op) {
  // Verify just this op (its operands are already verified values).
  return verify(op, /*verifyRecursively=*/false);
}

Value OnnxNodeImporter::foldIfConstant(Operation *op) {
  SmallVector<Attribute> operands;
  for (Value operand : op->getOperands()) {
    Attribute attr;
    if (!matchPattern(operand, m_Constant(&attr)))
      return op->getResult(0);
    operands.push_back(attr);
  }
  SmallVector<OpFoldResult> folded;
  if (failed(op->fold(operands, folded)) || folded.size() != 1)
    return op->getResult(0);
  if (auto value = dyn_cast<Value>(folded.front())) {
    op->erase();
    return value;
  }
  auto attr = dyn_cast<ElementsAttr>(cast<Attribute>(folded.front()));
  if (!attr)
    return op->getResult(0);
  auto type = cast<RankedTensorType>(op->getResult(0).getType());
  op->erase();
  return ConstantOp::create(graph.getConstantBuilder(), loc, type, attr);
}

FailureOr<int64_t> mlir::npu::onnx_import::normalizeAxis(OnnxNodeImporter &node,
                                                         int64_t axis,
                                                         int64_t rank,
                                                         StringRef what) {
  int64_t normalized = axis < 0 ? axis + rank : axis;
  if (normalized < 0 || normalized >= rank)
    return node.emitError() << what << " " << axis << " is out of range for rank "
                            << rank;
  return normalized;
}
