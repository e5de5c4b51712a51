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
// 4. Weights with zero points become symmetric (w - z_w), which the matrix
//    engine needs. uint8 weights with a zero point span up to 9 bits; those
//    are split into k int8 parts summing to w - z_w, stacked along the
//    reduction axis, with the input concatenated k times along its own:
//    sum_k x * w_k = x * w, exact in the int32 accumulator.
// 5. A uint8 model input or output (raw storage reinterpreted by
//    quant.scast) becomes an int8 boundary marked npu.host_unsigned; the
//    runtime flips the top bit, which is the same shift by 128.
// 6. quantize(dequantize(x)) cancels or becomes a requantize.
//
// What cannot be brought over is an error at the ONNX node that says why.
//
//===----------------------------------------------------------------------===//

#include "npu/Reference/Interpreter.h"
#include "npu/Transforms/Passes.h"
#include "npu/Transforms/Quantize.h"

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
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
  void adoptUnsignedBoundary(func::FuncOp function);
  void unbatchConstantProducts(func::FuncOp function);
  LogicalResult makeSigned(func::FuncOp function);
  LogicalResult makeWeightSymmetric(ConstantOp constant);
  LogicalResult splitWideWeights(ConstantOp constant, ArrayRef<int64_t> values,
                                 int64_t lo, int64_t hi,
                                 quant::QuantizedType symmetric);
};

/// Where a product reduces over its weight and over its input: the axis the
/// parts of a split weight stack along, and the axis its input repeats.
struct ReductionAxes {
  int64_t weight;
  int64_t input;
};

std::optional<ReductionAxes> getReductionAxes(OpOperand &use) {
  Operation *op = use.getOwner();
  if (use.getOperandNumber() != 1)
    return std::nullopt;
  auto rankOf = [&](unsigned operand) {
    return cast<RankedTensorType>(op->getOperand(operand).getType()).getRank();
  };
  if (auto conv = dyn_cast<Conv2DOp>(op)) {
    // Grouped: each group reads its own input channels; parts cannot stack.
    if (conv.getGroups() != 1)
      return std::nullopt;
    return ReductionAxes{1, 1};
  }
  if (isa<MatMulOp>(op))
    return ReductionAxes{rankOf(1) - 2, rankOf(0) - 1};
  if (isa<FullyConnectedOp>(op))
    return ReductionAxes{1, rankOf(0) - 1};
  return std::nullopt;
}

/// Part `part` of `value` cut into `parts` int8 values that sum to it, as
/// even as integers allow.
int64_t getPart(int64_t value, int64_t parts, int64_t part) {
  int64_t quotient = value / parts, remainder = value % parts;
  int64_t extra = remainder > 0 ? 1 : remainder < 0 ? -1 : 0;
  return quotient + (part < std::abs(remainder) ? extra : 0);
}

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
  SmallVector<int64_t> shifted(n);
  int64_t lo = 0, hi = 0;
  for (int64_t i = 0; i < n; ++i) {
    int64_t channel = axis >= 0 ? (i / inner) % shape[axis] : 0;
    shifted[i] = values->ints()[i] - zeroPoints[channel];
    lo = std::min(lo, shifted[i]);
    hi = std::max(hi, shifted[i]);
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
  if (lo < -128 || hi > 127)
    return splitWideWeights(constant, shifted, lo, hi, symmetric);
  OpBuilder builder(constant);
  SmallVector<int8_t> narrowed(shifted.begin(), shifted.end());
  Value replacement = ConstantOp::create(
      builder, constant.getLoc(), RankedTensorType::get(shape, symmetric),
      int8Elements(RankedTensorType::get(shape, i8), narrowed));
  // Users see the same real values; their types follow the new constant.
  for (OpOperand &use : llvm::make_early_inc_range(constant->getUses()))
    use.set(replacement);
  constant.erase();
  ++numWeightsMadeSymmetric;
  return success();
}

LogicalResult LegalizeQuantizedPass::splitWideWeights(ConstantOp constant,
                                                      ArrayRef<int64_t> values,
                                                      int64_t lo, int64_t hi,
                                                      quant::QuantizedType symmetric) {
  auto tensorType = cast<RankedTensorType>(constant.getType());
  ArrayRef<int64_t> shape = tensorType.getShape();
  auto refuse = [&](StringRef why) {
    constant.emitError() << "has quantized weights whose values minus the zero point span ["
                         << lo << ", " << hi << "], beyond int8, and " << why
                         << ". Quantize the weights symmetrically (e.g. onnxruntime "
                            "quantize_static with WeightSymmetric=True)";
    return failure();
  };
  // Every product must reduce over the same weight axis, which must not be
  // the quantization axis (each part keeps the channel's scale).
  std::optional<int64_t> weightAxis;
  for (OpOperand &use : constant->getUses()) {
    std::optional<ReductionAxes> axes = getReductionAxes(use);
    if (!axes || (weightAxis && *weightAxis != axes->weight))
      return refuse("'" + use.getOwner()->getName().getStringRef().str() +
                    "' cannot read them as a sum of int8 parts");
    weightAxis = axes->weight;
  }
  auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(symmetric);
  if (!weightAxis || (perAxis && perAxis.getQuantizedDimension() == *weightAxis))
    return refuse("they are not the weights of a convolution or matrix product");

  // k parts keep |part| <= ceil(|v| / k): within [-128, 127] for these k.
  int64_t parts = std::max((hi + 126) / 127, (-lo + 127) / 128);
  int64_t outer = 1, block = 1;
  for (int64_t d = 0; d < int64_t(shape.size()); ++d)
    (d < *weightAxis ? outer : block) *= shape[d];
  SmallVector<int8_t> stacked;
  stacked.reserve(values.size() * parts);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t part = 0; part < parts; ++part)
      for (int64_t i = 0; i < block; ++i)
        stacked.push_back(int8_t(getPart(values[o * block + i], parts, part)));
  SmallVector<int64_t> stackedShape(shape);
  stackedShape[*weightAxis] *= parts;

  OpBuilder builder(constant);
  Type i8 = IntegerType::get(constant.getContext(), 8);
  Value split = ConstantOp::create(
      builder, constant.getLoc(), RankedTensorType::get(stackedShape, symmetric),
      int8Elements(RankedTensorType::get(stackedShape, i8), stacked));
  for (OpOperand &use : llvm::make_early_inc_range(constant->getUses())) {
    Operation *product = use.getOwner();
    int64_t inputAxis = getReductionAxes(use)->input;
    Value input = product->getOperand(0);
    auto inputType = cast<RankedTensorType>(input.getType());
    SmallVector<int64_t> repeatedShape(inputType.getShape());
    repeatedShape[inputAxis] *= parts;
    builder.setInsertionPoint(product);
    Value repeated = ConcatOp::create(
        builder, product->getLoc(),
        RankedTensorType::get(repeatedShape, inputType.getElementType()),
        SmallVector<Value>(parts, input), builder.getI64IntegerAttr(inputAxis));
    product->setOperand(0, repeated);
    use.set(split);
  }
  constant.emitWarning() << "has weights whose values minus the zero point span [" << lo
                         << ", " << hi << "], beyond int8: split into " << parts
                         << " int8 parts, which costs " << parts
                         << "x the multiply-accumulates; symmetric int8 weights avoid it";
  constant.erase();
  ++numWeightsSplit;
  return success();
}

/// A quantized batched product with a constant right operand per batch
/// (`[B, M, K] x [B, K, N]`) becomes one matrix product per batch matrix,
/// joined along the batch axis: the int8 path multiplies by constant
/// matrices.
void LegalizeQuantizedPass::unbatchConstantProducts(func::FuncOp function) {
  SmallVector<MatMulOp> products;
  function.walk([&](MatMulOp op) {
    auto rhs = op.getRhs().getType(), lhs = op.getLhs().getType();
    if (rhs.getRank() == 3 && lhs.getRank() == 3 && op.getRhs().getDefiningOp<ConstantOp>() &&
        getPerTensor(op.getType()) && lhs.getDimSize(0) == rhs.getDimSize(0))
      products.push_back(op);
  });
  for (MatMulOp op : products) {
    std::optional<reference::Tensor> weights = reference::evaluateConstant(op.getRhs());
    auto weightType = op.getRhs().getType();
    auto weightElement = dyn_cast<quant::QuantizedType>(weightType.getElementType());
    if (!weights || !weightElement || weightElement.getStorageTypeIntegralWidth() != 8)
      continue;
    auto lhsType = op.getLhs().getType();
    int64_t batches = lhsType.getDimSize(0), m = lhsType.getDimSize(1),
            k = lhsType.getDimSize(2), n = weightType.getDimSize(2);
    Type lhsElement = lhsType.getElementType(), resultElement = op.getType().getElementType();
    Type storage = IntegerType::get(op.getContext(), 8);
    OpBuilder builder(op);
    Location loc = op.getLoc();
    SmallVector<Value> rows;
    for (int64_t b = 0; b < batches; ++b) {
      Value slice = SliceOp::create(
          builder, loc, RankedTensorType::get({1, m, k}, lhsElement), op.getLhs(),
          builder.getDenseI64ArrayAttr({b, 0, 0}), builder.getDenseI64ArrayAttr({b + 1, m, k}),
          builder.getDenseI64ArrayAttr({1, 1, 1}));
      Value matrix =
          ReshapeOp::create(builder, loc, RankedTensorType::get({m, k}, lhsElement), slice);
      ArrayRef<int64_t> all = weights->ints();
      SmallVector<int8_t> values(all.begin() + b * k * n, all.begin() + (b + 1) * k * n);
      Value weight = ConstantOp::create(
          builder, loc, RankedTensorType::get({k, n}, weightType.getElementType()),
          int8Elements(RankedTensorType::get({k, n}, storage), values));
      auto product = MatMulOp::create(builder, loc, RankedTensorType::get({m, n}, resultElement),
                                      matrix, weight);
      product.setClampAttr(op.getClampAttr());
      rows.push_back(ReshapeOp::create(
          builder, loc, RankedTensorType::get({1, m, n}, resultElement), product));
    }
    Value joined = ConcatOp::create(builder, loc, op.getType(), rows,
                                    builder.getI64IntegerAttr(0));
    Value oldWeights = op.getRhs();
    op.replaceAllUsesWith(joined);
    op.erase();
    if (oldWeights.use_empty())
      oldWeights.getDefiningOp()->erase();
  }
}

void LegalizeQuantizedPass::adoptUnsignedBoundary(func::FuncOp function) {
  MLIRContext *context = function.getContext();
  auto isRawUnsigned8 = [](Type type) {
    auto tensor = dyn_cast<RankedTensorType>(type);
    return tensor && tensor.getElementType().isUnsignedInteger(8);
  };
  // An input: ui8 -> tensor.bitcast -> i8 -> quant.scast -> one u8 type.
  for (BlockArgument argument : function.getArguments()) {
    if (!isRawUnsigned8(argument.getType()) || argument.use_empty())
      continue;
    SmallVector<Operation *> bitcasts, storageCasts;
    quant::UniformQuantizedType quantized;
    bool adoptable = true;
    for (Operation *user : argument.getUsers()) {
      adoptable &= isa<tensor::BitcastOp>(user);
      if (!adoptable)
        break;
      bitcasts.push_back(user);
      for (Operation *castUser : user->getUsers()) {
        auto storageCast = dyn_cast<quant::StorageCastOp>(castUser);
        quant::UniformQuantizedType type =
            storageCast ? getPerTensor(storageCast.getType()) : nullptr;
        adoptable &= isUnsigned8(type) && (!quantized || type == quantized);
        quantized = type;
        storageCasts.push_back(castUser);
      }
    }
    if (!adoptable || !quantized)
      continue; // used as raw integers: makeSigned names what remains
    auto shape = cast<RankedTensorType>(argument.getType()).getShape();
    argument.setType(RankedTensorType::get(shape, toSigned(quantized)));
    for (Operation *storageCast : storageCasts) {
      storageCast->getResult(0).replaceAllUsesWith(argument);
      storageCast->erase();
    }
    for (Operation *bitcast : bitcasts)
      bitcast->erase();
    function.setArgAttr(argument.getArgNumber(), kHostUnsignedAttrName,
                        UnitAttr::get(context));
    ++numUnsignedBoundaries;
  }
  // An output: u8 type -> quant.scast -> i8 -> tensor.bitcast -> ui8.
  auto returnOp = cast<func::ReturnOp>(function.getBody().front().getTerminator());
  for (OpOperand &operand : returnOp->getOpOperands()) {
    auto bitcast = operand.get().getDefiningOp<tensor::BitcastOp>();
    if (!bitcast || !isRawUnsigned8(bitcast.getType()))
      continue;
    auto storageCast = bitcast.getSource().getDefiningOp<quant::StorageCastOp>();
    if (!storageCast || !isUnsigned8(getPerTensor(storageCast.getInput().getType())))
      continue;
    operand.set(storageCast.getInput());
    function.setResultAttr(operand.getOperandNumber(), kHostUnsignedAttrName,
                           UnitAttr::get(context));
    if (bitcast->use_empty())
      bitcast.erase();
    if (storageCast->use_empty())
      storageCast.erase();
    ++numUnsignedBoundaries;
  }
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
  for (auto [index, value] : llvm::enumerate(returnOp.getOperands()))
    if (isUnsigned8(getPerTensor(value.getType())) &&
        !function.getResultAttr(index, kHostUnsignedAttrName)) {
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
                                             function.getBody().front().getArgumentTypes(),
                                             returnOp.getOperandTypes()));
  return failure(failedAny);
}

void LegalizeQuantizedPass::runOnOperation() {
  func::FuncOp function = getOperation();
  sinkDequantizeThroughReshape(function);
  foldQdqProducts(function);
  adoptUnsignedBoundary(function);
  if (failed(makeSigned(function)))
    return signalPassFailure();
  unbatchConstantProducts(function);
  foldDequantizeQuantizePairs(function);
}
