//===- npu-opt.cpp - mlir-opt for the npu and npuhw dialects --------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "dialects/npu/NpuDialect.h"
#include "dialects/npuhw/NpuHwDialect.h"
#include "npu/Conversion/Passes.h"
#include "npu/Driver/Pipelines.h"
#include "npu/Reference/ReferenceOpInterface.h"
#include "npu/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  registry.insert<mlir::npu::NpuDialect, mlir::npuhw::NpuHwDialect,
                  mlir::func::FuncDialect,
                  mlir::arith::ArithDialect, mlir::tensor::TensorDialect,
                  mlir::memref::MemRefDialect, mlir::quant::QuantDialect>();
  mlir::npu::reference::registerReferenceInterfaces(registry);
  mlir::registerTransformsPasses();
  mlir::npu::registerNpuTransformsPasses();
  mlir::npu::registerNpuConversionPasses();
  mlir::npu::registerNpuPipelines();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "npu-mlir optimizer driver\n", registry));
}
