//===- Legality.cpp - checks the npu -> npuhw patterns share --------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The element-type rules of the fp16 and int8 pipelines, the int8 product
// conditions, the broadcast periods of element-wise ops and the convolution
// problem: conditions more than one pattern family checks. Each pattern
// adds its own op-specific conditions beside its lowering.
//
//===----------------------------------------------------------------------===//

#include "LoweringContext.h"

#include "npu/Conversion/NpuToNpuHw.h"

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::lowering;

quant::UniformQuantizedType lowering::getInt8Activation(Type type) {
  auto uniform = dyn_cast<quant::UniformQuantizedType>(getElementTypeOrSelf(type));
  if (!uniform || !uniform.isSigned() || uniform.getStorageTypeIntegralWidth() != 8)
    return nullptr;
  return uniform;
}

bool lowering::hasF32Scale(quant::UniformQuantizedType type) {
  return static_cast<double>(static_cast<float>(type.getScale())) == type.getScale();
}

WhyUnsupported lowering::whyNotInt8Product(Value input, Value weight, Value bias,
                                           Type result, int64_t channelAxis) {
  if (!getInt8Activation(input.getType()) || !getInt8Activation(result))
    return std::string("int8 products take and give per-tensor signed int8 "
                       "activations (npu-quantize's types)");
  auto weights = dyn_cast<quant::QuantizedType>(getElementTypeOrSelf(weight.getType()));
  if (!weights || !weights.isSigned() || weights.getStorageTypeIntegralWidth() != 8)
    return std::string("int8 products take signed int8 weights");
  bool symmetric = true;
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(weights)) {
    if (perAxis.getQuantizedDimension() != channelAxis)
      return "int8 weights must be quantized per output channel (axis " +
             std::to_string(channelAxis) + "), not along axis " +
             std::to_string(perAxis.getQuantizedDimension());
    symmetric = llvm::all_of(perAxis.getZeroPoints(), [](int64_t z) { return z == 0; });
  }
  else if (auto perTensor = dyn_cast<quant::UniformQuantizedType>(weights))
    symmetric = perTensor.getZeroPoint() == 0;
  else
    symmetric = false;
  if (!symmetric)
    return std::string("int8 weights must be symmetric (zero point 0): the "
                       "matrix engine folds only the input zero point into "
                       "the bias");
  if (bias && !getElementTypeOrSelf(bias.getType()).isSignlessInteger(32))
    return std::string("the bias of an int8 product must be i32 (at scale "
                       "s_input * s_weight)");
  return std::nullopt;
}

WhyUnsupported
lowering::whyNotElementTypes(Operation *op, Int8Support support,
                             const std::function<WhyUnsupported()> &int8Check) {
  bool quantizedResult = llvm::any_of(op->getResultTypes(), [](Type type) {
    return isa<quant::QuantizedType>(getElementTypeOrSelf(type));
  });
  if (!quantizedResult) {
    for (Type type : op->getResultTypes())
      if (!getElementTypeOrSelf(type).isF16())
        return "its result is " + printType(getElementTypeOrSelf(type)) +
               ", but this pipeline computes in f16 and int8; compile with "
               "--precision fp16 or int8";
    return std::nullopt;
  }
  if (support == Int8Support::Own)
    return int8Check();
  return "its result is " +
         printType(getElementTypeOrSelf(op->getResult(0).getType())) +
         ", and int8 is lowered for convolutions, fully connected layers, "
         "products with constant weights, reshapes, slices and concatenations of "
         "one type, quantize and dequantize; "
         "this op runs in fp16 (npu-quantize leaves it as an fp16 island)";
}

int64_t lowering::getPeriod(RankedTensorType operand, RankedTensorType result,
                            bool nhwc) {
  ArrayRef<int64_t> shape = result.getShape();
  SmallVector<int64_t> physical = physicalShape(shape, nhwc);
  SmallVector<int64_t> aligned(shape.size() - operand.getRank(), 1);
  llvm::append_range(aligned, operand.getShape());
  // A lower-rank operand is stored row-major: its elements are in the
  // result's storage order only if both layouts agree on its shape (a
  // [C, 1, 1] bias of an NHWC result does).
  if (nhwc && operand.getRank() < 4 && !layoutsAgree(aligned))
    return 0;
  SmallVector<int64_t> p = physicalShape(aligned, nhwc);
  size_t first = 0;
  while (first < p.size() && p[first] == 1)
    ++first;
  for (size_t i = first; i < p.size(); ++i)
    if (p[i] != physical[i])
      return 0;
  return product(ArrayRef(p).drop_front(first));
}

std::optional<bool> lowering::getFixedLayout(Operation *op) {
  if (isa<Conv2DOp, MaxPool2DOp, AvgPool2DOp, GlobalAvgPool2DOp, ResizeOp>(op))
    return true;
  if (isa<BinaryOp, UnaryOp, ClipOp, LeakyReluOp, HardSigmoidOp, CastOp,
          QuantizeOp, DequantizeOp, ConcatOp, SliceOp>(op))
    return std::nullopt;
  return false; // products, reshapes, transposes, softmax, norms, gathers
}

/// The quantize and dequantize commands convert f16 themselves, with the
/// same roundings (f16 widens exactly; dequantize rounds to f32, then to
/// f16, as the reference's dequantize and cast do), so an fp16 island's
/// f32 step (f16 -> f32 -> quantize, dequantize -> f32 -> f16) is folded.
bool lowering::isFoldedIslandBorder(Operation *op) {
  if (op->use_empty())
    return false;
  if (auto cast = dyn_cast<CastOp>(op))
    return cast.getInput().getType().getElementType().isF16() &&
           cast.getType().getElementType().isF32() &&
           llvm::all_of(op->getUsers(),
                        [](Operation *user) { return isa<QuantizeOp>(user); });
  if (isa<DequantizeOp>(op))
    return llvm::all_of(op->getUsers(), [](Operation *user) {
      auto cast = dyn_cast<CastOp>(user);
      return cast && cast.getType().getElementType().isF16();
    });
  return false;
}

std::optional<ConvProblem> mlir::npu::getConvProblem(Conv2DOp op) {
  ArrayRef<int64_t> in = op.getInput().getType().getShape();
  ConvProblem problem;
  problem.batch = in[0];
  problem.inChannels = in[1];
  problem.height = in[2];
  problem.width = in[3];
  problem.outChannels = op.getType().getDimSize(1);
  problem.kernelH = op.getFilter().getType().getDimSize(2);
  problem.kernelW = op.getFilter().getType().getDimSize(3);
  problem.strideH = op.getStrides()[0];
  problem.strideW = op.getStrides()[1];
  problem.dilationH = op.getDilations()[0];
  problem.dilationW = op.getDilations()[1];
  problem.padTop = op.getPads()[0];
  problem.padLeft = op.getPads()[1];
  problem.padBottom = op.getPads()[2];
  problem.padRight = op.getPads()[3];
  problem.groups = op.getGroups();
  // An int8 convolution (npu-quantize's types) runs i8 x i8 -> i32 and
  // requantizes; a float one f16 x f16 -> f32 and writes back f16.
  problem.type = getInt8Activation(op.getType()) ? runtime::DType::I8
                                                 : runtime::DType::F16;
  for (int64_t field : {problem.kernelH, problem.kernelW, problem.strideH,
                        problem.strideW, problem.dilationH, problem.dilationW,
                        problem.padTop, problem.padLeft, problem.padBottom,
                        problem.padRight})
    if (field > 255)
      return std::nullopt;
  return problem;
}

FailureOr<LoweringBudget> lowering::loadLoweringBudget(Operation *anchor,
                                                       StringRef target,
                                                       double sramFraction) {
  llvm::Expected<TargetDescription> loaded = loadTarget(target);
  if (!loaded)
    return anchor->emitError("cannot load target '")
           << target << "': " << llvm::toString(loaded.takeError());
  if (sramFraction <= 0.0 || sramFraction > 1.0)
    return anchor->emitError("sram-fraction must be in (0, 1], got ") << sramFraction;
  int64_t bytes = static_cast<int64_t>(loaded->sram.bytes * sramFraction);
  return LoweringBudget{std::move(*loaded), bytes};
}

TargetDescription mlir::npu::getConvBudget(const ConvProblem &problem,
                                           const TargetDescription &target,
                                           int64_t budget) {
  TargetDescription budgeted = target;
  budgeted.sram.bytes =
      budget - (problem.type == runtime::DType::I8 ? 2 * 12 * problem.outChannels : 0);
  return budgeted;
}
