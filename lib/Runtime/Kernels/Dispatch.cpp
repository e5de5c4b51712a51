//===- Dispatch.cpp - run-time choice of the host kernels -----------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The active level starts at the best one the CPU (and the OS, for the wider
// register state) supports, lowered by NPU_HOST_ISA; setActiveHostIsa changes
// it later. Every entry point reads it once per call and falls back to a
// lower level when a SIMD kernel cannot take the arguments (a panel width it
// does not tile, or k == 0).
//
//===----------------------------------------------------------------------===//

#include "KernelsImpl.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

using namespace mlir::npu::kernels;

namespace {

bool cpuSupportsAvx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
         __builtin_cpu_supports("f16c");
}

bool cpuSupportsAvx512Vnni() {
  // The VNNI file is compiled with F, BW, VL and VNNI, so all four are needed.
  return cpuSupportsAvx2() && __builtin_cpu_supports("avx512f") &&
         __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vl") &&
         __builtin_cpu_supports("avx512vnni");
}

HostIsa getBestHostIsa() {
  if (cpuSupportsAvx512Vnni())
    return HostIsa::Avx512Vnni;
  if (cpuSupportsAvx2())
    return HostIsa::Avx2;
  return HostIsa::Portable;
}

HostIsa getInitialHostIsa() {
  HostIsa best = getBestHostIsa();
  const char *env = std::getenv("NPU_HOST_ISA");
  if (!env || !*env)
    return best;
  // Asking for more than the CPU has is no error: it gets the best it has.
  for (HostIsa isa : {HostIsa::Portable, HostIsa::Avx2, HostIsa::Avx512Vnni})
    if (std::strcmp(env, getHostIsaName(isa)) == 0)
      return std::min(isa, best);
  std::fprintf(stderr,
               "npu: ignoring NPU_HOST_ISA=%s (expected portable, avx2 or "
               "avx512vnni)\n",
               env);
  return best;
}

std::atomic<HostIsa> &activeHostIsa() {
  static std::atomic<HostIsa> isa(getInitialHostIsa());
  return isa;
}

/// The result is int8: wider bounds are limited to it once here, so that no
/// path has to decide between saturating and truncating.
int32_t clampToS8(int32_t v) { return std::clamp(v, -128, 127); }

} // namespace

const char *mlir::npu::kernels::getHostIsaName(HostIsa isa) {
  switch (isa) {
  case HostIsa::Portable:
    return "portable";
  case HostIsa::Avx2:
    return "avx2";
  case HostIsa::Avx512Vnni:
    return "avx512vnni";
  }
  return "unknown";
}

std::vector<HostIsa> mlir::npu::kernels::getSupportedHostIsas() {
  std::vector<HostIsa> result{HostIsa::Portable};
  if (cpuSupportsAvx2())
    result.push_back(HostIsa::Avx2);
  if (cpuSupportsAvx512Vnni())
    result.push_back(HostIsa::Avx512Vnni);
  return result;
}

HostIsa mlir::npu::kernels::getActiveHostIsa() {
  return activeHostIsa().load(std::memory_order_relaxed);
}

bool mlir::npu::kernels::setActiveHostIsa(HostIsa isa) {
  if (isa > getBestHostIsa() || isa < HostIsa::Portable)
    return false;
  activeHostIsa().store(isa, std::memory_order_relaxed);
  return true;
}

void *mlir::npu::kernels::detail::getScratch(ScratchSlot slot, size_t bytes) {
  struct Buffer {
    void *data = nullptr;
    size_t size = 0;
    ~Buffer() { ::operator delete(data, std::align_val_t(64)); }
  };
  thread_local Buffer buffers[NumScratch];
  Buffer &buffer = buffers[slot];
  if (buffer.size < bytes) {
    ::operator delete(buffer.data, std::align_val_t(64));
    buffer.data = ::operator new(bytes, std::align_val_t(64));
    buffer.size = bytes;
  }
  return buffer.data;
}

void mlir::npu::kernels::gemmS8(const GemmS8Args &args) {
  if (args.m <= 0 || args.n <= 0)
    return;
  bool simd = args.k > 0;
  switch (getActiveHostIsa()) {
  case HostIsa::Avx512Vnni:
    if (simd && args.panelCols % 16 == 0)
      return detail::gemmS8Avx512Vnni(args);
    [[fallthrough]];
  case HostIsa::Avx2:
    if (simd && args.panelCols % 8 == 0)
      return detail::gemmS8Avx2(args);
    [[fallthrough]];
  case HostIsa::Portable:
    return detail::gemmS8Portable(args);
  }
}

void mlir::npu::kernels::gemmF16(const GemmF16Args &args) {
  if (args.m <= 0 || args.n <= 0)
    return;
  if (getActiveHostIsa() >= HostIsa::Avx2 && args.k > 0 &&
      args.panelCols % 8 == 0)
    return detail::gemmF16Avx2(args);
  detail::gemmF16Portable(args);
}

void mlir::npu::kernels::depthwiseConvS8(const DepthwiseS8Args &args) {
  const DepthwiseShape &s = args.shape;
  if (s.batch <= 0 || s.outHeight <= 0 || s.outWidth <= 0 || s.channels <= 0)
    return;
  if (getActiveHostIsa() >= HostIsa::Avx2)
    return detail::depthwiseConvS8Avx2(args);
  detail::depthwiseConvS8Portable(args);
}

void mlir::npu::kernels::depthwiseConvF16(const DepthwiseF16Args &args) {
  const DepthwiseShape &s = args.shape;
  if (s.batch <= 0 || s.outHeight <= 0 || s.outWidth <= 0 || s.channels <= 0)
    return;
  if (getActiveHostIsa() >= HostIsa::Avx2)
    return detail::depthwiseConvF16Avx2(args);
  detail::depthwiseConvF16Portable(args);
}

void mlir::npu::kernels::requantizeS32ToS8(const int32_t *acc, int64_t count,
                                           int64_t channels,
                                           const int32_t *multipliers,
                                           const int32_t *shifts,
                                           int32_t zeroPoint, int32_t lo,
                                           int32_t hi, int8_t *out) {
  if (count <= 0)
    return;
  lo = clampToS8(lo);
  hi = clampToS8(hi);
  if (getActiveHostIsa() >= HostIsa::Avx2)
    return detail::requantizeS32ToS8Avx2(acc, count, channels, multipliers,
                                         shifts, zeroPoint, lo, hi, out);
  detail::requantizeS32ToS8Portable(acc, count, channels, multipliers, shifts,
                                    zeroPoint, lo, hi, out);
}

void mlir::npu::kernels::quantizeF32ToS8(const float *x, int64_t count,
                                         float scale, int32_t zeroPoint,
                                         int8_t *out) {
  if (count <= 0)
    return;
  if (getActiveHostIsa() >= HostIsa::Avx2 && zeroPoint >= -128 &&
      zeroPoint <= 127)
    return detail::quantizeF32ToS8Avx2(x, count, scale, zeroPoint, out);
  detail::quantizeF32ToS8Portable(x, count, scale, zeroPoint, out);
}

void mlir::npu::kernels::dequantizeS8ToF32(const int8_t *in, int64_t count,
                                           float scale, int32_t zeroPoint,
                                           float *out) {
  if (count <= 0)
    return;
  if (getActiveHostIsa() >= HostIsa::Avx2 && zeroPoint >= -128 &&
      zeroPoint <= 127)
    return detail::dequantizeS8ToF32Avx2(in, count, scale, zeroPoint, out);
  detail::dequantizeS8ToF32Portable(in, count, scale, zeroPoint, out);
}

void mlir::npu::kernels::applyExpFunction(ExpFunction function, float *x,
                                          int64_t count, float offset) {
  if (count <= 0)
    return;
  if (getActiveHostIsa() >= HostIsa::Avx2)
    return detail::applyExpFunctionAvx2(function, x, count, offset);
  detail::applyExpFunctionPortable(function, x, count, offset);
}

void mlir::npu::kernels::convertF16ToF32(const uint16_t *in, int64_t count,
                                         float *out) {
  if (count <= 0)
    return;
  if (getActiveHostIsa() >= HostIsa::Avx2)
    return detail::convertF16ToF32Avx2(in, count, out);
  detail::convertF16ToF32Portable(in, count, out);
}

void mlir::npu::kernels::convertF32ToF16(const float *in, int64_t count,
                                         uint16_t *out) {
  if (count <= 0)
    return;
  if (getActiveHostIsa() >= HostIsa::Avx2)
    return detail::convertF32ToF16Avx2(in, count, out);
  detail::convertF32ToF16Portable(in, count, out);
}
