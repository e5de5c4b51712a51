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

} // namespace
