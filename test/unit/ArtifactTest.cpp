//===- ArtifactTest.cpp - the .npub format, its loader and the assembler --===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "npu/Runtime/Artifact.h"
#include "npu/Isa/Isa.h"
#include "npu/Target/TargetDescription.h"

#include "llvm/Support/Endian.h"

#include <gtest/gtest.h>

#include <random>

using namespace mlir::npu;
using namespace mlir::npu::runtime;

namespace {

/// A small valid artifact touching every field.
Artifact makeArtifact() {
  TargetDescription target = *getTargetPreset("edge");
  Artifact a;
  a.producer = "test";
  a.targetName = target.name;
  a.targetJson = printTargetDescription(target);
  a.targetFingerprint = target.fingerprint();
  a.dramBytes = 4096;
  a.sramBytes = 65536;
  a.regions = {{"consts", RegionKind::Constant, 0, 128},
               {"x", RegionKind::Input, 128, 64},
               {"y", RegionKind::Output, 256, 16},
               {"tmp", RegionKind::Scratch, 512, 1024}};
  a.inputs = {{"x", DType::I8, {1, 8, 8}, 1, {{0.5f}, {-3}, -1}}};
  a.outputs = {{"y", DType::F32, {4}, 2, {}}};
  a.inputs[0].hostUnsigned = true;
  a.constantsRegion = 0;
  for (int i = 0; i < 100; ++i)
    a.constants.push_back(static_cast<uint8_t>(i * 7));
  a.nodeNames = {"conv \"1\"", "relu;2"};
  CommandQueue dma{EngineKind::Dma, 1, {}, {}};
  Command load = Command::make(Opcode::Dma);
  load.set("src_space", 0).set("dst_space", 1).set("src", 128).set("dst", 0);
  load.set("row_bytes", 64).set("count0", 1).set("count1", 1).set("count2", 1);
  dma.commands = {load, Command::make(Opcode::Signal).set("semaphore", 3)};
  dma.nodes = {0, kNoNode};
  CommandQueue vector{EngineKind::Vector, 0, {}, {}};
  Command act = Command::make(Opcode::Activation, DType::F32, uint8_t(ActivationKind::Clip));
  act.set("out_dtype", uint64_t(DType::F16)).set("input", 64).set("output", 128);
  act.set("count", 4).setFloat("alpha", -0.1f).setFloat("beta", 6.0f);
  Command conv = Command::make(Opcode::Conv2D, DType::I8);
  conv.set("accumulate", 1).setSigned("pad_value", -128).set("kernel_h", 3);
  vector.commands = {Command::make(Opcode::Wait).set("semaphore", 3), act};
  vector.nodes = {kNoNode, 1};
  CommandQueue matrix{EngineKind::Matrix, 0, {conv}, {0}};
  a.queues = {dma, vector, matrix};
  return a;
}

std::string errorOf(llvm::Expected<Artifact> result) {
  if (result)
    return "";
  return llvm::toString(result.takeError());
}

TEST(IsaTest, FieldsEncodeAtTheirDocumentedBits) {
  Command c = Command::make(Opcode::Conv2D, DType::I8);
  c.set("kernel_h", 3).set("kernel_w", 5).set("stride_h", 2).set("stride_w", 1);
  c.setSigned("pad_value", -2).set("accumulate", 1).set("input", 0x1234);
  EXPECT_EQ(c.words[0], 0x01000111u); // accumulate | dtype i8 | opcode 0x11
  EXPECT_EQ(c.words[1], 0x1234u);
  EXPECT_EQ(c.words[11], 0x01020503u);
  EXPECT_EQ(c.words[12] >> 16 & 0xff, 0xfeu);
  EXPECT_EQ(c.getSigned("pad_value"), -2);

  Command dma = Command::make(Opcode::Dma);
  dma.set("src", 0x123456789aULL);
  EXPECT_EQ(dma.words[1], 0x3456789au);
  EXPECT_EQ(dma.words[2], 0x12u);
  uint8_t bytes[kCommandBytes];
  dma.encode(bytes);
  EXPECT_EQ(bytes[4], 0x9a); // little-endian
  EXPECT_EQ(Command::decode(bytes), dma);
}

TEST(IsaTest, EveryOpcodeRoundTripsThroughItsText) {
  std::mt19937 rng(11);
  for (const OpcodeInfo &info : getOpcodeInfos()) {
    for (int trial = 0; trial < 20; ++trial) {
      Command c = Command::make(info.opcode, info.dtypes[trial % info.dtypes.size()],
                                info.kinds.empty() ? 0 : trial % info.kinds.size());
      for (const FieldInfo &field : info.fields) {
        uint64_t value = rng();
        if (field.type == FieldType::Enum)
          value %= field.enumNames.size();
        if (field.type == FieldType::Float) {
          float f = std::uniform_real_distribution<float>(-1e6, 1e6)(rng);
          c.setFloat(field.name, f);
          continue;
        }
        c.setRaw(field, field.bits == 64 ? (value << 20) ^ rng() : value);
      }
      std::string text = printCommand(c);
      std::string error;
      std::optional<Command> parsed = parseCommand(text, error);
      ASSERT_TRUE(parsed.has_value()) << text << ": " << error;
      EXPECT_EQ(*parsed, c) << text;
    }
  }
}

TEST(IsaTest, CommandTextErrorsSayWhatIsWrong) {
  std::string error;
  EXPECT_FALSE(parseCommand("gemm a=1", error));
  EXPECT_EQ(error, "unknown opcode 'gemm'");
  EXPECT_FALSE(parseCommand("eltwise.f32 lhs=0", error));
  EXPECT_EQ(error, "unknown kind 'f32' of 'eltwise'");
  EXPECT_FALSE(parseCommand("matmul a=0", error));
  EXPECT_EQ(error, "'matmul' needs an element type, e.g. matmul.i8");
  EXPECT_FALSE(parseCommand("signal semaphore=1 semaphore=2", error));
  EXPECT_EQ(error, "field 'semaphore' given twice");
  EXPECT_FALSE(parseCommand("signal", error));
  EXPECT_EQ(error, "'signal' is missing field 'semaphore'");
  EXPECT_FALSE(parseCommand("conv2d.i8 kernel_h=256", error));
  EXPECT_EQ(error, "field 'kernel_h': 256 does not fit in 8 bits");
  EXPECT_FALSE(parseCommand("dma src_space=hbm", error));
  EXPECT_EQ(error, "field 'src_space': 'hbm' is not one of dram, sram");
}

TEST(ArtifactTest, SerializeParseRoundTripsAndIsDeterministic) {
  Artifact a = makeArtifact();
  auto bytes = serializeArtifact(a);
  ASSERT_TRUE(static_cast<bool>(bytes)) << llvm::toString(bytes.takeError());
  auto again = serializeArtifact(a);
  ASSERT_TRUE(static_cast<bool>(again));
  EXPECT_EQ(*bytes, *again);
  auto parsed = parseArtifact(*bytes, "a.npub");
  ASSERT_TRUE(static_cast<bool>(parsed)) << llvm::toString(parsed.takeError());
  auto reserialized = serializeArtifact(*parsed);
  ASSERT_TRUE(static_cast<bool>(reserialized));
  EXPECT_EQ(*reserialized, *bytes);
  EXPECT_EQ(parsed->inputs[0].quantization.zeroPoints[0], -3);
  EXPECT_TRUE(parsed->inputs[0].hostUnsigned);
  EXPECT_FALSE(parsed->outputs[0].hostUnsigned);
  EXPECT_EQ(parsed->getNodeName(parsed->queues[0], 0), "conv \"1\"");
  EXPECT_EQ(parsed->queues[2].commands[0], a.queues[2].commands[0]);
}

TEST(ArtifactTest, DisassemblyAssemblesBackToTheSameBytes) {
  Artifact a = makeArtifact();
  std::string text = disassembleArtifact(a);
  EXPECT_NE(text.find("axis=-1 host=u8\n"), std::string::npos) << text;
  auto assembled = assembleArtifact(text, "a.s");
  ASSERT_TRUE(static_cast<bool>(assembled)) << llvm::toString(assembled.takeError());
  EXPECT_EQ(*serializeArtifact(*assembled), *serializeArtifact(a));
  EXPECT_EQ(disassembleArtifact(*assembled), text);
}

TEST(ArtifactTest, OddCommandsAndNodeNamesSurviveTheTextRoundTrip) {
  Artifact a = makeArtifact();
  // Reserved bits, a NaN payload, an unknown opcode; empty and repeated
  // node names.
  Command reserved = Command::make(Opcode::Signal).set("semaphore", 1);
  reserved.words[9] = 0xdeadbeef;
  Command nan = Command::make(Opcode::Activation, DType::F32, uint8_t(ActivationKind::Relu));
  nan.set("out_dtype", uint64_t(DType::F32)).setRaw(*getFieldInfo(*getOpcodeInfo("act"), "alpha"), 0x7fc00001);
  Command unknown;
  unknown.words = {0xee, 1, 2, 3};
  a.nodeNames = {"conv \"1\"", "relu;2", "", "dup", "dup"};
  a.queues[1].commands.insert(a.queues[1].commands.end(), {reserved, nan, unknown});
  a.queues[1].nodes.insert(a.queues[1].nodes.end(), {2, 3, 4});
  std::string text = disassembleArtifact(a);
  EXPECT_NE(text.find("@#2"), std::string::npos) << text;
  EXPECT_NE(text.find("@#4"), std::string::npos) << text;
  EXPECT_NE(text.find("alpha=0x7fc00001"), std::string::npos) << text;
  EXPECT_NE(text.find(".word 0x00000030"), std::string::npos) << text;
  auto assembled = assembleArtifact(text, "odd.s");
  ASSERT_TRUE(static_cast<bool>(assembled)) << llvm::toString(assembled.takeError());
  EXPECT_EQ(*serializeArtifact(*assembled), *serializeArtifact(a));
}

TEST(ArtifactTest, AssemblerErrorsNameTheLine) {
  std::string base = ".target edge\n.memory dram=4096 sram=1024\n";
  auto error = [&](const std::string &text) {
    return errorOf(assembleArtifact(base + text, "t.s"));
  };
  EXPECT_EQ(error(".queue dma0\n  dma.f32 src=0\n"),
            "t.s:4: error: 'dma' has no element type 'f32'");
  EXPECT_EQ(error("signal semaphore=1\n"), "t.s:3: error: a command outside a .queue section");
  EXPECT_EQ(error(".queue npu\n"), "t.s:3: error: unknown queue 'npu' (dma<N>, matrix or vector)");
  EXPECT_EQ(error(".input name=\"x\" dtype=i8 shape=4 region=\"nowhere\"\n"),
            "t.s:3: error: unknown region 'nowhere' (declare it with .region first)");
  EXPECT_EQ(error(".queue vector\n 5: wait semaphore=0\n"),
            "t.s:4: error: command numbered 5 is command 0 of queue vector");
  EXPECT_EQ(errorOf(assembleArtifact(".memory dram=1 sram=1\n", "t.s")),
            "t.s: error: no .target: name a preset (.target edge) or a JSON file");
  EXPECT_NE(error(".queue dma7\n").find("queue dma 7: target 'edge' has 2 such engine(s)"),
            std::string::npos);
}

TEST(ArtifactTest, SemanticChecksRefuseInconsistentArtifacts) {
  auto refuse = [](void (*edit)(Artifact &), const char *expected) {
    Artifact a = makeArtifact();
    edit(a);
    llvm::Error error = verifyArtifact(a);
    std::string message = error ? llvm::toString(std::move(error)) : "";
    EXPECT_NE(message.find(expected), std::string::npos)
        << "got '" << message << "', expected '" << expected << "'";
  };
  refuse([](Artifact &a) { a.regions[1].offset = 100; }, "regions 'consts' and 'x' overlap");
  refuse([](Artifact &a) { a.regions[3].size = 1 << 20; },
         "region 'tmp' [512, +1048576) lies outside the 4096-byte DRAM image");
  refuse([](Artifact &a) { a.regions[3].offset = ~uint64_t(0) - 4; }, "lies outside");
  refuse([](Artifact &a) { a.inputs[0].shape = {1, 8, 9}; },
         "input 'x' needs 72 bytes but region 'x' has 64");
  refuse([](Artifact &a) { a.inputs[0].region = 9; }, "input 'x' refers to region 9 of 4");
  refuse([](Artifact &a) { a.outputs[0].region = 1; },
         "output 'y' lives in region 'x' of kind input, expected output");
  refuse([](Artifact &a) { a.inputs[0].quantization.scales = {-1.0f}; },
         "quantization scale must be positive");
  refuse([](Artifact &a) { a.outputs[0].hostUnsigned = true; },
         "output 'y' is uint8 on the host but f32 on the device; expected i8");
  refuse([](Artifact &a) { a.queues[0].nodes[0] = 7; },
         "queue dma1 command 0: debug-map node 7 of 2");
  refuse([](Artifact &a) { a.queues[0].nodes.pop_back(); },
         "queue dma1: 2 commands but 1 debug-map entries");
  refuse([](Artifact &a) { a.constants.resize(200); },
         "200 bytes of constants do not fit region 'consts' of 128 bytes");
  refuse([](Artifact &a) { a.targetFingerprint ^= 1; },
         "does not match the artifact's target fingerprint");
  refuse([](Artifact &a) { a.isaVersionMinor = 9; },
         "commands are encoded in ISA 1.9; this runtime executes ISA 1.0 to 1.1");
  // i64 tensors and gather came with ISA 1.1: an artifact declaring 1.0
  // cannot use them.
  refuse([](Artifact &a) {
    a.isaVersionMinor = 0;
    a.inputs[0].dtype = DType::I64;
    a.inputs[0].shape = {1, 8};
  }, "it declares ISA 1.0 but uses commands or i64 tensors of ISA 1.1");
  refuse([](Artifact &a) { a.sramBytes = 1ull << 40; }, "bytes of SRAM; target 'edge' has");
  refuse([](Artifact &a) { a.queues.push_back(a.queues[1]); }, "two queues for engine vector");
}

TEST(ArtifactTest, EveryTruncationIsAnError) {
  auto bytes = serializeArtifact(makeArtifact());
  ASSERT_TRUE(static_cast<bool>(bytes));
  for (size_t length = 0; length < bytes->size(); ++length) {
    std::vector<uint8_t> prefix(bytes->begin(), bytes->begin() + length);
    auto parsed = parseArtifact(prefix, "cut.npub");
    EXPECT_FALSE(static_cast<bool>(parsed)) << length;
    if (!parsed)
      llvm::consumeError(parsed.takeError());
  }
}

/// The byte offset of a section of a serialized artifact, from its
/// checksum trailer (the last word is the trailer's size).
uint64_t trailerWord(const std::vector<uint8_t> &file, uint64_t index) {
  uint64_t trailerBytes = llvm::support::endian::read64le(file.data() + file.size() - 8);
  return llvm::support::endian::read64le(file.data() + file.size() - trailerBytes +
                                         index * 8);
}

TEST(ArtifactTest, EveryFlippedBitIsRejected) {
  // 1,000 seeded single-bit flips anywhere in the file: every one is an
  // error (the checksums cover every byte), none a crash.
  auto bytes = serializeArtifact(makeArtifact());
  ASSERT_TRUE(static_cast<bool>(bytes));
  std::mt19937_64 rng(20261207);
  for (int flip = 0; flip < 1000; ++flip) {
    std::vector<uint8_t> copy = *bytes;
    uint64_t bit = rng() % (copy.size() * 8);
    copy[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    auto parsed = parseArtifact(copy, "flip.npub");
    EXPECT_FALSE(static_cast<bool>(parsed)) << "bit " << bit;
    if (!parsed)
      llvm::consumeError(parsed.takeError());
  }
}

TEST(ArtifactTest, ChecksumErrorsNameTheSection) {
  auto bytes = serializeArtifact(makeArtifact());
  ASSERT_TRUE(static_cast<bool>(bytes));
  auto flipped = [&](uint64_t offset) {
    std::vector<uint8_t> copy = *bytes;
    copy[offset] ^= 0x10;
    return copy;
  };
  uint64_t constants = trailerWord(*bytes, 2), firstProgram = trailerWord(*bytes, 5);
  ASSERT_GT(trailerWord(*bytes, 3), 0u);
  EXPECT_NE(errorOf(parseArtifact(flipped(constants), "a.npub"))
                .find("the constants section is corrupt"),
            std::string::npos);
  EXPECT_NE(errorOf(parseArtifact(flipped(firstProgram), "a.npub"))
                .find("the programs section is corrupt"),
            std::string::npos);
  // The identifier and the size prefix are header bytes.
  EXPECT_NE(errorOf(parseArtifact(flipped(5), "a.npub")).find("the header section is corrupt"),
            std::string::npos);
  EXPECT_NE(errorOf(parseArtifact(flipped(0), "a.npub")).find("the header section is corrupt"),
            std::string::npos);
  EXPECT_NE(errorOf(parseArtifact(flipped(bytes->size() - 20), "a.npub"))
                .find("the checksum trailer is corrupt"),
            std::string::npos);
  // A trusted load skips the constants' hash, and only that.
  ArtifactLoadOptions trusted;
  trusted.verifyConstants = false;
  auto loaded = parseArtifact(flipped(constants), "a.npub", trusted);
  ASSERT_TRUE(static_cast<bool>(loaded)) << llvm::toString(loaded.takeError());
  EXPECT_NE(errorOf(parseArtifact(flipped(firstProgram), "a.npub", trusted))
                .find("the programs section is corrupt"),
            std::string::npos);
}

TEST(ArtifactTest, LoadsFromAnUnalignedBuffer) {
  auto bytes = serializeArtifact(makeArtifact());
  ASSERT_TRUE(static_cast<bool>(bytes));
  std::vector<uint8_t> shifted(bytes->size() + 1);
  std::copy(bytes->begin(), bytes->end(), shifted.begin() + 1);
  auto parsed = parseArtifact(llvm::ArrayRef(shifted).drop_front(), "odd.npub");
  ASSERT_TRUE(static_cast<bool>(parsed)) << llvm::toString(parsed.takeError());
  EXPECT_EQ(parsed->constants, makeArtifact().constants);
}

TEST(ArtifactTest, LoaderNamesTheProblem) {
  EXPECT_EQ(errorOf(parseArtifact({}, "empty.npub")),
            "empty.npub: not an npu-mlir artifact (no 'NPUB' identifier)");
  std::vector<uint8_t> onnx = {0x08, 0x07, 0x12, 0x04, 'o', 'n', 'n', 'x'};
  onnx.resize(200, 0x5a);
  EXPECT_EQ(errorOf(parseArtifact(onnx, "model.onnx")),
            "model.onnx: not an npu-mlir artifact (no 'NPUB' identifier)");
  // An artifact of format 1.x: a FlatBuffer without the trailer.
  auto bytes = serializeArtifact(makeArtifact());
  ASSERT_TRUE(static_cast<bool>(bytes));
  std::vector<uint8_t> old(bytes->begin(), bytes->begin() + trailerWord(*bytes, 1));
  EXPECT_NE(errorOf(parseArtifact(old, "old.npub")).find("format 1.x have none: recompile"),
            std::string::npos);
}

} // namespace
