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
