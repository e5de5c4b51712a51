//===- ConvTilingTest.cpp - convolution tiling by cost --------------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "npu/Conversion/ConvTiling.h"

#include <gtest/gtest.h>

using namespace mlir::npu;
using runtime::DType;

namespace {

ConvProblem conv(int64_t hw, int64_t cin, int64_t cout, int64_t k, int64_t stride,
                 int64_t groups = 1) {
  ConvProblem p;
  p.height = p.width = hw;
  p.inChannels = cin;
  p.outChannels = cout;
  p.kernelH = p.kernelW = k;
  p.strideH = p.strideW = stride;
  p.padTop = p.padBottom = p.padLeft = p.padRight = k / 2;
  p.groups = groups;
  return p;
}

/// The distinct convolutions of ResNet-50 (224x224), with how often each
/// occurs.
std::vector<std::pair<ConvProblem, int>> resnet50() {
  return {{conv(224, 3, 64, 7, 2), 1},   {conv(56, 64, 64, 1, 1), 1},
          {conv(56, 64, 64, 3, 1), 3},   {conv(56, 64, 256, 1, 1), 4},
          {conv(56, 256, 64, 1, 1), 2},  {conv(56, 256, 128, 1, 1), 1},
          {conv(56, 128, 128, 3, 2), 1}, {conv(28, 128, 512, 1, 1), 4},
          {conv(56, 256, 512, 1, 2), 1}, {conv(28, 512, 128, 1, 1), 3},
          {conv(28, 128, 128, 3, 1), 3}, {conv(28, 512, 256, 1, 1), 1},
          {conv(28, 256, 256, 3, 2), 1}, {conv(14, 256, 1024, 1, 1), 6},
          {conv(28, 512, 1024, 1, 2), 1}, {conv(14, 1024, 256, 1, 1), 5},
          {conv(14, 256, 256, 3, 1), 5}, {conv(14, 1024, 512, 1, 1), 1},
          {conv(14, 512, 512, 3, 2), 1}, {conv(7, 512, 2048, 1, 1), 3},
          {conv(14, 1024, 2048, 1, 2), 1}, {conv(7, 2048, 512, 1, 1), 2},
          {conv(7, 512, 512, 3, 1), 2}};
}

TEST(ConvTilingTest, EveryResNet50LayerFitsAndNoneBeatsItsRoofline) {
  for (const char *name : {"edge", "server"}) {
    TargetDescription target = *getTargetPreset(name);
    uint64_t planned[2] = {0, 0}, roofline[2] = {0, 0};
    for (auto [problem, count] : resnet50()) {
      for (DType type : {DType::F16, DType::I8}) {
        problem.type = type;
        std::optional<ConvTiling> tiling = planConvTiling(problem, target);
        ASSERT_TRUE(tiling.has_value()) << name;
        EXPECT_LE(tiling->sramBytes, uint64_t(target.sram.bytes));
        EXPECT_GE(tiling->rowsPerTile, 1);
        EXPECT_LE(tiling->rowsPerTile, problem.outHeight());
        uint64_t bound = getConvRooflineCycles(problem, target);
        EXPECT_GE(tiling->cycles, bound) << name << " " << problem.inChannels << "->"
                                         << problem.outChannels;
        planned[type == DType::I8] += count * tiling->cycles;
        roofline[type == DType::I8] += count * bound;
      }
    }
    // The network's convolutions as planned, as a fraction of their
    // roofline (docs/pipeline.md).
    RecordProperty(std::string(name) + "_fp16_roofline_fraction",
                   std::to_string(double(roofline[0]) / double(planned[0])));
    RecordProperty(std::string(name) + "_int8_roofline_fraction",
                   std::to_string(double(roofline[1]) / double(planned[1])));
  }
}

TEST(ConvTilingTest, SmallSramForcesSmallerTilesAndMoreTraffic) {
  TargetDescription roomy = *getTargetPreset("edge");
  TargetDescription tight = roomy;
  tight.sram.bytes = 256 << 10;
  ConvProblem p = conv(56, 128, 128, 3, 1);
  std::optional<ConvTiling> a = planConvTiling(p, roomy), b = planConvTiling(p, tight);
  ASSERT_TRUE(a && b);
  EXPECT_LE(b->sramBytes, uint64_t(tight.sram.bytes));
  EXPECT_GT(a->sramBytes, uint64_t(tight.sram.bytes)); // it used the room
  EXPECT_GE(b->dramBytes, a->dramBytes);
  EXPECT_GE(b->cycles, a->cycles);
}

TEST(ConvTilingTest, ALayerThatCannotFitIsRefused) {
  TargetDescription target = *getTargetPreset("edge");
  target.sram.bytes = 4096;
  // One output row of 64 channels needs 224 * 64 * 4 bytes of accumulators.
  EXPECT_FALSE(planConvTiling(conv(224, 64, 64, 3, 1), target).has_value());
}

TEST(ConvTilingTest, DepthwiseBlocksAreWholeGroups) {
  TargetDescription target = *getTargetPreset("edge");
  std::optional<ConvTiling> tiling = planConvTiling(conv(112, 32, 32, 3, 1, 32), target);
  ASSERT_TRUE(tiling.has_value());
  EXPECT_EQ(32 % tiling->channelsPerTile, 0);
}

TEST(ConvTilingTest, ChainBandsReadExactlyTheRowsTheNextLayerNeeds) {
  // 1x1 then 3x3 (stride 1, padding 1) on 32 rows: the band of final rows
  // 4-7 needs rows 3-8 of the 1x1's result, which reads the same input rows.
  std::vector<ConvProblem> chain = {conv(32, 16, 64, 1, 1), conv(32, 64, 64, 3, 1)};
  std::vector<ConvBand> middle = getConvChainBands(chain, 4, 4);
  ASSERT_EQ(middle.size(), 2u);
  EXPECT_EQ(middle[1].outStart, 4);
  EXPECT_EQ(middle[1].outRows, 4);
  EXPECT_EQ(middle[1].inStart, 3);
  EXPECT_EQ(middle[1].inRows, 6);
  EXPECT_EQ(middle[1].padTop, 0);
  EXPECT_EQ(middle[1].padBottom, 0);
  EXPECT_EQ(middle[0].outStart, 3);
  EXPECT_EQ(middle[0].outRows, 6);
  EXPECT_EQ(middle[0].inStart, 3);
  EXPECT_EQ(middle[0].inRows, 6);
  // At the edges the window's missing rows are padding.
  std::vector<ConvBand> top = getConvChainBands(chain, 0, 4);
  EXPECT_EQ(top[1].inStart, 0);
  EXPECT_EQ(top[1].inRows, 5);
  EXPECT_EQ(top[1].padTop, 1);
  EXPECT_EQ(top[0].outRows, 5);
  std::vector<ConvBand> bottom = getConvChainBands(chain, 28, 4);
  EXPECT_EQ(bottom[1].inStart, 27);
  EXPECT_EQ(bottom[1].inRows, 5);
  EXPECT_EQ(bottom[1].padBottom, 1);

  // Stride 2 first (16 -> 8 rows), then 3x3: final rows 0-1 need rows 0-2
  // of the middle tensor, which read input rows 0-5 (one padding row).
  std::vector<ConvProblem> strided = {conv(16, 8, 8, 3, 2), conv(8, 8, 8, 3, 1)};
  std::vector<ConvBand> first = getConvChainBands(strided, 0, 2);
  EXPECT_EQ(first[1].inRows, 3);
  EXPECT_EQ(first[0].outStart, 0);
  EXPECT_EQ(first[0].outRows, 3);
  EXPECT_EQ(first[0].inStart, 0);
  EXPECT_EQ(first[0].inRows, 6);
  EXPECT_EQ(first[0].padTop, 1);
}

TEST(ConvTilingTest, ChainBandsCoverEveryRowOnceAndStayInTheImage) {
  std::vector<ConvProblem> chain = {conv(57, 8, 16, 1, 1), conv(57, 16, 16, 3, 2),
                                    conv(29, 16, 8, 3, 1), conv(29, 8, 8, 5, 1)};
  const int64_t height = chain.back().outHeight();
  for (int64_t rows = 1; rows <= height; ++rows) {
    int64_t next = 0;
    for (int64_t r0 = 0; r0 < height; r0 += rows) {
      std::vector<ConvBand> bands = getConvChainBands(chain, r0, std::min(rows, height - r0));
      EXPECT_EQ(bands.back().outStart, next);
      next = bands.back().outStart + bands.back().outRows;
      for (size_t i = 0; i < chain.size(); ++i) {
        const ConvProblem &p = chain[i];
        const ConvBand &band = bands[i];
        EXPECT_GE(band.inStart, 0);
        EXPECT_LE(band.inStart + band.inRows, p.height);
        // The window of every output row lies in the band plus its padding.
        int64_t span = (band.outRows - 1) * p.strideH + p.dilationH * (p.kernelH - 1) + 1;
        EXPECT_EQ(band.padTop + band.inRows + band.padBottom, span);
        if (i > 0) {
          EXPECT_EQ(bands[i - 1].outStart, band.inStart);
          EXPECT_EQ(bands[i - 1].outRows, band.inRows);
        }
      }
    }
    EXPECT_EQ(next, height);
  }
}

TEST(ConvTilingTest, AMobileNetBlockIsCheaperAsAGroupOnEdge) {
  TargetDescription target = *getTargetPreset("edge");
  // Expand, depthwise, project at 56 x 56: the expanded tensors are 6x the
  // block's input, so keeping them on chip saves most of the traffic.
  std::vector<ConvProblem> block = {conv(56, 24, 144, 1, 1), conv(56, 144, 144, 3, 1, 144),
                                    conv(56, 144, 24, 1, 1)};
  uint64_t alone = 0, aloneBytes = 0;
  for (const ConvProblem &p : block) {
    std::optional<ConvTiling> tiling = planConvTiling(p, target);
    ASSERT_TRUE(tiling.has_value());
    alone += tiling->cycles;
    aloneBytes += tiling->dramBytes;
  }
  std::optional<ConvChainTiling> group = planConvChainTiling(block, target);
  ASSERT_TRUE(group.has_value());
  EXPECT_LE(group->sramBytes, uint64_t(target.sram.bytes));
  EXPECT_LT(group->cycles, alone);
  EXPECT_LT(group->dramBytes, aloneBytes / 2);
}

TEST(ConvTilingTest, AChainWhoseWeightsDoNotFitHasNoGroupTiling) {
  TargetDescription target = *getTargetPreset("edge");
  // Two 3x3 512 -> 512 layers: 2 x 4.5 MiB of f16 weights, SRAM is 2 MiB.
  std::vector<ConvProblem> chain = {conv(7, 512, 512, 3, 1), conv(7, 512, 512, 3, 1)};
  EXPECT_FALSE(planConvChainTiling(chain, target).has_value());
}

} // namespace
