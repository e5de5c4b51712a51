//===- ConvTiling.h - tile shapes for convolutions, by cost -----*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The cost model the npu -> npuhw lowering uses to split a convolution into
// tiles that fit SRAM with double buffering (docs/pipeline.md). Candidate
// tilings are costed with the simulator's own timing functions (Timing.h)
// on the commands the tile would issue, so the plan and the simulated time
// agree by construction. No target is special-cased: everything comes from
// the TargetDescription.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_CONVERSION_CONVTILING_H
#define NPU_CONVERSION_CONVTILING_H

#include "npu/Isa/Isa.h"
#include "npu/Target/TargetDescription.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace mlir::npu {

/// A convolution as the NPU runs it: NHWC input, packed OHWI weights.
struct ConvProblem {
  int64_t batch = 1, height = 1, width = 1, inChannels = 1, outChannels = 1;
  int64_t kernelH = 1, kernelW = 1, strideH = 1, strideW = 1;
  int64_t dilationH = 1, dilationW = 1;
  int64_t padTop = 0, padLeft = 0, padBottom = 0, padRight = 0;
  int64_t groups = 1;
  /// i8 (int32 accumulators, int8 results) or f16 (f32 accumulators, f16
  /// results).
  runtime::DType type = runtime::DType::F16;

  int64_t outHeight() const;
  int64_t outWidth() const;
  uint64_t macs() const;
};

/// How a convolution is split: output rows per tile and output channels
/// per tile; the weights of a channel block either stay in SRAM for the
/// whole layer (`weightsResident`) or are reloaded for every row tile.
struct ConvTiling {
  int64_t rowsPerTile = 0;
  int64_t channelsPerTile = 0;
  bool weightsResident = false;
  /// Loop order when weights are not resident: channel blocks outermost
  /// (each block's weights load once, input rows reload per block), or
  /// rows outermost (input rows load once, weight blocks reload per tile).
  bool channelsOuter = false;
  int64_t rowTiles = 0, channelTiles = 0;
  /// SRAM the two buffer sets of double buffering occupy.
  uint64_t sramBytes = 0;
  /// DRAM bytes moved: input rows (with halos), weights, outputs.
  uint64_t dramBytes = 0;
  /// Estimated cycles: per tile, the slower of its DMA and its compute
  /// (they overlap), plus the first tile's loads.
  uint64_t cycles = 0;
};

/// The cheapest tiling that fits the target's SRAM, or nothing if even
/// one output row of one channel block does not fit (the lowering then
/// reports the layer as too large for the target). Deterministic.
std::optional<ConvTiling> planConvTiling(const ConvProblem &problem,
                                         const TargetDescription &target);

/// What one convolution of a layer group computes for one band of the
/// group's final rows: its output rows and the input rows its window reads,
/// with the window rows that fall outside the image (padding).
struct ConvBand {
  int64_t outStart = 0, outRows = 0;
  int64_t inStart = 0, inRows = 0;
  int64_t padTop = 0, padBottom = 0;
};

/// The bands of a chain of convolutions (each reading the previous one's
/// result) that produce rows [start, start + rows) of the last one's
/// result. Walking back from the last convolution, each computes exactly
/// the rows the next one's window reads, so neighbouring bands recompute
/// the overlap (the halo) instead of keeping it. One entry per convolution,
/// in chain order.
std::vector<ConvBand> getConvChainBands(const std::vector<ConvProblem> &chain,
                                        int64_t start, int64_t rows);

/// How a layer group runs: bands of `rowsPerTile` final rows, each going
/// through every convolution of the chain with its intermediate rows in
/// SRAM, all weights resident. Only the first input and the last result
/// touch DRAM.
struct ConvChainTiling {
  int64_t rowsPerTile = 0, tiles = 0;
  uint64_t sramBytes = 0, dramBytes = 0, cycles = 0;
};

/// The cheapest band height for `chain` on `target` (costed like
/// planConvTiling, on the simulator's timing functions), or nothing if the
/// weights of every layer plus one band of each intermediate do not fit
/// SRAM. Every convolution computes all its output channels per band.
std::optional<ConvChainTiling>
planConvChainTiling(const std::vector<ConvProblem> &chain,
                    const TargetDescription &target);

/// The roofline bound of a convolution on `target`: the larger of its MACs
/// at peak and its compulsory DRAM bytes (input, weights, output once) at
/// the DRAM bandwidth.
uint64_t getConvRooflineCycles(const ConvProblem &problem,
                               const TargetDescription &target);

} // namespace mlir::npu

#endif // NPU_CONVERSION_CONVTILING_H
