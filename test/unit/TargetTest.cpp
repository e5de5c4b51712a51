//===- TargetTest.cpp - target descriptions -------------------------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "npu/Target/TargetDescription.h"

#include <gtest/gtest.h>

using namespace mlir::npu;

namespace {

std::string errorOf(llvm::Expected<TargetDescription> result) {
  if (result)
    return "";
  return llvm::toString(result.takeError());
}

/// The edge preset with `edit` applied to its JSON text.
std::string editedEdge(llvm::StringRef from, llvm::StringRef to) {
  std::string text = printTargetDescription(*getTargetPreset("edge"));
  size_t at = text.find(from.str());
  EXPECT_NE(at, std::string::npos) << from.str();
  text.replace(at, from.size(), to.str());
  return text;
}

TEST(TargetTest, PresetsDescribeAnEdgeAndAServerPart) {
  llvm::Expected<TargetDescription> edge = getTargetPreset("edge");
  llvm::Expected<TargetDescription> server = getTargetPreset("server");
  ASSERT_TRUE(static_cast<bool>(edge));
  ASSERT_TRUE(static_cast<bool>(server));
  // "A few TOPS, ~2 MiB SRAM, LPDDR-class bandwidth".
  EXPECT_DOUBLE_EQ(edge->peakInt8Tops(), 2.0 * 64 * 32 * 1e9 / 1e12);
  EXPECT_EQ(edge->sram.bytes, 2 << 20);
  EXPECT_DOUBLE_EQ(edge->dramGBps(), 17.0);
  // "Tens of TOPS, tens of MiB SRAM, HBM-class bandwidth".
  EXPECT_GT(server->peakInt8Tops(), 40.0);
  EXPECT_EQ(server->sram.bytes, 32 << 20);
  EXPECT_GT(server->dramGBps(), 800.0);
  EXPECT_DOUBLE_EQ(server->peakFp16Tflops(), server->peakInt8Tops() / 2);
}

TEST(TargetTest, PrintedDescriptionsParseBackIdentically) {
  for (const std::string &name : getTargetPresetNames()) {
    TargetDescription preset = *getTargetPreset(name);
    llvm::Expected<TargetDescription> again =
        parseTargetDescription(printTargetDescription(preset), "printed");
    ASSERT_TRUE(static_cast<bool>(again)) << errorOf(std::move(again));
    EXPECT_TRUE(*again == preset);
    EXPECT_EQ(again->fingerprint(), preset.fingerprint());
  }
  EXPECT_NE(getTargetPreset("edge")->fingerprint(),
            getTargetPreset("server")->fingerprint());
}

TEST(TargetTest, ErrorsNameTheFieldAndTheFile) {
  EXPECT_EQ(errorOf(parseTargetDescription(editedEdge("\"rows\": 64", "\"rowz\": 64"),
                                           "chip.json")),
            "chip.json: target.matrix_engine.rows: missing field");
  EXPECT_EQ(errorOf(parseTargetDescription(editedEdge("\"lanes\": 64", "\"lanes\": \"64\""),
                                           "chip.json")),
            "chip.json: target.vector_engine.lanes: expected an integer");
  EXPECT_EQ(errorOf(parseTargetDescription(editedEdge("\"engines\": 2", "\"engines\": 0"),
                                           "chip.json")),
            "chip.json: target.dma.engines: 0 is out of range [1, 256]");
  EXPECT_EQ(errorOf(parseTargetDescription(editedEdge("\"banks\": 8", "\"banks\": 7"),
                                           "chip.json")),
            "chip.json: target.sram.banks: must divide target.sram.bytes");
  EXPECT_EQ(errorOf(parseTargetDescription(
                editedEdge("\"semaphores\": 32", "\"semaphores\": 32, \"speed\": 9"),
                "chip.json")),
            "chip.json: target.speed: unknown field (a typo?)");
  EXPECT_NE(errorOf(parseTargetDescription("{", "chip.json")).find("chip.json: not valid JSON"),
            std::string::npos);
  EXPECT_NE(errorOf(getTargetPreset("cloud")).find("unknown target 'cloud'"),
            std::string::npos);
  EXPECT_NE(errorOf(loadTarget("/nonexistent/chip.json")).find("cannot be read"),
            std::string::npos);
}

} // namespace
