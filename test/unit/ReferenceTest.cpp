//===- ReferenceTest.cpp - numerics and kernels of the reference ----------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Property tests: random values and shapes, each checked against a direct
// implementation of the definition (exact rationals for requantization, the
// convolution sum for conv2d).
//
//===----------------------------------------------------------------------===//

#include "npu/Reference/Interpreter.h"
#include "npu/Isa/Numerics.h"

#include "dialects/npu/NpuDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::reference;

namespace {

/// round_half_even(value * m / 2^(31 + shift)) with exact long double
/// arithmetic where it is exact enough (|value * m| < 2^63).
int64_t exactRequant(int64_t value, FixedPointMultiplier m) {
  long double product = static_cast<long double>(value) * m.multiplier;
  long double scaled = std::ldexp(product, -(31 + m.shift));
  long double floor = std::floor(scaled);
  long double fraction = scaled - floor;
  int64_t result = static_cast<int64_t>(floor);
  if (fraction > 0.5L || (fraction == 0.5L && (result & 1)))
    ++result;
  return result;
}

TEST(NumericsTest, EncodedMultiplierIsWithinOneUlpOfQ31) {
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> exponent(-20, 4);
  for (int i = 0; i < 10000; ++i) {
    double m = std::pow(2.0, exponent(rng));
    FixedPointMultiplier fixed = encodeMultiplier(m);
    ASSERT_GE(fixed.multiplier, int32_t{1} << 30);
    double decoded = std::ldexp(static_cast<double>(fixed.multiplier), -(31 + fixed.shift));
    EXPECT_LE(std::fabs(decoded - m) / m, std::ldexp(1.0, -31)) << m;
  }
  EXPECT_EQ(encodeMultiplier(0.0).multiplier, 0);
}

TEST(NumericsTest, ApplyMultiplierRoundsHalfToEven) {
  // M = 0.5: 1 -> 0.5 -> 0, 3 -> 1.5 -> 2, -1 -> -0.5 -> 0, -3 -> -1.5 -> -2.
  FixedPointMultiplier half = encodeMultiplier(0.5);
  EXPECT_EQ(applyMultiplier(1, half), 0);
  EXPECT_EQ(applyMultiplier(3, half), 2);
  EXPECT_EQ(applyMultiplier(5, half), 2);
  EXPECT_EQ(applyMultiplier(-1, half), 0);
  EXPECT_EQ(applyMultiplier(-3, half), -2);
  EXPECT_EQ(applyMultiplier(-5, half), -2);
  // M >= 1 shifts left.
  EXPECT_EQ(applyMultiplier(7, encodeMultiplier(4.0)), 28);
}

TEST(NumericsTest, ApplyMultiplierMatchesExactRounding) {
  std::mt19937_64 rng(2);
  std::uniform_int_distribution<int64_t> accumulator(-(int64_t{1} << 31), (int64_t{1} << 31) - 1);
  std::uniform_real_distribution<double> exponent(-24, 2);
  for (int i = 0; i < 200000; ++i) {
    FixedPointMultiplier m = encodeMultiplier(std::pow(2.0, exponent(rng)));
    int64_t acc = accumulator(rng);
    ASSERT_EQ(applyMultiplier(acc, m), exactRequant(acc, m)) << acc;
  }
}

TEST(NumericsTest, RequantizeSaturates) {
  FixedPointMultiplier one = encodeMultiplier(1.0);
  EXPECT_EQ(requantize(1000, one, 0, -128, 127), 127);
  EXPECT_EQ(requantize(-1000, one, 0, -128, 127), -128);
  EXPECT_EQ(requantize(10, one, 128, 0, 255), 138);
}

TEST(TensorTest, RoundsAndWrapsToTheElementType) {
  MLIRContext context;
  Builder b(&context);
  Tensor half(RankedTensorType::get({3}, b.getF16Type()));
  half.floats() = {1.0 + 1.0 / 4096, 70000.0, 0.1};
  half.roundToType();
  EXPECT_EQ(half.floats()[0], 1.0);                         // below half's ulp
  EXPECT_TRUE(std::isinf(half.floats()[1]));                // overflows to inf
  EXPECT_EQ(half.floats()[2], 0.0999755859375);             // nearest half
  Tensor i8(RankedTensorType::get({3}, b.getIntegerType(8)));
  i8.ints() = {127 + 1, -129, 300};
  i8.roundToType();
  EXPECT_EQ(i8.ints(), (std::vector<int64_t>{-128, 127, 44}));
  Tensor u8(RankedTensorType::get({2}, b.getIntegerType(8, /*isSigned=*/false)));
  u8.ints() = {-1, 256};
  u8.roundToType();
  EXPECT_EQ(u8.ints(), (std::vector<int64_t>{255, 0}));
}

/// Builds @main(x, w) -> conv2d(x, w) and evaluates it.
class ConvPropertyTest : public ::testing::TestWithParam<int> {};

TEST_P(ConvPropertyTest, MatchesTheDefiningSum) {
  std::mt19937 rng(GetParam());
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int64_t groups = pick(1, 3), cg = pick(1, 3), og = pick(1, 3);
  int64_t c = groups * cg, o = groups * og, kh = pick(1, 3), kw = pick(1, 3);
  int64_t sh = pick(1, 2), sw = pick(1, 2), dh = pick(1, 2), dw = pick(1, 2);
  int64_t pt = pick(0, 2), pl = pick(0, 2), pb = pick(0, 2), pr = pick(0, 2);
  // The input is at least as large as the dilated window, so every case runs.
  int64_t h = pick(dh * (kh - 1) + 1, 9), w = pick(dw * (kw - 1) + 1, 9);

  DialectRegistry registry;
  registry.insert<NpuDialect, func::FuncDialect>();
  registerReferenceInterfaces(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  OpBuilder b(&context);
  Location loc = b.getUnknownLoc();
  auto module = ModuleOp::create(loc);
  b.setInsertionPointToEnd(module.getBody());
  auto xType = RankedTensorType::get({1, c, h, w}, b.getF32Type());
  auto wType = RankedTensorType::get({o, cg, kh, kw}, b.getF32Type());
  auto func = func::FuncOp::create(b, loc, "main", b.getFunctionType({xType, wType}, {}));
  b.setInsertionPointToStart(func.addEntryBlock());
  auto conv = createWithInferredType<Conv2DOp>(
      b, loc, Type(), func.getArgument(0), func.getArgument(1), Value(),
      b.getDenseI64ArrayAttr({sh, sw}), b.getDenseI64ArrayAttr({pt, pl, pb, pr}),
      b.getDenseI64ArrayAttr({dh, dw}), b.getI64IntegerAttr(groups));
  ASSERT_TRUE(conv);
  func::ReturnOp::create(b, loc, conv.getResult());
  func.setFunctionType(b.getFunctionType({xType, wType}, {conv.getType()}));

  std::uniform_real_distribution<float> value(-1, 1);
  Tensor x(xType), wt(wType);
  for (double &v : x.floats())
    v = value(rng);
  for (double &v : wt.floats())
    v = value(rng);
  FailureOr<SmallVector<Tensor>> out = runFunction(func, {x, wt}, {});
  ASSERT_TRUE(succeeded(out));
  const Tensor &y = (*out)[0];
  ArrayRef<int64_t> ys = y.getShape();
  for (int64_t oc = 0; oc < o; ++oc)
    for (int64_t oy = 0; oy < ys[2]; ++oy)
      for (int64_t ox = 0; ox < ys[3]; ++ox) {
        double sum = 0;
        int64_t g = oc / og;
        for (int64_t ci = 0; ci < cg; ++ci)
          for (int64_t r = 0; r < kh; ++r)
            for (int64_t s = 0; s < kw; ++s) {
              int64_t iy = oy * sh - pt + r * dh, ix = ox * sw - pl + s * dw;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w)
                continue;
              sum += x.floats()[((g * cg + ci) * h + iy) * w + ix] *
                     wt.floats()[((oc * cg + ci) * kh + r) * kw + s];
            }
        EXPECT_FLOAT_EQ(y.floats()[(oc * ys[2] + oy) * ys[3] + ox],
                        static_cast<float>(sum));
      }
  module->erase();
}

INSTANTIATE_TEST_SUITE_P(RandomShapes, ConvPropertyTest, ::testing::Range(0, 40));

} // namespace
