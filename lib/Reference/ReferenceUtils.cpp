//===- ReferenceUtils.cpp - compute domains, quantization, constants ------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "ReferenceUtils.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/APFloat.h"

#include <cfenv>
#include <cmath>
#include <cstring>

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::reference;

QuantParams mlir::npu::reference::quantParams(quant::QuantizedType type,
                                              int64_t channel) {
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(type))
    return {perAxis.getScales()[channel], perAxis.getZeroPoints()[channel]};
  auto uniform = cast<quant::UniformQuantizedType>(type);
  return {uniform.getScale(), uniform.getZeroPoint()};
}

int64_t mlir::npu::reference::quantizedAxis(quant::QuantizedType type) {
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(type))
    return perAxis.getQuantizedDimension();
  return -1;
}

RankedTensorType mlir::npu::reference::computeType(RankedTensorType type) {
  if (auto quantized = dyn_cast<quant::QuantizedType>(type.getElementType()))
    return RankedTensorType::get(type.getShape(), quantized.getExpressedType());
  return type;
}

/// The channel of element `index` along `axis` of `shape` (0 if axis < 0).
static int64_t channelOf(int64_t index, ArrayRef<int64_t> shape, int64_t axis) {
  if (axis < 0)
    return 0;
  int64_t inner = 1;
  for (size_t d = axis + 1; d < shape.size(); ++d)
    inner *= shape[d];
  return (index / inner) % shape[axis];
}

Tensor mlir::npu::reference::toCompute(const Tensor &tensor) {
  auto quantized = dyn_cast<quant::QuantizedType>(tensor.getElementType());
  if (!quantized)
    return tensor;
  Tensor result(computeType(tensor.getType()));
  int64_t axis = quantizedAxis(quantized);
  for (int64_t i = 0, e = tensor.getNumElements(); i < e; ++i) {
    QuantParams p = quantParams(quantized, channelOf(i, tensor.getShape(), axis));
    result.floats()[i] = (tensor.ints()[i] - p.zeroPoint) * p.scale;
  }
  result.roundToType();
  return result;
}

int64_t mlir::npu::reference::quantizeValue(double x, QuantParams params,
                                            int64_t lo, int64_t hi) {
  return npu::quantizeValue(x, params.scale, params.zeroPoint, lo, hi);
}

Tensor mlir::npu::reference::fromCompute(Tensor computed,
                                         RankedTensorType resultType) {
  auto quantized = dyn_cast<quant::QuantizedType>(resultType.getElementType());
  if (!quantized) {
    Tensor result = std::move(computed);
    if (result.getType() != resultType) {
      // Same store, new type (e.g. the compute type of a float result).
      Tensor typed(resultType);
      if (typed.isFloat())
        typed.floats() = std::move(result.floats());
      else
        typed.ints() = std::move(result.ints());
      result = std::move(typed);
    }
    result.roundToType();
    return result;
  }
  Tensor result(resultType);
  int64_t axis = quantizedAxis(quantized);
  int64_t lo = quantized.getStorageTypeMin(), hi = quantized.getStorageTypeMax();
  assert(std::fegetround() == FE_TONEAREST && "nearbyint must round to even");
  for (int64_t i = 0, e = result.getNumElements(); i < e; ++i)
    result.ints()[i] = quantizeValue(
        computed.getAsDouble(i),
        quantParams(quantized, channelOf(i, resultType.getShape(), axis)), lo, hi);
  return result;
}

/// Decodes little-endian raw bytes of `elementType` into the tensor's store.
static LogicalResult decodeRaw(ArrayRef<char> bytes, Type storageType,
                               Tensor &tensor, Operation *op) {
  int64_t count = tensor.getNumElements();
  auto read = [&](auto sample, auto store) -> LogicalResult {
    using T = decltype(sample);
    if (static_cast<int64_t>(bytes.size()) != count * static_cast<int64_t>(sizeof(T)))
      return op->emitOpError("constant holds ")
             << bytes.size() << " bytes for " << count << " elements of "
             << storageType;
    for (int64_t i = 0; i < count; ++i) {
      T value;
      std::memcpy(&value, bytes.data() + i * sizeof(T), sizeof(T));
      store(i, value);
    }
    return success();
  };
  auto toFloat = [&](int64_t i, auto v) { tensor.floats()[i] = static_cast<double>(v); };
  auto toInt = [&](int64_t i, auto v) { tensor.ints()[i] = static_cast<int64_t>(v); };
  if (storageType.isF32())
    return read(float(), toFloat);
  if (storageType.isF64())
    return read(double(), toFloat);
  if (storageType.isF16() || storageType.isBF16()) {
    const llvm::fltSemantics &semantics =
        cast<FloatType>(storageType).getFloatSemantics();
    return read(uint16_t(), [&](int64_t i, uint16_t bits) {
      llvm::APFloat f(semantics, llvm::APInt(16, bits));
      tensor.floats()[i] = f.convertToDouble();
    });
  }
  auto integer = dyn_cast<IntegerType>(storageType);
  if (!integer)
    return op->emitOpError("cannot evaluate constants of type ") << storageType;
  switch (integer.getWidth()) {
  case 8:
    return integer.isUnsigned() ? read(uint8_t(), toInt) : read(int8_t(), toInt);
  case 16:
    return read(int16_t(), toInt);
  case 32:
    return read(int32_t(), toInt);
  case 64:
    return read(int64_t(), toInt);
  default:
    return op->emitOpError("cannot evaluate constants of type ") << storageType;
  }
}

FailureOr<Tensor> mlir::npu::reference::tensorFromElements(ElementsAttr value,
                                                           RankedTensorType type,
                                                           Operation *op) {
  Tensor tensor(type);
  Type storageType = type.getElementType();
  if (auto quantized = dyn_cast<quant::QuantizedType>(storageType))
    storageType = value.getElementType(); // the stored integers
  if (auto dense = dyn_cast<DenseElementsAttr>(value)) {
    if (isa<FloatType>(storageType)) {
      int64_t i = 0;
      for (const APFloat &v : dense.getValues<APFloat>())
        tensor.floats()[i++] = v.convertToDouble();
    } else {
      bool isUnsigned = cast<IntegerType>(storageType).isUnsigned() ||
                        storageType.isInteger(1);
      int64_t i = 0;
      for (const APInt &v : dense.getValues<APInt>())
        tensor.ints()[i++] = isUnsigned ? static_cast<int64_t>(v.getZExtValue())
                                        : v.getSExtValue();
    }
    if (isa<quant::QuantizedType>(type.getElementType()) &&
        cast<IntegerType>(storageType).isUnsigned() == false &&
        !cast<quant::QuantizedType>(type.getElementType()).isSigned())
      for (int64_t &v : tensor.ints()) // u8 storage held in signless i8
        v = wrapToInteger(v, cast<IntegerType>(storageType).getWidth(), true);
    return tensor;
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return op->emitOpError("constant '")
             << resource.getRawHandle().getKey()
             << "' has no data (was the resource elided when the IR was "
                "printed?)";
    if (failed(decodeRaw(blob->getData(), storageType, tensor, op)))
      return failure();
    if (auto quantized = dyn_cast<quant::QuantizedType>(type.getElementType());
        quantized && !quantized.isSigned())
      for (int64_t &v : tensor.ints())
        v = wrapToInteger(v, quantized.getStorageTypeIntegralWidth(), true);
    return tensor;
  }
  return op->emitOpError("cannot evaluate constant attribute ") << value;
}
