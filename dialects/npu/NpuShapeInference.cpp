//===- NpuShapeInference.cpp - result shapes and invariants of npu ops ----===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Every npu op infers its result shapes here (InferShapedTypeOpInterface).
// The same functions are the op's verifier: the `VerifiesInferredShapes`
// trait compares the declared result types with what they infer, so every
// invariant a later pass relies on is checked in exactly one place, with a
// message that says which operand or attribute is wrong and why.
//
//===----------------------------------------------------------------------===//

#include "dialects/npu/NpuDialect.h"
#include "npu/Support/Npy.h"

#include "mlir/Dialect/Traits.h"
#include "mlir/Dialect/Utils/IndexingUtils.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/InterleavedRange.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>
#include <numeric>

using namespace mlir;
using namespace mlir::npu;

namespace {

/// Emits "'npu.<op>' op <message>" at the op's location, like ODS verifiers,
/// whether called from the verifier or from a builder.
class ShapeError {
public:
  ShapeError(std::optional<Location> loc, StringRef opName)
      : loc(loc), opName(opName) {}

  InFlightDiagnostic operator()() const {
    assert(loc && "callers check hasLocation() first");
    return emitError(*loc) << "'npu." << opName << "' op ";
  }
  bool hasLocation() const { return loc.has_value(); }

private:
  std::optional<Location> loc;
  StringRef opName;
};

#define SHAPE_ERROR(err, msg)                                                  \
  do {                                                                         \
    if ((err).hasLocation())                                                   \
      (err)() << msg;                                                          \
    return failure();                                                          \
  } while (false)


/// The operand as a ranked tensor, or an error naming it.
FailureOr<RankedTensorType> rankedOperand(const ShapeError &err, Value value,
                                          StringRef name) {
  if (!value)
    SHAPE_ERROR(err, "is missing its " << name << " operand");
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || !type.hasStaticShape())
    SHAPE_ERROR(err, "expects " << name
                                << " to be a statically shaped ranked tensor, "
                                   "got "
                                << value.getType());
  for (int64_t dim : type.getShape())
    if (dim <= 0)
      SHAPE_ERROR(err, "expects every dimension of "
                           << name << " to be positive, got "
                           << formatShape(type.getShape()));
  return type;
}

bool isQuantized(Type elementType) {
  return isa<quant::QuantizedType>(elementType);
}

/// Element type of a computed result: the input's, unless the input is
/// quantized, in which case the producer picks the output scale (or an i32
/// accumulator) and the inference leaves the element type open.
Type computedElementType(Type inputElementType) {
  return isQuantized(inputElementType) ? Type() : inputElementType;
}

/// Float operands must agree exactly, and so must plain integers; quantized
/// operands may differ in scale and may meet raw integers (an i8 weight whose
/// scale lives elsewhere).
LogicalResult checkCompatibleElements(const ShapeError &err, Type a,
                                      StringRef aName, Type b,
                                      StringRef bName) {
  bool aFloat = isa<FloatType>(a), bFloat = isa<FloatType>(b);
  if (aFloat || bFloat) {
    if (a != b)
      SHAPE_ERROR(err, "expects " << aName << " and " << bName
                                  << " to have the same float element type, "
                                     "got "
                                  << a << " and " << b);
    return success();
  }
  if (isa<IntegerType>(a) && isa<IntegerType>(b) && a != b)
    SHAPE_ERROR(err, "expects " << aName << " and " << bName
                                << " to have the same integer type, got " << a
                                << " and " << b);
  return success();
}

LogicalResult checkArraySize(const ShapeError &err, ArrayRef<int64_t> values,
                             size_t expected, StringRef name) {
  if (values.size() != expected)
    SHAPE_ERROR(err, "expects '" << name << "' to have " << expected
                                 << " entries, got " << values.size());
  return success();
}

LogicalResult checkAllPositive(const ShapeError &err, ArrayRef<int64_t> values,
                               StringRef name) {
  for (int64_t v : values)
    if (v <= 0)
      SHAPE_ERROR(err, "expects every '" << name << "' entry to be positive, got "
                                         << v);
  return success();
}

LogicalResult checkAllNonNegative(const ShapeError &err,
                                  ArrayRef<int64_t> values, StringRef name) {
  for (int64_t v : values)
    if (v < 0)
      SHAPE_ERROR(err, "expects every '"
                           << name << "' entry to be non-negative, got " << v
                           << " (the importer turns negative pads into a "
                              "slice)");
  return success();
}

LogicalResult checkAxis(const ShapeError &err, int64_t axis, int64_t rank,
                        StringRef name = "axis") {
  if (axis < 0 || axis >= rank)
    SHAPE_ERROR(err, "expects '" << name << "' in [0, " << rank << "), got "
                                 << axis);
  return success();
}

/// Checks an optional per-output-channel bias of shape [channels].
LogicalResult checkBias(const ShapeError &err, Value bias, int64_t channels) {
  if (!bias)
    return success();
  FailureOr<RankedTensorType> type = rankedOperand(err, bias, "bias");
  if (failed(type))
    return failure();
  if (type->getRank() != 1 || type->getDimSize(0) != channels)
    SHAPE_ERROR(err, "expects bias of shape " << channels << ", got "
                                              << formatShape(type->getShape()));
  return success();
}

/// `first + rest...` (products with checkedProduct), or an error saying
/// which size overflows int64: attributes come from the model file and may
/// be anything. (Sizes that fit but are too large are verifySizes' to
/// refuse, with the shape.)
template <typename... Terms>
FailureOr<int64_t> checkedSum(const ShapeError &err, StringRef what,
                              int64_t first, Terms... rest) {
  std::optional<int64_t> sum = first;
  ((sum = sum ? llvm::checkedAdd(*sum, int64_t(rest)) : std::nullopt), ...);
  if (!sum)
    SHAPE_ERROR(err, "has a " << what << " too large to represent");
  return *sum;
}

FailureOr<int64_t> checkedProduct(const ShapeError &err, StringRef what,
                                  int64_t a, int64_t b) {
  std::optional<int64_t> product = llvm::checkedMul(a, b);
  if (!product)
    SHAPE_ERROR(err, "has a " << what << " too large to represent");
  return *product;
}

/// Output size of one spatial dimension of a sliding window.
FailureOr<int64_t> windowOutputSize(const ShapeError &err, StringRef dimName,
                                    int64_t input, int64_t kernel,
                                    int64_t stride, int64_t dilation,
                                    int64_t padBefore, int64_t padAfter,
                                    bool ceilMode = false) {
  FailureOr<int64_t> dilatedSpan =
      checkedProduct(err, "dilated window", dilation, kernel - 1);
  if (failed(dilatedSpan))
    return failure();
  int64_t effectiveKernel = *dilatedSpan + 1;
  FailureOr<int64_t> paddedSize =
      checkedSum(err, "padded input", input, padBefore, padAfter);
  if (failed(paddedSize))
    return failure();
  int64_t padded = *paddedSize;
  if (effectiveKernel > padded)
    SHAPE_ERROR(err, "has a window of " << effectiveKernel << " along "
                                        << dimName
                                        << " that does not fit the padded "
                                           "input of "
                                        << padded);
  int64_t span = padded - effectiveKernel;
  int64_t out = (ceilMode ? llvm::divideCeil(span, stride) : span / stride) + 1;
  // A ceil-mode window that would start inside the trailing padding is
  // dropped (ONNX and PyTorch agree on this).
  if (ceilMode && (out - 1) * stride >= input + padBefore)
    --out;
  return out;
}

} // namespace

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

LogicalResult ConstantOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location>, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  auto valueType = cast<ShapedType>(adaptor.getValue().getType());
  // The element type is checked by the verifier: a quantized result stores
  // its storage integers.
  inferred.emplace_back(valueType.getShape());
  return success();
}

LogicalResult ConstantOp::verify() {
  Type valueElement = getValue().getElementType();
  Type resultElement = getType().getElementType();
  if (auto quantized = dyn_cast<quant::QuantizedType>(resultElement)) {
    if (quantized.getStorageType() != valueElement)
      return emitOpError("stores a ")
             << resultElement << " in elements of " << valueElement
             << "; expected its storage type "
             << quantized.getStorageType();
    return success();
  }
  if (valueElement != resultElement)
    return emitOpError("has a value of element type ")
           << valueElement << " but a result of element type "
           << resultElement;
  return success();
}

//===----------------------------------------------------------------------===//
// Matrix-engine ops
//===----------------------------------------------------------------------===//

/// A fused activation's bounds: `[lo, hi]` with lo <= hi (hi may be +inf).
static LogicalResult checkClamp(ShapeError &err,
                                std::optional<ArrayRef<float>> clamp) {
  if (!clamp)
    return success();
  if (clamp->size() != 2 || std::isnan((*clamp)[0]) || std::isnan((*clamp)[1]) ||
      (*clamp)[0] > (*clamp)[1])
    SHAPE_ERROR(err, "expects clamp = [lo, hi] with lo <= hi, got ["
                         << llvm::interleaved(*clamp, ", ", "", "") << "]");
  return success();
}

LogicalResult Conv2DOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  ShapeError err(loc, "conv2d");
  if (failed(checkClamp(err, adaptor.getClamp())))
    return failure();
  FailureOr<RankedTensorType> input = rankedOperand(err, adaptor.getInput(), "input");
  FailureOr<RankedTensorType> filter =
      rankedOperand(err, adaptor.getFilter(), "filter");
  if (failed(input) || failed(filter))
    return failure();
  if (input->getRank() != 4 || filter->getRank() != 4)
    SHAPE_ERROR(err, "expects a rank-4 NCHW input and OIHW filter, got "
                         << formatShape(input->getShape()) << " and "
                         << formatShape(filter->getShape()));
  if (failed(checkCompatibleElements(err, input->getElementType(), "input",
                                     filter->getElementType(), "filter")))
    return failure();
  ArrayRef<int64_t> strides = adaptor.getStrides(), pads = adaptor.getPads(),
                    dilations = adaptor.getDilations();
  if (failed(checkArraySize(err, strides, 2, "strides")) ||
      failed(checkArraySize(err, dilations, 2, "dilations")) ||
      failed(checkArraySize(err, pads, 4, "pads")) ||
      failed(checkAllPositive(err, strides, "strides")) ||
      failed(checkAllPositive(err, dilations, "dilations")) ||
      failed(checkAllNonNegative(err, pads, "pads")))
    return failure();

  int64_t groups = adaptor.getGroups();
  int64_t batch = input->getDimSize(0), channels = input->getDimSize(1);
  int64_t outChannels = filter->getDimSize(0);
  if (groups < 1 || channels % groups != 0 || outChannels % groups != 0)
    SHAPE_ERROR(err, "expects groups = " << groups
                                         << " to divide both the input "
                                            "channels ("
                                         << channels
                                         << ") and the output channels ("
                                         << outChannels << ")");
  if (filter->getDimSize(1) * groups != channels)
    SHAPE_ERROR(err, "has a filter with " << filter->getDimSize(1)
                                          << " input channels per group, but "
                                             "the input has "
                                          << channels << " channels in "
                                          << groups << " group(s)");
  if (failed(checkBias(err, adaptor.getBias(), outChannels)))
    return failure();

  FailureOr<int64_t> outH = windowOutputSize(
      err, "H", input->getDimSize(2), filter->getDimSize(2), strides[0],
      dilations[0], pads[0], pads[2]);
  if (failed(outH))
    return failure();
  FailureOr<int64_t> outW = windowOutputSize(
      err, "W", input->getDimSize(3), filter->getDimSize(3), strides[1],
      dilations[1], pads[1], pads[3]);
  if (failed(outW))
    return failure();
  inferred.emplace_back(ArrayRef<int64_t>{batch, outChannels, *outH, *outW},
                        computedElementType(input->getElementType()));
  return success();
}

LogicalResult ConvTranspose2DOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  ShapeError err(loc, "conv_transpose2d");
  FailureOr<RankedTensorType> input = rankedOperand(err, adaptor.getInput(), "input");
  FailureOr<RankedTensorType> filter =
      rankedOperand(err, adaptor.getFilter(), "filter");
  if (failed(input) || failed(filter))
    return failure();
  if (input->getRank() != 4 || filter->getRank() != 4)
    SHAPE_ERROR(err, "expects a rank-4 NCHW input and [C, O/groups, kH, kW] "
                     "filter, got "
                         << formatShape(input->getShape()) << " and "
                         << formatShape(filter->getShape()));
  if (failed(checkCompatibleElements(err, input->getElementType(), "input",
                                     filter->getElementType(), "filter")))
    return failure();
  ArrayRef<int64_t> strides = adaptor.getStrides(), pads = adaptor.getPads(),
                    dilations = adaptor.getDilations(),
                    outputPadding = adaptor.getOutputPadding();
  if (failed(checkArraySize(err, strides, 2, "strides")) ||
      failed(checkArraySize(err, dilations, 2, "dilations")) ||
      failed(checkArraySize(err, pads, 4, "pads")) ||
      failed(checkArraySize(err, outputPadding, 2, "output_padding")) ||
      failed(checkAllPositive(err, strides, "strides")) ||
      failed(checkAllPositive(err, dilations, "dilations")) ||
      failed(checkAllNonNegative(err, pads, "pads")) ||
      failed(checkAllNonNegative(err, outputPadding, "output_padding")))
    return failure();
  int64_t groups = adaptor.getGroups();
  int64_t channels = input->getDimSize(1);
  if (groups < 1 || channels % groups != 0)
    SHAPE_ERROR(err, "expects groups = " << groups
                                         << " to divide the input channels ("
                                         << channels << ")");
  if (filter->getDimSize(0) != channels)
    SHAPE_ERROR(err, "has a filter for " << filter->getDimSize(0)
                                         << " input channels, but the input "
                                            "has "
                                         << channels);
  int64_t outChannels = filter->getDimSize(1) * groups;
  if (failed(checkBias(err, adaptor.getBias(), outChannels)))
    return failure();
  SmallVector<int64_t, 4> shape{input->getDimSize(0), outChannels};
  for (int i = 0; i < 2; ++i) {
    if (outputPadding[i] >= std::max(strides[i], dilations[i]))
      SHAPE_ERROR(err, "expects output_padding["
                           << i << "] = " << outputPadding[i]
                           << " to be smaller than the stride or dilation");
    int64_t size = strides[i] * (input->getDimSize(2 + i) - 1) +
                   outputPadding[i] +
                   dilations[i] * (filter->getDimSize(2 + i) - 1) + 1 -
                   pads[i] - pads[i + 2];
    if (size <= 0)
      SHAPE_ERROR(err, "pads away the whole output along "
                           << (i == 0 ? "H" : "W") << " (size " << size << ")");
    shape.push_back(size);
  }
  inferred.emplace_back(shape, computedElementType(input->getElementType()));
  return success();
}

LogicalResult MatMulOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  ShapeError err(loc, "matmul");
  if (failed(checkClamp(err, adaptor.getClamp())))
    return failure();
  FailureOr<RankedTensorType> lhs = rankedOperand(err, adaptor.getLhs(), "lhs");
  FailureOr<RankedTensorType> rhs = rankedOperand(err, adaptor.getRhs(), "rhs");
  if (failed(lhs) || failed(rhs))
    return failure();
  if (lhs->getRank() < 2 || rhs->getRank() < 2)
    SHAPE_ERROR(err, "expects operands of rank >= 2 (the importer reshapes "
                     "vectors), got "
                         << formatShape(lhs->getShape()) << " and "
                         << formatShape(rhs->getShape()));
  if (failed(checkCompatibleElements(err, lhs->getElementType(), "lhs",
                                     rhs->getElementType(), "rhs")))
    return failure();
  ArrayRef<int64_t> l = lhs->getShape(), r = rhs->getShape();
  int64_t m = l[l.size() - 2], k = l.back(), rk = r[r.size() - 2],
          n = r.back();
  if (k != rk)
    SHAPE_ERROR(err, "contracts lhs " << formatShape(l) << " with rhs "
                                      << formatShape(r) << ": K is " << k
                                      << " on the left and " << rk
                                      << " on the right");
  SmallVector<int64_t> batch;
  if (!OpTrait::util::getBroadcastedShape(l.drop_back(2), r.drop_back(2),
                                          batch))
    SHAPE_ERROR(err, "cannot broadcast the batch dimensions of "
                         << formatShape(l) << " and " << formatShape(r));
  batch.append({m, n});
  inferred.emplace_back(batch, computedElementType(lhs->getElementType()));
  return success();
}

LogicalResult FullyConnectedOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  ShapeError err(loc, "fully_connected");
  if (failed(checkClamp(err, adaptor.getClamp())))
    return failure();
  FailureOr<RankedTensorType> input = rankedOperand(err, adaptor.getInput(), "input");
  FailureOr<RankedTensorType> weight =
      rankedOperand(err, adaptor.getWeight(), "weight");
  if (failed(input) || failed(weight))
    return failure();
  if (input->getRank() < 1 || weight->getRank() != 2)
    SHAPE_ERROR(err, "expects an input [..., K] and a weight [N, K], got "
                         << formatShape(input->getShape()) << " and "
                         << formatShape(weight->getShape()));
  if (failed(checkCompatibleElements(err, input->getElementType(), "input",
                                     weight->getElementType(), "weight")))
    return failure();
  int64_t k = input->getShape().back();
  if (weight->getDimSize(1) != k)
    SHAPE_ERROR(err, "has a weight of shape "
                         << formatShape(weight->getShape())
                         << " ([N, K]) for an input with K = " << k);
  int64_t n = weight->getDimSize(0);
  if (failed(checkBias(err, adaptor.getBias(), n)))
    return failure();
  SmallVector<int64_t> shape(input->getShape());
  shape.back() = n;
  inferred.emplace_back(shape, computedElementType(input->getElementType()));
  return success();
}

//===----------------------------------------------------------------------===//
// Element-wise ops
//===----------------------------------------------------------------------===//

LogicalResult BinaryOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  ShapeError err(loc, "binary");
  FailureOr<RankedTensorType> lhs = rankedOperand(err, adaptor.getLhs(), "lhs");
  FailureOr<RankedTensorType> rhs = rankedOperand(err, adaptor.getRhs(), "rhs");
  if (failed(lhs) || failed(rhs))
    return failure();
  if (failed(checkCompatibleElements(err, lhs->getElementType(), "lhs",
                                     rhs->getElementType(), "rhs")))
    return failure();
  SmallVector<int64_t> shape;
  if (!OpTrait::util::getBroadcastedShape(lhs->getShape(), rhs->getShape(),
                                          shape))
    SHAPE_ERROR(err, "cannot broadcast " << formatShape(lhs->getShape())
                                         << " with "
                                         << formatShape(rhs->getShape()));
  inferred.emplace_back(shape, computedElementType(lhs->getElementType()));
  return success();
}

/// Shared by every shape-preserving single-input op.
static LogicalResult inferSameShape(const ShapeError &err, Value input,
                                    bool preservesElementType,
                                    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  FailureOr<RankedTensorType> type = rankedOperand(err, input, "input");
  if (failed(type))
    return failure();
  inferred.emplace_back(type->getShape(),
                        preservesElementType
                            ? type->getElementType()
                            : computedElementType(type->getElementType()));
  return success();
}

LogicalResult UnaryOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  return inferSameShape(ShapeError(loc, "unary"), adaptor.getInput(),
                        /*preservesElementType=*/false, inferred);
}

LogicalResult ClipOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  return inferSameShape(ShapeError(loc, "clip"), adaptor.getInput(),
                        /*preservesElementType=*/false, inferred);
}

LogicalResult ClipOp::verify() {
  if (getMin().convertToFloat() > getMax().convertToFloat())
    return emitOpError("has min = ")
           << getMin().convertToFloat() << " above max = "
           << getMax().convertToFloat();
  return success();
}

LogicalResult LeakyReluOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  return inferSameShape(ShapeError(loc, "leaky_relu"), adaptor.getInput(),
                        /*preservesElementType=*/false, inferred);
}

LogicalResult HardSigmoidOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  return inferSameShape(ShapeError(loc, "hard_sigmoid"), adaptor.getInput(),
                        /*preservesElementType=*/false, inferred);
}

//===----------------------------------------------------------------------===//
// Pooling, normalisation, reductions
//===----------------------------------------------------------------------===//

static LogicalResult inferPool2D(const ShapeError &err, Value inputValue,
                                 ArrayRef<int64_t> kernel,
                                 ArrayRef<int64_t> strides,
                                 ArrayRef<int64_t> pads,
                                 ArrayRef<int64_t> dilations, bool ceilMode,
                                 bool preservesElementType,
                                 SmallVectorImpl<ShapedTypeComponents> &inferred) {
  FailureOr<RankedTensorType> input = rankedOperand(err, inputValue, "input");
  if (failed(input))
    return failure();
  if (input->getRank() != 4)
    SHAPE_ERROR(err, "expects a rank-4 NCHW input, got "
                         << formatShape(input->getShape()));
  if (failed(checkArraySize(err, kernel, 2, "kernel")) ||
      failed(checkArraySize(err, strides, 2, "strides")) ||
      failed(checkArraySize(err, dilations, 2, "dilations")) ||
      failed(checkArraySize(err, pads, 4, "pads")) ||
      failed(checkAllPositive(err, kernel, "kernel")) ||
      failed(checkAllPositive(err, strides, "strides")) ||
      failed(checkAllPositive(err, dilations, "dilations")) ||
      failed(checkAllNonNegative(err, pads, "pads")))
    return failure();
  for (int i = 0; i < 2; ++i) {
    int64_t effectiveKernel = dilations[i] * (kernel[i] - 1) + 1;
    if (pads[i] >= effectiveKernel || pads[i + 2] >= effectiveKernel)
      SHAPE_ERROR(err, "pads " << (i == 0 ? "H" : "W")
                               << " by at least the whole window ("
                               << effectiveKernel
                               << "): some windows would see only padding");
  }
  SmallVector<int64_t, 4> shape{input->getDimSize(0), input->getDimSize(1)};
  for (int i = 0; i < 2; ++i) {
    FailureOr<int64_t> size = windowOutputSize(
        err, i == 0 ? "H" : "W", input->getDimSize(2 + i), kernel[i],
        strides[i], dilations[i], pads[i], pads[i + 2], ceilMode);
    if (failed(size))
      return failure();
    shape.push_back(*size);
  }
  Type element = input->getElementType();
  inferred.emplace_back(shape, preservesElementType
                                   ? element
                                   : computedElementType(element));
  return success();
}

LogicalResult MaxPool2DOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  // The maximum of quantized values keeps their scale: the element type is
  // preserved even for quantized inputs.
  return inferPool2D(ShapeError(loc, "max_pool2d"), adaptor.getInput(),
                     adaptor.getKernel(), adaptor.getStrides(),
                     adaptor.getPads(), adaptor.getDilations(),
                     adaptor.getCeilMode(), /*preservesElementType=*/true,
                     inferred);
}

LogicalResult AvgPool2DOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  int64_t noDilation[] = {1, 1};
  return inferPool2D(ShapeError(loc, "avg_pool2d"), adaptor.getInput(),
                     adaptor.getKernel(), adaptor.getStrides(),
                     adaptor.getPads(), noDilation, adaptor.getCeilMode(),
                     /*preservesElementType=*/false, inferred);
}

LogicalResult GlobalAvgPool2DOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  ShapeError err(loc, "global_avg_pool2d");
  FailureOr<RankedTensorType> input = rankedOperand(err, adaptor.getInput(), "input");
  if (failed(input))
    return failure();
  if (input->getRank() != 4)
    SHAPE_ERROR(err, "expects a rank-4 NCHW input, got "
                         << formatShape(input->getShape()));
  inferred.emplace_back(
      ArrayRef<int64_t>{input->getDimSize(0), input->getDimSize(1), 1, 1},
      computedElementType(input->getElementType()));
  return success();
}

LogicalResult SoftmaxOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  ShapeError err(loc, "softmax");
  FailureOr<RankedTensorType> input = rankedOperand(err, adaptor.getInput(), "input");
  if (failed(input) ||
      failed(checkAxis(err, adaptor.getAxis(), input->getRank())))
    return failure();
  inferred.emplace_back(input->getShape(),
                        computedElementType(input->getElementType()));
  return success();
}

/// Layer and RMS norm: `scale` (and `bias`) have the normalised shape.
static LogicalResult inferNorm(const ShapeError &err, Value inputValue,
                               Value scale, Value bias, int64_t axis,
                               float epsilon,
                               SmallVectorImpl<ShapedTypeComponents> &inferred) {
  FailureOr<RankedTensorType> input = rankedOperand(err, inputValue, "input");
  if (failed(input) || failed(checkAxis(err, axis, input->getRank())))
    return failure();
  if (!(epsilon > 0.0f))
    SHAPE_ERROR(err, "expects a positive epsilon, got " << epsilon);
  ArrayRef<int64_t> normalized = input->getShape().drop_front(axis);
  for (auto [value, name] : {std::pair{scale, "scale"}, std::pair{bias, "bias"}}) {
    if (!value)
      continue;
    FailureOr<RankedTensorType> type = rankedOperand(err, value, name);
    if (failed(type))
      return failure();
    if (type->getShape() != normalized)
      SHAPE_ERROR(err, "expects " << name << " of shape "
                                  << formatShape(normalized)
                                  << " (the dimensions from axis " << axis
                                  << "), got " << formatShape(type->getShape()));
  }
  inferred.emplace_back(input->getShape(),
                        computedElementType(input->getElementType()));
  return success();
}

LogicalResult LayerNormOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  return inferNorm(ShapeError(loc, "layer_norm"), adaptor.getInput(),
                   adaptor.getScale(), adaptor.getBias(), adaptor.getAxis(),
                   adaptor.getEpsilon().convertToFloat(), inferred);
}

LogicalResult RmsNormOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  return inferNorm(ShapeError(loc, "rms_norm"), adaptor.getInput(),
                   adaptor.getScale(), Value(), adaptor.getAxis(),
                   adaptor.getEpsilon().convertToFloat(), inferred);
}

LogicalResult ReduceOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  ShapeError err(loc, "reduce");
  FailureOr<RankedTensorType> input = rankedOperand(err, adaptor.getInput(), "input");
  if (failed(input))
    return failure();
  ArrayRef<int64_t> axes = adaptor.getAxes();
  if (axes.empty())
    SHAPE_ERROR(err, "expects at least one axis (list every axis to reduce "
                     "them all)");
  llvm::SmallBitVector reduced(input->getRank());
  for (auto [i, axis] : llvm::enumerate(axes)) {
    if (failed(checkAxis(err, axis, input->getRank(), "axes")))
      return failure();
    if (i > 0 && axis <= axes[i - 1])
      SHAPE_ERROR(err, "expects strictly increasing axes, got ["
                           << llvm::make_range(axes.begin(), axes.end())
                           << "]");
    reduced.set(axis);
  }
  SmallVector<int64_t> shape;
  for (auto [dim, size] : llvm::enumerate(input->getShape())) {
    if (!reduced.test(dim))
      shape.push_back(size);
    else if (adaptor.getKeepDims())
      shape.push_back(1);
  }
  bool preserves = adaptor.getKind() == ReduceKind::max ||
                   adaptor.getKind() == ReduceKind::min;
  Type element = input->getElementType();
  inferred.emplace_back(shape, preserves ? element : computedElementType(element));
  return success();
}

/// For ops whose result shape is the result type's (reshape, resize,
/// broadcast): only the element type is implied.
static LogicalResult inferElementTypeOnly(const ShapeError &err, Value input,
                                          SmallVectorImpl<ShapedTypeComponents> &inferred) {
  FailureOr<RankedTensorType> type = rankedOperand(err, input, "input");
  if (failed(type))
    return failure();
  inferred.emplace_back(type->getElementType());
  return success();
}

/// For ops whose result element type is the result type's (cast, quantize,
/// requantize): only the shape is implied.
static LogicalResult inferShapeOnly(const ShapeError &err, Value input,
                                    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  FailureOr<RankedTensorType> type = rankedOperand(err, input, "input");
  if (failed(type))
    return failure();
  inferred.emplace_back(type->getShape());
  return success();
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  // The new shape is the result type's; see ReshapeOp::verify.
  return inferElementTypeOnly(ShapeError(loc, "reshape"), adaptor.getInput(), inferred);
}

LogicalResult ReshapeOp::verify() {
  RankedTensorType input = getInput().getType(), output = getOutput().getType();
  if (input.getNumElements() != output.getNumElements())
    return emitOpError("cannot reshape ")
           << input.getNumElements() << " elements ("
           << formatShape(input.getShape()) << ") into "
           << output.getNumElements() << " (" << formatShape(output.getShape())
           << ")";
  return success();
}

LogicalResult TransposeOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  ShapeError err(loc, "transpose");
  FailureOr<RankedTensorType> input = rankedOperand(err, adaptor.getInput(), "input");
  if (failed(input))
    return failure();
  ArrayRef<int64_t> perm = adaptor.getPerm();
  if (!isPermutationVector(perm) ||
      static_cast<int64_t>(perm.size()) != input->getRank())
    SHAPE_ERROR(err, "expects 'perm' to be a permutation of [0, "
                         << input->getRank() << "), got ["
                         << llvm::make_range(perm.begin(), perm.end()) << "]");
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(input->getDimSize(p));
  inferred.emplace_back(shape, input->getElementType());
  return success();
}

LogicalResult ConcatOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  ShapeError err(loc, "concat");
  if (adaptor.getInputs().empty())
    SHAPE_ERROR(err, "expects at least one input");
  FailureOr<RankedTensorType> first =
      rankedOperand(err, adaptor.getInputs().front(), "input #0");
  if (failed(first) || failed(checkAxis(err, adaptor.getAxis(), first->getRank())))
    return failure();
  int64_t axis = adaptor.getAxis();
  SmallVector<int64_t> shape(first->getShape());
  for (auto [i, value] : llvm::enumerate(adaptor.getInputs().drop_front())) {
    std::string name = "input #" + std::to_string(i + 1);
    FailureOr<RankedTensorType> type = rankedOperand(err, value, name);
    if (failed(type))
      return failure();
    if (type->getElementType() != first->getElementType())
      SHAPE_ERROR(err, "expects every input to have element type "
                           << first->getElementType() << ", " << name
                           << " has " << type->getElementType());
    bool sameOtherDims = type->getRank() == first->getRank();
    for (int64_t d = 0; sameOtherDims && d < first->getRank(); ++d)
      sameOtherDims = d == axis || type->getDimSize(d) == first->getDimSize(d);
    if (!sameOtherDims)
      SHAPE_ERROR(err, "cannot join " << name << " of shape "
                                      << formatShape(type->getShape())
                                      << " to input #0 of shape "
                                      << formatShape(first->getShape())
                                      << " along axis " << axis);
    shape[axis] += type->getDimSize(axis);
  }
  inferred.emplace_back(shape, first->getElementType());
  return success();
}

LogicalResult SplitOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  ShapeError err(loc, "split");
  FailureOr<RankedTensorType> input = rankedOperand(err, adaptor.getInput(), "input");
  if (failed(input) || failed(checkAxis(err, adaptor.getAxis(), input->getRank())))
    return failure();
  int64_t axis = adaptor.getAxis();
  ArrayRef<int64_t> sizes = adaptor.getSizes();
  if (sizes.empty())
    SHAPE_ERROR(err, "expects at least one entry in 'sizes'");
  if (failed(checkAllPositive(err, sizes, "sizes")))
    return failure();
  int64_t total = std::accumulate(sizes.begin(), sizes.end(), int64_t{0});
  if (total != input->getDimSize(axis))
    SHAPE_ERROR(err, "has sizes adding up to " << total << " but axis " << axis
                                              << " has "
                                              << input->getDimSize(axis));
  for (int64_t size : sizes) {
    SmallVector<int64_t> shape(input->getShape());
    shape[axis] = size;
    inferred.emplace_back(shape, input->getElementType());
  }
  return success();
}

LogicalResult SliceOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  ShapeError err(loc, "slice");
  FailureOr<RankedTensorType> input = rankedOperand(err, adaptor.getInput(), "input");
  if (failed(input))
    return failure();
  ArrayRef<int64_t> starts = adaptor.getStarts(), ends = adaptor.getEnds(),
                    steps = adaptor.getSteps();
  size_t rank = input->getRank();
  if (failed(checkArraySize(err, starts, rank, "starts")) ||
      failed(checkArraySize(err, ends, rank, "ends")) ||
      failed(checkArraySize(err, steps, rank, "steps")))
    return failure();
  SmallVector<int64_t> shape;
  for (size_t d = 0; d < rank; ++d) {
    int64_t dim = input->getDimSize(d), start = starts[d], end = ends[d],
            step = steps[d];
    if (step == 0)
      SHAPE_ERROR(err, "has step 0 in dimension " << d);
    bool valid = step > 0 ? (0 <= start && start <= end && end <= dim)
                          : (-1 <= end && end <= start && start < dim);
    if (!valid)
      SHAPE_ERROR(err, "has [start, end) = [" << start << ", " << end
                                              << ") with step " << step
                                              << " outside dimension " << d
                                              << " of size " << dim);
    int64_t size = step > 0 ? llvm::divideCeil(end - start, step)
                            : llvm::divideCeil(start - end, -step);
    if (size == 0)
      SHAPE_ERROR(err, "selects nothing in dimension "
                           << d << " (empty tensors are not supported)");
    shape.push_back(size);
  }
  inferred.emplace_back(shape, input->getElementType());
  return success();
}

LogicalResult PadOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  ShapeError err(loc, "pad");
  FailureOr<RankedTensorType> input = rankedOperand(err, adaptor.getInput(), "input");
  if (failed(input))
    return failure();
  ArrayRef<int64_t> low = adaptor.getPadsLow(), high = adaptor.getPadsHigh();
  size_t rank = input->getRank();
  if (failed(checkArraySize(err, low, rank, "pads_low")) ||
      failed(checkArraySize(err, high, rank, "pads_high")) ||
      failed(checkAllNonNegative(err, low, "pads_low")) ||
      failed(checkAllNonNegative(err, high, "pads_high")))
    return failure();
  SmallVector<int64_t> shape;
  for (size_t d = 0; d < rank; ++d) {
    int64_t dim = input->getDimSize(d);
    if (adaptor.getMode() == PadMode::reflect && (low[d] >= dim || high[d] >= dim))
      SHAPE_ERROR(err, "reflects " << std::max(low[d], high[d])
                                   << " elements of dimension " << d
                                   << ", which has only " << dim
                                   << " (reflect pads must be smaller than the "
                                      "dimension)");
    FailureOr<int64_t> padded =
        checkedSum(err, "padded dimension", dim, low[d], high[d]);
    if (failed(padded))
      return failure();
    shape.push_back(*padded);
  }
  inferred.emplace_back(shape, input->getElementType());
  return success();
}

LogicalResult GatherOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  ShapeError err(loc, "gather");
  FailureOr<RankedTensorType> data = rankedOperand(err, adaptor.getData(), "data");
  if (failed(data) ||
      failed(checkAxis(err, adaptor.getAxis(), data->getRank())))
    return failure();
  auto indices = dyn_cast<RankedTensorType>(adaptor.getIndices().getType());
  if (!indices || !indices.hasStaticShape())
    SHAPE_ERROR(err, "expects statically shaped indices");
  int64_t axis = adaptor.getAxis();
  SmallVector<int64_t> shape(data->getShape().take_front(axis));
  llvm::append_range(shape, indices.getShape());
  llvm::append_range(shape, data->getShape().drop_front(axis + 1));
  inferred.emplace_back(shape, data->getElementType());
  return success();
}

LogicalResult ResizeOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  // The output size is the result type's; see ResizeOp::verify.
  return inferElementTypeOnly(ShapeError(loc, "resize"), adaptor.getInput(), inferred);
}

LogicalResult ResizeOp::verify() {
  auto input = getInput().getType();
  auto output = getOutput().getType();
  if (input.getRank() < 2 || input.getRank() != output.getRank())
    return emitOpError("expects input and result of the same rank >= 2, got ")
           << input << " and " << output;
  if (input.getShape().drop_back(2) != output.getShape().drop_back(2))
    return emitOpError("resizes only the two innermost dimensions, but ")
           << input << " and " << output << " differ before them";
  return success();
}

LogicalResult BroadcastOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  // The target shape is the result type's; see BroadcastOp::verify.
  return inferElementTypeOnly(ShapeError(loc, "broadcast"), adaptor.getInput(), inferred);
}

LogicalResult BroadcastOp::verify() {
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> out = getOutput().getType().getShape();
  bool ok = in.size() <= out.size();
  for (size_t i = 0; ok && i < in.size(); ++i) {
    int64_t a = in[in.size() - 1 - i], b = out[out.size() - 1 - i];
    ok = a == b || a == 1;
  }
  if (!ok)
    return emitOpError("cannot broadcast ")
           << formatShape(in) << " to " << formatShape(out)
           << " (each input dimension must be 1 or equal the result's, "
              "aligned from the right)";
  return success();
}

//===----------------------------------------------------------------------===//
// Type conversion and quantization
//===----------------------------------------------------------------------===//

LogicalResult CastOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  // The target element type is the result type's.
  return inferShapeOnly(ShapeError(loc, "cast"), adaptor.getInput(), inferred);
}

LogicalResult QuantizeOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  return inferShapeOnly(ShapeError(loc, "quantize"), adaptor.getInput(), inferred);
}

LogicalResult QuantizeOp::verify() {
  auto quantized =
      cast<quant::QuantizedType>(getOutput().getType().getElementType());
  Type expressed = getInput().getType().getElementType();
  if (quantized.getExpressedType() != expressed)
    return emitOpError("quantizes ")
           << expressed << " values into " << quantized
           << ", whose expressed type is " << quantized.getExpressedType();
  return success();
}

LogicalResult DequantizeOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  FailureOr<RankedTensorType> input =
      rankedOperand(ShapeError(loc, "dequantize"), adaptor.getInput(), "input");
  if (failed(input))
    return failure();
  auto quantized = dyn_cast<quant::QuantizedType>(input->getElementType());
  inferred.emplace_back(input->getShape(),
                        quantized ? quantized.getExpressedType() : Type());
  return success();
}

LogicalResult RequantizeOp::inferReturnTypeComponents(
    MLIRContext *, std::optional<Location> loc, Adaptor adaptor,
    SmallVectorImpl<ShapedTypeComponents> &inferred) {
  return inferShapeOnly(ShapeError(loc, "requantize"), adaptor.getInput(), inferred);
}

LogicalResult RequantizeOp::verify() {
  auto in = cast<quant::QuantizedType>(getInput().getType().getElementType());
  auto out = cast<quant::QuantizedType>(getOutput().getType().getElementType());
  if (in.getExpressedType() != out.getExpressedType())
    return emitOpError("changes the expressed type from ")
           << in.getExpressedType() << " to " << out.getExpressedType()
           << "; dequantize and quantize instead";
  return success();
}

//===----------------------------------------------------------------------===//
// Shared verification and building
//===----------------------------------------------------------------------===//

/// A per-axis quantized tensor needs its axis in range and one scale per
/// element along it.
static LogicalResult verifyPerAxisQuantization(Operation *op, Type type,
                                               StringRef what) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return success();
  auto perAxis =
      dyn_cast<quant::UniformQuantizedPerAxisType>(tensor.getElementType());
  if (!perAxis)
    return success();
  int64_t axis = perAxis.getQuantizedDimension();
  if (axis >= tensor.getRank())
    return op->emitOpError() << what << " is quantized along axis " << axis
                             << " but has rank " << tensor.getRank();
  if (static_cast<int64_t>(perAxis.getScales().size()) !=
      tensor.getDimSize(axis))
    return op->emitOpError()
           << what << " has " << perAxis.getScales().size()
           << " scales for axis " << axis << " of size "
           << tensor.getDimSize(axis);
  return success();
}

static LogicalResult inferComponents(Operation *op,
                                     SmallVectorImpl<ShapedTypeComponents> &out) {
  auto iface = cast<InferShapedTypeOpInterface>(op);
  return iface.inferReturnTypeComponents(
      op->getContext(), op->getLoc(), op->getOperands(),
      op->getRawDictionaryAttrs(), op->getPropertiesStorage(),
      op->getRegions(), out);
}

bool mlir::npu::hasReasonableSize(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t dim : shape) {
    if (dim < 0 || (dim != 0 && count > kMaxTensorElements / dim))
      return false;
    count *= dim;
  }
  return true;
}

/// Element counts that overflow (or come close) are refused before anything
/// computes getNumElements() on them.
static LogicalResult verifySizes(Operation *op) {
  for (auto [kind, types] : {std::pair{"operand", TypeRange(op->getOperandTypes())},
                             std::pair{"result", TypeRange(op->getResultTypes())}})
    for (auto [i, type] : llvm::enumerate(types))
      if (auto shaped = dyn_cast<ShapedType>(type);
          shaped && shaped.hasStaticShape() && !hasReasonableSize(shaped.getShape()))
        return op->emitOpError() << kind << " #" << i << " has shape "
                                 << formatShape(shaped.getShape())
                                 << ", more than 2^40 elements";
  return success();
}

LogicalResult mlir::npu::detail::verifyInferredShapes(Operation *op) {
  if (failed(verifySizes(op)))
    return failure();
  for (auto [i, type] : llvm::enumerate(op->getOperandTypes()))
    if (failed(verifyPerAxisQuantization(op, type,
                                         "operand #" + std::to_string(i))))
      return failure();
  for (auto [i, type] : llvm::enumerate(op->getResultTypes()))
    if (failed(verifyPerAxisQuantization(op, type,
                                         "result #" + std::to_string(i))))
      return failure();

  SmallVector<ShapedTypeComponents, 2> components;
  if (failed(inferComponents(op, components)))
    return failure();
  if (components.size() != op->getNumResults())
    return op->emitOpError("has ")
           << op->getNumResults() << " results but its operands give "
           << components.size();
  for (auto [i, result, component] :
       llvm::enumerate(op->getResults(), components)) {
    auto type = dyn_cast<RankedTensorType>(result.getType());
    if (!type)
      return op->emitOpError("result #") << i << " must be a ranked tensor";
    if (component.hasRank() && type.getShape() != component.getDims())
      return op->emitOpError("result #")
             << i << " has shape " << formatShape(type.getShape())
             << " but the operands and attributes give "
             << formatShape(component.getDims());
    if (component.getElementType() &&
        type.getElementType() != component.getElementType())
      return op->emitOpError("result #")
             << i << " has element type " << type.getElementType()
             << " but the operands give " << component.getElementType();
  }
  return success();
}

LogicalResult mlir::npu::refineResultTypes(Operation *op,
                                           Type resultElementType) {
  for (Type type : op->getOperandTypes())
    if (auto shaped = dyn_cast<ShapedType>(type);
        shaped && shaped.hasStaticShape() && !hasReasonableSize(shaped.getShape()))
      return op->emitOpError("has an operand with more than 2^40 elements");
  SmallVector<ShapedTypeComponents, 2> components;
  if (failed(inferComponents(op, components)))
    return failure();
  for (const ShapedTypeComponents &component : components)
    if (component.hasRank() && !hasReasonableSize(component.getDims()))
      return op->emitOpError("would produce ")
             << formatShape(component.getDims())
             << ", more than 2^40 elements (a corrupt or hostile model?)";
  for (auto [result, component] : llvm::zip(op->getResults(), components)) {
    if (!component.hasRank())
      return op->emitOpError("cannot infer its result shape; build it with an "
                             "explicit result type");
    Type element =
        resultElementType ? resultElementType : component.getElementType();
    if (!element)
      return op->emitOpError("needs an explicit result element type (its "
                             "operands are quantized)");
    result.setType(RankedTensorType::get(component.getDims(), element));
  }
  return success();
}
