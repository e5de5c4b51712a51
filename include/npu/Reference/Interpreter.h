//===- Interpreter.h - run an npu-dialect function on the CPU --*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The reference interpreter defines what every npu op computes: each op's
// `evaluate` (NpuReferenceOpInterface, attached by lib/Reference; register it
// with registerReferenceInterfaces) is its semantics, and calibration, the
// simulator's correctness checks and the accuracy tools compare against it.
//
//   FailureOr<SmallVector<reference::Tensor>> outputs =
//       reference::runFunction(func, inputs, {});
//
//===----------------------------------------------------------------------===//

#ifndef NPU_REFERENCE_INTERPRETER_H
#define NPU_REFERENCE_INTERPRETER_H

#include "npu/Isa/Numerics.h"
#include "npu/Reference/ReferenceOpInterface.h"
#include "npu/Reference/Tensor.h"
#include "npu/Support/Npy.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace mlir::npu::reference {

struct RunOptions {
  EvalContext context;
  /// Called after every op with its results (for --dump-layers).
  llvm::function_ref<void(Operation *, ArrayRef<Tensor>)> onOpEvaluated;
};

/// Runs `func` on `inputs` (one per argument, types equal to the argument
/// types). Errors are emitted as diagnostics at the failing op.
FailureOr<SmallVector<Tensor>> runFunction(func::FuncOp func,
                                           ArrayRef<Tensor> inputs,
                                           const RunOptions &options);

/// The value of an `npu.constant`'s result (dense or dense_resource), or
/// nothing when no constant defines `value`. Passes fold with this so that
/// they read constants exactly as the interpreter does.
std::optional<Tensor> evaluateConstant(Value value);

/// How an int8 product (convolution, fully connected, matmul) turns the i32
/// accumulator of output channel `channel` into its quantized result: the
/// fixed-point multiplier of s_lhs * s_rhs[channel] / s_result, the result's
/// zero point, and its storage range narrowed by a fused activation's
/// `clamp`. The interpreter requantizes with it and the npuhw lowering
/// emits it, so simulator and reference agree bit for bit.
struct ProductRequantization {
  FixedPointMultiplier multiplier;
  int64_t zeroPoint = 0, lo = 0, hi = 0;
};
ProductRequantization
getProductRequantization(quant::QuantizedType lhs, quant::QuantizedType rhs,
                         quant::QuantizedType result, int64_t channel,
                         std::optional<ArrayRef<float>> clamp);

/// A tensor of `type` from a .npy array; the error names `what` and says
/// which dtype or shape was expected.
llvm::Expected<Tensor> tensorFromNpy(const ::mlir::npu::NpyArray &array,
                                     RankedTensorType type, StringRef what);
/// The .npy form of a tensor: floats as their own width (f16 as float16,
/// bf16 widened to float32), integers and quantized storage as their integer
/// type (8, 32 or 64 bits), i1 as bool; other types are an error.
llvm::Expected<::mlir::npu::NpyArray> tensorToNpy(const Tensor &tensor);

} // namespace mlir::npu::reference

#endif // NPU_REFERENCE_INTERPRETER_H
