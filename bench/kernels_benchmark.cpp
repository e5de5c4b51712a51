//===- kernels_benchmark.cpp - throughput of the host kernels -------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// GEMMs at shapes of real layers on every supported instruction-set level,
// next to the peak of the instruction each kernel is built on, measured by a
// loop that keeps everything in registers: kernel GOPS divided by that peak
// is the kernel's efficiency on this core. docs/kernels.md records a run.
//
//   ninja -C build npu-kernels-bench
//   taskset -c 1 build/bench/npu-kernels-bench
//
//===----------------------------------------------------------------------===//

#include "npu/Runtime/Kernels.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

using namespace mlir::npu::kernels;

namespace {

/// Layers as GEMMs: M = output pixels (or tokens), K = input channels x
/// window, N = output channels.
struct Shape {
  const char *name;
  int64_t m, k, n;
};
const Shape kShapes[] = {
    {"resnet_conv3x3_56x56x64", 3136, 576, 64},
    {"resnet_conv3x3_14x14x256", 196, 2304, 256},
    {"resnet_conv3x3_7x7x512", 49, 4608, 512},
    {"bert_linear_128x768x768", 128, 768, 768},
};
constexpr int64_t kPanelCols = 32; // matrix_engine.cols of the default target

/// 2 * M * K * N operations (a multiply and an add per MAC) per iteration,
/// shown in GOPS.
void setGops(benchmark::State &state, double opsPerIteration) {
  state.counters["GOPS"] = benchmark::Counter(
      opsPerIteration * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

bool activate(benchmark::State &state, HostIsa isa) {
  if (setActiveHostIsa(isa))
    return true;
  state.SkipWithError("instruction set not supported");
  return false;
}

void runGemmS8(benchmark::State &state, HostIsa isa, Shape shape) {
  if (!activate(state, isa))
    return;
  std::mt19937 rng(1);
  std::uniform_int_distribution<int> byte(-128, 127);
  std::vector<int8_t> a(shape.m * shape.k), b(shape.k * shape.n);
  for (int8_t &v : a)
    v = static_cast<int8_t>(byte(rng));
  for (int8_t &v : b)
    v = static_cast<int8_t>(byte(rng));
  std::vector<int8_t> packed(getPackedS8Bytes(shape.k, shape.n, kPanelCols));
  packS8(b.data(), shape.k, shape.n, kPanelCols, packed.data());
  std::vector<int32_t> bias(shape.n, 7), c(shape.m * shape.n);
  GemmS8Args args;
  args.a = a.data();
  args.lda = shape.k;
  args.packedB = packed.data();
  args.panelCols = kPanelCols;
  args.bias = bias.data();
  args.c = c.data();
  args.ldc = shape.n;
  args.m = shape.m;
  args.k = shape.k;
  args.n = shape.n;
  for (auto _ : state) {
    gemmS8(args);
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  setGops(state, 2.0 * shape.m * shape.k * shape.n);
}

void runGemmF16(benchmark::State &state, HostIsa isa, Shape shape) {
  if (!activate(state, isa))
    return;
  std::vector<float> values(shape.k * std::max(shape.m, shape.n));
  std::mt19937 rng(2);
  std::uniform_real_distribution<float> real(-1.0f, 1.0f);
  for (float &v : values)
    v = real(rng);
  std::vector<uint16_t> a(shape.m * shape.k), b(shape.k * shape.n);
  convertF32ToF16(values.data(), static_cast<int64_t>(a.size()), a.data());
  convertF32ToF16(values.data(), static_cast<int64_t>(b.size()), b.data());
  std::vector<uint16_t> packed(
      getPackedF16Elements(shape.k, shape.n, kPanelCols));
  packF16(b.data(), shape.k, shape.n, kPanelCols, packed.data());
  std::vector<float> bias(shape.n, 0.5f), c(shape.m * shape.n);
  GemmF16Args args;
  args.a = a.data();
  args.lda = shape.k;
  args.packedB = packed.data();
  args.panelCols = kPanelCols;
  args.bias = bias.data();
  args.c = c.data();
  args.ldc = shape.n;
  args.m = shape.m;
  args.k = shape.k;
  args.n = shape.n;
  for (auto _ : state) {
    gemmF16(args);
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  setGops(state, 2.0 * shape.m * shape.k * shape.n);
}

// Peaks: each loop iteration issues independent instructions on registers
// only (no loads), enough of them to cover the latency, so that the loop
// runs at the throughput of the execution ports. Written in assembly so
// that the compiler can neither hoist the loop-invariant products nor
// change the instructions.

// clang-format off
// Seven products, then their seven sums: issuing the vpmaddwds as a group
// measured 4% faster than alternating them with the vpaddds.
#define NPU_MADD_GROUP                                                         \
  NPU_MADD(0) NPU_MADD(1) NPU_MADD(2) NPU_MADD(3) NPU_MADD(4) NPU_MADD(5)      \
  NPU_MADD(6)                                                                  \
  NPU_PADDD(0, 7) NPU_PADDD(1, 8) NPU_PADDD(2, 9) NPU_PADDD(3, 10)             \
  NPU_PADDD(4, 11) NPU_PADDD(5, 12) NPU_PADDD(6, 13)
#define NPU_PADDD(t, acc) "vpaddd %%ymm" #t ", %%ymm" #acc ", %%ymm" #acc "\n\t"
#define NPU_MADD(t) "vpmaddwd %%ymm14, %%ymm15, %%ymm" #t "\n\t"
#define NPU_FMA(acc) "vfmadd231ps %%ymm14, %%ymm15, %%ymm" #acc "\n\t"
#define NPU_DPBUSD(acc) "vpdpbusd %%zmm30, %%zmm31, %%zmm" #acc "\n\t"
#define NPU_YMM_CLOBBERS                                                       \
  "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8",      \
  "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "cc"

constexpr int64_t kPeakLoops = 1 << 16;

/// 14 x (vpmaddwd + vpaddd), the int8 kernel's pair; a pair is 16 MACs of
/// int16 pairs, 32 operations.
__attribute__((target("avx2"))) void peakMaddwdPaddd(benchmark::State &state) {
  for (auto _ : state) {
    int64_t count = kPeakLoops;
    asm volatile(
        "vpxor %%ymm14, %%ymm14, %%ymm14\n\t"
        "vpxor %%ymm15, %%ymm15, %%ymm15\n\t"
        "1:\n\t"
        NPU_MADD_GROUP NPU_MADD_GROUP
        "dec %0\n\t"
        "jnz 1b\n\t"
        : "+r"(count) : : NPU_YMM_CLOBBERS);
  }
  setGops(state, kPeakLoops * 14 * 32.0);
}

/// 14 x vpmaddwd alone: the multiplier ports' limit, which the kernel cannot
/// reach since every product needs a vpaddd too.
__attribute__((target("avx2"))) void peakMaddwd(benchmark::State &state) {
  for (auto _ : state) {
    int64_t count = kPeakLoops;
    asm volatile(
        "vpxor %%ymm14, %%ymm14, %%ymm14\n\t"
        "vpxor %%ymm15, %%ymm15, %%ymm15\n\t"
        "1:\n\t"
        NPU_MADD(0) NPU_MADD(1) NPU_MADD(2) NPU_MADD(3) NPU_MADD(4) NPU_MADD(5)
        NPU_MADD(6) NPU_MADD(7) NPU_MADD(8) NPU_MADD(9) NPU_MADD(10)
        NPU_MADD(11) NPU_MADD(12) NPU_MADD(13)
        "dec %0\n\t"
        "jnz 1b\n\t"
        : "+r"(count) : : NPU_YMM_CLOBBERS);
  }
  setGops(state, kPeakLoops * 14 * 32.0);
}

/// 12 independent vfmadd231ps ymm: 8 lanes x 2 flops each.
__attribute__((target("avx2,fma"))) void peakFma(benchmark::State &state) {
  for (auto _ : state) {
    int64_t count = kPeakLoops;
    asm volatile(
        "vxorps %%ymm14, %%ymm14, %%ymm14\n\t"
        "vxorps %%ymm15, %%ymm15, %%ymm15\n\t"
        "1:\n\t"
        NPU_FMA(0) NPU_FMA(1) NPU_FMA(2) NPU_FMA(3) NPU_FMA(4) NPU_FMA(5)
        NPU_FMA(6) NPU_FMA(7) NPU_FMA(8) NPU_FMA(9) NPU_FMA(10) NPU_FMA(11)
        "dec %0\n\t"
        "jnz 1b\n\t"
        : "+r"(count) : : NPU_YMM_CLOBBERS);
  }
  setGops(state, kPeakLoops * 12 * 16.0);
}

/// 16 independent vpdpbusd zmm: 64 MACs, 128 operations each.
__attribute__((target("avx512f,avx512vnni"))) void
peakDpbusd(benchmark::State &state) {
  for (auto _ : state) {
    int64_t count = kPeakLoops;
    asm volatile(
        "vpxord %%zmm30, %%zmm30, %%zmm30\n\t"
        "vpxord %%zmm31, %%zmm31, %%zmm31\n\t"
        "1:\n\t"
        NPU_DPBUSD(0) NPU_DPBUSD(1) NPU_DPBUSD(2) NPU_DPBUSD(3) NPU_DPBUSD(4)
        NPU_DPBUSD(5) NPU_DPBUSD(6) NPU_DPBUSD(7) NPU_DPBUSD(8) NPU_DPBUSD(9)
        NPU_DPBUSD(10) NPU_DPBUSD(11) NPU_DPBUSD(12) NPU_DPBUSD(13)
        NPU_DPBUSD(14) NPU_DPBUSD(15)
        "dec %0\n\t"
        "jnz 1b\n\t"
        : "+r"(count) : : NPU_YMM_CLOBBERS, "xmm30", "xmm31");
  }
  setGops(state, kPeakLoops * 16 * 128.0);
}

#undef NPU_MADD_GROUP
#undef NPU_PADDD
#undef NPU_MADD
#undef NPU_FMA
#undef NPU_DPBUSD
#undef NPU_YMM_CLOBBERS
// clang-format on

constexpr int64_t kVectorCount = 1 << 16; // 256 KiB of int32: in L2

void runRequantize(benchmark::State &state, HostIsa isa, int64_t channels) {
  if (!activate(state, isa))
    return;
  std::mt19937 rng(3);
  std::vector<int32_t> acc(kVectorCount), multipliers(channels),
      shifts(channels);
  for (int32_t &v : acc)
    v = static_cast<int32_t>(rng() % 200001) - 100000;
  for (int64_t c = 0; c < channels; ++c) {
    multipliers[c] = (1 << 30) + static_cast<int32_t>(rng() % (1u << 30));
    shifts[c] = 8 + static_cast<int32_t>(c % 5);
  }
  std::vector<int8_t> out(kVectorCount);
  for (auto _ : state) {
    requantizeS32ToS8(acc.data(), kVectorCount, channels, multipliers.data(),
                      shifts.data(), 3, -128, 127, out.data());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * kVectorCount);
}

void runF16ToF32(benchmark::State &state, HostIsa isa) {
  if (!activate(state, isa))
    return;
  std::vector<uint16_t> in(kVectorCount);
  for (int64_t i = 0; i < kVectorCount; ++i)
    in[i] = static_cast<uint16_t>(i * 7919); // every class of value
  std::vector<float> out(kVectorCount);
  for (auto _ : state) {
    convertF16ToF32(in.data(), kVectorCount, out.data());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * kVectorCount);
}

void runF32ToF16(benchmark::State &state, HostIsa isa) {
  if (!activate(state, isa))
    return;
  std::mt19937 rng(4);
  std::uniform_real_distribution<float> real(-70000.0f, 70000.0f);
  std::vector<float> in(kVectorCount);
  for (float &v : in)
    v = real(rng) * (rng() % 2 ? 1.0f : 1e-6f); // normals and subnormals
  std::vector<uint16_t> out(kVectorCount);
  for (auto _ : state) {
    convertF32ToF16(in.data(), kVectorCount, out.data());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * kVectorCount);
}

void registerBenchmarks() {
  std::vector<HostIsa> isas = getSupportedHostIsas();
  auto has = [&](HostIsa isa) {
    return std::find(isas.begin(), isas.end(), isa) != isas.end();
  };
  if (has(HostIsa::Avx2)) {
    benchmark::RegisterBenchmark("peak/avx2_vpmaddwd+vpaddd", peakMaddwdPaddd);
    benchmark::RegisterBenchmark("peak/avx2_vpmaddwd_alone", peakMaddwd);
    benchmark::RegisterBenchmark("peak/fma_ymm", peakFma);
  }
  if (has(HostIsa::Avx512Vnni))
    benchmark::RegisterBenchmark("peak/avx512_vpdpbusd", peakDpbusd);
  for (const Shape &shape : kShapes)
    for (HostIsa isa : isas) {
      std::string suffix = std::string(getHostIsaName(isa)) + "/" + shape.name;
      benchmark::RegisterBenchmark(("gemm_s8/" + suffix).c_str(), runGemmS8,
                                   isa, shape)
          ->Unit(benchmark::kMillisecond);
      if (isa != HostIsa::Avx512Vnni) // no AVX-512 fp16 kernel: same as avx2
        benchmark::RegisterBenchmark(("gemm_f16/" + suffix).c_str(), runGemmF16,
                                     isa, shape)
            ->Unit(benchmark::kMillisecond);
    }
  for (HostIsa isa : isas) {
    if (isa == HostIsa::Avx512Vnni) // the vector kernels stop at AVX2
      continue;
    std::string name = getHostIsaName(isa);
    for (int64_t channels : {1, 64})
      benchmark::RegisterBenchmark(
          ("requantize/" + name + "/channels:" + std::to_string(channels))
              .c_str(),
          runRequantize, isa, channels);
    benchmark::RegisterBenchmark(("f16_to_f32/" + name).c_str(), runF16ToF32,
                                 isa);
    benchmark::RegisterBenchmark(("f32_to_f16/" + name).c_str(), runF32ToF16,
                                 isa);
  }
}

} // namespace

int main(int argc, char **argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  registerBenchmarks();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
