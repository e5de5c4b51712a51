//===- SimulatorTest.cpp - command streams with expected data and cycles --===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Each test builds a small artifact by hand (StreamBuilder), runs it on the
// simulator for the `edge` preset and checks the outputs against a naive
// computation and the cycles against the equations of
// docs/npu-architecture.md, worked out in the test from the target's fields.
//
//===----------------------------------------------------------------------===//

#include "npu/Isa/Numerics.h"
#include "npu/Runtime/Artifact.h"
#include "npu/Runtime/Device.h"
#include "npu/Runtime/Kernels.h"
#include "npu/Runtime/Simulator.h"
#include "npu/Isa/Timing.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>

using namespace mlir::npu;
using namespace mlir::npu::runtime;

namespace {

TargetDescription edge() { return *getTargetPreset("edge"); }

uint64_t ceilDiv(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

/// Builds an artifact: one input region, one output region, constants, and
/// queues of commands; runs it on a simulator.
class StreamBuilder {
public:
  StreamBuilder() : target(edge()) {
    artifact.targetName = target.name;
    artifact.targetJson = printTargetDescription(target);
    artifact.targetFingerprint = target.fingerprint();
    artifact.dramBytes = 1 << 20;
    artifact.sramBytes = target.sram.bytes;
  }

  /// Adds a DRAM region at the next 64-byte boundary; returns its offset.
  uint64_t region(const std::string &name, RegionKind kind, uint64_t size) {
    uint64_t offset = next;
    next = (next + size + 63) / 64 * 64;
    artifact.regions.push_back({name, kind, offset, size});
    return offset;
  }
  uint64_t constants(const std::vector<uint8_t> &bytes) {
    uint64_t offset = region("consts", RegionKind::Constant, bytes.size());
    artifact.constantsRegion = artifact.regions.size() - 1;
    artifact.constants = bytes;
    return offset;
  }
  uint64_t input(const std::string &name, DType type, std::vector<int64_t> shape) {
    TensorDescriptor tensor{name, type, shape, 0, {}};
    uint64_t offset = region(name, RegionKind::Input, tensor.byteSize());
    tensor.region = artifact.regions.size() - 1;
    artifact.inputs.push_back(tensor);
    return offset;
  }
  uint64_t output(const std::string &name, DType type, std::vector<int64_t> shape) {
    TensorDescriptor tensor{name, type, shape, 0, {}};
    uint64_t offset = region(name, RegionKind::Output, tensor.byteSize());
    tensor.region = artifact.regions.size() - 1;
    artifact.outputs.push_back(tensor);
    return offset;
  }

  CommandQueue &queue(EngineKind engine, uint32_t index = 0) {
    for (CommandQueue &q : artifact.queues)
      if (q.engine == engine && q.index == index)
        return q;
    artifact.queues.push_back({engine, index, {}, {}});
    return artifact.queues.back();
  }
  void push(EngineKind engine, const Command &command, const std::string &node = "",
            uint32_t index = 0) {
    CommandQueue &q = queue(engine, index);
    q.commands.push_back(command);
    uint32_t id = kNoNode;
    if (!node.empty()) {
      id = artifact.nodeNames.size();
      artifact.nodeNames.push_back(node);
    }
    q.nodes.push_back(id);
  }

  /// A contiguous DMA of `bytes`.
  static Command copy(MemorySpace from, uint64_t src, MemorySpace to, uint64_t dst,
                      uint64_t bytes) {
    Command c = Command::make(Opcode::Dma);
    c.set("src_space", uint64_t(from)).set("dst_space", uint64_t(to));
    c.set("src", src).set("dst", dst).set("row_bytes", bytes);
    c.set("count0", 1).set("count1", 1).set("count2", 1);
    return c;
  }
  static Command semaphore(Opcode op, uint64_t id) {
    return Command::make(op).set("semaphore", id);
  }

  llvm::Expected<RunStats> run(std::vector<uint8_t> &dram,
                               std::vector<TraceEvent> *trace = nullptr) {
    if (llvm::Error error = verifyArtifact(artifact))
      return std::move(error);
    dram.assign(artifact.dramBytes, 0);
    if (!artifact.constants.empty())
      std::memcpy(dram.data() + artifact.regions[artifact.constantsRegion].offset,
                  artifact.constants.data(), artifact.constants.size());
    SimulatorOptions options;
    options.recordTrace = trace != nullptr;
    return Simulator(target).run(artifact, dram.data(), options, trace);
  }

  TargetDescription target;
  Artifact artifact;
  uint64_t next = 0;
};

template <typename T> std::vector<uint8_t> bytesOf(const std::vector<T> &values) {
  std::vector<uint8_t> bytes(values.size() * sizeof(T));
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

template <typename T> std::vector<T> read(const std::vector<uint8_t> &dram,
                                          uint64_t offset, size_t count) {
  std::vector<T> values(count);
  std::memcpy(values.data(), dram.data() + offset, count * sizeof(T));
  return values;
}

std::string faultOf(llvm::Expected<RunStats> result, FaultKind *kind = nullptr,
                    std::string *node = nullptr, int64_t *command = nullptr) {
  if (result)
    return "";
  std::string message;
  llvm::handleAllErrors(
      result.takeError(),
      [&](const SimulatorFault &fault) {
        if (kind)
          *kind = fault.kind;
        if (node)
          *node = fault.node;
        if (command)
          *command = fault.command;
        llvm::raw_string_ostream os(message);
        fault.log(os);
      },
      [&](const llvm::ErrorInfoBase &other) { message = "not a fault: " + other.message(); });
  return message;
}

//===----------------------------------------------------------------------===//
// DMA
//===----------------------------------------------------------------------===//

TEST(SimulatorTest, StridedDmaGathersAndScattersWithDocumentedCycles) {
  StreamBuilder b;
  // Input: a 4x6 int8 matrix; copy its 3x4 sub-block at (1, 1) to SRAM
  // rows of 8 bytes, then back out transposed-free into a 3x4 output.
  std::vector<int8_t> matrix(24);
  for (int i = 0; i < 24; ++i)
    matrix[i] = static_cast<int8_t>(i * 3 - 20);
  uint64_t in = b.input("x", DType::I8, {4, 6});
  uint64_t out = b.output("y", DType::I8, {3, 4});
  Command gather = StreamBuilder::copy(MemorySpace::Dram, in + 7, MemorySpace::Sram, 0, 4);
  gather.set("count2", 3).set("src_stride2", 6).set("dst_stride2", 8);
  Command scatter = StreamBuilder::copy(MemorySpace::Sram, 0, MemorySpace::Dram, out, 4);
  scatter.set("count2", 3).set("src_stride2", 8).set("dst_stride2", 4);
  b.push(EngineKind::Dma, gather, "gather");
  b.push(EngineKind::Dma, scatter, "scatter");

  std::vector<uint8_t> dram;
  b.artifact.dramBytes = 256;
  std::vector<TraceEvent> trace;
  // Fill the input after the builder zeroes DRAM: run once to size it.
  auto stats = [&] {
    dram.assign(256, 0);
    std::memcpy(dram.data() + in, matrix.data(), 24);
    SimulatorOptions options;
    options.recordTrace = true;
    return Simulator(b.target).run(b.artifact, dram.data(), options, &trace);
  }();
  ASSERT_TRUE(static_cast<bool>(stats)) << llvm::toString(stats.takeError());
  std::vector<int8_t> y = read<int8_t>(dram, out, 12);
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 4; ++c)
      EXPECT_EQ(y[r * 4 + c], matrix[(r + 1) * 6 + c + 1]) << r << "," << c;

  // latency + ceil(12 bytes / 17 B/cycle) + 3 rows x 2 cycles, twice, in
  // order on one queue.
  const TargetDescription &t = b.target;
  uint64_t one = t.dram.latencyCycles + ceilDiv(12, t.dram.bytesPerCycle) +
                 3 * t.dma.rowOverheadCycles;
  EXPECT_EQ(one, 200u + 1 + 6);
  EXPECT_EQ(stats->totalCycles, 2 * one);
  EXPECT_EQ(stats->dramBytesRead, 12u);
  EXPECT_EQ(stats->dramBytesWritten, 12u);
  ASSERT_EQ(trace.size(), 2u);
  EXPECT_EQ(trace[1].startCycle, one);
}

TEST(SimulatorTest, DmaEnginesShareTheDramChannelButOverlapLatency) {
  StreamBuilder b;
  uint64_t in = b.input("x", DType::I8, {1, 1700});
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Dram, in, MemorySpace::Sram, 0, 1700), "", 0);
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Dram, in, MemorySpace::Sram, 4096, 1700), "", 1);
  std::vector<uint8_t> dram;
  auto stats = b.run(dram);
  ASSERT_TRUE(static_cast<bool>(stats)) << llvm::toString(stats.takeError());
  // Both wait 200 cycles of latency at once; then the channel moves 1700
  // bytes at 17 B/cycle (100 cycles + 2 of row overhead) for one, then the
  // other.
  EXPECT_EQ(stats->totalCycles, 200u + 2 * (100 + 2));
  EXPECT_EQ(stats->queues[0].busyCycles, 302u);
  EXPECT_EQ(stats->queues[1].busyCycles, 404u);
}

TEST(SimulatorTest, DmaCopiesRowsInOrderWhetherOrNotTheyAreContiguous) {
  StreamBuilder b;
  // 2 x 3 x 4 rows of 5 bytes: contiguous in both memories (one copy of
  // 120 bytes), then the same rows spread out with gaps, then an SRAM copy
  // onto itself shifted by one row, whose rows run in order and so repeat
  // the first row (a single memmove would shift instead).
  std::vector<int8_t> x(120);
  for (int i = 0; i < 120; ++i)
    x[i] = static_cast<int8_t>(i - 60);
  uint64_t in = b.input("x", DType::I8, {120});
  uint64_t out = b.output("y", DType::I8, {240});
  auto block = [](Command c, uint64_t srcRow, uint64_t dstRow) {
    c.set("count0", 2).set("count1", 3).set("count2", 4);
    c.set("src_stride2", srcRow).set("src_stride1", 4 * srcRow)
        .set("src_stride0", 12 * srcRow);
    c.set("dst_stride2", dstRow).set("dst_stride1", 4 * dstRow)
        .set("dst_stride0", 12 * dstRow);
    return c;
  };
  b.push(EngineKind::Dma, block(StreamBuilder::copy(MemorySpace::Dram, in, MemorySpace::Sram, 0, 5), 5, 5));
  b.push(EngineKind::Dma, block(StreamBuilder::copy(MemorySpace::Sram, 0, MemorySpace::Sram, 1024, 5), 5, 8));
  Command shift = StreamBuilder::copy(MemorySpace::Sram, 0, MemorySpace::Sram, 5, 5);
  shift.set("count2", 4).set("src_stride2", 5).set("dst_stride2", 5);
  b.push(EngineKind::Dma, shift);
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Sram, 0, MemorySpace::Dram, out, 25));
  Command back = block(StreamBuilder::copy(MemorySpace::Sram, 1024, MemorySpace::Dram, out + 120, 5), 8, 5);
  b.push(EngineKind::Dma, back);

  std::vector<uint8_t> dram;
  auto stats = [&] {
    dram.assign(b.artifact.dramBytes, 0);
    std::memcpy(dram.data() + in, x.data(), x.size());
    return Simulator(b.target).run(b.artifact, dram.data());
  }();
  ASSERT_TRUE(static_cast<bool>(stats)) << llvm::toString(stats.takeError());
  std::vector<int8_t> y = read<int8_t>(dram, out, 240);
  for (int i = 0; i < 25; ++i)
    EXPECT_EQ(y[i], x[i % 5]) << i; // row 0 repeated by the in-order shift
  for (int i = 0; i < 120; ++i)
    EXPECT_EQ(y[120 + i], x[i]) << i; // through the spread-out copy and back
}

TEST(SimulatorTest, APlanRunsManyTimesAndOnlyOnItsOwnArtifact) {
  StreamBuilder b;
  uint64_t in = b.input("x", DType::I8, {64});
  uint64_t out = b.output("y", DType::I8, {64});
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Dram, in, MemorySpace::Sram, 0, 64));
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Sram, 0, MemorySpace::Dram, out, 64));
  Simulator simulator(b.target);
  auto plan = simulator.plan(b.artifact);
  ASSERT_TRUE(static_cast<bool>(plan)) << llvm::toString(plan.takeError());
  ASSERT_EQ(plan->steps.size(), 2u);
  EXPECT_EQ(plan->steps[1].queue, 0u);
  EXPECT_EQ(plan->steps[1].command, 1u);

  std::vector<uint8_t> dram(b.artifact.dramBytes, 0);
  for (int value : {7, -3}) {
    std::memset(dram.data() + in, value, 64);
    std::vector<TraceEvent> trace;
    SimulatorOptions options;
    options.recordTrace = true;
    auto stats = simulator.execute(b.artifact, *plan, dram.data(), options, &trace);
    ASSERT_TRUE(static_cast<bool>(stats)) << llvm::toString(stats.takeError());
    EXPECT_EQ(read<int8_t>(dram, out, 64), std::vector<int8_t>(64, int8_t(value)));
    EXPECT_EQ(stats->totalCycles, plan->stats.totalCycles);
    EXPECT_EQ(stats->dramBytesRead, 64u);
    ASSERT_EQ(trace.size(), 2u);
    EXPECT_EQ(trace[1].endCycle, plan->stats.totalCycles);
  }

  // With an SRAM the caller keeps: what the program touches starts zeroed
  // (here it writes out 64 bytes of SRAM it never wrote), and the result is
  // the same as with the run's own SRAM.
  Artifact reader = b.artifact;
  reader.queues[0].commands[1].set("src", 128);
  auto readerPlan = simulator.plan(reader);
  ASSERT_TRUE(static_cast<bool>(readerPlan)) << llvm::toString(readerPlan.takeError());
  EXPECT_EQ(readerPlan->sramBytesUsed, 192u);
  std::vector<uint8_t> sram(b.target.sram.bytes, 0xab);
  for (uint8_t *buffer : {sram.data(), static_cast<uint8_t *>(nullptr)}) {
    std::memset(dram.data() + out, 1, 64);
    auto stats = simulator.execute(reader, *readerPlan, dram.data(), {}, nullptr, buffer);
    ASSERT_TRUE(static_cast<bool>(stats)) << llvm::toString(stats.takeError());
    EXPECT_EQ(read<int8_t>(dram, out, 64), std::vector<int8_t>(64, 0));
  }

  // Another artifact (one command more) or another target: refused.
  Artifact other = b.artifact;
  other.queues[0].commands.push_back(other.queues[0].commands[0]);
  other.queues[0].nodes.push_back(kNoNode);
  auto wrongArtifact = simulator.execute(other, *plan, dram.data());
  ASSERT_FALSE(static_cast<bool>(wrongArtifact));
  EXPECT_NE(llvm::toString(wrongArtifact.takeError()).find("another artifact"),
            std::string::npos);
  auto wrongTarget = Simulator(*getTargetPreset("server")).execute(b.artifact, *plan, dram.data());
  ASSERT_FALSE(static_cast<bool>(wrongTarget));
  llvm::consumeError(wrongTarget.takeError());
}

//===----------------------------------------------------------------------===//
// Matrix engine
//===----------------------------------------------------------------------===//

/// A matmul test: A [m][k] and packed B in SRAM through DMA, C out.
struct MatMulCase {
  int64_t m, k, n;
  bool bias;
};

class MatMulS8Test : public ::testing::TestWithParam<MatMulCase> {};

TEST_P(MatMulS8Test, MatchesNaiveProductAndTheArrayEquation) {
  auto [m, k, n, withBias] = GetParam();
  std::mt19937 rng(m * 1000 + k * 10 + n);
  std::uniform_int_distribution<int> value(-128, 127);
  std::vector<int8_t> a(m * k), bRows(k * n);
  std::vector<int32_t> bias(n);
  for (auto &v : a)
    v = static_cast<int8_t>(value(rng));
  for (auto &v : bRows)
    v = static_cast<int8_t>(value(rng));
  for (auto &v : bias)
    v = value(rng) * 1000;

  StreamBuilder b;
  int64_t panel = b.target.matrix.cols;
  std::vector<int8_t> packed(kernels::getPackedS8Bytes(k, n, panel));
  kernels::packS8(bRows.data(), k, n, panel, packed.data());
  std::vector<uint8_t> consts = bytesOf(packed);
  uint64_t biasAt = (consts.size() + 63) / 64 * 64;
  consts.resize(biasAt);
  std::vector<uint8_t> biasBytes = bytesOf(bias);
  consts.insert(consts.end(), biasBytes.begin(), biasBytes.end());
  uint64_t c0 = b.constants(consts);
  uint64_t in = b.input("a", DType::I8, {m, k});
  uint64_t out = b.output("c", DType::I32, {m, n});

  // SRAM: A at 0, B and bias at 64 KiB, C at 256 KiB.
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Dram, in, MemorySpace::Sram, 0, m * k));
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Dram, c0, MemorySpace::Sram, 65536, consts.size()));
  b.push(EngineKind::Dma, StreamBuilder::semaphore(Opcode::Signal, 0));
  b.push(EngineKind::Dma, StreamBuilder::semaphore(Opcode::Wait, 1));
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Sram, 262144, MemorySpace::Dram, out, m * n * 4));
  Command mm = Command::make(Opcode::MatMul, DType::I8);
  mm.set("a", 0).set("lda", k).set("b", 65536).set("c", 262144).set("ldc", n);
  mm.set("m", m).set("k", k).set("n", n);
  if (withBias)
    mm.set("bias", 1).set("bias_addr", 65536 + biasAt);
  b.push(EngineKind::Matrix, StreamBuilder::semaphore(Opcode::Wait, 0));
  b.push(EngineKind::Matrix, mm, "gemm");
  b.push(EngineKind::Matrix, StreamBuilder::semaphore(Opcode::Signal, 1));

  std::vector<uint8_t> dram;
  b.artifact.dramBytes = 1 << 20;
  dram.assign(b.artifact.dramBytes, 0);
  std::memcpy(dram.data() + c0, consts.data(), consts.size());
  std::memcpy(dram.data() + in, a.data(), a.size());
  std::vector<TraceEvent> trace;
  SimulatorOptions options;
  options.recordTrace = true;
  auto stats = Simulator(b.target).run(b.artifact, dram.data(), options, &trace);
  ASSERT_TRUE(static_cast<bool>(stats)) << llvm::toString(stats.takeError());

  std::vector<int32_t> c = read<int32_t>(dram, out, m * n);
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      int64_t sum = withBias ? bias[j] : 0;
      for (int64_t p = 0; p < k; ++p)
        sum += int64_t(a[i * k + p]) * bRows[p * n + j];
      ASSERT_EQ(c[i * n + j], sum) << i << "," << j;
    }
  // ceil(M/R) * ceil(N/C) * K + pipeline latency.
  const TargetDescription &t = b.target;
  uint64_t expected = ceilDiv(m, t.matrix.rows) * ceilDiv(n, t.matrix.cols) * k +
                      t.matrix.pipelineLatency;
  auto gemm = llvm::find_if(trace, [&](const TraceEvent &e) {
    return b.artifact.queues[e.queue].engine == EngineKind::Matrix;
  });
  ASSERT_NE(gemm, trace.end());
  EXPECT_EQ(gemm->endCycle - gemm->startCycle, expected);
  EXPECT_EQ(stats->macs, uint64_t(m * k * n));
}

INSTANTIATE_TEST_SUITE_P(Shapes, MatMulS8Test,
                         ::testing::Values(MatMulCase{1, 1, 1, false},
                                           MatMulCase{7, 13, 5, true},
                                           MatMulCase{64, 64, 32, false},
                                           MatMulCase{65, 37, 33, true},
                                           MatMulCase{130, 200, 70, true}));

TEST(SimulatorTest, MatMulF16AccumulatesInF32WithinTolerance) {
  const int64_t m = 9, k = 50, n = 40;
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> value(-2, 2);
  std::vector<float> af(m * k), bf(k * n);
  for (auto &v : af)
    v = value(rng);
  for (auto &v : bf)
    v = value(rng);
  std::vector<uint16_t> ah(m * k), bh(k * n);
  kernels::convertF32ToF16(af.data(), af.size(), ah.data());
  kernels::convertF32ToF16(bf.data(), bf.size(), bh.data());
  kernels::convertF16ToF32(ah.data(), ah.size(), af.data()); // the values used
  kernels::convertF16ToF32(bh.data(), bh.size(), bf.data());

  StreamBuilder b;
  int64_t panel = b.target.matrix.cols;
  std::vector<uint16_t> packed(kernels::getPackedF16Elements(k, n, panel));
  kernels::packF16(bh.data(), k, n, panel, packed.data());
  uint64_t c0 = b.constants(bytesOf(packed));
  uint64_t in = b.input("a", DType::F16, {m, k});
  uint64_t out = b.output("c", DType::F32, {m, n});
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Dram, in, MemorySpace::Sram, 0, m * k * 2));
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Dram, c0, MemorySpace::Sram, 8192, packed.size() * 2));
  b.push(EngineKind::Dma, StreamBuilder::semaphore(Opcode::Signal, 0));
  b.push(EngineKind::Dma, StreamBuilder::semaphore(Opcode::Wait, 1));
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Sram, 65536, MemorySpace::Dram, out, m * n * 4));
  Command mm = Command::make(Opcode::MatMul, DType::F16);
  mm.set("a", 0).set("lda", k).set("b", 8192).set("c", 65536).set("ldc", n);
  mm.set("m", m).set("k", k).set("n", n);
  b.push(EngineKind::Matrix, StreamBuilder::semaphore(Opcode::Wait, 0));
  b.push(EngineKind::Matrix, mm);
  b.push(EngineKind::Matrix, StreamBuilder::semaphore(Opcode::Signal, 1));

  std::vector<uint8_t> dram(b.artifact.dramBytes, 0);
  std::memcpy(dram.data() + c0, b.artifact.constants.data(), b.artifact.constants.size());
  std::memcpy(dram.data() + in, ah.data(), ah.size() * 2);
  std::vector<TraceEvent> trace;
  SimulatorOptions options;
  options.recordTrace = true;
  auto stats = Simulator(b.target).run(b.artifact, dram.data(), options, &trace);
  ASSERT_TRUE(static_cast<bool>(stats)) << llvm::toString(stats.takeError());
  std::vector<float> c = read<float>(dram, out, m * n);
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double exact = 0, magnitude = 0;
      for (int64_t p = 0; p < k; ++p) {
        exact += double(af[i * k + p]) * bf[p * n + j];
        magnitude += std::fabs(double(af[i * k + p]) * bf[p * n + j]);
      }
      // fp32 sums of exact products: |error| <= k * 2^-24 * sum |a*b|.
      EXPECT_LE(std::fabs(c[i * n + j] - exact), k * std::ldexp(magnitude, -24));
    }
  // fp16 takes fp16_cycles_per_mac per MAC.
  const TargetDescription &t = b.target;
  auto gemm = llvm::find_if(trace, [&](const TraceEvent &e) {
    return b.artifact.queues[e.queue].engine == EngineKind::Matrix;
  });
  EXPECT_EQ(gemm->endCycle - gemm->startCycle,
            ceilDiv(m, t.matrix.rows) * ceilDiv(n, t.matrix.cols) * k *
                    t.matrix.fp16CyclesPerMac +
                t.matrix.pipelineLatency);
}

struct ConvCase {
  int64_t batch, h, w, cin, cout, kh, kw, stride, dilation, pad, groups;
};

class ConvS8Test : public ::testing::TestWithParam<ConvCase> {};

/// conv2d followed by requant on the vector engine: the int8 path end to end,
/// checked against a direct convolution and reference::requantize.
TEST_P(ConvS8Test, ConvAndRequantMatchTheDefiningSumAndReferenceRounding) {
  ConvCase p = GetParam();
  std::mt19937 rng(p.h * 131 + p.cin * 17 + p.groups);
  std::uniform_int_distribution<int> value(-128, 127);
  const int64_t cg = p.cin / p.groups, og = p.cout / p.groups;
  const int64_t oh = getWindowOutputSize(p.h, p.pad, p.pad, p.kh, p.stride, p.dilation);
  const int64_t ow = getWindowOutputSize(p.w, p.pad, p.pad, p.kw, p.stride, p.dilation);
  const int8_t inputZeroPoint = 3;
  std::vector<int8_t> x(p.batch * p.h * p.w * p.cin);
  std::vector<int8_t> filter(p.cout * p.kh * p.kw * cg); // OHWI
  std::vector<int32_t> bias(p.cout);
  for (auto &v : x)
    v = static_cast<int8_t>(value(rng));
  for (auto &v : filter)
    v = static_cast<int8_t>(value(rng));
  for (auto &v : bias)
    v = value(rng) * 50;

  StreamBuilder b;
  const int64_t panel = b.target.matrix.cols;
  const int64_t k = p.kh * p.kw * cg;
  // Per group: B[k][og] with k ordered (kh, kw, c), packed.
  std::vector<uint8_t> consts;
  for (int64_t g = 0; g < p.groups; ++g) {
    std::vector<int8_t> rows(k * og);
    for (int64_t o = 0; o < og; ++o)
      for (int64_t i = 0; i < k; ++i)
        rows[i * og + o] = filter[(g * og + o) * k + i];
    std::vector<int8_t> packed(kernels::getPackedS8Bytes(k, og, panel));
    kernels::packS8(rows.data(), k, og, panel, packed.data());
    consts.insert(consts.end(), packed.begin(), packed.end());
  }
  uint64_t biasAt = (consts.size() + 63) / 64 * 64;
  consts.resize(biasAt);
  for (uint8_t byte : bytesOf(bias))
    consts.push_back(byte);
  // Per-channel multipliers and shifts.
  std::vector<reference::FixedPointMultiplier> multipliers(p.cout);
  std::vector<int32_t> table(2 * p.cout);
  std::uniform_real_distribution<double> scale(1e-5, 1e-3);
  for (int64_t o = 0; o < p.cout; ++o) {
    multipliers[o] = reference::encodeMultiplier(scale(rng));
    table[o] = multipliers[o].multiplier;
    table[p.cout + o] = multipliers[o].shift;
  }
  uint64_t tableAt = (consts.size() + 63) / 64 * 64;
  consts.resize(tableAt);
  for (uint8_t byte : bytesOf(table))
    consts.push_back(byte);

  uint64_t c0 = b.constants(consts);
  uint64_t in = b.input("x", DType::I8, {p.batch, p.h, p.w, p.cin});
  uint64_t out = b.output("y", DType::I8, {p.batch, oh, ow, p.cout});
  const uint64_t count = p.batch * oh * ow * p.cout;
  // SRAM map: input 0, constants 256 KiB, accumulators 512 KiB, result 1 MiB.
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Dram, in, MemorySpace::Sram, 0, x.size()));
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Dram, c0, MemorySpace::Sram, 262144, consts.size()));
  b.push(EngineKind::Dma, StreamBuilder::semaphore(Opcode::Signal, 0));
  b.push(EngineKind::Dma, StreamBuilder::semaphore(Opcode::Wait, 2));
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Sram, 1 << 20, MemorySpace::Dram, out, count));
  Command conv = Command::make(Opcode::Conv2D, DType::I8);
  conv.set("input", 0).set("filter", 262144).set("output", 524288);
  conv.set("bias", 1).set("bias_addr", 262144 + biasAt);
  conv.set("batch", p.batch).set("height", p.h).set("width", p.w);
  conv.set("in_channels", p.cin).set("out_channels", p.cout).set("groups", p.groups);
  conv.set("kernel_h", p.kh).set("kernel_w", p.kw).set("stride_h", p.stride).set("stride_w", p.stride);
  conv.set("dilation_h", p.dilation).set("dilation_w", p.dilation);
  conv.set("pad_top", p.pad).set("pad_left", p.pad).set("pad_bottom", p.pad).set("pad_right", p.pad);
  conv.setSigned("pad_value", inputZeroPoint);
  b.push(EngineKind::Matrix, StreamBuilder::semaphore(Opcode::Wait, 0));
  b.push(EngineKind::Matrix, conv, "conv");
  b.push(EngineKind::Matrix, StreamBuilder::semaphore(Opcode::Signal, 1));
  Command rq = Command::make(Opcode::Requant, DType::I8);
  rq.set("input", 524288).set("output", 1 << 20).set("count", count);
  rq.set("channels", p.cout).set("table", 262144 + tableAt);
  rq.setSigned("zero_point", -5).setSigned("clamp_min", -128).setSigned("clamp_max", 127);
  b.push(EngineKind::Vector, StreamBuilder::semaphore(Opcode::Wait, 1));
  b.push(EngineKind::Vector, rq, "conv");
  b.push(EngineKind::Vector, StreamBuilder::semaphore(Opcode::Signal, 2));

  std::vector<uint8_t> dram(b.artifact.dramBytes, 0);
  std::memcpy(dram.data() + c0, consts.data(), consts.size());
  std::memcpy(dram.data() + in, x.data(), x.size());
  std::vector<TraceEvent> trace;
  SimulatorOptions options;
  options.recordTrace = true;
  auto stats = Simulator(b.target).run(b.artifact, dram.data(), options, &trace);
  ASSERT_TRUE(static_cast<bool>(stats)) << llvm::toString(stats.takeError());

  std::vector<int8_t> y = read<int8_t>(dram, out, count);
  for (int64_t n = 0; n < p.batch; ++n)
    for (int64_t oy = 0; oy < oh; ++oy)
      for (int64_t ox = 0; ox < ow; ++ox)
        for (int64_t o = 0; o < p.cout; ++o) {
          int64_t g = o / og, acc = bias[o];
          for (int64_t i = 0; i < p.kh; ++i)
            for (int64_t j = 0; j < p.kw; ++j)
              for (int64_t c = 0; c < cg; ++c) {
                int64_t iy = oy * p.stride - p.pad + i * p.dilation;
                int64_t ix = ox * p.stride - p.pad + j * p.dilation;
                int64_t v = (iy < 0 || iy >= p.h || ix < 0 || ix >= p.w)
                                ? inputZeroPoint
                                : x[((n * p.h + iy) * p.w + ix) * p.cin + g * cg + c];
                acc += v * filter[((o * p.kh + i) * p.kw + j) * cg + c];
              }
          int64_t expected = reference::requantize(acc, multipliers[o], -5, -128, 127);
          ASSERT_EQ(y[((n * oh + oy) * ow + ox) * p.cout + o], expected)
              << n << "," << oy << "," << ox << "," << o;
        }

  const TargetDescription &t = b.target;
  uint64_t m = p.batch * oh * ow;
  uint64_t convCycles = p.groups * ceilDiv(m, t.matrix.rows) * ceilDiv(og, t.matrix.cols) * k +
                        t.matrix.pipelineLatency;
  uint64_t requantCycles = ceilDiv(count, t.vector.lanes) + t.vector.pipelineLatency;
  for (const TraceEvent &e : trace) {
    EngineKind engine = b.artifact.queues[e.queue].engine;
    if (engine == EngineKind::Matrix)
      EXPECT_EQ(e.endCycle - e.startCycle, convCycles);
    if (engine == EngineKind::Vector)
      EXPECT_EQ(e.endCycle - e.startCycle, requantCycles);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, ConvS8Test,
    ::testing::Values(ConvCase{1, 8, 8, 3, 16, 3, 3, 1, 1, 1, 1},  // stem-like
                      ConvCase{1, 9, 7, 8, 8, 1, 1, 1, 1, 0, 1},   // pointwise
                      ConvCase{2, 10, 10, 6, 9, 3, 3, 2, 1, 1, 3}, // grouped
                      ConvCase{1, 12, 12, 4, 4, 3, 3, 1, 2, 2, 4}, // depthwise, dilated
                      // depthwise over a vector of channels and a tail
                      ConvCase{1, 9, 9, 24, 24, 3, 3, 2, 1, 1, 24},
                      ConvCase{1, 7, 7, 5, 70, 5, 5, 2, 1, 2, 1},  // partial tiles
                      // 4096 im2col rows of 1600 bytes: gathered in two blocks
                      ConvCase{1, 64, 64, 64, 8, 5, 5, 1, 1, 2, 1}));

//===----------------------------------------------------------------------===//
// Vector engine
//===----------------------------------------------------------------------===//

/// Runs one vector command on `inputs` placed in SRAM at 0, 64 KiB, ...;
/// returns `outBytes` read from SRAM at 512 KiB, and the command's cycles.
struct VectorRun {
  std::vector<uint8_t> output;
  uint64_t cycles = 0;
};
VectorRun runVector(Command command, const std::vector<std::vector<uint8_t>> &inputs,
                    uint64_t outBytes) {
  StreamBuilder b;
  std::vector<uint8_t> consts;
  for (size_t i = 0; i < inputs.size(); ++i) {
    consts.resize(i * 65536);
    consts.insert(consts.end(), inputs[i].begin(), inputs[i].end());
  }
  uint64_t c0 = b.constants(consts);
  uint64_t out = b.output("y", DType::I8, {int64_t(outBytes)});
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Dram, c0, MemorySpace::Sram, 0, consts.size()));
  b.push(EngineKind::Dma, StreamBuilder::semaphore(Opcode::Signal, 0));
  b.push(EngineKind::Dma, StreamBuilder::semaphore(Opcode::Wait, 1));
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Sram, 524288, MemorySpace::Dram, out, outBytes));
  b.push(EngineKind::Vector, StreamBuilder::semaphore(Opcode::Wait, 0));
  b.push(EngineKind::Vector, command);
  b.push(EngineKind::Vector, StreamBuilder::semaphore(Opcode::Signal, 1));
  std::vector<uint8_t> dram;
  std::vector<TraceEvent> trace;
  auto stats = b.run(dram, &trace);
  EXPECT_TRUE(static_cast<bool>(stats)) << llvm::toString(stats.takeError());
  VectorRun result;
  result.output.assign(dram.begin() + out, dram.begin() + out + outBytes);
  for (const TraceEvent &e : trace)
    if (b.artifact.queues[e.queue].engine == EngineKind::Vector)
      result.cycles = e.endCycle - e.startCycle;
  return result;
}

uint64_t vectorCycles(uint64_t elements, uint64_t passes) {
  TargetDescription t = edge();
  return ceilDiv(elements * passes, t.vector.lanes) + t.vector.pipelineLatency;
}

TEST(SimulatorTest, EltwiseBroadcastsItsRightOperandWithAPeriod) {
  std::vector<float> lhs(200), rhs(8);
  for (int i = 0; i < 200; ++i)
    lhs[i] = i * 0.5f - 30;
  for (int i = 0; i < 8; ++i)
    rhs[i] = i - 3.5f;
  for (auto [kind, fn] : std::vector<std::pair<EltwiseKind, float (*)(float, float)>>{
           {EltwiseKind::Add, [](float a, float b) { return a + b; }},
           {EltwiseKind::Sub, [](float a, float b) { return a - b; }},
           {EltwiseKind::Mul, [](float a, float b) { return a * b; }},
           {EltwiseKind::Div, [](float a, float b) { return a / b; }},
           {EltwiseKind::Max, [](float a, float b) { return std::fmax(a, b); }},
           {EltwiseKind::Min, [](float a, float b) { return std::fmin(a, b); }}}) {
    Command c = Command::make(Opcode::Eltwise, DType::F32, uint8_t(kind));
    c.set("out_dtype", uint64_t(DType::F32)).set("lhs", 0).set("rhs", 65536);
    c.set("output", 524288).set("count", 200).set("rhs_period", 8);
    VectorRun run = runVector(c, {bytesOf(lhs), bytesOf(rhs)}, 800);
    std::vector<float> y = read<float>(run.output, 0, 200);
    for (int i = 0; i < 200; ++i)
      ASSERT_EQ(y[i], fn(lhs[i], rhs[i % 8])) << int(kind) << " at " << i;
    EXPECT_EQ(run.cycles, vectorCycles(200, 1));
  }
}

TEST(SimulatorTest, EltwiseOnInt32Wraps) {
  std::vector<int32_t> lhs = {INT32_MAX, INT32_MIN, 7, -7};
  std::vector<int32_t> rhs = {1, -1, 2, 2};
  Command c = Command::make(Opcode::Eltwise, DType::I32, uint8_t(EltwiseKind::Add));
  c.set("out_dtype", uint64_t(DType::I32)).set("lhs", 0).set("rhs", 65536);
  c.set("output", 524288).set("count", 4).set("rhs_period", 4);
  std::vector<int32_t> y =
      read<int32_t>(runVector(c, {bytesOf(lhs), bytesOf(rhs)}, 16).output, 0, 4);
  EXPECT_EQ(y, (std::vector<int32_t>{INT32_MIN, INT32_MAX, 9, -5}));
}

TEST(SimulatorTest, ActivationsMatchTheirDefinitionsAndConvertTypes) {
  std::vector<float> x;
  for (int i = -40; i <= 40; ++i)
    x.push_back(i * 0.25f);
  auto check = [&](ActivationKind kind, float alpha, float beta,
                   double (*reference)(double, double, double)) {
    Command c = Command::make(Opcode::Activation, DType::F32, uint8_t(kind));
    c.set("out_dtype", uint64_t(DType::F32)).set("input", 0).set("output", 524288);
    c.set("count", x.size()).setFloat("alpha", alpha).setFloat("beta", beta);
    VectorRun run = runVector(c, {bytesOf(x)}, x.size() * 4);
    std::vector<float> y = read<float>(run.output, 0, x.size());
    for (size_t i = 0; i < x.size(); ++i)
      ASSERT_EQ(y[i], static_cast<float>(reference(x[i], alpha, beta)))
          << "kind " << int(kind) << " x=" << x[i];
    EXPECT_EQ(run.cycles, vectorCycles(x.size(), 1));
  };
  check(ActivationKind::Relu, 0, 0, [](double v, double, double) { return v > 0 ? v : 0.0; });
  check(ActivationKind::Clip, -1, 6, [](double v, double a, double b) { return std::min(std::max(v, a), b); });
  check(ActivationKind::LeakyRelu, 0.1f, 0, [](double v, double a, double) { return v < 0 ? v * a : v; });
  check(ActivationKind::Sigmoid, 0, 0, [](double v, double, double) { return 1 / (1 + std::exp(-v)); });
  check(ActivationKind::Tanh, 0, 0, [](double v, double, double) { return std::tanh(v); });
  check(ActivationKind::GeluErf, 0, 0, [](double v, double, double) { return 0.5 * v * (1 + std::erf(v / std::sqrt(2.0))); });
  check(ActivationKind::Silu, 0, 0, [](double v, double, double) { return v / (1 + std::exp(-v)); });
  check(ActivationKind::HardSigmoid, 0.2f, 0.5f, [](double v, double a, double b) { return std::clamp(a * v + b, 0.0, 1.0); });
  check(ActivationKind::HardSwish, 0, 0, [](double v, double, double) { return v * std::clamp(v / 6 + 0.5, 0.0, 1.0); });
  check(ActivationKind::Exp, 0, 0, [](double v, double, double) { return std::exp(v); });

  // f32 -> f16 -> f32 through copy: round to nearest even.
  Command toHalf = Command::make(Opcode::Activation, DType::F32, uint8_t(ActivationKind::Copy));
  toHalf.set("out_dtype", uint64_t(DType::F16)).set("input", 0).set("output", 524288).set("count", 3);
  std::vector<float> values = {1.0f + 1.0f / 2048, 1.0f + 3.0f / 2048, 70000.0f};
  std::vector<uint16_t> halves =
      read<uint16_t>(runVector(toHalf, {bytesOf(values)}, 6).output, 0, 3);
  EXPECT_EQ(halves[0], 0x3c00); // tie rounds to even (1.0)
  EXPECT_EQ(halves[1], 0x3c02); // tie rounds to even (1 + 2^-9)
  EXPECT_EQ(halves[2], 0x7c00); // overflow to +inf
}

TEST(SimulatorTest, QuantizeAndDequantizeRoundHalfToEven) {
  std::vector<float> x = {0.25f, 0.75f, -0.25f, 1.25f, 1000.0f, -1000.0f, 0.0f};
  Command q = Command::make(Opcode::Activation, DType::F32, uint8_t(ActivationKind::Quantize));
  q.set("out_dtype", uint64_t(DType::I8)).set("input", 0).set("output", 524288);
  q.set("count", x.size()).setFloat("alpha", 0.5f).setFloat("beta", 1);
  std::vector<int8_t> y = read<int8_t>(runVector(q, {bytesOf(x)}, x.size()).output, 0, x.size());
  // x / 0.5 = 0.5, 1.5, -0.5, 2.5 -> 0, 2, -0, 2; + zero point 1; clamped.
  EXPECT_EQ(y, (std::vector<int8_t>{1, 3, 1, 3, 127, -128, 1}));

  std::vector<int8_t> codes = {-128, -1, 0, 1, 127};
  Command d = Command::make(Opcode::Activation, DType::I8, uint8_t(ActivationKind::Dequantize));
  d.set("out_dtype", uint64_t(DType::F32)).set("input", 0).set("output", 524288);
  d.set("count", codes.size()).setFloat("alpha", 0.25f).setFloat("beta", -2);
  std::vector<float> r = read<float>(runVector(d, {bytesOf(codes)}, 20).output, 0, 5);
  EXPECT_EQ(r, (std::vector<float>{-31.5f, 0.25f, 0.5f, 0.75f, 32.25f}));
}

TEST(SimulatorTest, PoolingInt8IsExactAndCountsOnlyRealElements) {
  // 1x4x4x2 input, 3x3 window, stride 2, padding 1 on every side.
  std::vector<int8_t> x(32);
  for (int i = 0; i < 32; ++i)
    x[i] = static_cast<int8_t>((i * 37) % 255 - 127);
  for (PoolKind kind : {PoolKind::Max, PoolKind::Avg}) {
    Command c = Command::make(Opcode::Pool, DType::I8, uint8_t(kind));
    c.set("input", 0).set("output", 524288).set("batch", 1).set("height", 4);
    c.set("width", 4).set("channels", 2).set("kernel_h", 3).set("kernel_w", 3);
    c.set("stride_h", 2).set("stride_w", 2);
    c.set("pad_top", 1).set("pad_left", 1).set("pad_bottom", 1).set("pad_right", 1);
    VectorRun run = runVector(c, {bytesOf(x)}, 8);
    std::vector<int8_t> y = read<int8_t>(run.output, 0, 8);
    for (int oy = 0; oy < 2; ++oy)
      for (int ox = 0; ox < 2; ++ox)
        for (int ch = 0; ch < 2; ++ch) {
          int best = -128, sum = 0, count = 0;
          for (int i = 0; i < 3; ++i)
            for (int j = 0; j < 3; ++j) {
              int iy = oy * 2 - 1 + i, ix = ox * 2 - 1 + j;
              if (iy < 0 || iy >= 4 || ix < 0 || ix >= 4)
                continue;
              int v = x[(iy * 4 + ix) * 2 + ch];
              best = std::max(best, v);
              sum += v;
              ++count;
            }
          int expected = best;
          if (kind == PoolKind::Avg)
            expected = static_cast<int>(std::nearbyint(double(sum) / count)); // ties to even
          EXPECT_EQ(y[(oy * 2 + ox) * 2 + ch], expected) << int(kind);
        }
    EXPECT_EQ(run.cycles, vectorCycles(8, 9));
  }
}

TEST(SimulatorTest, SoftmaxAndNormsMatchDoublePrecisionWithinF32Rounding) {
  const int rows = 3, cols = 37;
  std::vector<float> x(rows * cols), gamma(cols), beta(cols);
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> value(-4, 4);
  for (auto &v : x)
    v = value(rng);
  for (int i = 0; i < cols; ++i) {
    gamma[i] = 0.5f + i * 0.01f;
    beta[i] = i * 0.1f - 1;
  }
  Command softmax = Command::make(Opcode::Softmax, DType::F32);
  softmax.set("input", 0).set("output", 524288).set("rows", rows).set("cols", cols);
  VectorRun run = runVector(softmax, {bytesOf(x)}, x.size() * 4);
  std::vector<float> y = read<float>(run.output, 0, x.size());
  for (int r = 0; r < rows; ++r) {
    double max = -INFINITY, sum = 0;
    for (int i = 0; i < cols; ++i)
      max = std::max(max, double(x[r * cols + i]));
    for (int i = 0; i < cols; ++i)
      sum += std::exp(x[r * cols + i] - max);
    for (int i = 0; i < cols; ++i)
      EXPECT_NEAR(y[r * cols + i], std::exp(x[r * cols + i] - max) / sum, 1e-6);
  }
  EXPECT_EQ(run.cycles, vectorCycles(rows * cols, 3));

  for (NormKind kind : {NormKind::Layer, NormKind::Rms}) {
    Command norm = Command::make(Opcode::Norm, DType::F32, uint8_t(kind));
    norm.set("bias", 1).set("input", 0).set("scale", 65536).set("bias_addr", 131072);
    norm.set("output", 524288).set("rows", rows).set("cols", cols).setFloat("epsilon", 1e-5f);
    VectorRun n = runVector(norm, {bytesOf(x), bytesOf(gamma), bytesOf(beta)}, x.size() * 4);
    std::vector<float> z = read<float>(n.output, 0, x.size());
    for (int r = 0; r < rows; ++r) {
      double mean = 0, square = 0;
      if (kind == NormKind::Layer) {
        for (int i = 0; i < cols; ++i)
          mean += x[r * cols + i];
        mean /= cols;
      }
      for (int i = 0; i < cols; ++i)
        square += (x[r * cols + i] - mean) * (x[r * cols + i] - mean);
      double inv = 1 / std::sqrt(square / cols + 1e-5);
      for (int i = 0; i < cols; ++i)
        EXPECT_NEAR(z[r * cols + i], (x[r * cols + i] - mean) * inv * gamma[i] + beta[i], 1e-5);
    }
    EXPECT_EQ(n.cycles, vectorCycles(rows * cols, kind == NormKind::Layer ? 3 : 2));
  }
}

//===----------------------------------------------------------------------===//
// Queues and semaphores
//===----------------------------------------------------------------------===//

TEST(SimulatorTest, AWaitDelaysItsQueueUntilTheSignallingCommandFinishes) {
  StreamBuilder b;
  uint64_t in = b.input("x", DType::F32, {1, 64});
  // DMA loads (204 cycles... computed below), signals; the vector queue
  // waits, then runs two 64-element activations.
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Dram, in, MemorySpace::Sram, 0, 256));
  b.push(EngineKind::Dma, StreamBuilder::semaphore(Opcode::Signal, 5));
  Command relu = Command::make(Opcode::Activation, DType::F32, uint8_t(ActivationKind::Relu));
  relu.set("out_dtype", uint64_t(DType::F32)).set("input", 0).set("output", 0).set("count", 64);
  b.push(EngineKind::Vector, StreamBuilder::semaphore(Opcode::Wait, 5));
  b.push(EngineKind::Vector, relu);
  b.push(EngineKind::Vector, relu);
  std::vector<uint8_t> dram;
  auto stats = b.run(dram);
  ASSERT_TRUE(static_cast<bool>(stats)) << llvm::toString(stats.takeError());
  const TargetDescription &t = b.target;
  uint64_t dma = t.dram.latencyCycles + ceilDiv(256, t.dram.bytesPerCycle) +
                 t.dma.rowOverheadCycles;
  uint64_t act = ceilDiv(64, t.vector.lanes) + t.vector.pipelineLatency;
  EXPECT_EQ(stats->totalCycles, dma + 2 * act);
  EXPECT_EQ(stats->queues[1].busyCycles, 2 * act);
  EXPECT_EQ(stats->queues[1].commands, 3u);
}

//===----------------------------------------------------------------------===//
// Faults
//===----------------------------------------------------------------------===//

TEST(SimulatorFaultTest, DmaOutsideEveryRegionNamesTheCommandAndNode) {
  StreamBuilder b;
  uint64_t in = b.input("x", DType::I8, {1, 64});
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Dram, in, MemorySpace::Sram, 0, 64), "ok");
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Dram, in + 32, MemorySpace::Sram, 0, 64), "conv1");
  std::vector<uint8_t> dram;
  FaultKind kind{};
  std::string node;
  int64_t command = -1;
  std::string message = faultOf(b.run(dram), &kind, &node, &command);
  EXPECT_EQ(kind, FaultKind::DmaOutOfRange);
  EXPECT_EQ(node, "conv1");
  EXPECT_EQ(command, 1);
  EXPECT_NE(message.find("fault: DMA out of range: dma0 command 1 (dma, node 'conv1'): "
                         "source [0x20, +64) is outside every allocated DRAM region"),
            std::string::npos)
      << message;
}

TEST(SimulatorFaultTest, WritingConstantsIsRefused) {
  StreamBuilder b;
  uint64_t c0 = b.constants(std::vector<uint8_t>(64, 1));
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Sram, 0, MemorySpace::Dram, c0, 64), "store");
  std::vector<uint8_t> dram;
  FaultKind kind{};
  std::string message = faultOf(b.run(dram), &kind);
  EXPECT_EQ(kind, FaultKind::DmaOutOfRange);
  EXPECT_NE(message.find("writes constant region 'consts'"), std::string::npos) << message;
}

TEST(SimulatorFaultTest, SramOverflowAndMisalignmentAreFaults) {
  StreamBuilder b;
  uint64_t in = b.input("x", DType::I8, {1, 64});
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Dram, in, MemorySpace::Sram,
                                              b.target.sram.bytes - 32, 64), "load");
  std::vector<uint8_t> dram;
  FaultKind kind{};
  std::string message = faultOf(b.run(dram), &kind);
  EXPECT_EQ(kind, FaultKind::SramOverflow) << message;
  EXPECT_NE(message.find("overflows the 2097152-byte SRAM"), std::string::npos) << message;

  StreamBuilder b2;
  Command relu = Command::make(Opcode::Activation, DType::F32, uint8_t(ActivationKind::Relu));
  relu.set("out_dtype", uint64_t(DType::F32)).set("input", 2).set("output", 0).set("count", 4);
  b2.push(EngineKind::Vector, relu, "relu");
  EXPECT_NE(faultOf(b2.run(dram), &kind).find("not aligned to 4 bytes"), std::string::npos);
  EXPECT_EQ(kind, FaultKind::Misaligned);
}

TEST(SimulatorFaultTest, DeadlockIsReportedInsteadOfHanging) {
  StreamBuilder b;
  b.push(EngineKind::Dma, StreamBuilder::semaphore(Opcode::Wait, 1), "a");
  b.push(EngineKind::Dma, StreamBuilder::semaphore(Opcode::Signal, 2));
  b.push(EngineKind::Vector, StreamBuilder::semaphore(Opcode::Wait, 2), "b");
  b.push(EngineKind::Vector, StreamBuilder::semaphore(Opcode::Signal, 1));
  std::vector<uint8_t> dram;
  FaultKind kind{};
  std::string message = faultOf(b.run(dram), &kind);
  EXPECT_EQ(kind, FaultKind::Deadlock);
  EXPECT_NE(message.find("dma0 command 0 waits on semaphore 1; vector command 0 "
                         "waits on semaphore 2"),
            std::string::npos)
      << message;
}

TEST(SimulatorFaultTest, UnknownOpcodeWrongEngineAndBadFieldsAreFaults) {
  std::vector<uint8_t> dram;
  FaultKind kind{};
  {
    StreamBuilder b;
    Command junk;
    junk.words[0] = 0x7f;
    b.push(EngineKind::Matrix, junk, "mystery");
    std::string message = faultOf(b.run(dram), &kind);
    EXPECT_EQ(kind, FaultKind::UnknownOpcode);
    EXPECT_NE(message.find("matrix command 0 (opcode 0x7f, node 'mystery'): opcode "
                           "0x7f is not an ISA 1.1 command"),
              std::string::npos)
        << message;
  }
  {
    StreamBuilder b;
    b.push(EngineKind::Dma, Command::make(Opcode::MatMul, DType::I8), "gemm");
    faultOf(b.run(dram), &kind);
    EXPECT_EQ(kind, FaultKind::WrongEngine);
  }
  {
    StreamBuilder b;
    b.push(EngineKind::Vector, StreamBuilder::semaphore(Opcode::Signal, 1000));
    EXPECT_NE(faultOf(b.run(dram), &kind).find("semaphore 1000 of 32"), std::string::npos);
    EXPECT_EQ(kind, FaultKind::InvalidCommand);
  }
  {
    StreamBuilder b; // a 4-D DMA, the most the target allows, is valid
    uint64_t in = b.input("x", DType::I8, {2, 2, 2, 2});
    Command c = StreamBuilder::copy(MemorySpace::Dram, in, MemorySpace::Sram, 0, 1);
    c.set("count0", 2).set("count1", 2).set("count2", 2).set("row_bytes", 2);
    c.set("src_stride0", 8).set("src_stride1", 4).set("src_stride2", 2);
    b.push(EngineKind::Dma, c);
    ASSERT_EQ(faultOf(b.run(dram)), "");
  }
}

TEST(SimulatorFaultTest, OperandSizesThatOverflowAreFaultsNotWraparounds) {
  // (m - 1) * lda wraps around 2^64 unless checked.
  StreamBuilder b;
  Command mm = Command::make(Opcode::MatMul, DType::I8);
  mm.set("m", 0xffffffffu).set("lda", 0xffffffffu).set("k", 1).set("n", 1).set("ldc", 1);
  b.push(EngineKind::Matrix, mm, "huge");
  std::vector<uint8_t> dram;
  FaultKind kind{};
  std::string message = faultOf(b.run(dram), &kind);
  EXPECT_EQ(kind, FaultKind::SramOverflow) << message;
  EXPECT_NE(message.find("(matmul, node 'huge')"), std::string::npos) << message;

  StreamBuilder b2;
  Command pool = Command::make(Opcode::Pool, DType::F32, uint8_t(PoolKind::Max));
  pool.set("batch", 0xffffffffu).set("height", 0xffffffffu).set("width", 0xffffffffu);
  pool.set("channels", 1).set("kernel_h", 1).set("kernel_w", 1).set("stride_h", 1).set("stride_w", 1);
  b2.push(EngineKind::Vector, pool);
  EXPECT_NE(faultOf(b2.run(dram), &kind).find("its size overflows"), std::string::npos);
  EXPECT_EQ(kind, FaultKind::SramOverflow);
}

TEST(SimulatorFaultTest, WorkWithoutBoundIsRefusedNotSimulatedForDays) {
  std::vector<uint8_t> dram;
  FaultKind kind{};
  {
    // Stride 0 keeps the extent at one row; the bytes moved are 4 PiB.
    StreamBuilder b;
    Command c = StreamBuilder::copy(MemorySpace::Sram, 0, MemorySpace::Sram, 1 << 20, 1 << 20);
    c.set("count0", 0xffffffffu);
    b.push(EngineKind::Dma, c, "spin");
    std::string message = faultOf(b.run(dram), &kind);
    EXPECT_EQ(kind, FaultKind::InvalidCommand) << message;
    EXPECT_NE(message.find("moves more bytes than its destination memory holds"),
              std::string::npos)
        << message;
  }
  {
    // A 255x255 window at every one of 2^21 outputs (all of SRAM): 2^37
    // window steps.
    StreamBuilder b;
    Command pool = Command::make(Opcode::Pool, DType::I8, uint8_t(PoolKind::Max));
    pool.set("input", 0).set("output", 0).set("batch", 1).set("height", 2048);
    pool.set("width", 1024).set("channels", 1).set("kernel_h", 255).set("kernel_w", 255);
    pool.set("stride_h", 1).set("stride_w", 1);
    pool.set("pad_top", 127).set("pad_left", 127).set("pad_bottom", 127).set("pad_right", 127);
    b.push(EngineKind::Vector, pool);
    EXPECT_NE(faultOf(b.run(dram), &kind).find("exceeds the simulator's limit"),
              std::string::npos);
  }
}

TEST(SimulatorFaultTest, OutputsOverlappingInputsAreRefused) {
  StreamBuilder b;
  Command mm = Command::make(Opcode::MatMul, DType::I8);
  mm.set("a", 0).set("lda", 64).set("b", 4096).set("c", 32).set("ldc", 8);
  mm.set("m", 4).set("k", 64).set("n", 8);
  b.push(EngineKind::Matrix, mm, "gemm");
  std::vector<uint8_t> dram;
  FaultKind kind{};
  std::string message = faultOf(b.run(dram), &kind);
  EXPECT_EQ(kind, FaultKind::InvalidCommand);
  EXPECT_NE(message.find("'c' [0x20, +128) overlaps 'a' [0x0, +256)"), std::string::npos)
      << message;

  // requant exactly in place is allowed.
  StreamBuilder ok;
  Command rq = Command::make(Opcode::Requant, DType::I8);
  rq.set("input", 0).set("output", 0).set("count", 64).set("channels", 1);
  rq.set("table", 4096).setSigned("clamp_min", -128).setSigned("clamp_max", 127);
  ok.push(EngineKind::Vector, rq);
  EXPECT_EQ(faultOf(ok.run(dram)), "");
}

TEST(SimulatorFaultTest, UnusedBitsMustBeZero) {
  StreamBuilder b;
  Command wait = StreamBuilder::semaphore(Opcode::Signal, 0);
  wait.words[15] = 0xdeadbeef;
  b.push(EngineKind::Vector, wait, "w");
  std::vector<uint8_t> dram;
  FaultKind kind{};
  EXPECT_NE(faultOf(b.run(dram), &kind).find("word 15 has bits 0xdeadbeef set that "
                                             "no field of 'signal' uses"),
            std::string::npos);
  EXPECT_EQ(kind, FaultKind::InvalidCommand);
}

TEST(SimulatorFaultTest, AnUnverifiedArtifactIsCheckedBeforeItRuns) {
  // A region past the end of the DRAM image, built in memory (never parsed).
  StreamBuilder b;
  b.input("x", DType::I8, {64});
  b.artifact.regions[0].offset = 1 << 24;
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Sram, 0, MemorySpace::Dram, 1 << 24, 64));
  std::vector<uint8_t> dram(b.artifact.dramBytes);
  auto stats = Simulator(b.target).run(b.artifact, dram.data());
  ASSERT_FALSE(static_cast<bool>(stats));
  EXPECT_NE(llvm::toString(stats.takeError()).find("lies outside the 1048576-byte DRAM image"),
            std::string::npos);
  auto session = Session::create(nullptr);
  ASSERT_FALSE(static_cast<bool>(session));
  llvm::consumeError(session.takeError());
}

TEST(SimulatorFaultTest, AConsumerWithoutAWaitIsARace) {
  StreamBuilder b;
  uint64_t in = b.input("x", DType::F32, {1, 8});
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Dram, in, MemorySpace::Sram, 0, 32), "load");
  Command relu = Command::make(Opcode::Activation, DType::F32, uint8_t(ActivationKind::Relu));
  relu.set("out_dtype", uint64_t(DType::F32)).set("input", 16).set("output", 64).set("count", 4);
  b.push(EngineKind::Vector, relu, "relu"); // no wait for the load
  std::vector<uint8_t> dram;
  FaultKind kind{};
  std::string message = faultOf(b.run(dram), &kind);
  EXPECT_EQ(kind, FaultKind::Race) << message;
  EXPECT_NE(message.find("fault: race: vector command 0 (act, node 'relu'): it reads "
                         "SRAM [0x10, +16), which dma0 command 0 (dma, node 'load') "
                         "writes with no semaphore ordering the two"),
            std::string::npos)
      << message;

  // With the signal and the wait it runs.
  StreamBuilder ok;
  in = ok.input("x", DType::F32, {1, 8});
  ok.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Dram, in, MemorySpace::Sram, 0, 32));
  ok.push(EngineKind::Dma, StreamBuilder::semaphore(Opcode::Signal, 0));
  ok.push(EngineKind::Vector, StreamBuilder::semaphore(Opcode::Wait, 0));
  ok.push(EngineKind::Vector, relu);
  EXPECT_EQ(faultOf(ok.run(dram)), "");
}

TEST(SimulatorFaultTest, OverwritingABufferStillBeingReadIsARace) {
  // Write after read: the DMA refills SRAM [0, 32) while nothing tells it
  // that the vector engine has finished reading it.
  StreamBuilder b;
  uint64_t in = b.input("x", DType::F32, {1, 8});
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Dram, in, MemorySpace::Sram, 0, 32));
  b.push(EngineKind::Dma, StreamBuilder::semaphore(Opcode::Signal, 0));
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Dram, in, MemorySpace::Sram, 0, 32), "refill");
  Command relu = Command::make(Opcode::Activation, DType::F32, uint8_t(ActivationKind::Relu));
  relu.set("out_dtype", uint64_t(DType::F32)).set("input", 0).set("output", 64).set("count", 8);
  b.push(EngineKind::Vector, StreamBuilder::semaphore(Opcode::Wait, 0));
  b.push(EngineKind::Vector, relu, "relu");
  std::vector<uint8_t> dram;
  FaultKind kind{};
  std::string message = faultOf(b.run(dram), &kind);
  EXPECT_EQ(kind, FaultKind::Race) << message;
  EXPECT_NE(message.find("node 'refill'"), std::string::npos) << message;
}

TEST(SimulatorFaultTest, InterleavedRowsOfTwoEnginesDoNotRaceUnlessTheyOverlap) {
  // Two DMA engines write alternate 16-byte columns of the same 8x32 block:
  // disjoint bytes, so no race; shifted by 8 bytes they overlap.
  for (uint64_t shift : {uint64_t(0), uint64_t(8)}) {
    StreamBuilder b;
    uint64_t out = b.output("y", DType::I8, {8, 32});
    Command left = StreamBuilder::copy(MemorySpace::Sram, 0, MemorySpace::Dram, out, 16);
    left.set("count2", 8).set("src_stride2", 16).set("dst_stride2", 32);
    Command right = StreamBuilder::copy(MemorySpace::Sram, 1024, MemorySpace::Dram,
                                        out + 16 - shift, 16);
    right.set("count2", 8).set("src_stride2", 16).set("dst_stride2", 32);
    b.push(EngineKind::Dma, left, "left", 0);
    b.push(EngineKind::Dma, right, "right", 1);
    std::vector<uint8_t> dram;
    FaultKind kind{};
    std::string message = faultOf(b.run(dram), &kind);
    if (shift == 0) {
      EXPECT_EQ(message, "");
    } else {
      EXPECT_EQ(kind, FaultKind::Race) << message;
      EXPECT_NE(message.find("writes DRAM"), std::string::npos) << message;
    }
  }
}

TEST(SimulatorFaultTest, AFaultyProgramRunsNothing) {
  // Validation precedes execution: the output region stays untouched.
  StreamBuilder b;
  uint64_t in = b.input("x", DType::I8, {1, 64});
  uint64_t out = b.output("y", DType::I8, {1, 64});
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Dram, in, MemorySpace::Dram, out, 64));
  std::vector<uint8_t> dram;
  FaultKind kind{};
  EXPECT_NE(faultOf(b.run(dram), &kind).find("DRAM-to-DRAM"), std::string::npos);
  EXPECT_EQ(kind, FaultKind::InvalidCommand);
}

//===----------------------------------------------------------------------===//
// Device
//===----------------------------------------------------------------------===//

TEST(DeviceTest, RefusesAnArtifactForAnotherTarget) {
  StreamBuilder b;
  b.input("x", DType::I8, {4});
  auto device = createSimulatorDevice(*getTargetPreset("server"));
  auto model = device->load(std::make_shared<const Artifact>(b.artifact));
  ASSERT_FALSE(static_cast<bool>(model));
  std::string message = llvm::toString(model.takeError());
  EXPECT_NE(message.find("compiled for target 'edge'"), std::string::npos) << message;
  EXPECT_NE(message.find("this simulator models 'server'"), std::string::npos) << message;
}

TEST(DeviceTest, SessionChecksInputsAndRunsThroughBuffers) {
  StreamBuilder b;
  uint64_t in = b.input("x", DType::F32, {2, 4});
  uint64_t out = b.output("y", DType::F32, {2, 4});
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Dram, in, MemorySpace::Sram, 0, 32));
  b.push(EngineKind::Dma, StreamBuilder::semaphore(Opcode::Signal, 0));
  b.push(EngineKind::Dma, StreamBuilder::semaphore(Opcode::Wait, 1));
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Sram, 0, MemorySpace::Dram, out, 32));
  Command relu = Command::make(Opcode::Activation, DType::F32, uint8_t(ActivationKind::Relu));
  relu.set("out_dtype", uint64_t(DType::F32)).set("input", 0).set("output", 0).set("count", 8);
  b.push(EngineKind::Vector, StreamBuilder::semaphore(Opcode::Wait, 0));
  b.push(EngineKind::Vector, relu);
  b.push(EngineKind::Vector, StreamBuilder::semaphore(Opcode::Signal, 1));
  auto session = Session::create(std::make_shared<const Artifact>(b.artifact));
  ASSERT_TRUE(static_cast<bool>(session)) << llvm::toString(session.takeError());

  NpyArray x;
  x.dtype = NpyDType::Float32;
  x.shape = {2, 4};
  std::vector<float> values = {-1, 2, -3, 4, 5, -6, 7, -8};
  x.data = bytesOf(values);
  auto outputs = (*session)->run({{"x", x}});
  ASSERT_TRUE(static_cast<bool>(outputs)) << llvm::toString(outputs.takeError());
  ASSERT_EQ(outputs->size(), 1u);
  EXPECT_EQ(read<float>((*outputs)[0].data, 0, 8),
            (std::vector<float>{0, 2, 0, 4, 5, 0, 7, 0}));
  EXPECT_GT((*session)->getLastStats().totalCycles, 0u);

  NpyArray wrong = x;
  wrong.shape = {8};
  auto bad = (*session)->run({{"x", wrong}});
  ASSERT_FALSE(static_cast<bool>(bad));
  EXPECT_EQ(llvm::toString(bad.takeError()),
            "input 'x' must be 2x4 float32; got 8 float32");
  auto missing = (*session)->run({{"z", x}});
  ASSERT_FALSE(static_cast<bool>(missing));
  EXPECT_EQ(llvm::toString(missing.takeError()),
            "the model has no input 'z' (inputs: x)");
}

TEST(DeviceTest, SessionConvertsUint8BoundariesToTheDevicesInt8) {
  // x is uint8 on the host; y returns the device's int8 bytes as they are,
  // z returns them as uint8 again.
  StreamBuilder b;
  uint64_t in = b.input("x", DType::I8, {6});
  uint64_t plain = b.output("y", DType::I8, {6});
  uint64_t unsignedOut = b.output("z", DType::I8, {6});
  b.artifact.inputs[0].hostUnsigned = true;
  b.artifact.outputs[1].hostUnsigned = true;
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Dram, in, MemorySpace::Sram, 0, 6));
  b.push(EngineKind::Dma, StreamBuilder::copy(MemorySpace::Sram, 0, MemorySpace::Dram, plain, 6));
  b.push(EngineKind::Dma,
         StreamBuilder::copy(MemorySpace::Sram, 0, MemorySpace::Dram, unsignedOut, 6));
  auto session = Session::create(std::make_shared<const Artifact>(b.artifact));
  ASSERT_TRUE(static_cast<bool>(session)) << llvm::toString(session.takeError());

  NpyArray x;
  x.dtype = NpyDType::UInt8;
  x.shape = {6};
  x.data = {0, 1, 127, 128, 200, 255};
  auto outputs = (*session)->run({{"x", x}});
  ASSERT_TRUE(static_cast<bool>(outputs)) << llvm::toString(outputs.takeError());
  EXPECT_EQ((*outputs)[0].dtype, NpyDType::Int8);
  EXPECT_EQ(read<int8_t>((*outputs)[0].data, 0, 6),
            (std::vector<int8_t>{-128, -127, -1, 0, 72, 127}));
  EXPECT_EQ((*outputs)[1].dtype, NpyDType::UInt8);
  EXPECT_EQ((*outputs)[1].data, x.data);

  NpyArray signedInput = x;
  signedInput.dtype = NpyDType::Int8;
  auto bad = (*session)->run({{"x", signedInput}});
  ASSERT_FALSE(static_cast<bool>(bad));
  EXPECT_EQ(llvm::toString(bad.takeError()), "input 'x' must be 6 uint8; got 6 int8");
}

} // namespace
