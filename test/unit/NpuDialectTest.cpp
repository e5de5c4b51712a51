//===- NpuDialectTest.cpp - C++ API of the npu dialect --------------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// What lit cannot reach: building ops from C++ with inferred result types
// (the importer's path), the failure path leaving no op behind, and the
// cost interface's numbers.
//
//===----------------------------------------------------------------------===//

#include "dialects/npu/NpuDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::npu;

namespace {

class NpuDialectTest : public ::testing::Test {
protected:
  NpuDialectTest() : builder(&context) {
    context.loadDialect<NpuDialect, func::FuncDialect>();
    module = ModuleOp::create(builder.getUnknownLoc());
    builder.setInsertionPointToEnd(module->getBody());
  }

  /// A function whose arguments have `types`; the builder inserts into it.
  func::FuncOp makeFunction(TypeRange types) {
    auto func = func::FuncOp::create(builder, builder.getUnknownLoc(), "f",
                                     builder.getFunctionType(types, {}));
    Block *entry = func.addEntryBlock();
    builder.setInsertionPointToStart(entry);
    return func;
  }

  RankedTensorType f32(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, builder.getF32Type());
  }

  Location loc(StringRef name) {
    return NameLoc::get(builder.getStringAttr(name));
  }

  MLIRContext context;
  OpBuilder builder;
  OwningOpRef<ModuleOp> module;
};

TEST_F(NpuDialectTest, BuildsConvWithInferredResultType) {
  func::FuncOp func = makeFunction({f32({1, 3, 224, 224}), f32({64, 3, 7, 7})});
  auto conv = createWithInferredType<Conv2DOp>(
      builder, loc("conv1"), Type(), func.getArgument(0), func.getArgument(1),
      /*bias=*/Value(), builder.getDenseI64ArrayAttr({2, 2}),
      builder.getDenseI64ArrayAttr({3, 3, 3, 3}),
      builder.getDenseI64ArrayAttr({1, 1}), builder.getI64IntegerAttr(1));
  ASSERT_TRUE(conv);
  EXPECT_EQ(conv.getType(), f32({1, 64, 112, 112}));
  func::ReturnOp::create(builder, builder.getUnknownLoc());
  EXPECT_TRUE(succeeded(verify(*module)));
}

TEST_F(NpuDialectTest, InvalidOpIsReportedAndNotLeftBehind) {
  func::FuncOp func = makeFunction({f32({1, 3, 8, 8}), f32({4, 5, 3, 3})});
  std::string message;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    message = diag.str();
    return success();
  });
  auto conv = createWithInferredType<Conv2DOp>(
      builder, loc("bad_conv"), Type(), func.getArgument(0),
      func.getArgument(1), Value(), builder.getDenseI64ArrayAttr({1, 1}),
      builder.getDenseI64ArrayAttr({0, 0, 0, 0}),
      builder.getDenseI64ArrayAttr({1, 1}), builder.getI64IntegerAttr(1));
  EXPECT_FALSE(conv);
  EXPECT_NE(message.find("5 input channels per group"), std::string::npos)
      << message;
  // Nothing half-built remains in the function.
  EXPECT_TRUE(func.getBody().front().empty());
}

TEST_F(NpuDialectTest, QuantizedConvNeedsExplicitElementType) {
  auto quantized = quant::UniformQuantizedType::get(
      quant::QuantizationFlags::Signed, builder.getI8Type(),
      builder.getF32Type(), 0.5, 0, -128, 127);
  auto qInput = RankedTensorType::get({1, 4, 4, 4}, quantized);
  auto qFilter = RankedTensorType::get({2, 4, 1, 1}, quantized);
  func::FuncOp func = makeFunction({qInput, qFilter});
  ScopedDiagnosticHandler swallow(&context, [](Diagnostic &) { return success(); });
  auto args = std::make_tuple(builder.getDenseI64ArrayAttr({1, 1}),
                              builder.getDenseI64ArrayAttr({0, 0, 0, 0}),
                              builder.getDenseI64ArrayAttr({1, 1}),
                              builder.getI64IntegerAttr(1));
  auto withoutType = createWithInferredType<Conv2DOp>(
      builder, loc("q"), Type(), func.getArgument(0), func.getArgument(1),
      Value(), std::get<0>(args), std::get<1>(args), std::get<2>(args),
      std::get<3>(args));
  EXPECT_FALSE(withoutType);
  auto withI32 = createWithInferredType<Conv2DOp>(
      builder, loc("q"), builder.getI32Type(), func.getArgument(0),
      func.getArgument(1), Value(), std::get<0>(args), std::get<1>(args),
      std::get<2>(args), std::get<3>(args));
  ASSERT_TRUE(withI32);
  EXPECT_EQ(withI32.getType(),
            RankedTensorType::get({1, 2, 4, 4}, builder.getI32Type()));
}

TEST_F(NpuDialectTest, FreeResultShapesNeedAnExplicitType) {
  func::FuncOp func = makeFunction({f32({2, 3})});
  std::string message;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    message = diag.str();
    return success();
  });
  // A reshape's new shape is its result type: it cannot be inferred.
  auto reshape = createWithInferredType<ReshapeOp>(builder, loc("r"), Type(),
                                                   func.getArgument(0));
  EXPECT_FALSE(reshape);
  EXPECT_NE(message.find("cannot infer its result shape"), std::string::npos)
      << message;
  EXPECT_TRUE(func.getBody().front().empty());
}

TEST_F(NpuDialectTest, CostOfConvMatMulAndReshape) {
  func::FuncOp func = makeFunction(
      {f32({1, 3, 224, 224}), f32({64, 3, 7, 7}), f32({2, 128, 64}),
       f32({64, 32})});
  auto conv = createWithInferredType<Conv2DOp>(
      builder, loc("conv"), Type(), func.getArgument(0), func.getArgument(1),
      Value(), builder.getDenseI64ArrayAttr({2, 2}),
      builder.getDenseI64ArrayAttr({3, 3, 3, 3}),
      builder.getDenseI64ArrayAttr({1, 1}), builder.getI64IntegerAttr(1));
  ASSERT_TRUE(conv);
  // 64 x 112 x 112 outputs, each 3 x 7 x 7 products.
  EXPECT_EQ(conv.getMacCount(), int64_t{64} * 112 * 112 * 3 * 7 * 7);
  // Input, filter and output once each, 4 bytes per element.
  EXPECT_EQ(conv.getCompulsoryBytes(),
            4 * (int64_t{3} * 224 * 224 + 64 * 3 * 7 * 7 + 64 * 112 * 112));

  auto matmul = createWithInferredType<MatMulOp>(
      builder, loc("mm"), Type(), func.getArgument(2), func.getArgument(3));
  ASSERT_TRUE(matmul);
  EXPECT_EQ(matmul.getType(), f32({2, 128, 32}));
  EXPECT_EQ(matmul.getMacCount(), int64_t{2} * 128 * 32 * 64);

  auto reshape = ReshapeOp::create(builder, loc("r"), f32({256, 32}), matmul);
  EXPECT_EQ(reshape.getCompulsoryBytes(), 0);
  EXPECT_EQ(reshape.getVectorOpCount(), 0);
}

TEST_F(NpuDialectTest, ShapeArithmeticFoldsToConstants) {
  auto resultType = RankedTensorType::get({2}, builder.getI64Type());
  auto func = func::FuncOp::create(builder, builder.getUnknownLoc(), "shape",
                                   builder.getFunctionType({}, {resultType}));
  builder.setInsertionPointToStart(func.addEntryBlock());
  auto i64 = [&](ArrayRef<int64_t> values) {
    auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                      builder.getI64Type());
    return ConstantOp::create(builder, loc("c"),
                              DenseIntElementsAttr::get(type, values));
  };
  // Shape -> Gather(1) -> Mul(2) -> Concat, as exporters emit for Reshape.
  auto gathered = createWithInferredType<GatherOp>(
      builder, loc("g"), Type(), i64({1, 64, 7, 7}), i64({1}), 0);
  ASSERT_TRUE(gathered);
  EXPECT_EQ(gathered.getType(),
            RankedTensorType::get({1}, builder.getI64Type()));
  auto doubled = createWithInferredType<BinaryOp>(
      builder, loc("m"), Type(), BinaryKind::mul, gathered, i64({2}));
  ASSERT_TRUE(doubled);
  auto joined = createWithInferredType<ConcatOp>(
      builder, loc("cat"), Type(), ValueRange{i64({1}), doubled}, 0);
  ASSERT_TRUE(joined);
  auto ret = func::ReturnOp::create(builder, loc("ret"), joined.getResult());
  ASSERT_TRUE(succeeded(verify(*module)));

  PassManager pm(&context);
  pm.addPass(createCanonicalizerPass());
  ASSERT_TRUE(succeeded(pm.run(*module)));

  // The whole chain is now the constant [1, 128].
  auto folded = ret.getOperand(0).getDefiningOp<ConstantOp>();
  ASSERT_TRUE(folded);
  auto value = dyn_cast<DenseIntElementsAttr>(folded.getValue());
  ASSERT_TRUE(value);
  EXPECT_EQ(llvm::to_vector(value.getValues<int64_t>()),
            (SmallVector<int64_t>{1, 128}));
  EXPECT_EQ(std::distance(func.getOps<ConstantOp>().begin(),
                          func.getOps<ConstantOp>().end()),
            1);
}

} // namespace
