//===- Evaluate.h - the reference evaluation of every npu op ----*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// One `evaluate` overload per npu op, defined in EvalData.cpp, EvalNN.cpp and
// EvalElementwise.cpp by family. ReferenceInterfaces.cpp attaches them to the
// ops as NpuReferenceOpInterface external models for every op of the dialect
// (its op list), so an op added without an overload here does not compile.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_LIB_REFERENCE_EVALUATE_H
#define NPU_LIB_REFERENCE_EVALUATE_H

#include "dialects/npu/NpuDialect.h"
#include "npu/Reference/Tensor.h"

namespace mlir::npu::reference {

#define NPU_DECLARE_EVALUATE(OpClass)                                          \
  LogicalResult evaluate(OpClass op, EvalContext &context,                     \
                         ArrayRef<const Tensor *> operands,                    \
                         SmallVectorImpl<Tensor> &results);

// EvalData.cpp: constants and data movement.
NPU_DECLARE_EVALUATE(ConstantOp)
NPU_DECLARE_EVALUATE(ReshapeOp)
NPU_DECLARE_EVALUATE(TransposeOp)
NPU_DECLARE_EVALUATE(ConcatOp)
NPU_DECLARE_EVALUATE(SplitOp)
NPU_DECLARE_EVALUATE(SliceOp)
NPU_DECLARE_EVALUATE(PadOp)
NPU_DECLARE_EVALUATE(GatherOp)
NPU_DECLARE_EVALUATE(ResizeOp)

// EvalNN.cpp: products, pooling, normalisation, reductions.
NPU_DECLARE_EVALUATE(Conv2DOp)
NPU_DECLARE_EVALUATE(ConvTranspose2DOp)
NPU_DECLARE_EVALUATE(MatMulOp)
NPU_DECLARE_EVALUATE(FullyConnectedOp)
NPU_DECLARE_EVALUATE(MaxPool2DOp)
NPU_DECLARE_EVALUATE(AvgPool2DOp)
NPU_DECLARE_EVALUATE(GlobalAvgPool2DOp)
NPU_DECLARE_EVALUATE(SoftmaxOp)
NPU_DECLARE_EVALUATE(LayerNormOp)
NPU_DECLARE_EVALUATE(RmsNormOp)
NPU_DECLARE_EVALUATE(ReduceOp)

// EvalElementwise.cpp: arithmetic, activations, casts and quantization.
NPU_DECLARE_EVALUATE(BinaryOp)
NPU_DECLARE_EVALUATE(UnaryOp)
NPU_DECLARE_EVALUATE(ClipOp)
NPU_DECLARE_EVALUATE(LeakyReluOp)
NPU_DECLARE_EVALUATE(HardSigmoidOp)
NPU_DECLARE_EVALUATE(CastOp)
NPU_DECLARE_EVALUATE(QuantizeOp)
NPU_DECLARE_EVALUATE(DequantizeOp)
NPU_DECLARE_EVALUATE(RequantizeOp)
NPU_DECLARE_EVALUATE(BroadcastOp)

#undef NPU_DECLARE_EVALUATE

} // namespace mlir::npu::reference

#endif // NPU_LIB_REFERENCE_EVALUATE_H
