//===- Timing.cpp - the timing equations of docs/npu-architecture.md ------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "npu/Isa/Timing.h"

using namespace mlir::npu::runtime;
using mlir::npu::TargetDescription;

static uint64_t ceilDiv(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

int64_t mlir::npu::runtime::getWindowOutputSize(int64_t input, int64_t padBefore,
                                          int64_t padAfter, int64_t kernel,
                                          int64_t stride, int64_t dilation) {
  int64_t span = dilation * (kernel - 1) + 1;
  int64_t padded = input + padBefore + padAfter;
  if (stride <= 0 || kernel <= 0 || dilation <= 0 || padded < span)
    return -1;
  return (padded - span) / stride + 1;
}

WindowOutputShape mlir::npu::runtime::getWindowOutputShape(const Command &c) {
  if (c.opcode() == Opcode::Conv2D) {
    using namespace isa::conv2d;
    return {getWindowOutputSize(c.get(height), c.get(pad_top), c.get(pad_bottom),
                                c.get(kernel_h), c.get(stride_h), c.get(dilation_h)),
            getWindowOutputSize(c.get(width), c.get(pad_left), c.get(pad_right),
                                c.get(kernel_w), c.get(stride_w), c.get(dilation_w))};
  }
  using namespace isa::pool; // pools have no dilation
  return {getWindowOutputSize(c.get(height), c.get(pad_top), c.get(pad_bottom),
                              c.get(kernel_h), c.get(stride_h), 1),
          getWindowOutputSize(c.get(width), c.get(pad_left), c.get(pad_right),
                              c.get(kernel_w), c.get(stride_w), 1)};
}

namespace {

struct ConvShape {
  uint64_t m, kPerGroup, nPerGroup, groups;
};

ConvShape getConvShape(const Command &c) {
  using namespace isa::conv2d;
  WindowOutputShape out = getWindowOutputShape(c);
  uint64_t g = c.get(groups);
  return {c.get(batch) * uint64_t(out.height) * uint64_t(out.width),
          c.get(kernel_h) * c.get(kernel_w) * (c.get(in_channels) / g),
          c.get(out_channels) / g, g};
}

} // namespace

uint64_t mlir::npu::runtime::getCommandMacs(const Command &c) {
  switch (c.opcode()) {
  case Opcode::MatMul:
    return c.get(isa::matmul::m) * c.get(isa::matmul::k) * c.get(isa::matmul::n);
  case Opcode::Conv2D: {
    ConvShape s = getConvShape(c);
    return s.groups * s.m * s.kPerGroup * s.nPerGroup;
  }
  default:
    return 0;
  }
}

uint64_t mlir::npu::runtime::getDmaBytes(const Command &c) {
  if (c.opcode() == Opcode::Dma)
    return c.get(isa::dma::row_bytes) * c.get(isa::dma::count0) *
           c.get(isa::dma::count1) * c.get(isa::dma::count2);
  if (c.opcode() == Opcode::Gather)
    return c.get(isa::gather::row_bytes) * c.get(isa::gather::count);
  return 0;
}

CommandCycles mlir::npu::runtime::getCommandCycles(const Command &c,
                                             const TargetDescription &target) {
  CommandCycles cycles;
  const uint64_t rows = target.matrix.rows, cols = target.matrix.cols;
  const uint64_t lanes = target.vector.lanes;
  auto matrix = [&](uint64_t m, uint64_t k, uint64_t n, uint64_t groups) {
    // Partial tiles still take a full pass of the array.
    uint64_t perMac = c.dtype() == DType::F16 ? target.matrix.fp16CyclesPerMac : 1;
    cycles.latency = target.matrix.pipelineLatency;
    cycles.transfer = groups * ceilDiv(m, rows) * ceilDiv(n, cols) * k * perMac;
  };
  auto vector = [&](uint64_t elements, uint64_t passes) {
    cycles.latency = target.vector.pipelineLatency;
    cycles.transfer = ceilDiv(elements * passes, lanes);
  };

  switch (c.opcode()) {
  case Opcode::Dma:
  case Opcode::Gather: {
    // A gather is a DMA of `count` rows whose addresses come from the
    // indices, which it first reads from SRAM.
    bool isGather = c.opcode() == Opcode::Gather;
    uint64_t rowCount = isGather ? c.get(isa::gather::count)
                                 : c.get(isa::dma::count0) * c.get(isa::dma::count1) *
                                       c.get(isa::dma::count2);
    uint64_t bytes = getDmaBytes(c);
    uint64_t rowOverhead = rowCount * target.dma.rowOverheadCycles;
    if (isGather)
      rowOverhead += ceilDiv(rowCount * getDTypeBytes(c.dtype()),
                             target.sram.bytesPerCycle);
    uint64_t srcSpace = isGather ? c.get(isa::gather::src_space) : c.get(isa::dma::src_space);
    uint64_t dstSpace = isGather ? c.get(isa::gather::dst_space) : c.get(isa::dma::dst_space);
    bool dram = srcSpace == uint64_t(MemorySpace::Dram) ||
                dstSpace == uint64_t(MemorySpace::Dram);
    if (dram) {
      cycles.usesDram = true;
      cycles.latency = target.dram.latencyCycles;
      cycles.transfer = ceilDiv(bytes, target.dram.bytesPerCycle) + rowOverhead;
    } else {
      cycles.transfer = ceilDiv(bytes, target.sram.bytesPerCycle) + rowOverhead;
    }
    return cycles;
  }
  case Opcode::MatMul:
    matrix(c.get(isa::matmul::m), c.get(isa::matmul::k), c.get(isa::matmul::n), 1);
    return cycles;
  case Opcode::Conv2D: {
    ConvShape s = getConvShape(c);
    matrix(s.m, s.kPerGroup, s.nPerGroup, s.groups);
    return cycles;
  }
  case Opcode::Requant:
    vector(c.get(isa::requant::count), 1);
    return cycles;
  case Opcode::Eltwise:
    vector(c.get(isa::eltwise::count), 1);
    return cycles;
  case Opcode::Activation:
    vector(c.get(isa::act::count), 1);
    return cycles;
  case Opcode::Pool: {
    WindowOutputShape out = getWindowOutputShape(c);
    using namespace isa::pool;
    vector(c.get(batch) * uint64_t(out.height) * uint64_t(out.width) * c.get(channels),
           c.get(kernel_h) * c.get(kernel_w));
    return cycles;
  }
  case Opcode::Softmax:
    vector(c.get(isa::softmax::rows) * c.get(isa::softmax::cols), 3);
    return cycles;
  case Opcode::Norm:
    vector(c.get(isa::norm::rows) * c.get(isa::norm::cols),
           c.kind() == uint8_t(NormKind::Layer) ? 3 : 2);
    return cycles;
  case Opcode::Signal:
  case Opcode::Wait:
    return cycles;
  }
  return cycles;
}
