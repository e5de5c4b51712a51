//===- ConvertQuant.cpp - pre-quantized ONNX (QDQ, QLinear*, *Integer) ----===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// ONNX carries quantization as (integer tensor, scale, zero point) triples;
// the npu dialect carries it in the type, `!quant.uniform<i8:f32, s:zp>`.
// Every form maps onto the same ops:
//   QuantizeLinear / DequantizeLinear -> npu.quantize / npu.dequantize;
//   QLinearConv / QLinearMatMul -> conv2d / matmul on quantized operands whose
//     result type is the output's quantized type (requantization included);
//   ConvInteger / MatMulInteger -> the same with scale 1 and an i32 result,
//     since sum((a - za)(b - zb)) is exactly what a quantized product
//     accumulates.
// Integer tensors that are not yet quantized-typed (weights, raw uint8
// inputs) take their quantized type from a constant of the same bytes or,
// at run time, from `quant.scast`, which reinterprets storage.
//
//===----------------------------------------------------------------------===//

#include "OnnxNodeImporter.h"

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::onnx_import;

namespace {

/// The quantized type described by a (scale, zero point) input pair.
/// `storageHint` is used when the zero point is absent (QuantizeLinear's
/// default is uint8).
FailureOr<quant::QuantizedType>
readQuantizedType(OnnxNodeImporter &node, unsigned scaleIndex,
                  unsigned zeroPointIndex, Type storageHint, int64_t axis,
                  int64_t rank, StringRef what) {
  FailureOr<SmallVector<double>> scales =
      node.constantFloats(scaleIndex, (what + " scale").str());
  if (failed(scales))
    return failure();
  SmallVector<int64_t> zeroPoints(scales->size(), 0);
  Type storage = storageHint;
  if (node.hasInput(zeroPointIndex)) {
    DenseElementsAttr zp = node.constantInput(zeroPointIndex);
    if (!zp || !isa<IntegerType>(zp.getElementType()))
      return node.emitError() << "needs a constant integer " << what
                              << " zero point";
    storage = zp.getElementType();
    zeroPoints.clear();
    for (const APInt &v : zp.getValues<APInt>())
      zeroPoints.push_back(cast<IntegerType>(storage).isUnsigned()
                               ? static_cast<int64_t>(v.getZExtValue())
                               : v.getSExtValue());
    if (zeroPoints.size() != scales->size())
      return node.emitError() << "has " << scales->size() << " " << what
                              << " scales but " << zeroPoints.size()
                              << " zero points";
  }
  // The storage type (the zero point's, else the caller's hint): ONNX
  // quantizes to 4-, 8-, 16- and 32-bit integers; anything else would not
  // fit the range arithmetic below.
  auto intType = dyn_cast<IntegerType>(storage);
  if (!intType || intType.getWidth() < 2 || intType.getWidth() > 32)
    return node.emitError() << what << ": storage type " << storage
                            << " is not an integer of 2 to 32 bits";
  bool isSigned = !intType.isUnsigned();
  unsigned width = intType.getWidth();
  int64_t lo = isSigned ? -(int64_t{1} << (width - 1)) : 0;
  int64_t hi = isSigned ? (int64_t{1} << (width - 1)) - 1 : (int64_t{1} << width) - 1;
  Type signless = IntegerType::get(node.getContext(), width);
  Type expressed = Float32Type::get(node.getContext());
  unsigned flags = isSigned ? quant::QuantizationFlags::Signed : 0;
  auto emit = [&] { return node.emitError() << what << ": "; };
  if (scales->size() == 1) {
    quant::QuantizedType type = quant::UniformQuantizedType::getChecked(
        emit, flags, signless, expressed, (*scales)[0], zeroPoints[0], lo, hi);
    if (!type)
      return failure();
    return type;
  }
  FailureOr<int64_t> quantAxis = normalizeAxis(node, axis, rank);
  if (failed(quantAxis))
    return failure();
  quant::QuantizedType type = quant::UniformQuantizedPerAxisType::getChecked(
      emit, flags, signless, expressed, *scales, zeroPoints,
      static_cast<int32_t>(*quantAxis), lo, hi);
  if (!type)
    return failure();
  return type;
}

/// `value` (integer storage, or already quantized) as a tensor of `type`.
Value asQuantized(OnnxNodeImporter &node, Value value,
                  quant::QuantizedType type) {
  auto tensorType = cast<RankedTensorType>(value.getType());
  auto target = RankedTensorType::get(tensorType.getShape(), type);
  if (tensorType == target)
    return value;
  OpBuilder &b = node.getBuilder();
  Type signless = type.getStorageType();
  // A constant: the same bytes, seen with the quantized type.
  Attribute attr;
  if (matchPattern(value, m_Constant(&attr)) &&
      isa<IntegerType>(tensorType.getElementType())) {
    auto storageType = RankedTensorType::get(tensorType.getShape(), signless);
    ElementsAttr storage;
    if (auto dense = dyn_cast<DenseElementsAttr>(attr))
      storage = dense.bitcast(signless);
    else if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr))
      storage = DenseResourceElementsAttr::get(storageType, resource.getRawHandle());
    if (storage && cast<IntegerType>(tensorType.getElementType()).getWidth() ==
                       cast<IntegerType>(signless).getWidth())
      return ConstantOp::create(b, node.getLoc(), target, storage);
  }
  // At run time: reinterpret the storage. A ui8 tensor is first bitcast to
  // the signless storage type; a tensor quantized with other parameters goes
  // through its storage.
  auto storageType = RankedTensorType::get(tensorType.getShape(), signless);
  Value storageValue = value;
  if (isa<quant::QuantizedType>(tensorType.getElementType()))
    storageValue =
        quant::StorageCastOp::create(b, node.getLoc(), storageType, value);
  else if (!tensorType.getElementType().isSignlessInteger())
    storageValue = tensor::BitcastOp::create(b, node.getLoc(), storageType, value);
  return quant::StorageCastOp::create(b, node.getLoc(), target, storageValue);
}

LogicalResult convertQuantizeLinear(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "x");
  if (failed(x))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  FailureOr<quant::QuantizedType> qType = readQuantizedType(
      node, 1, 2, IntegerType::get(node.getContext(), 8, IntegerType::Unsigned),
      node.intAttr("axis", 1), type.getRank(), "output");
  if (failed(qType))
    return failure();
  Value input = *x;
  if (type.getElementType() != qType->getExpressedType())
    input = node.createWithType<CastOp>(
        RankedTensorType::get(type.getShape(), qType->getExpressedType()), input);
  Value result = input ? node.createWithType<QuantizeOp>(
                             RankedTensorType::get(type.getShape(), *qType), input)
                       : Value();
  return node.setResult(result);
}

LogicalResult convertDequantizeLinear(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "x");
  if (failed(x))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  Type storageHint = type.getElementType();
  if (auto q = dyn_cast<quant::QuantizedType>(storageHint))
    storageHint = IntegerType::get(node.getContext(), q.getStorageTypeIntegralWidth(),
                                   q.isSigned() ? IntegerType::Signless
                                                : IntegerType::Unsigned);
  FailureOr<quant::QuantizedType> qType = readQuantizedType(
      node, 1, 2, storageHint, node.intAttr("axis", 1), type.getRank(), "input");
  if (failed(qType))
    return failure();
  Value quantized = asQuantized(node, *x, *qType);
  Value result = node.createWithType<DequantizeOp>(
      RankedTensorType::get(type.getShape(), qType->getExpressedType()), quantized);
  return node.setResult(result);
}

LogicalResult convertQLinearConv(OnnxNodeImporter &node) {
  // (x, x_scale, x_zp, w, w_scale, w_zp, y_scale, y_zp, B)
  FailureOr<Value> x = node.requiredInput(0, "x");
  FailureOr<Value> w = node.requiredInput(3, "w");
  if (failed(x) || failed(w))
    return failure();
  auto xType = cast<RankedTensorType>(x->getType());
  auto wType = cast<RankedTensorType>(w->getType());
  auto storageOf = [](RankedTensorType t) { return t.getElementType(); };
  FailureOr<quant::QuantizedType> xq =
      readQuantizedType(node, 1, 2, storageOf(xType), 0, xType.getRank(), "x");
  FailureOr<quant::QuantizedType> wq =
      readQuantizedType(node, 4, 5, storageOf(wType), 0, wType.getRank(), "w");
  FailureOr<quant::QuantizedType> yq = readQuantizedType(
      node, 6, 7, storageOf(xType), 1, xType.getRank(), "y");
  if (failed(xq) || failed(wq) || failed(yq))
    return failure();
  Value result = buildConvolution(node, asQuantized(node, *x, *xq),
                                  asQuantized(node, *w, *wq), node.input(8), *yq);
  return node.setResult(result);
}

LogicalResult convertQLinearMatMul(OnnxNodeImporter &node) {
  // (a, a_scale, a_zp, b, b_scale, b_zp, y_scale, y_zp)
  FailureOr<Value> a = node.requiredInput(0, "a");
  FailureOr<Value> bv = node.requiredInput(3, "b");
  if (failed(a) || failed(bv))
    return failure();
  auto aType = cast<RankedTensorType>(a->getType());
  auto bType = cast<RankedTensorType>(bv->getType());
  FailureOr<quant::QuantizedType> aq = readQuantizedType(
      node, 1, 2, aType.getElementType(), 0, aType.getRank(), "a");
  FailureOr<quant::QuantizedType> bq = readQuantizedType(
      node, 4, 5, bType.getElementType(), -1, bType.getRank(), "b");
  FailureOr<quant::QuantizedType> yq = readQuantizedType(
      node, 6, 7, aType.getElementType(), 0, aType.getRank(), "y");
  if (failed(aq) || failed(bq) || failed(yq))
    return failure();
  Value result = node.create<MatMulOp>(*yq, asQuantized(node, *a, *aq),
                                       asQuantized(node, *bv, *bq));
  return node.setResult(result);
}

/// The unit-scale quantized type of an integer input with an optional zero
/// point (ConvInteger / MatMulInteger).
FailureOr<quant::QuantizedType> unitScaleType(OnnxNodeImporter &node,
                                              Value value,
                                              unsigned zeroPointIndex,
                                              int64_t axis) {
  auto type = cast<RankedTensorType>(value.getType());
  auto storage = dyn_cast<IntegerType>(type.getElementType());
  if (!storage || storage.getWidth() != 8)
    return node.emitError() << "expects 8-bit integer operands, got "
                            << type.getElementType();
  bool isSigned = !storage.isUnsigned();
  SmallVector<int64_t> zeroPoints{0};
  if (node.hasInput(zeroPointIndex)) {
    DenseElementsAttr zp = node.constantInput(zeroPointIndex);
    if (!zp || !isa<IntegerType>(zp.getElementType()))
      return node.emitError() << "needs constant integer zero points";
    zeroPoints.clear();
    for (const APInt &v : zp.getValues<APInt>())
      zeroPoints.push_back(isSigned ? v.getSExtValue()
                                    : static_cast<int64_t>(v.getZExtValue()));
  }
  Type signless = IntegerType::get(node.getContext(), 8);
  Type expressed = Float32Type::get(node.getContext());
  unsigned flags = isSigned ? quant::QuantizationFlags::Signed : 0;
  int64_t lo = isSigned ? -128 : 0, hi = isSigned ? 127 : 255;
  auto emit = [&] { return node.emitError(); };
  if (zeroPoints.size() == 1) {
    quant::QuantizedType t = quant::UniformQuantizedType::getChecked(
        emit, flags, signless, expressed, 1.0, zeroPoints[0], lo, hi);
    if (!t)
      return failure();
    return t;
  }
  SmallVector<double> scales(zeroPoints.size(), 1.0);
  FailureOr<int64_t> quantAxis = normalizeAxis(node, axis, type.getRank());
  if (failed(quantAxis))
    return failure();
  quant::QuantizedType t = quant::UniformQuantizedPerAxisType::getChecked(
      emit, flags, signless, expressed, scales, zeroPoints,
      static_cast<int32_t>(*quantAxis), lo, hi);
  if (!t)
    return failure();
  return t;
}

LogicalResult convertMatMulInteger(OnnxNodeImporter &node) {
  FailureOr<Value> a = node.requiredInput(0, "A");
  FailureOr<Value> bv = node.requiredInput(1, "B");
  if (failed(a) || failed(bv))
    return failure();
  FailureOr<quant::QuantizedType> aq = unitScaleType(node, *a, 2, -2);
  FailureOr<quant::QuantizedType> bq = unitScaleType(node, *bv, 3, -1);
  if (failed(aq) || failed(bq))
    return failure();
  Value result = node.create<MatMulOp>(node.getBuilder().getI32Type(),
                                       asQuantized(node, *a, *aq),
                                       asQuantized(node, *bv, *bq));
  return node.setResult(result);
}

LogicalResult convertConvInteger(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "x");
  FailureOr<Value> w = node.requiredInput(1, "w");
  if (failed(x) || failed(w))
    return failure();
  FailureOr<quant::QuantizedType> xq = unitScaleType(node, *x, 2, 0);
  FailureOr<quant::QuantizedType> wq = unitScaleType(node, *w, 3, 0);
  if (failed(xq) || failed(wq))
    return failure();
  Value result = buildConvolution(node, asQuantized(node, *x, *xq),
                                  asQuantized(node, *w, *wq), Value(),
                                  node.getBuilder().getI32Type());
  return node.setResult(result);
}

const OnnxConverter kConverters[] = {
    {"QuantizeLinear", 10, convertQuantizeLinear,
     "per tensor; per axis from opset 13; int8 and uint8"},
    {"DequantizeLinear", 10, convertDequantizeLinear,
     "per tensor; per axis from opset 13; int8, uint8 and int32"},
    {"QLinearConv", 10, convertQLinearConv,
     "per-tensor or per-channel weights, int32 bias"},
    {"QLinearMatMul", 10, convertQLinearMatMul, "per-tensor"},
    {"MatMulInteger", 10, convertMatMulInteger, "8-bit operands, i32 result"},
    {"ConvInteger", 10, convertConvInteger, "8-bit operands, i32 result"},
};

} // namespace

Value mlir::npu::onnx_import::quantizedToStorage(OpBuilder &b, Location loc,
                                                 Value value,
                                                 Type declaredElementType) {
  auto type = cast<RankedTensorType>(value.getType());
  auto quantized = dyn_cast<quant::QuantizedType>(type.getElementType());
  if (!quantized)
    return value;
  auto storageType =
      RankedTensorType::get(type.getShape(), quantized.getStorageType());
  Value storage = quant::StorageCastOp::create(b, loc, storageType, value);
  if (declaredElementType && declaredElementType != storageType.getElementType())
    storage = tensor::BitcastOp::create(
        b, loc, RankedTensorType::get(type.getShape(), declaredElementType),
        storage);
  return storage;
}

ArrayRef<OnnxConverter> mlir::npu::onnx_import::getQuantConverters() {
  return kConverters;
}
