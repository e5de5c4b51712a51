//===- PadChannels.cpp - channel counts to the array's multiples ----------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// A convolution whose output channels are not a multiple of `multiple` and
// whose result feeds only convolutions gets zero output channels up to the
// next multiple (zero filter rows and bias), and every consumer gets zero
// filter columns for them. The padded channels hold clamp(0) and are
// multiplied by zero weights, so every result the function returns is
// unchanged (in the reference, exactly: the added products are zeros).
//
//===----------------------------------------------------------------------===//

#include "npu/Reference/Interpreter.h"
#include "npu/Transforms/Passes.h"

#include "mlir/IR/DialectResourceBlobManager.h"

namespace mlir::npu {
#define GEN_PASS_DEF_PADCHANNELS
#include "npu/Transforms/Passes.h.inc"
} // namespace mlir::npu

using namespace mlir;
using namespace mlir::npu;

namespace {

/// A float constant of `type` (f32 or f16) holding `values`: inline when
/// small, a resource blob otherwise (as the importer stores weights).
Value createConstant(OpBuilder &builder, Location loc, RankedTensorType type,
                     ArrayRef<double> values) {
  ElementsAttr elements;
  if (type.getElementType().isF32()) {
    SmallVector<float> floats(values.begin(), values.end());
    if (floats.size() <= 4096)
      elements = DenseElementsAttr::get(type, ArrayRef<float>(floats));
    else
      elements = DenseResourceElementsAttr::get(
          type, "padded",
          HeapAsmResourceBlob::allocateAndCopyInferAlign(ArrayRef<float>(floats)));
  } else {
    SmallVector<uint16_t> halves;
    for (double value : values) {
      APFloat half(value);
      bool lost;
      half.convert(APFloat::IEEEhalf(), APFloat::rmNearestTiesToEven, &lost);
      halves.push_back(static_cast<uint16_t>(half.bitcastToAPInt().getZExtValue()));
    }
    ArrayRef<char> bytes(reinterpret_cast<const char *>(halves.data()),
                         halves.size() * sizeof(uint16_t));
    if (halves.size() <= 4096)
      elements = DenseElementsAttr::getFromRawBuffer(type, bytes);
    else
      elements = DenseResourceElementsAttr::get(
          type, "padded",
          HeapAsmResourceBlob::allocateAndCopyInferAlign(ArrayRef<uint16_t>(halves)));
  }
  return ConstantOp::create(builder, loc, elements);
}

/// `value` (a constant [d0, d1, ...]) with dimension `axis` grown to `size`
/// by zeros. The old constant is erased once nothing uses it.
Value padConstant(OpBuilder &builder, OpOperand &operand, int64_t axis, int64_t size) {
  Value value = operand.get();
  auto type = cast<RankedTensorType>(value.getType());
  std::optional<reference::Tensor> tensor = reference::evaluateConstant(value);
  SmallVector<int64_t> shape(type.getShape());
  int64_t outer = 1, inner = 1;
  for (int64_t i = 0; i < axis; ++i)
    outer *= shape[i];
  for (int64_t i = axis + 1; i < type.getRank(); ++i)
    inner *= shape[i];
  const int64_t old = shape[axis];
  shape[axis] = size;
  SmallVector<double> padded(outer * size * inner, 0.0);
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t a = 0; a < old; ++a)
      for (int64_t i = 0; i < inner; ++i)
        padded[(o * size + a) * inner + i] = tensor->getAsDouble((o * old + a) * inner + i);
  Value replacement = createConstant(
      builder, value.getLoc(), RankedTensorType::get(shape, type.getElementType()), padded);
  operand.set(replacement);
  if (value.use_empty())
    value.getDefiningOp()->erase();
  return replacement;
}

bool isFloatConstant(Value value) {
  return value && value.getDefiningOp<ConstantOp>() &&
         isa<FloatType>(getElementTypeOrSelf(value.getType())) &&
         reference::evaluateConstant(value).has_value();
}

struct PadChannelsPass : npu::impl::PadChannelsBase<PadChannelsPass> {
  using PadChannelsBase::PadChannelsBase;

  void runOnOperation() override {
    if (multiple < 1) {
      getOperation().emitError("multiple must be at least 1, got ")
          << static_cast<int64_t>(multiple);
      return signalPassFailure();
    }
    SmallVector<Conv2DOp> producers;
    getOperation().walk([&](Conv2DOp conv) {
      if (paddable(conv))
        producers.push_back(conv);
    });
    OpBuilder builder(&getContext());
    for (Conv2DOp conv : producers) {
      auto type = conv.getType();
      const int64_t channels = type.getDimSize(1);
      const int64_t padded = (channels + multiple - 1) / multiple * multiple;
      builder.setInsertionPoint(conv);
      padConstant(builder, conv->getOpOperand(1), 0, padded);
      if (conv.getBias())
        padConstant(builder, conv->getOpOperand(2), 0, padded);
      SmallVector<int64_t> shape(type.getShape());
      shape[1] = padded;
      conv.getResult().setType(RankedTensorType::get(shape, type.getElementType()));
      for (Operation *user : conv.getResult().getUsers()) {
        auto consumer = cast<Conv2DOp>(user);
        builder.setInsertionPoint(consumer);
        padConstant(builder, consumer->getOpOperand(1), 1, padded);
      }
      ++numPadded;
      numChannels += padded - channels;
    }
  }

  /// A float convolution (one group) whose channel count is not a multiple
  /// yet, whose constants can be read, and whose result only one-group
  /// convolutions read, as their input.
  bool paddable(Conv2DOp conv) {
    if (conv.getGroups() != 1 || !isFloatConstant(conv.getFilter()) ||
        (conv.getBias() && !isFloatConstant(conv.getBias())) ||
        !isa<FloatType>(conv.getType().getElementType()) ||
        conv.getType().getDimSize(1) % multiple == 0 || conv.getResult().use_empty())
      return false;
    return llvm::all_of(conv.getResult().getUses(), [](OpOperand &use) {
      auto consumer = dyn_cast<Conv2DOp>(use.getOwner());
      return consumer && use.getOperandNumber() == 0 && consumer.getGroups() == 1 &&
             isFloatConstant(consumer.getFilter());
    });
  }
};

} // namespace
