//===- FormLayerGroups.cpp - chains of convolutions tiled together --------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Over each maximal chain of convolutions (each the only user of the one
// before), a shortest-path split into segments: a segment of two or more
// costs planConvChainTiling's cycles, a lone layer planConvTiling's. The
// groups chosen are recorded as `npu.layer_group` for convert-npu-to-npuhw
// (LayerGroups.cpp), which tiles each in bands with its rows in SRAM.
//
//===----------------------------------------------------------------------===//

#include "LoweringContext.h"

#include "npu/Conversion/NpuToNpuHw.h"
#include "npu/Conversion/Passes.h"

#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "npu-form-layer-groups"

namespace mlir::npu {
#define GEN_PASS_DEF_FORMLAYERGROUPS
#include "npu/Conversion/Passes.h.inc"
} // namespace mlir::npu

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::lowering;

namespace {

struct FormLayerGroupsPass : npu::impl::FormLayerGroupsBase<FormLayerGroupsPass> {
  using FormLayerGroupsBase::FormLayerGroupsBase;

  void runOnOperation() override;
};

void FormLayerGroupsPass::runOnOperation() {
  func::FuncOp function = getOperation();
  FailureOr<LoweringBudget> loadedBudget =
      loadLoweringBudget(function, target, sramFraction);
  if (failed(loadedBudget))
    return signalPassFailure();
  const TargetDescription &loaded = loadedBudget->target;
  const int64_t budget = loadedBudget->sramBytes;
  TargetDescription budgeted = loaded;
  budgeted.sram.bytes = budget;
  auto aloneCycles = [&](const ConvProblem &problem) -> std::optional<uint64_t> {
    TargetDescription alone = getConvBudget(problem, loaded, budget);
    if (alone.sram.bytes <= 0)
      return std::nullopt;
    std::optional<ConvTiling> tiling = planConvTiling(problem, alone);
    return tiling ? std::optional<uint64_t>(tiling->cycles) : std::nullopt;
  };
  Builder builder(&getContext());
  int64_t nextId = 0;
  DenseSet<Operation *> visited;
  for (Operation &op : function.getBody().getOps()) {
    auto head = dyn_cast<Conv2DOp>(op);
    if (!head || visited.contains(head))
      continue;
    // The maximal chain from here, with each layer's cost on its own.
    SmallVector<Conv2DOp> chain;
    std::vector<ConvProblem> problems;
    SmallVector<uint64_t> alone;
    for (Conv2DOp conv = head; conv;) {
      std::optional<ConvProblem> problem = getConvProblem(conv);
      std::optional<uint64_t> cycles = problem ? aloneCycles(*problem) : std::nullopt;
      if (!cycles || (!problems.empty() && problem->type != problems.front().type))
        break;
      visited.insert(conv);
      chain.push_back(conv);
      problems.push_back(*problem);
      alone.push_back(*cycles);
      Value link = conv.getResult();
      conv = nullptr;
      if (link.hasOneUse())
        if (auto next = dyn_cast<Conv2DOp>(*link.getUsers().begin()))
          if (next.getInput() == link)
            conv = next;
    }
    // best[i]: the cheapest split of the first i layers; from[i]: where its
    // last segment starts, and that segment's plan when it is a group.
    const size_t count = chain.size();
    SmallVector<uint64_t> best(count + 1, UINT64_MAX);
    SmallVector<size_t> from(count + 1, 0);
    SmallVector<std::optional<ConvChainTiling>> plans(count + 1);
    best[0] = 0;
    for (size_t end = 1; end <= count; ++end)
      for (size_t begin = end; begin-- > 0 && end - begin <= size_t(kMaxChain);) {
        if (best[begin] == UINT64_MAX)
          continue;
        std::optional<ConvChainTiling> plan;
        uint64_t cycles = alone[begin];
        if (end - begin > 1) {
          plan = planConvChainTiling(
              std::vector<ConvProblem>(problems.begin() + begin, problems.begin() + end),
              budgeted);
          if (!plan)
            break; // a longer segment does not fit either
          cycles = plan->cycles;
        }
        if (best[begin] + cycles < best[end]) {
          best[end] = best[begin] + cycles;
          from[end] = begin;
          plans[end] = plan;
        }
      }
    for (size_t end = count; end > 0; end = from[end]) {
      size_t begin = from[end];
      if (end - begin < 2)
        continue;
      ArrayRef<Conv2DOp> group = ArrayRef(chain).slice(begin, end - begin);
      int64_t id = nextId++;
      LLVM_DEBUG(llvm::dbgs() << "layer group " << id << ": " << group.size()
                              << " convolutions from " << group.front().getLoc()
                              << ", " << plans[end]->cycles << " cycles\n");
      for (auto [index, member] : llvm::enumerate(group)) {
        SmallVector<NamedAttribute> fields{
            builder.getNamedAttr("id", builder.getI64IntegerAttr(id)),
            builder.getNamedAttr("index", builder.getI64IntegerAttr(index))};
        if (index == 0)
          fields.push_back(builder.getNamedAttr(
              "rows_per_tile", builder.getI64IntegerAttr(plans[end]->rowsPerTile)));
        member->setAttr(kLayerGroupAttr, builder.getDictionaryAttr(fields));
      }
      ++numLayerGroups;
      numGroupedConvs += group.size();
    }
  }
}

} // namespace
