//===- Tensor.cpp - reference tensors and integer numerics ----------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "npu/Isa/Numerics.h"
#include "npu/Reference/Tensor.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "llvm/ADT/APFloat.h"

#include <cmath>

using namespace mlir;
using namespace mlir::npu::reference;

Tensor::Tensor(RankedTensorType type) : type(type) {
  floating = isa<FloatType>(type.getElementType());
  if (floating)
    floatData.assign(type.getNumElements(), 0.0);
  else
    intData.assign(type.getNumElements(), 0);
}

double mlir::npu::reference::roundToFloatType(double value, FloatType floatType) {
  if (floatType.isF64())
    return value;
  if (floatType.isF32())
    return static_cast<double>(static_cast<float>(value));
  // f16, bf16: IEEE conversion with round-to-nearest-even (overflow -> inf).
  bool losesInfo;
  llvm::APFloat f(value);
  f.convert(floatType.getFloatSemantics(), llvm::APFloat::rmNearestTiesToEven,
            &losesInfo);
  f.convert(llvm::APFloat::IEEEdouble(), llvm::APFloat::rmNearestTiesToEven,
            &losesInfo);
  return f.convertToDouble();
}

int64_t mlir::npu::reference::wrapToInteger(int64_t value, unsigned width,
                                            bool isUnsigned) {
  if (width >= 64)
    return value;
  uint64_t mask = (uint64_t{1} << width) - 1;
  uint64_t bits = static_cast<uint64_t>(value) & mask;
  if (isUnsigned || width == 1)
    return static_cast<int64_t>(bits);
  uint64_t sign = uint64_t{1} << (width - 1);
  return static_cast<int64_t>((bits ^ sign) - sign);
}

void Tensor::roundToType() {
  Type element = type.getElementType();
  if (auto floatType = dyn_cast<FloatType>(element)) {
    if (!floatType.isF64())
      for (double &v : floatData)
        v = roundToFloatType(v, floatType);
    return;
  }
  if (auto quantized = dyn_cast<quant::QuantizedType>(element)) {
    for (int64_t &v : intData)
      v = std::clamp(v, quantized.getStorageTypeMin(), quantized.getStorageTypeMax());
    return;
  }
  auto integer = cast<IntegerType>(element);
  if (integer.getWidth() == 1) {
    for (int64_t &v : intData)
      v = v != 0;
    return;
  }
  for (int64_t &v : intData)
    v = wrapToInteger(v, integer.getWidth(), integer.isUnsigned());
}

SmallVector<int64_t> mlir::npu::reference::computeStrides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

