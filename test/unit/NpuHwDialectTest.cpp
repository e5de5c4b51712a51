//===- NpuHwDialectTest.cpp - C++ API of the npuhw dialect ----------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "dialects/npuhw/NpuHwDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
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

TEST(NpuHwDialectTest, DmaBetweenDramAndSramVerifies) {
  MLIRContext context;
  context.loadDialect<NpuHwDialect, func::FuncDialect>();
  OpBuilder builder(&context);
  Location loc = builder.getUnknownLoc();
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module->getBody());
  MemRefType dram = getBufferType({8, 32}, builder.getF16Type(), MemorySpace::dram);
  auto func = func::FuncOp::create(builder, loc, "f",
                                   builder.getFunctionType({dram}, {}));
  builder.setInsertionPointToStart(func.addEntryBlock());
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

} // namespace
