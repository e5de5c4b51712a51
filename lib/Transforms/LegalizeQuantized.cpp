//===- LegalizeQuantized.cpp - pre-quantized models onto the int8 path ----===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// npu-legalize-quantized: a model quantized before it reached us (ONNX QDQ,
// QLinearConv, QLinearMatMul) is brought to the form npu-quantize produces,
// so that one int8 lowering serves both:
//
// 1. A dequantize feeding a reshape moves after it, so that flattening
//    before a classifier does not leave the int8 region.
// 2. QDQ products fold: `quantize(product(dequantize(a), dequantize(w), b))`
//    becomes the quantized product `product(a, w, b_i32)` with the quantize's
//    type, its requantization integer-only (as QLinearConv is imported).
// 3. uint8 activations become int8 with the zero point minus 128: the same
//    real values, one storage offset, since the NPU computes signed int8.
// 4. Weights with zero points become symmetric (w - z_w) when that fits
//    int8, which the matrix engine needs.
// 5. quantize(dequantize(x)) cancels or becomes a requantize.
//
// What cannot be brought over is an error at the ONNX node that says why:
// unsigned tensors at the model's boundary, weights whose w - z_w leaves
// int8.
//
//===----------------------------------------------------------------------===//

#include "npu/Reference/Interpreter.h"
#include "npu/Transforms/Passes.h"
#include "npu/Transforms/Quantize.h"

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <cmath>

namespace mlir::npu {
#define GEN_PASS_DEF_LEGALIZEQUANTIZED
#include "npu/Transforms/Passes.h.inc"
} // namespace mlir::npu

using namespace mlir;
using namespace mlir::npu;

namespace {

quant::UniformQuantizedType getPerTensor(Type type) {
  return dyn_cast<quant::UniformQuantizedType>(getElementTypeOrSelf(type));
}

bool isUnsigned8(quant::QuantizedType type) {
  return type && !type.isSigned() && type.getStorageTypeIntegralWidth() == 8;
}

/// The signed int8 type with the same real values as an unsigned one.
quant::UniformQuantizedType toSigned(quant::UniformQuantizedType type) {
  return quant::UniformQuantizedType::get(
      quant::QuantizationFlags::Signed, IntegerType::get(type.getContext(), 8),
      type.getExpressedType(), type.getScale(), type.getZeroPoint() - 128, -128, 127);
}

ElementsAttr int8Elements(RankedTensorType storageType, ArrayRef<int8_t> values) {
  if (values.size() <= 4096)
    return DenseElementsAttr::get(storageType, values);
  return DenseResourceElementsAttr::get(
      storageType, "legalized_weight",
      HeapAsmResourceBlob::allocateAndCopyInferAlign(values));
}

struct LegalizeQuantizedPass
    : public npu::impl::LegalizeQuantizedBase<LegalizeQuantizedPass> {
  void runOnOperation() override;

private:
  void foldQdqProducts(func::FuncOp function);
  void sinkDequantizeThroughReshape(func::FuncOp function);
  LogicalResult makeSigned(func::FuncOp function);
  LogicalResult makeWeightSymmetric(ConstantOp constant);
};

} // namespace

/// The int32 bias of a product at scale s_a * s_w[c], from f32 constants.
static Value quantizeBias(OpBuilder &builder, Location loc, Value bias,
                          quant::UniformQuantizedType input,
                          quant::QuantizedType weights) {
  std::optional<reference::Tensor> values = reference::evaluateConstant(bias);
  if (!values || !values->getElementType().isF32())
    return nullptr;
  int64_t channels = values->getNumElements();
  SmallVector<int32_t> accumulated(channels);
  for (int64_t c = 0; c < channels; ++c) {
    double weightScale;
    if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(weights))
      weightScale = perAxis.getScales()[perAxis.getScales().size() == 1 ? 0 : c];
    else
      weightScale = cast<quant::UniformQuantizedType>(weights).getScale();
    double value = std::nearbyint(values->floats()[c] / (input.getScale() * weightScale));
    accumulated[c] = int32_t(std::clamp(value, double(INT32_MIN), double(INT32_MAX)));
  }
  auto type = RankedTensorType::get({channels}, builder.getI32Type());
  return ConstantOp::create(builder, loc, type,
                            DenseElementsAttr::get(type, ArrayRef<int32_t>(accumulated)));
}

void LegalizeQuantizedPass::foldQdqProducts(func::FuncOp function) {
  SmallVector<Operation *> products;
  function.walk([&](Operation *op) {
    if (isa<Conv2DOp, FullyConnectedOp, MatMulOp>(op))
      products.push_back(op);
  });
  for (Operation *op : products) {
    Value result = op->getResult(0);
    if (!result.hasOneUse())
      continue;
    auto quantize = dyn_cast<QuantizeOp>(*result.getUsers().begin());
    auto input = op->getOperand(0).getDefiningOp<DequantizeOp>();
    auto weight = op->getOperand(1).getDefiningOp<DequantizeOp>();
    if (!quantize || !input || !weight || !getPerTensor(quantize.getType()) ||
        !getPerTensor(input.getInput().getType()) ||
        !weight.getInput().getDefiningOp<ConstantOp>())
      continue;
    auto weightType = cast<quant::QuantizedType>(
        getElementTypeOrSelf(weight.getInput().getType()));
    OpBuilder builder(op);
    Value bias;
    if (op->getNumOperands() > 2) {
      bias = quantizeBias(builder, op->getLoc(), op->getOperand(2),
                          getPerTensor(input.getInput().getType()), weightType);
      if (!bias)
        continue; // a bias that is not an f32 constant: leave it float
    }
    Operation *folded = builder.clone(*op);
    folded->setOperand(0, input.getInput());
    folded->setOperand(1, weight.getInput());
    if (bias)
      folded->setOperand(2, bias);
    folded->getResult(0).setType(quantize.getType());
    quantize.replaceAllUsesWith(folded->getResult(0));
    quantize.erase();
    Value oldBias = op->getNumOperands() > 2 ? op->getOperand(2) : Value();
    op->erase();
    for (Operation *dead : {input.getOperation(), weight.getOperation(),
                            oldBias ? oldBias.getDefiningOp() : nullptr})
      if (dead && dead->use_empty())
        dead->erase();
    ++numFolded;
  }
}

void LegalizeQuantizedPass::sinkDequantizeThroughReshape(func::FuncOp function) {
  SmallVector<ReshapeOp> reshapes;
  function.walk([&](ReshapeOp op) { reshapes.push_back(op); });
  for (ReshapeOp reshape : reshapes) {
    auto dequantize = reshape.getInput().getDefiningOp<DequantizeOp>();
    if (!dequantize || reshape->getNumOperands() != 1)
      continue;
    auto quantizedType = cast<RankedTensorType>(dequantize.getInput().getType());
    auto shape = cast<RankedTensorType>(reshape.getType()).getShape();
    OpBuilder builder(reshape);
    Operation *moved = builder.clone(*reshape);
    moved->setOperand(0, dequantize.getInput());
    moved->getResult(0).setType(
        RankedTensorType::get(shape, quantizedType.getElementType()));
    Value back = DequantizeOp::create(builder, reshape.getLoc(), reshape.getType(),
                                      moved->getResult(0));
    reshape.replaceAllUsesWith(back);
    reshape.erase();
    if (dequantize->use_empty())
      dequantize.erase();
  }
}

LogicalResult LegalizeQuantizedPass::makeWeightSymmetric(ConstantOp constant) {
  auto tensorType = cast<RankedTensorType>(constant.getType());
  auto type = cast<quant::QuantizedType>(tensorType.getElementType());
  SmallVector<int64_t> zeroPoints;
  SmallVector<double> scales;
  int32_t axis = -1;
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(type)) {
    zeroPoints.assign(perAxis.getZeroPoints().begin(), perAxis.getZeroPoints().end());
    scales.assign(perAxis.getScales().begin(), perAxis.getScales().end());
    axis = perAxis.getQuantizedDimension();
  } else if (auto perTensor = dyn_cast<quant::UniformQuantizedType>(type)) {
    zeroPoints.push_back(perTensor.getZeroPoint());
    scales.push_back(perTensor.getScale());
  } else {
    return success();
  }
  bool symmetricSigned = type.isSigned() && type.getStorageTypeIntegralWidth() == 8 &&
                         llvm::all_of(zeroPoints, [](int64_t z) { return z == 0; });
  if (symmetricSigned || type.getStorageTypeIntegralWidth() != 8)
    return success();
  std::optional<reference::Tensor> values = reference::evaluateConstant(constant);
  if (!values)
    return success();
  // Element i's channel along `axis`.
  ArrayRef<int64_t> shape = tensorType.getShape();
  int64_t inner = 1;
  if (axis >= 0)
    for (int64_t d = axis + 1; d < int64_t(shape.size()); ++d)
      inner *= shape[d];
  int64_t n = values->getNumElements();
  SmallVector<int8_t> shifted(n);
  int64_t lo = 0, hi = 0;
  for (int64_t i = 0; i < n; ++i) {
    int64_t channel = axis >= 0 ? (i / inner) % shape[axis] : 0;
    int64_t v = values->ints()[i] - zeroPoints[channel];
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    shifted[i] = static_cast<int8_t>(std::clamp<int64_t>(v, -128, 127));
  }
  if (lo < -128 || hi > 127) {
    constant.emitError() << "has quantized weights whose values minus the zero point span ["
                         << lo << ", " << hi
                         << "], beyond int8: the matrix engine multiplies symmetric int8 "
                            "weights. Quantize the weights symmetrically (e.g. "
                            "onnxruntime quantize_static with WeightSymmetric=True)";
    return failure();
  }
  MLIRContext *context = constant.getContext();
  Type i8 = IntegerType::get(context, 8);
  quant::QuantizedType symmetric;
  if (axis >= 0)
    symmetric = quant::UniformQuantizedPerAxisType::get(
        quant::QuantizationFlags::Signed, i8, type.getExpressedType(), scales,
        SmallVector<int64_t>(scales.size(), 0), axis, -128, 127);
  else
    symmetric = quant::UniformQuantizedType::get(quant::QuantizationFlags::Signed, i8,
                                                 type.getExpressedType(), scales[0], 0,
                                                 -128, 127);
  OpBuilder builder(constant);
  Value replacement = ConstantOp::create(
      builder, constant.getLoc(), RankedTensorType::get(shape, symmetric),
      int8Elements(RankedTensorType::get(shape, i8), shifted));
  // Users see the same real values; their types follow the new constant.
  for (OpOperand &use : llvm::make_early_inc_range(constant->getUses()))
    use.set(replacement);
  constant.erase();
  ++numWeightsMadeSymmetric;
  return success();
}

LogicalResult LegalizeQuantizedPass::makeSigned(func::FuncOp function) {
  for (BlockArgument argument : function.getArguments())
    if (isUnsigned8(getPerTensor(argument.getType())))
      return function.emitError("input ")
             << argument.getArgNumber()
             << " is uint8-quantized; the NPU computes signed int8. Give the model "
                "float inputs that it quantizes itself";
  bool failedAny = false;
  auto returnOp = cast<func::ReturnOp>(function.getBody().front().getTerminator());
  for (Value value : returnOp.getOperands())
    if (isUnsigned8(getPerTensor(value.getType()))) {
      Operation *producer = value.getDefiningOp();
      (producer ? producer->emitError() : function.emitError())
          << "gives a uint8-quantized model output; the NPU computes signed "
             "int8. Dequantize the output in the model (DequantizeLinear)";
      failedAny = true;
    }
  if (failedAny)
    return failure();
  SmallVector<ConstantOp> weights;
  function.walk([&](Operation *op) {
    if (auto constant = dyn_cast<ConstantOp>(op)) {
      if (isa<quant::QuantizedType>(getElementTypeOrSelf(constant.getType())))
        weights.push_back(constant);
      return;
    }
    if (isa<quant::StorageCastOp>(op)) {
      for (Value value : llvm::concat<Value>(op->getOperands(), op->getResults()))
        if (isUnsigned8(dyn_cast<quant::QuantizedType>(getElementTypeOrSelf(value.getType())))) {
          op->emitError("reinterprets raw uint8 storage as a quantized tensor; the NPU "
                        "computes signed int8 and takes quantized tensors from a "
                        "float input it quantizes itself");
          failedAny = true;
          return;
        }
    }
    for (OpResult result : op->getResults()) {
      auto type = dyn_cast<RankedTensorType>(result.getType());
      quant::UniformQuantizedType element = type ? getPerTensor(type) : nullptr;
      if (!isUnsigned8(element))
        continue;
      result.setType(RankedTensorType::get(type.getShape(), toSigned(element)));
      ++numActivationsMadeSigned;
    }
  });
  for (ConstantOp constant : weights)
    failedAny |= failed(makeWeightSymmetric(constant));
  // Signed results may be returned (int8 outputs): the signature follows.
  function.setFunctionType(FunctionType::get(function.getContext(),
                                             function.getArgumentTypes(),
                                             returnOp.getOperandTypes()));
  return failure(failedAny);
}

void LegalizeQuantizedPass::runOnOperation() {
  func::FuncOp function = getOperation();
  sinkDequantizeThroughReshape(function);
  foldQdqProducts(function);
  if (failed(makeSigned(function)))
    return signalPassFailure();
  foldDequantizeQuantizePairs(function);
}
