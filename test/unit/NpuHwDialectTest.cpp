//===- NpuHwDialectTest.cpp - C++ API of the npuhw dialect ----------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "dialects/npuhw/NpuHwDialect.h"
#include "npu/Isa/Timing.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::npuhw;

namespace {

TEST(NpuHwDialectTest, BufferTypesCarryTheirMemorySpace) {
  MLIRContext context;
  context.loadDialect<NpuHwDialect>();
  Builder builder(&context);
  MemRefType sram =
      getBufferType({16, 64}, builder.getIntegerType(8), MemorySpace::sram);
  MemRefType dram =
      getBufferType({16, 64}, builder.getIntegerType(8), MemorySpace::dram);
  EXPECT_EQ(getMemorySpace(sram), MemorySpace::sram);
  EXPECT_EQ(getMemorySpace(dram), MemorySpace::dram);
  EXPECT_EQ(getMemorySpace(MemRefType::get({4}, builder.getF32Type())),
            std::nullopt);
}

/// `func.func @f(%dram: memref<8x32xf16, dram>)` in a module, with the
/// builder at the start of its body.
class NpuHwFunctionTest : public ::testing::Test {
protected:
  NpuHwFunctionTest() {
    context.loadDialect<NpuHwDialect, func::FuncDialect>();
    module = ModuleOp::create(loc);
    builder.setInsertionPointToEnd(module->getBody());
    MemRefType dram = getBufferType({8, 32}, builder.getF16Type(), MemorySpace::dram);
    func = func::FuncOp::create(builder, loc, "f", builder.getFunctionType({dram}, {}));
    builder.setInsertionPointToStart(func.addEntryBlock());
  }

  MLIRContext context;
  OpBuilder builder{&context};
  Location loc = builder.getUnknownLoc();
  OwningOpRef<ModuleOp> module;
  func::FuncOp func;
};

TEST_F(NpuHwFunctionTest, DmaBetweenDramAndSramVerifies) {
  MemRefType sram = getBufferType({8, 32}, builder.getF16Type(), MemorySpace::sram);
  auto tile = AllocOp::create(builder, loc, sram, IntegerAttr());
  DmaOp::create(builder, loc, func.getArgument(0), tile, 0);
  DmaOp::create(builder, loc, tile, func.getArgument(0), 1);
  func::ReturnOp::create(builder, loc);
  EXPECT_TRUE(succeeded(verify(*module)));

  // A DRAM-to-DRAM copy is rejected.
  builder.setInsertionPoint(func.getBody().front().getTerminator());
  DmaOp::create(builder, loc, func.getArgument(0), func.getArgument(0), 0);
  ScopedDiagnosticHandler swallow(&context, [](Diagnostic &) { return success(); });
  EXPECT_TRUE(failed(verify(*module)));
}

/// Every command op says its engine, its DMA queue, what it reads and
/// writes, and its cycles, through CommandOpInterface; the estimate is the
/// timing equation of the command the op encodes to.
TEST_F(NpuHwFunctionTest, CommandsDescribeThemselvesThroughTheInterface) {
  MemRefType sram = getBufferType({8, 32}, builder.getF16Type(), MemorySpace::sram);
  Value in = AllocOp::create(builder, loc, sram, IntegerAttr());
  Value out = AllocOp::create(builder, loc, sram, IntegerAttr());
  auto load = DmaOp::create(builder, loc, func.getArgument(0), in, 1);
  auto relu = ActivationOp::create(builder, loc, ActivationKind::relu, in, out,
                                   FloatAttr(), FloatAttr());
  auto signal = SignalOp::create(builder, loc, Engine::matrix, 3, 0);
  func::ReturnOp::create(builder, loc);
  ASSERT_TRUE(succeeded(verify(*module)));

  auto loadCommand = cast<CommandOpInterface>(load.getOperation());
  auto reluCommand = cast<CommandOpInterface>(relu.getOperation());
  auto signalCommand = cast<CommandOpInterface>(signal.getOperation());
  EXPECT_EQ(loadCommand.getEngine(), Engine::dma);
  EXPECT_EQ(loadCommand.getEngineChannel(), 1);
  EXPECT_EQ(reluCommand.getEngine(), Engine::vector);
  EXPECT_EQ(reluCommand.getEngineChannel(), 0);
  EXPECT_EQ(signalCommand.getEngine(), Engine::matrix);
  EXPECT_TRUE(signalCommand.isSynchronization());
  EXPECT_FALSE(reluCommand.isSynchronization());
  EXPECT_FALSE(isa<CommandOpInterface>(in.getDefiningOp()));
  EXPECT_EQ(reluCommand.getReadBuffers(), SmallVector<Value>{in});
  EXPECT_EQ(reluCommand.getWrittenBuffers(), SmallVector<Value>{out});
  EXPECT_EQ(loadCommand.getReadBuffers(), SmallVector<Value>{func.getArgument(0)});

  llvm::Expected<npu::TargetDescription> target = npu::loadTarget("edge");
  ASSERT_TRUE(static_cast<bool>(target));
  npu::runtime::Command relu16 =
      npu::runtime::Command::make(npu::runtime::Opcode::Activation,
                                  npu::runtime::DType::F16,
                                  uint8_t(npu::runtime::ActivationKind::Relu));
  relu16.set("out_dtype", uint64_t(npu::runtime::DType::F16)).set("count", 8 * 32);
  std::optional<uint64_t> cycles = reluCommand.estimateCycles(*target);
  ASSERT_TRUE(cycles.has_value());
  EXPECT_EQ(*cycles, npu::runtime::getCommandCycles(relu16, *target).total());
  EXPECT_GT(*cycles, 0u);
  // The DMA of 512 bytes from DRAM costs the DRAM latency and more.
  std::optional<uint64_t> dmaCycles = loadCommand.estimateCycles(*target);
  ASSERT_TRUE(dmaCycles.has_value());
  EXPECT_GT(*dmaCycles, uint64_t(target->dram.latencyCycles));
}

/// Places every buffer at SRAM address 0 (encoding, not planning, is tested).
struct AtZero : CommandAddressing {
  FailureOr<PlacedView> place(Value value, Operation *user) override {
    return placeInMemory(value, 0, user);
  }
};

/// Every npuhw element-wise and activation kind either encodes to the ISA
/// kind of the same name (Commands.def) or is an error naming it; never to
/// another kind's byte.
TEST_F(NpuHwFunctionTest, KindsEncodeToTheIsaKindOfTheSameName) {
  std::string message;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diagnostic) {
    message = diagnostic.str();
  });
  MemRefType sram = getBufferType({4, 16}, builder.getF16Type(), MemorySpace::sram);
  Value a = AllocOp::create(builder, loc, sram, IntegerAttr());
  Value b = AllocOp::create(builder, loc, sram, IntegerAttr());
  Value c = AllocOp::create(builder, loc, sram, IntegerAttr());
  AtZero addressing;
  auto expectSameName = [&](Operation *op, npu::runtime::Opcode opcode,
                            StringRef npuhwName) {
    message.clear();
    FailureOr<npu::runtime::Command> command =
        cast<CommandOpInterface>(op).encode(addressing);
    if (failed(command)) {
      EXPECT_NE(message.find(("'" + npuhwName + "'").str()), std::string::npos)
          << message;
      return false;
    }
    const npu::runtime::OpcodeInfo *info = npu::runtime::getOpcodeInfo(uint8_t(opcode));
    EXPECT_LT(command->kind(), info->kinds.size());
    EXPECT_EQ(info->kinds[command->kind()], npuhwName);
    return true;
  };
  int encoded = 0;
  for (uint32_t k = 0; k <= getMaxEnumValForElementwiseKind(); ++k) {
    auto kind = static_cast<ElementwiseKind>(k);
    auto op = ElementwiseOp::create(builder, loc, kind, a, b, c);
    encoded += expectSameName(op, npu::runtime::Opcode::Eltwise,
                              stringifyElementwiseKind(kind));
  }
  for (uint32_t k = 0; k <= getMaxEnumValForActivationKind(); ++k) {
    auto kind = static_cast<ActivationKind>(k);
    auto op = ActivationOp::create(builder, loc, kind, a, c, FloatAttr(), FloatAttr());
    encoded += expectSameName(op, npu::runtime::Opcode::Activation,
                              stringifyActivationKind(kind));
  }
  // Every ISA kind of the two opcodes is reached from npuhw.
  EXPECT_EQ(encoded, int(npu::runtime::getOpcodeInfo(uint8_t(npu::runtime::Opcode::Eltwise))->kinds.size() +
                         npu::runtime::getOpcodeInfo(uint8_t(npu::runtime::Opcode::Activation))->kinds.size()));
}

} // namespace
