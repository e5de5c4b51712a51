//===- KernelsTest.cpp - host kernels against their definitions -----------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Property tests: every instruction-set level this CPU supports is run on
// random shapes and values and compared with a naive definition written
// independently here (a triple loop on the unpacked matrix, the reference
// requantization of Numerics.h, a binary search over all f16 values).
// Integer results must be identical; fp16 products within the fp32 summation
// bound.
//
//===----------------------------------------------------------------------===//

#include "npu/Runtime/Kernels.h"
#include "npu/Isa/Numerics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <random>
#include <string>
#include <vector>

using namespace mlir::npu::kernels;
namespace reference = mlir::npu::reference;

namespace {

/// Restores the active level when a test ends, even on a failed assertion.
class ActiveIsaGuard {
public:
  ActiveIsaGuard() : saved(getActiveHostIsa()) {}
  ~ActiveIsaGuard() { setActiveHostIsa(saved); }

private:
  HostIsa saved;
};

/// Runs `body` with each supported level active in turn.
template <typename Body> void forEachIsa(Body body) {
  ActiveIsaGuard guard;
  for (HostIsa isa : getSupportedHostIsas()) {
    SCOPED_TRACE(getHostIsaName(isa));
    ASSERT_TRUE(setActiveHostIsa(isa));
    ASSERT_EQ(getActiveHostIsa(), isa);
    body();
  }
}

int64_t uniform(std::mt19937_64 &rng, int64_t lo, int64_t hi) {
  return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
}

template <typename T>
T pick(std::mt19937_64 &rng, std::initializer_list<T> xs) {
  return xs.begin()[uniform(rng, 0, static_cast<int64_t>(xs.size()) - 1)];
}

//===----------------------------------------------------------------------===//
// Instruction-set selection
//===----------------------------------------------------------------------===//

TEST(HostIsa, Names) {
  EXPECT_STREQ(getHostIsaName(HostIsa::Portable), "portable");
  EXPECT_STREQ(getHostIsaName(HostIsa::Avx2), "avx2");
  EXPECT_STREQ(getHostIsaName(HostIsa::Avx512Vnni), "avx512vnni");
}

TEST(HostIsa, SupportedLevelsAscendFromPortable) {
  std::vector<HostIsa> supported = getSupportedHostIsas();
  ASSERT_FALSE(supported.empty());
  EXPECT_EQ(supported.front(), HostIsa::Portable);
  for (size_t i = 1; i < supported.size(); ++i)
    EXPECT_EQ(static_cast<int>(supported[i]),
              static_cast<int>(supported[i - 1]) + 1);
}

TEST(HostIsa, SetAcceptsExactlyTheSupportedLevels) {
  ActiveIsaGuard guard;
  std::vector<HostIsa> supported = getSupportedHostIsas();
  for (HostIsa isa : {HostIsa::Portable, HostIsa::Avx2, HostIsa::Avx512Vnni}) {
    bool isSupported =
        std::find(supported.begin(), supported.end(), isa) != supported.end();
    HostIsa before = getActiveHostIsa();
    EXPECT_EQ(setActiveHostIsa(isa), isSupported) << getHostIsaName(isa);
    EXPECT_EQ(getActiveHostIsa(), isSupported ? isa : before);
  }
}

// Also run by ctest with NPU_HOST_ISA=portable and with an invalid value.
TEST(HostIsa, DefaultFollowsEnvironment) {
  HostIsa best = getSupportedHostIsas().back();
  const char *env = std::getenv("NPU_HOST_ISA");
  HostIsa expected = best;
  for (HostIsa isa : {HostIsa::Portable, HostIsa::Avx2, HostIsa::Avx512Vnni})
    if (env && std::strcmp(env, getHostIsaName(isa)) == 0)
      expected = std::min(isa, best);
  EXPECT_EQ(getActiveHostIsa(), expected) << (env ? env : "(unset)");
}

//===----------------------------------------------------------------------===//
// Packed layouts
//===----------------------------------------------------------------------===//

TEST(Pack, Sizes) {
  EXPECT_EQ(getPackedS8Bytes(5, 10, 8), 2 * 8 * 8);
  EXPECT_EQ(getPackedS8Bytes(8, 32, 32), 8 * 32);
  EXPECT_EQ(getPackedS8Bytes(0, 7, 4), 0);
  EXPECT_EQ(getPackedF16Elements(5, 10, 8), 2 * 5 * 8);
  EXPECT_EQ(getPackedF16Elements(3, 1, 128), 3 * 128);
}

TEST(Pack, LayoutsMatchTheHeader) {
  std::mt19937_64 rng(1);
  for (int trial = 0; trial < 200; ++trial) {
    int64_t k = uniform(rng, 1, 23), n = uniform(rng, 1, 40);
    int64_t p = pick<int64_t>(rng, {1, 3, 8, 10, 16, 32});
    std::vector<int8_t> b(k * n);
    std::vector<uint16_t> h(k * n);
    for (int64_t i = 0; i < k * n; ++i) {
      b[i] = static_cast<int8_t>(uniform(rng, 1, 127)); // 0 marks padding
      h[i] = static_cast<uint16_t>(uniform(rng, 1, 0xffff));
    }
    int64_t kp = (k + 3) / 4 * 4;
    std::vector<int8_t> expectS8(getPackedS8Bytes(k, n, p), 0);
    std::vector<uint16_t> expectF16(getPackedF16Elements(k, n, p), 0);
    for (int64_t kk = 0; kk < k; ++kk)
      for (int64_t nn = 0; nn < n; ++nn) {
        expectS8[((nn / p) * (kp / 4) + kk / 4) * p * 4 + (nn % p) * 4 +
                 kk % 4] = b[kk * n + nn];
        expectF16[((nn / p) * k + kk) * p + nn % p] = h[kk * n + nn];
      }
    std::vector<int8_t> s8(expectS8.size(), 99);
    std::vector<uint16_t> f16(expectF16.size(), 99);
    packS8(b.data(), k, n, p, s8.data());
    packF16(h.data(), k, n, p, f16.data());
    ASSERT_EQ(s8, expectS8) << "k=" << k << " n=" << n << " p=" << p;
    ASSERT_EQ(f16, expectF16) << "k=" << k << " n=" << n << " p=" << p;
  }
}

//===----------------------------------------------------------------------===//
// int8 GEMM
//===----------------------------------------------------------------------===//

struct GemmShape {
  int64_t m, k, n, panelCols, lda, ldc;
  bool accumulate, bias;
};

std::string describe(const GemmShape &s) {
  return "m=" + std::to_string(s.m) + " k=" + std::to_string(s.k) +
         " n=" + std::to_string(s.n) + " p=" + std::to_string(s.panelCols) +
         " lda=" + std::to_string(s.lda) + " ldc=" + std::to_string(s.ldc) +
         " accumulate=" + std::to_string(s.accumulate) +
         " bias=" + std::to_string(s.bias);
}

GemmShape randomShape(std::mt19937_64 &rng, int64_t maxM, int64_t maxK,
                      int64_t maxN) {
  GemmShape s;
  s.m = uniform(rng, 1, maxM);
  s.k = uniform(rng, 1, maxK);
  s.n = uniform(rng, 1, maxN);
  s.panelCols = pick<int64_t>(rng, {8, 16, 32, 128, 10, 24, 48, 1, 3});
  s.lda = s.k + pick<int64_t>(rng, {0, 0, 1, 5});
  s.ldc = s.n + pick<int64_t>(rng, {0, 0, 3, 16});
  s.accumulate = uniform(rng, 0, 1);
  s.bias = uniform(rng, 0, 1);
  return s;
}

/// Values: uniform, or only the extremes, which trap int16 saturation
/// (-128 * -128 + -128 * -128 = 32768) and sign-extension mistakes.
int8_t randomS8(std::mt19937_64 &rng, int mode) {
  switch (mode) {
  case 0:
    return static_cast<int8_t>(uniform(rng, -128, 127));
  case 1:
    return pick<int8_t>(rng, {-128, 127, -127, -1, 0, 1});
  default:
    return -128;
  }
}

/// Checks gemmS8 on every level against a triple loop on unpacked B with
/// uint32 wrapping, and that C outside the m x n result is untouched.
void checkGemmS8(const GemmShape &s, int mode, std::mt19937_64 &rng) {
  SCOPED_TRACE(describe(s) + " mode=" + std::to_string(mode));
  std::vector<int8_t> a(s.m * s.lda), b(s.k * s.n);
  for (int8_t &v : a)
    v = randomS8(rng, mode);
  for (int8_t &v : b)
    v = randomS8(rng, mode == 2 ? 2 : mode);
  std::vector<int32_t> bias(s.n), c0(s.m * s.ldc);
  for (int32_t &v : bias) // full range, so that sums wrap
    v = static_cast<int32_t>(uniform(rng, INT32_MIN, INT32_MAX));
  for (int32_t &v : c0)
    v = static_cast<int32_t>(uniform(rng, INT32_MIN, INT32_MAX));
  std::vector<int8_t> packed(getPackedS8Bytes(s.k, s.n, s.panelCols));
  packS8(b.data(), s.k, s.n, s.panelCols, packed.data());

  std::vector<int32_t> expected = c0;
  for (int64_t i = 0; i < s.m; ++i)
    for (int64_t j = 0; j < s.n; ++j) {
      uint32_t sum =
          s.accumulate ? static_cast<uint32_t>(c0[i * s.ldc + j]) : 0;
      if (s.bias)
        sum += static_cast<uint32_t>(bias[j]);
      for (int64_t kk = 0; kk < s.k; ++kk)
        sum += static_cast<uint32_t>(int32_t{a[i * s.lda + kk]} *
                                     int32_t{b[kk * s.n + j]});
      expected[i * s.ldc + j] = static_cast<int32_t>(sum);
    }

  forEachIsa([&] {
    std::vector<int32_t> c = c0;
    GemmS8Args args;
    args.a = a.data();
    args.lda = s.lda;
    args.packedB = packed.data();
    args.panelCols = s.panelCols;
    args.bias = s.bias ? bias.data() : nullptr;
    args.c = c.data();
    args.ldc = s.ldc;
    args.m = s.m;
    args.k = s.k;
    args.n = s.n;
    args.accumulate = s.accumulate;
    gemmS8(args);
    for (size_t i = 0; i < c.size(); ++i)
      ASSERT_EQ(c[i], expected[i])
          << "row " << i / s.ldc << " column " << i % s.ldc;
  });
}

TEST(GemmS8, RandomShapesMatchNaiveLoop) {
  std::mt19937_64 rng(2);
  for (int trial = 0; trial < 300; ++trial)
    checkGemmS8(randomShape(rng, 37, 150, 90), trial % 3 == 0 ? 1 : 0, rng);
}

TEST(GemmS8, Int16SaturationTraps) {
  std::mt19937_64 rng(3);
  for (int64_t p : {8, 16, 32, 10})
    for (int64_t k : {1, 2, 4, 7, 64, 129}) {
      GemmShape s{5, k, 37, p, k, 37, false, false};
      checkGemmS8(s, 2, rng); // all -128
      checkGemmS8(s, 1, rng);
    }
}

// Larger than every block of the SIMD kernels in m, k and n.
TEST(GemmS8, BlockedShapesMatchNaiveLoop) {
  std::mt19937_64 rng(4);
  checkGemmS8({100, 1100, 600, 32, 1103, 601, true, true}, 0, rng);
  checkGemmS8({131, 2051, 75, 16, 2051, 75, false, true}, 1, rng);
  checkGemmS8({7, 513, 1030, 128, 520, 1030, true, false}, 0, rng);
}

TEST(GemmS8, EmptyK) {
  std::vector<int32_t> bias{1, -2, 3}, c{10, 20, 30, 40, 50, 60};
  forEachIsa([&] {
    for (bool accumulate : {false, true}) {
      std::vector<int32_t> out = c;
      GemmS8Args args;
      args.panelCols = 8;
      args.bias = bias.data();
      args.c = out.data();
      args.ldc = 3;
      args.m = 2;
      args.n = 3;
      args.accumulate = accumulate;
      gemmS8(args);
      std::vector<int32_t> expected =
          accumulate ? std::vector<int32_t>{11, 18, 33, 41, 48, 63}
                     : std::vector<int32_t>{1, -2, 3, 1, -2, 3};
      EXPECT_EQ(out, expected);
    }
  });
}

//===----------------------------------------------------------------------===//
// fp16 GEMM
//===----------------------------------------------------------------------===//

/// IEEE binary16 to double, written from the definition.
double decodeF16(uint16_t h) {
  int exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
  double magnitude;
  if (exponent == 0x1f)
    magnitude = mantissa ? std::numeric_limits<double>::quiet_NaN()
                         : std::numeric_limits<double>::infinity();
  else if (exponent == 0)
    magnitude = std::ldexp(mantissa, -24);
  else
    magnitude = std::ldexp(1024 + mantissa, exponent - 25);
  return (h & 0x8000) ? -magnitude : magnitude;
}

/// Finite f16 values: moderate magnitudes, or every exponent (subnormals and
/// up to 65504, whose squares and sums still fit fp32).
uint16_t randomF16(std::mt19937_64 &rng, bool wide) {
  int exponent = wide ? static_cast<int>(uniform(rng, 0, 30))
                      : static_cast<int>(uniform(rng, 11, 17));
  return static_cast<uint16_t>((uniform(rng, 0, 1) << 15) | (exponent << 10) |
                               uniform(rng, 0, 1023));
}

void checkGemmF16(const GemmShape &s, bool wide, std::mt19937_64 &rng) {
  SCOPED_TRACE(describe(s) + " wide=" + std::to_string(wide));
  std::vector<uint16_t> a(s.m * s.lda), b(s.k * s.n);
  for (uint16_t &v : a)
    v = randomF16(rng, wide);
  for (uint16_t &v : b)
    v = randomF16(rng, wide);
  std::uniform_real_distribution<float> real(-100.0f, 100.0f);
  std::vector<float> bias(s.n), c0(s.m * s.ldc);
  for (float &v : bias)
    v = real(rng);
  for (float &v : c0)
    v = real(rng);
  std::vector<uint16_t> packed(getPackedF16Elements(s.k, s.n, s.panelCols));
  packF16(b.data(), s.k, s.n, s.panelCols, packed.data());

  // The K products of fp16 values are exact in fp32 (11 x 11 significand
  // bits, exponents from 2^-48 to 2^32), as are the bias and C: the kernel
  // sums K + 2 exact fp32 terms in some order, rounding each of at most K + 1
  // additions to nearest (subnormal sums are exact). Whatever the order, the
  // classic bound is |error| <= gamma(K + 1) * sum |term| with
  // gamma(j) = j u / (1 - j u), u = 2^-24, which is below (K + 1) * 2^-23 *
  // sum |term| while (K + 1) u <= 1/2. The double sum below errs by less than
  // (K + 2) * 2^-53 * sum |term|, which is added to the bound.
  std::vector<double> aValue(a.size()), bValue(b.size());
  std::transform(a.begin(), a.end(), aValue.begin(), decodeF16);
  std::transform(b.begin(), b.end(), bValue.begin(), decodeF16);
  std::vector<double> expected(s.m * s.n), bound(s.m * s.n);
  for (int64_t i = 0; i < s.m; ++i)
    for (int64_t j = 0; j < s.n; ++j) {
      double sum = 0, magnitude = 0;
      auto add = [&](double term) {
        sum += term;
        magnitude += std::fabs(term);
      };
      if (s.accumulate)
        add(c0[i * s.ldc + j]);
      if (s.bias)
        add(bias[j]);
      for (int64_t kk = 0; kk < s.k; ++kk)
        add(aValue[i * s.lda + kk] * bValue[kk * s.n + j]);
      expected[i * s.n + j] = sum;
      bound[i * s.n + j] =
          ((s.k + 1) * 0x1p-23 + (s.k + 2) * 0x1p-53) * magnitude;
    }

  forEachIsa([&] {
    std::vector<float> c = c0;
    GemmF16Args args;
    args.a = a.data();
    args.lda = s.lda;
    args.packedB = packed.data();
    args.panelCols = s.panelCols;
    args.bias = s.bias ? bias.data() : nullptr;
    args.c = c.data();
    args.ldc = s.ldc;
    args.m = s.m;
    args.k = s.k;
    args.n = s.n;
    args.accumulate = s.accumulate;
    gemmF16(args);
    for (int64_t i = 0; i < s.m; ++i)
      for (int64_t j = 0; j < s.ldc; ++j) {
        float got = c[i * s.ldc + j];
        if (j >= s.n) { // padding of C is untouched
          ASSERT_EQ(got, c0[i * s.ldc + j]) << "row " << i << " column " << j;
          continue;
        }
        double want = expected[i * s.n + j];
        ASSERT_LE(std::fabs(got - want), bound[i * s.n + j])
            << "row " << i << " column " << j << ": " << got << " vs " << want;
      }
  });
}

TEST(GemmF16, RandomShapesWithinSummationBound) {
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 200; ++trial)
    checkGemmF16(randomShape(rng, 37, 150, 90), trial % 2 == 1, rng);
}

TEST(GemmF16, BlockedShapesWithinSummationBound) {
  std::mt19937_64 rng(6);
  checkGemmF16({100, 1100, 600, 32, 1103, 601, true, true}, false, rng);
  checkGemmF16({131, 777, 75, 16, 777, 80, false, true}, true, rng);
}

// Small integers: every product and partial sum is an integer below 2^24,
// exact in fp32 in any order, so each level must give the exact sum. This
// also catches a lost or doubled product that the bound above might absorb.
TEST(GemmF16, ExactWhenEverySumIsRepresentable) {
  std::mt19937_64 rng(10);
  auto smallInteger = [&] { // -8..8 as f16
    int64_t v = uniform(rng, -8, 8);
    uint16_t sign = v < 0 ? 0x8000 : 0;
    if (v == 0)
      return sign;
    int e = 0;
    while ((std::abs(v) >> e) > 1)
      ++e;
    int64_t mantissa = (std::abs(v) << (10 - e)) & 0x3ff;
    return static_cast<uint16_t>(sign | ((e + 15) << 10) | mantissa);
  };
  for (int trial = 0; trial < 50; ++trial) {
    GemmShape s = randomShape(rng, 20, 300, 70);
    std::vector<uint16_t> a(s.m * s.lda), b(s.k * s.n);
    for (uint16_t &v : a)
      v = smallInteger();
    for (uint16_t &v : b)
      v = smallInteger();
    std::vector<float> bias(s.n), c0(s.m * s.ldc);
    for (float &v : bias)
      v = static_cast<float>(uniform(rng, -1000, 1000));
    for (float &v : c0)
      v = static_cast<float>(uniform(rng, -1000, 1000));
    std::vector<uint16_t> packed(getPackedF16Elements(s.k, s.n, s.panelCols));
    packF16(b.data(), s.k, s.n, s.panelCols, packed.data());
    std::vector<float> expected = c0;
    for (int64_t i = 0; i < s.m; ++i)
      for (int64_t j = 0; j < s.n; ++j) {
        double sum =
            (s.accumulate ? c0[i * s.ldc + j] : 0.0) + (s.bias ? bias[j] : 0.0);
        for (int64_t kk = 0; kk < s.k; ++kk)
          sum += decodeF16(a[i * s.lda + kk]) * decodeF16(b[kk * s.n + j]);
        expected[i * s.ldc + j] = static_cast<float>(sum);
      }
    SCOPED_TRACE(describe(s));
    forEachIsa([&] {
      std::vector<float> c = c0;
      GemmF16Args args;
      args.a = a.data();
      args.lda = s.lda;
      args.packedB = packed.data();
      args.panelCols = s.panelCols;
      args.bias = s.bias ? bias.data() : nullptr;
      args.c = c.data();
      args.ldc = s.ldc;
      args.m = s.m;
      args.k = s.k;
      args.n = s.n;
      args.accumulate = s.accumulate;
      gemmF16(args);
      ASSERT_EQ(c, expected);
    });
  }
}

//===----------------------------------------------------------------------===//
// Requantization
//===----------------------------------------------------------------------===//

int32_t randomAccumulator(std::mt19937_64 &rng) {
  switch (uniform(rng, 0, 9)) {
  case 0:
    return pick<int32_t>(rng, {INT32_MIN, INT32_MAX, INT32_MIN + 1, 0, 1, -1});
  case 1:
  case 2:
  case 3:
    return static_cast<int32_t>(uniform(rng, -(1 << 16), 1 << 16));
  default:
    return static_cast<int32_t>(uniform(rng, INT32_MIN, INT32_MAX));
  }
}

/// Real multipliers in [1e-6, 8); a quarter of them dyadic (i / 2^j), whose
/// short Q31 encodings make exact ties (x.5) common, to test half to even.
reference::FixedPointMultiplier randomMultiplier(std::mt19937_64 &rng) {
  if (uniform(rng, 0, 3) == 0)
    return reference::encodeMultiplier(
        std::ldexp(static_cast<double>(uniform(rng, 1, 15)),
                   static_cast<int>(uniform(rng, -19, -1))));
  std::uniform_real_distribution<double> logScale(std::log(1e-6),
                                                  std::log(8.0));
  return reference::encodeMultiplier(std::exp(logScale(rng)));
}

struct RequantCase {
  std::vector<int32_t> acc, multipliers, shifts;
  int64_t channels;
  int32_t zeroPoint, lo, hi;
};

int64_t getExpectedRequantized(int32_t acc, int32_t multiplier, int32_t shift,
                               int32_t zeroPoint, int32_t lo, int32_t hi) {
  return reference::requantize(acc, {multiplier, shift}, zeroPoint, lo, hi);
}

void checkRequantize(const RequantCase &r) {
  int64_t count = static_cast<int64_t>(r.acc.size());
  std::vector<int8_t> expected(count);
  for (int64_t i = 0; i < count; ++i)
    expected[i] = static_cast<int8_t>(getExpectedRequantized(
        r.acc[i], r.multipliers[i % r.channels], r.shifts[i % r.channels],
        r.zeroPoint, std::max(r.lo, -128), std::min(r.hi, 127)));
  forEachIsa([&] {
    // One byte of slack on each side: nothing may be written there.
    std::vector<int8_t> out(count + 2, 77);
    requantizeS32ToS8(r.acc.data(), count, r.channels, r.multipliers.data(),
                      r.shifts.data(), r.zeroPoint, r.lo, r.hi, out.data() + 1);
    ASSERT_EQ(out.front(), 77);
    ASSERT_EQ(out.back(), 77);
    for (int64_t i = 0; i < count; ++i)
      ASSERT_EQ(out[i + 1], expected[i])
          << "acc=" << r.acc[i] << " m=" << r.multipliers[i % r.channels]
          << " shift=" << r.shifts[i % r.channels] << " zp=" << r.zeroPoint
          << " [" << r.lo << ", " << r.hi << "] channels=" << r.channels
          << " i=" << i;
  });
}

// 250 batches of up to 1000 elements (about 125k cases), each element with
// its own accumulator and, with per-channel tables, its own multiplier.
TEST(Requantize, MatchesReferenceBitForBit) {
  std::mt19937_64 rng(7);
  int64_t total = 0;
  for (int batch = 0; batch < 250; ++batch) {
    RequantCase r;
    int64_t count = uniform(rng, 1, 1000);
    r.channels = pick<int64_t>(rng, {1, 1, 2, 3, 7, 8, 13, 64, 100, count});
    for (int64_t c = 0; c < r.channels; ++c) {
      reference::FixedPointMultiplier m = randomMultiplier(rng);
      r.multipliers.push_back(m.multiplier);
      r.shifts.push_back(m.shift);
    }
    for (int64_t i = 0; i < count; ++i)
      r.acc.push_back(randomAccumulator(rng));
    r.zeroPoint = uniform(rng, 0, 7) == 0
                      ? static_cast<int32_t>(uniform(rng, -100000, 100000))
                      : static_cast<int32_t>(uniform(rng, -128, 127));
    r.lo = static_cast<int32_t>(uniform(rng, -128, 127));
    r.hi = static_cast<int32_t>(uniform(rng, r.lo, 127));
    if (uniform(rng, 0, 1)) {
      r.lo = -128;
      r.hi = 127;
    }
    total += count;
    checkRequantize(r);
  }
  EXPECT_GE(total, 100000);
}

// Accumulators below 2^22 in magnitude, where the AVX2 kernel computes in
// doubles, with the boundary values on both sides of its range test mixed
// in, and extreme multipliers (|m| up to 2^31, so acc * m reaches 2^53).
TEST(Requantize, SmallAccumulatorsMatchReferenceBitForBit) {
  std::mt19937_64 rng(9);
  const int32_t edge = 1 << 22;
  for (int batch = 0; batch < 300; ++batch) {
    RequantCase r;
    int64_t count = uniform(rng, 1, 600);
    r.channels = pick<int64_t>(rng, {1, 1, 3, 8, 64, 100, count});
    for (int64_t c = 0; c < r.channels; ++c) {
      reference::FixedPointMultiplier m = randomMultiplier(rng);
      if (uniform(rng, 0, 5) == 0)
        m.multiplier = pick<int32_t>(rng, {INT32_MIN, INT32_MAX, INT32_MIN + 1});
      r.multipliers.push_back(m.multiplier);
      r.shifts.push_back(m.shift);
    }
    bool boundaries = uniform(rng, 0, 2) == 0;
    for (int64_t i = 0; i < count; ++i)
      r.acc.push_back(
          boundaries && uniform(rng, 0, 15) == 0
              ? pick<int32_t>(rng, {edge - 1, -(edge - 1), edge, -edge,
                                    edge + 1, -edge - 1})
              : static_cast<int32_t>(uniform(rng, -(edge - 1), edge - 1) >>
                                     uniform(rng, 0, 20)));
    r.zeroPoint = uniform(rng, 0, 7) == 0
                      ? static_cast<int32_t>(uniform(rng, -100000, 100000))
                      : static_cast<int32_t>(uniform(rng, -128, 127));
    r.lo = -128;
    r.hi = 127;
    if (uniform(rng, 0, 2) == 0) {
      r.lo = static_cast<int32_t>(uniform(rng, -128, 127));
      r.hi = static_cast<int32_t>(uniform(rng, r.lo, 127));
    }
    checkRequantize(r);
  }
}

// Shifts outside the vector kernel's range, negative and extreme multipliers.
TEST(Requantize, UnusualShiftsMatchReference) {
  std::mt19937_64 rng(8);
  for (int batch = 0; batch < 100; ++batch) {
    RequantCase r;
    int64_t count = uniform(rng, 1, 300);
    r.channels = pick<int64_t>(rng, {1, 5, 16, count});
    for (int64_t c = 0; c < r.channels; ++c) {
      r.multipliers.push_back(
          uniform(rng, 0, 4) == 0
              ? pick<int32_t>(rng, {INT32_MIN, INT32_MAX, 0, 1, -1})
              : static_cast<int32_t>(uniform(rng, INT32_MIN, INT32_MAX)));
      r.shifts.push_back(
          uniform(rng, 0, 1)
              ? static_cast<int32_t>(uniform(rng, -40, 100))
              : pick<int32_t>(rng, {-31, -30, 31, 32, -32, 95, -95, -100}));
    }
    // Left shifts by up to 9 bits: accumulators below 2^21 keep the exact
    // result below 2^62, and tiny operands keep some results off the clamp.
    bool leftShifts =
        *std::min_element(r.shifts.begin(), r.shifts.end()) <= -31;
    if (leftShifts)
      for (int32_t &m : r.multipliers)
        if (uniform(rng, 0, 1))
          m = static_cast<int32_t>(uniform(rng, -3, 3));
    for (int64_t i = 0; i < count; ++i)
      r.acc.push_back(
          !leftShifts ? randomAccumulator(rng)
          : uniform(rng, 0, 1)
              ? static_cast<int32_t>(uniform(rng, -3, 3))
              : static_cast<int32_t>(uniform(rng, -(1 << 21), 1 << 21)));
    r.zeroPoint = static_cast<int32_t>(uniform(rng, -128, 127));
    r.lo = -128;
    r.hi = 127;
    checkRequantize(r);
  }
}

TEST(Requantize, BoundsBeyondInt8Saturate) {
  reference::FixedPointMultiplier m = reference::encodeMultiplier(1.0);
  RequantCase r{{-1000, -129, -5, 0, 5, 128, 1000, 127, -128},
                {m.multiplier},
                {m.shift},
                1,
                0,
                -1000,
                1000};
  checkRequantize(r);
  std::vector<int8_t> out(r.acc.size());
  requantizeS32ToS8(r.acc.data(), static_cast<int64_t>(r.acc.size()), 1,
                    r.multipliers.data(), r.shifts.data(), 0, -1000, 1000,
                    out.data());
  EXPECT_EQ(out,
            (std::vector<int8_t>{-128, -128, -5, 0, 5, 127, 127, 127, -128}));
}

//===----------------------------------------------------------------------===//
// fp16 conversion
//===----------------------------------------------------------------------===//

bool isNanF16(uint16_t h) { return (h & 0x7c00) == 0x7c00 && (h & 0x3ff); }

uint32_t bitsOf(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof(bits));
  return bits;
}

float floatOf(uint32_t bits) {
  float f;
  std::memcpy(&f, &bits, sizeof(f));
  return f;
}

/// Converts in chunks of varying length, so that every vector tail is hit.
//===----------------------------------------------------------------------===//
// Depthwise convolution
//===----------------------------------------------------------------------===//

DepthwiseShape randomDepthwiseShape(std::mt19937_64 &rng) {
  DepthwiseShape s;
  s.batch = uniform(rng, 1, 2);
  s.height = uniform(rng, 1, 9);
  s.width = uniform(rng, 1, 9);
  s.channels = pick<int64_t>(rng, {1, 3, 8, 15, 16, 17, 33, 40});
  s.kernelH = uniform(rng, 1, 5);
  s.kernelW = uniform(rng, 1, 5);
  s.strideH = uniform(rng, 1, 3);
  s.strideW = uniform(rng, 1, 3);
  s.dilationH = uniform(rng, 1, 2);
  s.dilationW = uniform(rng, 1, 2);
  s.padTop = uniform(rng, 0, s.kernelH - 1);
  s.padLeft = uniform(rng, 0, s.kernelW - 1);
  int64_t bottom = uniform(rng, 0, s.kernelH - 1), right = uniform(rng, 0, s.kernelW - 1);
  auto out = [](int64_t in, int64_t k, int64_t stride, int64_t dilation, int64_t pads) {
    int64_t span = (k - 1) * dilation + 1;
    return in + pads < span ? 0 : (in + pads - span) / stride + 1;
  };
  s.outHeight = out(s.height, s.kernelH, s.strideH, s.dilationH, s.padTop + bottom);
  s.outWidth = out(s.width, s.kernelW, s.strideW, s.dilationW, s.padLeft + right);
  return s;
}

std::string describe(const DepthwiseShape &s) {
  return "N" + std::to_string(s.batch) + " " + std::to_string(s.height) + "x" +
         std::to_string(s.width) + "x" + std::to_string(s.channels) + " k" +
         std::to_string(s.kernelH) + "x" + std::to_string(s.kernelW) + " s" +
         std::to_string(s.strideH) + "," + std::to_string(s.strideW) + " d" +
         std::to_string(s.dilationH) + "," + std::to_string(s.dilationW) + " p" +
         std::to_string(s.padTop) + "," + std::to_string(s.padLeft) + " -> " +
         std::to_string(s.outHeight) + "x" + std::to_string(s.outWidth);
}

/// The element tap (i, j) of output (n, y, x) reads in channel c, or -1 for
/// the padding.
int64_t depthwiseSource(const DepthwiseShape &s, int64_t n, int64_t y, int64_t x,
                        int64_t i, int64_t j, int64_t c) {
  int64_t iy = y * s.strideH - s.padTop + i * s.dilationH;
  int64_t ix = x * s.strideW - s.padLeft + j * s.dilationW;
  if (iy < 0 || iy >= s.height || ix < 0 || ix >= s.width)
    return -1;
  return ((n * s.height + iy) * s.width + ix) * s.channels + c;
}

TEST(DepthwiseS8, RandomShapesMatchNaiveLoop) {
  std::mt19937_64 rng(21);
  for (int trial = 0; trial < 300; ++trial) {
    DepthwiseShape s = randomDepthwiseShape(rng);
    SCOPED_TRACE(describe(s));
    int mode = int(uniform(rng, 0, 2)); // random, extremes, all -128
    std::vector<int8_t> input(s.batch * s.height * s.width * s.channels);
    std::vector<int8_t> filter(s.kernelH * s.kernelW * s.channels);
    for (int8_t &v : input)
      v = randomS8(rng, mode);
    for (int8_t &v : filter)
      v = randomS8(rng, mode);
    std::vector<int32_t> bias(s.channels);
    for (int32_t &v : bias)
      v = int32_t(uniform(rng, INT32_MIN, INT32_MAX));
    bool withBias = uniform(rng, 0, 1), accumulate = uniform(rng, 0, 1);
    int8_t pad = int8_t(uniform(rng, -128, 127));
    const int64_t outCount = s.batch * s.outHeight * s.outWidth * s.channels;
    std::vector<int32_t> initial(outCount + 5);
    for (int32_t &v : initial)
      v = int32_t(uniform(rng, INT32_MIN, INT32_MAX));

    std::vector<int32_t> expected = initial;
    for (int64_t n = 0; n < s.batch; ++n)
      for (int64_t y = 0; y < s.outHeight; ++y)
        for (int64_t x = 0; x < s.outWidth; ++x)
          for (int64_t c = 0; c < s.channels; ++c) {
            int64_t o = ((n * s.outHeight + y) * s.outWidth + x) * s.channels + c;
            uint32_t acc = accumulate ? uint32_t(initial[o]) : 0u;
            if (withBias)
              acc += uint32_t(bias[c]);
            for (int64_t i = 0; i < s.kernelH; ++i)
              for (int64_t j = 0; j < s.kernelW; ++j) {
                int64_t from = depthwiseSource(s, n, y, x, i, j, c);
                int32_t a = from < 0 ? pad : input[from];
                acc += uint32_t(a * filter[(i * s.kernelW + j) * s.channels + c]);
              }
            expected[o] = int32_t(acc);
          }
    forEachIsa([&] {
      std::vector<int32_t> got = initial;
      DepthwiseS8Args args;
      args.shape = s;
      args.input = input.data();
      args.filter = filter.data();
      args.bias = withBias ? bias.data() : nullptr;
      args.output = got.data();
      args.pad = pad;
      args.accumulate = accumulate;
      depthwiseConvS8(args);
      ASSERT_EQ(got, expected); // the 5 elements past the output untouched too
    });
  }
}

TEST(DepthwiseF16, RandomShapesGiveTheInOrderSumOnEveryLevel) {
  std::mt19937_64 rng(22);
  for (int trial = 0; trial < 300; ++trial) {
    DepthwiseShape s = randomDepthwiseShape(rng);
    SCOPED_TRACE(describe(s));
    bool wide = uniform(rng, 0, 1);
    std::vector<uint16_t> input(s.batch * s.height * s.width * s.channels);
    std::vector<uint16_t> filter(s.kernelH * s.kernelW * s.channels);
    for (uint16_t &v : input)
      v = randomF16(rng, wide);
    for (uint16_t &v : filter)
      v = randomF16(rng, wide);
    std::vector<float> bias(s.channels);
    for (float &v : bias)
      v = float(uniform(rng, -1000, 1000)) / 64.0f;
    bool withBias = uniform(rng, 0, 1), accumulate = uniform(rng, 0, 1);
    const int64_t outCount = s.batch * s.outHeight * s.outWidth * s.channels;
    std::vector<float> initial(outCount + 5);
    for (float &v : initial)
      v = float(uniform(rng, -1000, 1000)) / 8.0f;

    // (c0 +) bias + products in (i, j) order; each product of two fp16 is
    // exact in fp32, each sum rounds once.
    std::vector<float> expected = initial;
    for (int64_t n = 0; n < s.batch; ++n)
      for (int64_t y = 0; y < s.outHeight; ++y)
        for (int64_t x = 0; x < s.outWidth; ++x)
          for (int64_t c = 0; c < s.channels; ++c) {
            int64_t o = ((n * s.outHeight + y) * s.outWidth + x) * s.channels + c;
            float acc = accumulate ? initial[o] : 0.0f;
            if (withBias)
              acc += bias[c];
            for (int64_t i = 0; i < s.kernelH; ++i)
              for (int64_t j = 0; j < s.kernelW; ++j) {
                int64_t from = depthwiseSource(s, n, y, x, i, j, c);
                double a = from < 0 ? 0.0 : decodeF16(input[from]);
                double w = decodeF16(filter[(i * s.kernelW + j) * s.channels + c]);
                acc += float(a * w); // the exact product; one rounding
              }
            expected[o] = acc;
          }
    forEachIsa([&] {
      std::vector<float> got = initial;
      DepthwiseF16Args args;
      args.shape = s;
      args.input = input.data();
      args.filter = filter.data();
      args.bias = withBias ? bias.data() : nullptr;
      args.output = got.data();
      args.accumulate = accumulate;
      depthwiseConvF16(args);
      for (int64_t i = 0; i < outCount + 5; ++i)
        ASSERT_EQ(bitsOf(got[i]), bitsOf(expected[i])) << i << ": " << got[i]
                                                       << " vs " << expected[i];
    });
  }
}

//===----------------------------------------------------------------------===//
// Exponential family
//===----------------------------------------------------------------------===//

/// Distance in fp32 units in the last place (0 for equal bits or two NaNs).
int64_t ulpDistance(float a, float b) {
  if (std::isnan(a) || std::isnan(b))
    return std::isnan(a) && std::isnan(b) ? 0 : INT64_MAX;
  auto ordered = [](float f) {
    int32_t i;
    std::memcpy(&i, &f, sizeof(i));
    return i < 0 ? int64_t(INT32_MIN) - i : int64_t(i);
  };
  return std::llabs(ordered(a) - ordered(b));
}

TEST(ExpFunction, WithinOneUlpOfTheDoubleDefinitionAndAlmostAlwaysEqual) {
  std::mt19937_64 rng(31);
  std::vector<float> x;
  for (float v : {0.0f, -0.0f, INFINITY, -INFINITY, NAN, 1e-30f, -1e-30f,
                  88.7f, 89.0f, -87.3f, -103.9f, -104.0f, 709.0f, -750.0f,
                  1e30f, -1e30f})
    x.push_back(v);
  std::uniform_real_distribution<double> wide(-110.0, 110.0), narrow(-8.0, 8.0);
  for (int i = 0; i < 200000; ++i)
    x.push_back(float(i % 2 ? wide(rng) : narrow(rng)));
  for (ExpFunction function :
       {ExpFunction::Exp, ExpFunction::Sigmoid, ExpFunction::Silu}) {
    float offset = function == ExpFunction::Exp ? 3.25f : 0.0f;
    std::vector<float> expected = x;
    for (float &v : expected) {
      double d = v;
      v = function == ExpFunction::Exp       ? float(std::exp(d - offset))
          : function == ExpFunction::Sigmoid ? float(1.0 / (1.0 + std::exp(-d)))
                                             : float(d / (1.0 + std::exp(-d)));
    }
    forEachIsa([&] {
      std::vector<float> got = x;
      applyExpFunction(function, got.data(), int64_t(got.size()), offset);
      size_t different = 0;
      for (size_t i = 0; i < x.size(); ++i) {
        ASSERT_LE(ulpDistance(got[i], expected[i]), 1)
            << "f=" << int(function) << " x=" << x[i] << ": " << got[i]
            << " vs " << expected[i];
        different += got[i] != expected[i] &&
                     !(std::isnan(got[i]) && std::isnan(expected[i]));
      }
      EXPECT_LE(different, x.size() / 10000) << "f=" << int(function);
    });
  }
}

//===----------------------------------------------------------------------===//
// Quantize and dequantize
//===----------------------------------------------------------------------===//

/// The vector engine's quantize, written from its definition: the fp32
/// quotient, rounded half to even by hand, plus the zero point, clamped.
int8_t quantizeByDefinition(float x, float scale, int32_t zeroPoint) {
  float quotient = x / scale;
  double q = 0;
  if (!std::isnan(quotient)) {
    double v = quotient;
    q = std::floor(v);
    double fraction = v - q;
    if (fraction > 0.5 || (fraction == 0.5 && std::fmod(q, 2.0) != 0))
      q += 1;
  }
  return static_cast<int8_t>(std::clamp(q + zeroPoint, -128.0, 127.0));
}

TEST(Quantize, MatchesDefinitionIncludingTiesAndSpecials) {
  std::mt19937_64 rng(11);
  const float specials[] = {0.0f, -0.0f, INFINITY, -INFINITY, NAN,
                            std::numeric_limits<float>::denorm_min(),
                            std::numeric_limits<float>::max(), -1e30f, 1e30f,
                            16777216.0f, -16777217.0f};
  for (int trial = 0; trial < 400; ++trial) {
    // Powers of two make x / scale exact, so k + 0.5 ties really occur.
    float scale = trial % 2 ? std::ldexp(1.0f, int(uniform(rng, -20, 10)))
                            : float(std::exp(double(uniform(rng, -30, 10))) *
                                    (1 + uniform(rng, 0, 999) / 1000.0));
    int32_t zeroPoint = int32_t(uniform(rng, -128, 127));
    std::vector<float> x(size_t(uniform(rng, 0, 70)));
    for (float &v : x) {
      switch (uniform(rng, 0, 3)) {
      case 0: // a tie or an integer in units of the scale
        v = float(uniform(rng, -600, 600)) * 0.5f * scale;
        break;
      case 1:
        v = float(std::ldexp(double(uniform(rng, -1000000, 1000000)),
                             int(uniform(rng, -40, 20))));
        break;
      case 2:
        v = specials[uniform(rng, 0, std::size(specials) - 1)];
        break;
      default:
        v = float(uniform(rng, -200, 200)) * scale +
            float(uniform(rng, -100, 100)) * 1e-3f * scale;
      }
    }
    std::vector<int8_t> expected(x.size());
    for (size_t i = 0; i < x.size(); ++i)
      expected[i] = quantizeByDefinition(x[i], scale, zeroPoint);
    forEachIsa([&] {
      std::vector<int8_t> got(x.size(), 99);
      quantizeF32ToS8(x.data(), int64_t(x.size()), scale, zeroPoint, got.data());
      for (size_t i = 0; i < x.size(); ++i)
        ASSERT_EQ(int(got[i]), int(expected[i]))
            << "x=" << x[i] << " scale=" << scale << " zp=" << zeroPoint;
    });
  }
}

TEST(Dequantize, EveryValueIsTheExactProductRoundedOnce) {
  std::mt19937_64 rng(12);
  std::vector<int8_t> all(256 + 13);
  for (size_t i = 0; i < all.size(); ++i)
    all[i] = static_cast<int8_t>(i);
  for (int trial = 0; trial < 300; ++trial) {
    // From fp32 subnormal products to overflow.
    float scale = float(std::ldexp(1.0 + uniform(rng, 0, 1 << 22) / double(1 << 22),
                                   int(uniform(rng, -150, 125))));
    int32_t zeroPoint = int32_t(uniform(rng, -128, 127));
    std::vector<float> expected(all.size());
    for (size_t i = 0; i < all.size(); ++i)
      expected[i] = static_cast<float>((double(all[i]) - zeroPoint) * double(scale));
    forEachIsa([&] {
      std::vector<float> got(all.size());
      dequantizeS8ToF32(all.data(), int64_t(all.size()), scale, zeroPoint,
                        got.data());
      for (size_t i = 0; i < all.size(); ++i)
        ASSERT_EQ(bitsOf(got[i]), bitsOf(expected[i]))
            << int(all[i]) << " scale=" << scale << " zp=" << zeroPoint;
    });
  }
}

template <typename In, typename Out, typename Convert>
std::vector<Out> convertInChunks(const std::vector<In> &in, Convert convert) {
  std::vector<Out> out(in.size());
  int64_t size = static_cast<int64_t>(in.size());
  for (int64_t i = 0, chunk = 1; i < size; i += chunk, chunk = chunk % 37 + 1)
    convert(in.data() + i, std::min(chunk, size - i), out.data() + i);
  return out;
}

TEST(ConvertF16, AllValuesRoundTripExactly) {
  std::vector<uint16_t> all(65536);
  for (int i = 0; i < 65536; ++i)
    all[i] = static_cast<uint16_t>(i);
  std::vector<uint32_t> firstBits;
  forEachIsa([&] {
    std::vector<float> wide = convertInChunks<uint16_t, float>(
        all, [](const uint16_t *in, int64_t n, float *out) {
          convertF16ToF32(in, n, out);
        });
    std::vector<uint16_t> back = convertInChunks<float, uint16_t>(
        wide, [](const float *in, int64_t n, uint16_t *out) {
          convertF32ToF16(in, n, out);
        });
    for (int i = 0; i < 65536; ++i) {
      double want = decodeF16(all[i]);
      if (std::isnan(want)) {
        ASSERT_TRUE(std::isnan(wide[i])) << std::hex << i;
        ASSERT_TRUE(isNanF16(back[i])) << std::hex << i;
        continue;
      }
      ASSERT_EQ(static_cast<double>(wide[i]), want) << std::hex << i;
      ASSERT_EQ(std::signbit(wide[i]), std::signbit(want)) << std::hex << i;
      ASSERT_EQ(back[i], all[i]) << std::hex << i;
    }
    // NaN payloads too: every level gives the same bits.
    std::vector<uint32_t> bits(65536);
    for (int i = 0; i < 65536; ++i)
      bits[i] = bitsOf(wide[i]);
    if (firstBits.empty())
      firstBits = bits;
    ASSERT_EQ(bits, firstBits);
  });
}

/// Round to nearest even by search: the nearest of the sorted finite f16
/// values, ties to the even encoding, inf from 65520 (the midpoint between
/// 65504 and 2^16) up.
uint16_t roundToF16BySearch(float f) {
  uint16_t sign = std::signbit(f) ? 0x8000 : 0;
  double x = std::fabs(static_cast<double>(f));
  if (x >= 65520.0)
    return sign | 0x7c00;
  // Largest h in [0, 0x7bff] with value(h) <= x; encodings are monotone.
  uint16_t lo = 0, hi = 0x7bff;
  while (lo < hi) {
    auto mid = static_cast<uint16_t>((lo + hi + 1) / 2);
    if (decodeF16(mid) <= x)
      lo = mid;
    else
      hi = static_cast<uint16_t>(mid - 1);
  }
  if (lo == 0x7bff)
    return sign | lo;
  double below = x - decodeF16(lo), above = decodeF16(lo + 1) - x;
  if (below < above || (below == above && (lo & 1) == 0))
    return sign | lo;
  return sign | static_cast<uint16_t>(lo + 1);
}

TEST(ConvertF16, RoundingMatchesNearestEvenSearch) {
  std::mt19937_64 rng(9);
  std::vector<float> inputs;
  // Every exactly halfway value between neighbours (all are exact floats),
  // with its two float neighbours, signed.
  for (uint32_t h = 0; h < 0x7c00; ++h) {
    double mid =
        (decodeF16(static_cast<uint16_t>(h)) +
         (h == 0x7bff ? 65536.0 : decodeF16(static_cast<uint16_t>(h + 1)))) /
        2;
    auto f = static_cast<float>(mid);
    EXPECT_EQ(static_cast<double>(f), mid);
    for (float v : {f, std::nextafter(f, 0.0f), std::nextafter(f, 1e30f)}) {
      inputs.push_back(v);
      inputs.push_back(-v);
    }
  }
  // Random bit patterns: every exponent, float subnormals, inf, NaN.
  for (int i = 0; i < 500000; ++i)
    inputs.push_back(floatOf(static_cast<uint32_t>(rng())));
  // Random values around the f16 range (2^-26 to 2^17), incl. f16 subnormals.
  for (int i = 0; i < 500000; ++i)
    inputs.push_back(floatOf(static_cast<uint32_t>(
        (uniform(rng, 0, 1) << 31) | (uniform(rng, 101, 143) << 23) |
        uniform(rng, 0, (1 << 23) - 1))));
  for (float v : {0.0f, -0.0f, 65504.0f, 65519.99f, 65520.0f, 1e-8f,
                  std::numeric_limits<float>::infinity(),
                  std::numeric_limits<float>::denorm_min(),
                  std::numeric_limits<float>::quiet_NaN(),
                  std::numeric_limits<float>::signaling_NaN()})
    inputs.push_back(v);

  std::vector<uint16_t> first;
  forEachIsa([&] {
    std::vector<uint16_t> got = convertInChunks<float, uint16_t>(
        inputs, [](const float *in, int64_t n, uint16_t *out) {
          convertF32ToF16(in, n, out);
        });
    for (size_t i = 0; i < inputs.size(); ++i) {
      if (std::isnan(inputs[i])) {
        ASSERT_TRUE(isNanF16(got[i])) << std::hex << bitsOf(inputs[i]);
        continue;
      }
      ASSERT_EQ(got[i], roundToF16BySearch(inputs[i]))
          << inputs[i] << " (bits " << std::hex << bitsOf(inputs[i]) << ")";
    }
    if (first.empty())
      first = got;
    ASSERT_EQ(got, first); // NaN payloads agree across levels too
  });
}

} // namespace
