//===- npu-translate.cpp - translations into and out of npu-mlir ----------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// mlir-translate with npu-mlir's translations: ONNX import, artifact
// emission and disassembly register here as they land (see
// docs/architecture.md for the list and their status).
//
//===----------------------------------------------------------------------===//

#include "dialects/npu/NpuDialect.h"
#include "dialects/npuhw/NpuHwDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "mlir/Tools/mlir-translate/Translation.h"

using namespace mlir;

/// The dialects every translation out of npu-mlir may meet.
static void registerNpuDialects(DialectRegistry &registry) {
  registry.insert<npu::NpuDialect, npuhw::NpuHwDialect, func::FuncDialect,
                  memref::MemRefDialect, quant::QuantDialect>();
}

int main(int argc, char **argv) {
  // Round-trips npu IR through the translation driver; the importer and
  // the artifact emitter join as they land.
  TranslateFromMLIRRegistration roundTrip(
      "npu-round-trip", "Parse and print npu / npuhw IR unchanged",
      [](Operation *op, raw_ostream &output) {
        op->print(output);
        output << "\n";
        return success();
      },
      registerNpuDialects);
  return failed(mlirTranslateMain(argc, argv, "npu-mlir translation driver"));
}
