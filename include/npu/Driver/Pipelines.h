//===- Pipelines.h - npu-mlir's named pass pipelines ------------*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The pipelines npu-compile runs, registered so that npu-opt reproduces any
// stage with one flag (docs/pipeline.md):
//
//   --npu-graph-pipeline       canonicalize, raise norms and GELU, fold
//                              BatchNorm, fuse activations, legalize
//                              pre-quantized products, [pad channels]
//   --npu-lower-to-npuhw       assign layouts, form layer groups, convert
//                              npu -> npuhw (unplanned buffers)
//   --npu-hw-pipeline          npu-lower-to-npuhw, then plan memory and
//                              schedule: what --emit-artifact takes
//
//===----------------------------------------------------------------------===//

#ifndef NPU_DRIVER_PIPELINES_H
#define NPU_DRIVER_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

#include <string>

namespace mlir::npu {

struct GraphPipelineOptions : PassPipelineOptions<GraphPipelineOptions> {
  Option<int64_t> padChannels{
      *this, "pad-channels",
      llvm::cl::desc("Pad convolution channels to a multiple of this (0: no padding)"),
      llvm::cl::init(0)};
};

struct LoweringPipelineOptions : PassPipelineOptions<LoweringPipelineOptions> {
  Option<std::string> target{*this, "target",
                             llvm::cl::desc("Target preset name or JSON file"),
                             llvm::cl::init("edge")};
  Option<double> sramFraction{
      *this, "sram-fraction",
      llvm::cl::desc("Share of SRAM tiles may plan for; the rest absorbs the "
                     "planner's fragmentation"),
      llvm::cl::init(0.875)};
  Option<bool> layerGroups{
      *this, "layer-groups",
      llvm::cl::desc("Tile chains of convolutions together when the cost model "
                     "says it is faster"),
      llvm::cl::init(true)};
};

/// The graph passes on every function of a module.
void buildGraphPipeline(OpPassManager &pm, const GraphPipelineOptions &options);
/// npu -> npuhw: layouts, layer groups, the conversion.
void buildLowerToNpuHwPipeline(OpPassManager &pm, const LoweringPipelineOptions &options);
/// npu -> npuhw, memory planning and scheduling.
void buildHwPipeline(OpPassManager &pm, const LoweringPipelineOptions &options);

/// Registers the three pipelines with the pass registry (npu-opt).
void registerNpuPipelines();

} // namespace mlir::npu

#endif // NPU_DRIVER_PIPELINES_H
