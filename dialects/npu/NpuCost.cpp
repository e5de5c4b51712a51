//===- NpuCost.cpp - NpuCostOpInterface implementations --------------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Target-independent work counts. MACs count one multiply-accumulate per
// product term, as roofline models and vendors' TOPS figures do.
//
//===----------------------------------------------------------------------===//

#include "dialects/npu/NpuDialect.h"

using namespace mlir;
using namespace mlir::npu;

int64_t mlir::npu::getElementByteWidth(Type elementType) {
  if (auto quantized = dyn_cast<quant::QuantizedType>(elementType))
    elementType = quantized.getStorageType();
  return (elementType.getIntOrFloatBitWidth() + 7) / 8;
}

int64_t mlir::npu::getTensorByteSize(ShapedType type) {
  assert(type.hasStaticShape() && "npu tensors are statically shaped");
  return type.getNumElements() * getElementByteWidth(type.getElementType());
}

static int64_t sumBytes(TypeRange types) {
  int64_t bytes = 0;
  for (Type type : types)
    if (auto shaped = dyn_cast<ShapedType>(type);
        shaped && shaped.hasStaticShape())
      bytes += getTensorByteSize(shaped);
  return bytes;
}

int64_t mlir::npu::detail::defaultVectorOpCount(Operation *op) {
  int64_t count = 0;
  for (Type type : op->getResultTypes())
    if (auto shaped = dyn_cast<ShapedType>(type);
        shaped && shaped.hasStaticShape())
      count += shaped.getNumElements();
  return count;
}

int64_t mlir::npu::detail::defaultCompulsoryBytes(Operation *op) {
  return sumBytes(op->getOperandTypes()) + sumBytes(op->getResultTypes());
}

int64_t Conv2DOp::getMacCount() {
  auto filter = getFilter().getType();
  // Every output element sums over (C / groups) * kH * kW products.
  int64_t perOutput = filter.getDimSize(1) * filter.getDimSize(2) *
                      filter.getDimSize(3);
  return getOutput().getType().getNumElements() * perOutput;
}

int64_t ConvTranspose2DOp::getMacCount() {
  auto filter = getFilter().getType();
  // Every input element scatters into (O / groups) * kH * kW products.
  int64_t perInput = filter.getDimSize(1) * filter.getDimSize(2) *
                     filter.getDimSize(3);
  return getInput().getType().getNumElements() * perInput;
}

int64_t MatMulOp::getMacCount() {
  return getOutput().getType().getNumElements() *
         getLhs().getType().getShape().back();
}

int64_t FullyConnectedOp::getMacCount() {
  return getOutput().getType().getNumElements() *
         getWeight().getType().getDimSize(1);
}

// A constant is data, not work: its bytes are counted by the ops that read it.
int64_t ConstantOp::getVectorOpCount() { return 0; }
int64_t ConstantOp::getCompulsoryBytes() { return 0; }

// A reshape reinterprets a buffer: no work, nothing moves.
int64_t ReshapeOp::getVectorOpCount() { return 0; }
int64_t ReshapeOp::getCompulsoryBytes() { return 0; }

// Windows and reductions: one vector operation per element read, which is
// what a vector engine streaming its input spends.
int64_t MaxPool2DOp::getVectorOpCount() {
  return getOutput().getType().getNumElements() * getKernel()[0] *
         getKernel()[1];
}
int64_t AvgPool2DOp::getVectorOpCount() {
  return getOutput().getType().getNumElements() * getKernel()[0] *
         getKernel()[1];
}
int64_t GlobalAvgPool2DOp::getVectorOpCount() {
  return getInput().getType().getNumElements();
}
int64_t ReduceOp::getVectorOpCount() {
  return getInput().getType().getNumElements();
}

// Passes over the input: softmax (max, exp-and-sum, scale) and layer norm
// (mean, variance, normalise) take three, RMS norm (mean square, normalise)
// two.
int64_t SoftmaxOp::getVectorOpCount() {
  return 3 * getInput().getType().getNumElements();
}
int64_t LayerNormOp::getVectorOpCount() {
  return 3 * getInput().getType().getNumElements();
}
int64_t RmsNormOp::getVectorOpCount() {
  return 2 * getInput().getType().getNumElements();
}
