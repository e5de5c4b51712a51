//===- MatrixEngine.h - weights and epilogues of matrix products -*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// What the convolution, layer-group and product patterns share: weights
// packed in the matrix engine's panels, the int8 epilogue (bias with the
// input zero point folded in, the requantization table), the vector
// engine's write-back of a tile and the convolution tile command.
// Private to lib/Conversion/NpuToNpuHw.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_CONVERSION_NPUTONPUHW_MATRIXENGINE_H
#define NPU_CONVERSION_NPUTONPUHW_MATRIXENGINE_H

#include "LoweringContext.h"

namespace mlir::npu::lowering {

/// Per-group row-major B matrices (`[groups][k][n]`, values exact in the
/// element type: int8 storage values or f16-representable floats) packed in
/// the matrix engine's panels (docs/isa.md, "Weights"), as a constant.
Value packWeights(LoweringContext &lowering, StringRef prefix, ArrayRef<double> b,
                  int64_t groups, int64_t k, int64_t n, bool int8);

/// What an int8 product adds to the matrix engine's raw i8 x i8 sums:
///   acc[o] = sum(x * w[o]) + bias[o] - zx * sum(w[o])
/// is exactly the reference's sum((x - zx) * w[o]) + bias[o] (weights are
/// symmetric, and padding holds zx), then `requant` with the reference's
/// multipliers (getProductRequantization). The table is laid out block by
/// block of `blockSize` channels (multipliers, then shifts), so that each
/// tile's slice is contiguous.
struct Int8Epilogue {
  SmallVector<int32_t> bias, table;
  int32_t inputZeroPoint = 0, zeroPoint = 0, lo = 0, hi = 0;
};

FailureOr<Int8Epilogue> getInt8Epilogue(LoweringContext &lowering, Operation *op,
                                        Value input, Value weight, Value bias,
                                        ArrayRef<double> weightSums,
                                        int64_t blockSize,
                                        std::optional<ArrayRef<float>> clamp);

/// The vector engine's write-back of a matrix tile: f32 accumulators to f16,
/// through the fused activation's clamp.
void emitWriteBack(LoweringContext &lowering, Value acc, Value out,
                   std::optional<ArrayRef<float>> clamp, Location loc,
                   Stage stage = Vector);
/// The vector engine's write-back of an int8 matrix tile.
void emitRequant(LoweringContext &lowering, Value acc, Value table, Value out,
                 const Int8Epilogue &epilogue, Location loc, Stage stage = Vector);

/// A convolution's constants in DRAM, in the matrix engine's layout: the
/// packed filter, the bias (f32, or i32 with the input zero point folded
/// in) and, for int8, the requantization table by blocks of `tableBlock`
/// channels.
struct ConvConstants {
  Value filter, bias, table;
  Int8Epilogue epilogue;
  /// Packed elements of one group's filter, and of all groups.
  int64_t perGroup = 0, packedTotal = 0;
  Type weightElement, accElement, resultElement;
};

FailureOr<ConvConstants> packConv(LoweringContext &lowering, Conv2DOp op,
                                  const ConvProblem &problem, int64_t tableBlock);

/// The matrix engine's command for one tile of `op`: `band` holds the input
/// rows `rows` reads (its padding rows are the window rows outside the
/// image), `groups` of the convolution's groups.
void emitConvTile(LoweringContext &lowering, Stage stage, Conv2DOp op,
                  const ConvProblem &problem, const ConvBand &rows, Value band,
                  Value filter, Value acc, Value bias, int64_t groups,
                  int64_t inputZeroPoint);

/// The conditions every convolution pattern checks (alone or grouped).
WhyUnsupported whyNotConv(Conv2DOp op);
WhyUnsupported whyNotInt8Conv(Conv2DOp op);

} // namespace mlir::npu::lowering

#endif // NPU_CONVERSION_NPUTONPUHW_MATRIXENGINE_H
