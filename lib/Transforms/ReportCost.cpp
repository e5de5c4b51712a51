//===- ReportCost.cpp - report the work npu ops ask of the NPU ------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "npu/Transforms/Passes.h"

#include "llvm/Support/FormatVariadic.h"

namespace mlir::npu {
#define GEN_PASS_DEF_REPORTCOST
#include "npu/Transforms/Passes.h.inc"
} // namespace mlir::npu

using namespace mlir;
using namespace mlir::npu;

namespace {
struct ReportCostPass : npu::impl::ReportCostBase<ReportCostPass> {
  using ReportCostBase::ReportCostBase;

  void runOnOperation() override {
    func::FuncOp func = getOperation();
    int64_t macs = 0, vectorOps = 0, bytes = 0, ops = 0;
    func.walk([&](NpuCostOpInterface op) {
      if (isa<ConstantOp>(op))
        return; // data, not work
      int64_t opMacs = op.getMacCount(), opVector = op.getVectorOpCount(),
              opBytes = op.getCompulsoryBytes();
      macs += opMacs;
      vectorOps += opVector;
      bytes += opBytes;
      ++ops;
      if (perOp) {
        InFlightDiagnostic remark = op->emitRemark()
                                    << op->getName().stripDialect();
        if (std::string node = getOnnxNodeName(op->getLoc()); !node.empty())
          remark << " '" << node << "'";
        remark << ": " << opMacs << " MACs, " << opVector << " vector ops, "
               << opBytes << " bytes";
      }
    });
    numOps += ops;
    totalMacs += macs;
    totalVectorOps += vectorOps;
    totalBytes += bytes;
    double intensity = bytes ? static_cast<double>(macs) / bytes : 0.0;
    func.emitRemark() << "@" << func.getSymName() << ": " << ops
                      << " npu ops, " << macs << " MACs, " << vectorOps
                      << " vector ops, " << bytes << " compulsory bytes, "
                      << llvm::formatv("{0:F2}", intensity).str() << " MACs/byte";
    markAllAnalysesPreserved();
  }
};
} // namespace
