//===- Pipelines.cpp - npu-mlir's named pass pipelines --------------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "npu/Driver/Pipelines.h"

#include "npu/Conversion/Passes.h"
#include "npu/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::npu;

void mlir::npu::buildGraphPipeline(OpPassManager &pm,
                                   const GraphPipelineOptions &options) {
  OpPassManager &graph = pm.nest<func::FuncOp>();
  graph.addPass(createCanonicalizerPass());
  graph.addPass(createRaiseNorms());
  graph.addPass(createRaiseGelu());
  graph.addPass(createFoldBatchNorm());
  graph.addPass(createFuseActivations());
  graph.addPass(createLegalizeQuantized());
  graph.addPass(createCanonicalizerPass());
  if (options.padChannels > 0)
    graph.addPass(createPadChannels(PadChannelsOptions{options.padChannels}));
}

void mlir::npu::buildLowerToNpuHwPipeline(OpPassManager &pm,
                                          const LoweringPipelineOptions &options) {
  OpPassManager &decisions = pm.nest<func::FuncOp>();
  decisions.addPass(createAssignLayout());
  if (options.layerGroups) {
    FormLayerGroupsOptions groups;
    groups.target = options.target;
    groups.sramFraction = options.sramFraction;
    decisions.addPass(createFormLayerGroups(groups));
  }
  ConvertNpuToNpuHwOptions conversion;
  conversion.target = options.target;
  conversion.sramFraction = options.sramFraction;
  pm.addPass(createConvertNpuToNpuHw(conversion));
}

void mlir::npu::buildHwPipeline(OpPassManager &pm,
                                const LoweringPipelineOptions &options) {
  buildLowerToNpuHwPipeline(pm, options);
  pm.addPass(createPlanMemory());
  pm.addPass(createSchedule());
}

void mlir::npu::registerNpuPipelines() {
  PassPipelineRegistration<GraphPipelineOptions>(
      "npu-graph-pipeline",
      "The graph passes npu-compile runs before quantization: canonicalize, "
      "raise norms and GELU, fold BatchNorm, fuse activations, legalize "
      "pre-quantized products, pad channels",
      buildGraphPipeline);
  PassPipelineRegistration<LoweringPipelineOptions>(
      "npu-lower-to-npuhw",
      "npu -> npuhw: npu-assign-layout, npu-form-layer-groups, "
      "convert-npu-to-npuhw",
      buildLowerToNpuHwPipeline);
  PassPipelineRegistration<LoweringPipelineOptions>(
      "npu-hw-pipeline",
      "npu-lower-to-npuhw, npuhw-plan-memory, npuhw-schedule: the module "
      "npu-translate --emit-artifact takes",
      buildHwPipeline);
}
