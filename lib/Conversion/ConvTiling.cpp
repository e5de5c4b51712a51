//===- ConvTiling.cpp - tile shapes for convolutions, by cost -------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Enumerates tilings (output rows per tile x output channels per tile x
// loop order) and costs each with the commands it would issue:
//
//   * weights resident: every weight block stays in SRAM, rows stream;
//   * rows outer: inputs load once, weight blocks reload per row tile;
//   * channels outer: weight blocks load once, input rows reload per block.
//
// Per tile, DMA (shared DRAM channel), matrix and vector engines overlap, so
// a tile costs the slowest of the three; the first tile's loads and the
// last tile's write-back do not overlap anything.
//
//===----------------------------------------------------------------------===//

#include "npu/Conversion/ConvTiling.h"
#include "npu/Isa/Packing.h"
#include "npu/Isa/Timing.h"

#include <algorithm>
#include <set>

using namespace mlir::npu;
using namespace mlir::npu::runtime;

int64_t ConvProblem::outHeight() const {
  return getWindowOutputSize(height, padTop, padBottom, kernelH, strideH, dilationH);
}
int64_t ConvProblem::outWidth() const {
  return getWindowOutputSize(width, padLeft, padRight, kernelW, strideW, dilationW);
}
uint64_t ConvProblem::macs() const {
  return uint64_t(batch) * outHeight() * outWidth() * outChannels * kernelH *
         kernelW * (inChannels / groups);
}

namespace {

enum class LoopOrder { WeightsResident, RowsOuter, ChannelsOuter };

struct Sizes {
  unsigned in, out; // element bytes of input and result
};

/// Cycles of a DRAM transfer of `bytes` in `rows` contiguous rows, without
/// the latency (which overlaps with other transfers).
uint64_t transferCycles(uint64_t bytes, uint64_t rows, const TargetDescription &t) {
  if (!bytes)
    return 0;
  return (bytes + t.dram.bytesPerCycle - 1) / t.dram.bytesPerCycle +
         rows * t.dma.rowOverheadCycles;
}

/// Packed weight bytes of `channels` output channels (whole groups).
uint64_t weightBytes(const ConvProblem &p, int64_t channels, int64_t panel) {
  int64_t og = p.outChannels / p.groups, cg = p.inChannels / p.groups;
  int64_t k = p.kernelH * p.kernelW * cg;
  int64_t groupsInBlock = std::max<int64_t>(1, channels / og);
  int64_t perGroup = p.type == DType::I8
                         ? kernels::getPackedS8Bytes(k, std::min(og, channels), panel)
                         : 2 * kernels::getPackedF16Elements(k, std::min(og, channels), panel);
  return uint64_t(groupsInBlock) * perGroup;
}

/// The conv2d command of one tile, for the timing functions.
Command tileCommand(const ConvProblem &p, int64_t inRows, int64_t outRows,
                    int64_t channels) {
  int64_t og = p.outChannels / p.groups, cg = p.inChannels / p.groups;
  bool grouped = p.groups > 1;
  int64_t groups = grouped ? std::max<int64_t>(1, channels / og) : 1;
  Command c = Command::make(Opcode::Conv2D, p.type);
  c.set("batch", p.batch).set("height", inRows).set("width", p.width);
  c.set("in_channels", grouped ? groups * cg : p.inChannels);
  c.set("out_channels", channels).set("groups", groups);
  c.set("kernel_h", p.kernelH).set("kernel_w", p.kernelW);
  c.set("stride_h", p.strideH).set("stride_w", p.strideW);
  c.set("dilation_h", p.dilationH).set("dilation_w", p.dilationW);
  // Padding rows are part of the tile's input band at the image edges; the
  // timing depends on the output size only, so pad to produce `outRows`.
  int64_t span = (outRows - 1) * p.strideH + p.dilationH * (p.kernelH - 1) + 1;
  c.set("pad_top", std::min<int64_t>(255, std::max<int64_t>(0, span - inRows)));
  c.set("pad_left", p.padLeft).set("pad_right", p.padRight);
  return c;
}

std::optional<ConvTiling> costTiling(const ConvProblem &p,
                                     const TargetDescription &t, int64_t rows,
                                     int64_t channels, LoopOrder order) {
  const Sizes size{p.type == DType::I8 ? 1u : 2u, p.type == DType::I8 ? 1u : 2u};
  const int64_t oh = p.outHeight(), ow = p.outWidth();
  const int64_t og = p.outChannels / p.groups, cg = p.inChannels / p.groups;
  const int64_t panel = t.matrix.cols;
  const int64_t rowTiles = (oh + rows - 1) / rows;
  const int64_t channelTiles = (p.outChannels + channels - 1) / channels;
  // Input channels a channel block reads: all of them, or its groups'.
  const int64_t inChannels =
      p.groups == 1 ? p.inChannels : std::max<int64_t>(1, channels / og) * cg;
  const int64_t inRows =
      std::min<int64_t>(p.height, (rows - 1) * p.strideH + p.dilationH * (p.kernelH - 1) + 1);

  const uint64_t inBytes = uint64_t(p.batch) * inRows * p.width * inChannels * size.in;
  const uint64_t wBlock = weightBytes(p, channels, panel);
  const uint64_t wAll = weightBytes(p, p.outChannels, panel);
  const uint64_t accBytes = uint64_t(p.batch) * rows * ow * channels * 4;
  const uint64_t outBytes = uint64_t(p.batch) * rows * ow * channels * size.out;

  ConvTiling tiling;
  tiling.rowsPerTile = rows;
  tiling.channelsPerTile = channels;
  tiling.rowTiles = rowTiles;
  tiling.channelTiles = channelTiles;
  tiling.weightsResident = order == LoopOrder::WeightsResident;
  tiling.channelsOuter = order == LoopOrder::ChannelsOuter;
  // Double buffering: two of everything that streams.
  tiling.sramBytes = order == LoopOrder::WeightsResident
                         ? wAll + 2 * (inBytes + accBytes + outBytes)
                         : 2 * (inBytes + wBlock + accBytes + outBytes);
  if (tiling.sramBytes > uint64_t(t.sram.bytes))
    return std::nullopt;

  // Per-tile engine times.
  const uint64_t matrix = getCommandCycles(tileCommand(p, inRows, rows, channels), t).total();
  Command vector = Command::make(Opcode::Activation, DType::F32, 0);
  vector.set("count", uint64_t(p.batch) * rows * ow * channels);
  const uint64_t vectorCycles = getCommandCycles(vector, t).total();
  // Output rows are contiguous only when a tile has every channel.
  const uint64_t outRowsDma = channels == p.outChannels ? 1 : uint64_t(p.batch) * rows * ow;
  const uint64_t inRowsDma = inChannels == p.inChannels ? 1 : uint64_t(p.batch) * inRows * p.width;
  const uint64_t inDma = transferCycles(inBytes, inRowsDma, t);
  const uint64_t wDma = transferCycles(wBlock, 1, t);
  const uint64_t outDma = transferCycles(outBytes, outRowsDma, t);

  uint64_t cycles = 0, dram = 0;
  const int64_t tiles = rowTiles * channelTiles;
  for (int64_t i = 0; i < tiles; ++i) {
    // Which loads this tile needs under the loop order.
    bool firstOfRow, firstOfBlock;
    if (order == LoopOrder::ChannelsOuter) {
      firstOfBlock = i % rowTiles == 0;
      firstOfRow = true; // input rows reload for every block
    } else {
      firstOfRow = i % channelTiles == 0;
      firstOfBlock = order == LoopOrder::RowsOuter || i < channelTiles;
    }
    uint64_t dma = outDma + (firstOfRow ? inDma : 0) + (firstOfBlock ? wDma : 0);
    dram += outBytes + (firstOfRow ? inBytes : 0) + (firstOfBlock ? wBlock : 0);
    cycles += std::max({dma, matrix, vectorCycles});
  }
  // Prologue: the first loads wait for DRAM latency and do not overlap.
  cycles += t.dram.latencyCycles + inDma + wDma;
  // Epilogue: the last tile's write-back.
  cycles += vectorCycles + t.dram.latencyCycles + outDma;
  tiling.cycles = cycles;
  tiling.dramBytes = dram;
  return tiling;
}

} // namespace

std::optional<ConvTiling> mlir::npu::planConvTiling(const ConvProblem &p,
                                                    const TargetDescription &t) {
  const int64_t oh = p.outHeight();
  if (oh <= 0 || p.outWidth() <= 0 || p.inChannels % p.groups ||
      p.outChannels % p.groups)
    return std::nullopt;
  const int64_t og = p.outChannels / p.groups;
  // Channel blocks: whole array columns (or whole groups), and everything.
  std::set<int64_t> channelCandidates = {p.outChannels};
  if (p.groups == 1) {
    for (int64_t c = t.matrix.cols; c < p.outChannels; c *= 2)
      channelCandidates.insert(c);
  } else {
    for (int64_t g = 1; g < p.groups; g *= 2)
      channelCandidates.insert(g * og);
  }
  std::optional<ConvTiling> best;
  for (int64_t channels : channelCandidates)
    for (int64_t rows = 1; rows <= oh; ++rows) {
      // Tiles of equal size only where it matters: skip row counts that
      // give the same number of tiles as a larger one.
      if (rows < oh && (oh + rows - 1) / rows == (oh + rows) / (rows + 1))
        continue;
      for (LoopOrder order : {LoopOrder::WeightsResident, LoopOrder::RowsOuter,
                              LoopOrder::ChannelsOuter}) {
        std::optional<ConvTiling> candidate = costTiling(p, t, rows, channels, order);
        if (!candidate)
          continue;
        // Cheapest; ties to less DRAM traffic, then less SRAM.
        if (!best || candidate->cycles < best->cycles ||
            (candidate->cycles == best->cycles &&
             (candidate->dramBytes < best->dramBytes ||
              (candidate->dramBytes == best->dramBytes &&
               candidate->sramBytes < best->sramBytes))))
          best = candidate;
      }
    }
  return best;
}

std::vector<ConvBand>
mlir::npu::getConvChainBands(const std::vector<ConvProblem> &chain,
                             int64_t start, int64_t rows) {
  std::vector<ConvBand> bands(chain.size());
  int64_t outStart = start, outEnd = start + rows;
  for (size_t i = chain.size(); i-- > 0;) {
    const ConvProblem &p = chain[i];
    ConvBand &band = bands[i];
    band.outStart = outStart;
    band.outRows = outEnd - outStart;
    int64_t first = outStart * p.strideH - p.padTop;
    int64_t last = (outEnd - 1) * p.strideH - p.padTop + p.dilationH * (p.kernelH - 1) + 1;
    band.inStart = std::max<int64_t>(0, first);
    int64_t inEnd = std::min(p.height, last);
    band.inRows = inEnd - band.inStart;
    band.padTop = band.inStart - first;
    band.padBottom = last - inEnd;
    // The previous convolution computes exactly the rows read here.
    outStart = band.inStart;
    outEnd = inEnd;
  }
  return bands;
}

std::optional<ConvChainTiling>
mlir::npu::planConvChainTiling(const std::vector<ConvProblem> &chain,
                               const TargetDescription &t) {
  if (chain.empty())
    return std::nullopt;
  for (const ConvProblem &p : chain)
    if (p.outHeight() <= 0 || p.outWidth() <= 0 || p.inChannels % p.groups ||
        p.outChannels % p.groups)
      return std::nullopt;
  const int64_t panel = t.matrix.cols;
  const unsigned element = chain.front().type == DType::I8 ? 1 : 2;
  // Resident for the whole group: every layer's weights, biases and (int8)
  // requantization tables.
  uint64_t resident = 0;
  for (const ConvProblem &p : chain)
    resident += weightBytes(p, p.outChannels, panel) +
                uint64_t(p.outChannels) * (p.type == DType::I8 ? 12 : 4);
  const ConvProblem &first = chain.front(), &last = chain.back();
  const int64_t oh = last.outHeight();
  const uint64_t weightDma = transferCycles(resident, chain.size(), t);

  std::optional<ConvChainTiling> best;
  for (int64_t rows = 1; rows <= oh; ++rows) {
    if (rows < oh && (oh + rows - 1) / rows == (oh + rows) / (rows + 1))
      continue;
    ConvChainTiling tiling;
    tiling.rowsPerTile = rows;
    uint64_t streamed = 0, cycles = 0, dram = resident, fill = 0;
    uint64_t firstDma = 0, lastDma = 0;
    for (int64_t r0 = 0; r0 < oh; r0 += rows) {
      std::vector<ConvBand> bands = getConvChainBands(chain, r0, std::min(rows, oh - r0));
      // Double-buffered per band: the first input rows, then each layer's
      // accumulators and result rows.
      uint64_t inBytes = uint64_t(first.batch) * bands.front().inRows *
                         first.width * first.inChannels * element;
      uint64_t sram = inBytes, matrix = 0, vector = 0, outBytes = 0;
      for (size_t i = 0; i < chain.size(); ++i) {
        const ConvProblem &p = chain[i];
        uint64_t values = uint64_t(p.batch) * bands[i].outRows * p.outWidth() * p.outChannels;
        sram += values * (4 + element);
        matrix += getCommandCycles(
                      tileCommand(p, bands[i].inRows, bands[i].outRows, p.outChannels), t)
                      .total();
        Command write = Command::make(Opcode::Activation, DType::F32, 0);
        write.set("count", values);
        vector += getCommandCycles(write, t).total();
        outBytes = values * element;
      }
      streamed = std::max(streamed, 2 * sram);
      // The input band and the result rows are whole rows of every channel:
      // one contiguous transfer each.
      uint64_t dma = transferCycles(inBytes, 1, t) + transferCycles(outBytes, 1, t);
      if (r0 == 0) {
        firstDma = transferCycles(inBytes, 1, t);
        fill = matrix + vector;
      }
      lastDma = transferCycles(outBytes, 1, t);
      dram += inBytes + outBytes;
      cycles += std::max({dma, matrix, vector});
      ++tiling.tiles;
    }
    tiling.sramBytes = resident + streamed;
    if (tiling.sramBytes > uint64_t(t.sram.bytes))
      continue;
    // Prologue: the weights and the first band's rows, after the DRAM
    // latency; the pipeline fills through every layer once; epilogue: the
    // last band's store.
    tiling.cycles = cycles + t.dram.latencyCycles + weightDma + firstDma + fill +
                    t.dram.latencyCycles + lastDma;
    tiling.dramBytes = dram;
    if (!best || tiling.cycles < best->cycles ||
        (tiling.cycles == best->cycles && tiling.sramBytes < best->sramBytes))
      best = tiling;
  }
  return best;
}

uint64_t mlir::npu::getConvRooflineCycles(const ConvProblem &p,
                                          const TargetDescription &t) {
  uint64_t perCycle = uint64_t(t.matrix.rows) * t.matrix.cols /
                      (p.type == DType::I8 ? 1 : t.matrix.fp16CyclesPerMac);
  unsigned element = p.type == DType::I8 ? 1 : 2;
  uint64_t bytes =
      (uint64_t(p.batch) * p.height * p.width * p.inChannels +
       uint64_t(p.outChannels) * p.kernelH * p.kernelW * (p.inChannels / p.groups) +
       uint64_t(p.batch) * p.outHeight() * p.outWidth() * p.outChannels) *
      element;
  uint64_t compute = (p.macs() + perCycle - 1) / perCycle;
  uint64_t memory = (bytes + t.dram.bytesPerCycle - 1) / t.dram.bytesPerCycle;
  return std::max(compute, memory);
}
