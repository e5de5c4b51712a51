//===- OnnxOpRegistry.cpp - which ONNX ops the importer converts ----------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The registry is the single source of truth for ONNX support: the importer
// refuses any op not in it (listing them all), and docs/supported-onnx-ops.md
// is generated from it (`npu-translate --print-supported-onnx-ops`).
//
//===----------------------------------------------------------------------===//

#include "OnnxNodeImporter.h"

#include "npu/Importer/OnnxImporter.h"

#include "llvm/ADT/StringMap.h"

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::onnx_import;

static const llvm::StringMap<const OnnxConverter *> &converterTable() {
  static const llvm::StringMap<const OnnxConverter *> table = [] {
    llvm::StringMap<const OnnxConverter *> map;
    for (ArrayRef<OnnxConverter> group :
         {getNNConverters(), getElementwiseConverters(), getShapeConverters(),
          getQuantConverters(), getConstantOnlyConverters()})
      for (const OnnxConverter &converter : group) {
        bool inserted = map.try_emplace(converter.opType, &converter).second;
        assert(inserted && "an ONNX op is registered twice");
        (void)inserted;
      }
    return map;
  }();
  return table;
}

const OnnxConverter *
mlir::npu::onnx_import::lookupConverter(StringRef opType) {
  return converterTable().lookup(opType);
}

std::vector<OnnxOpSupportInfo> mlir::npu::getSupportedOnnxOps() {
  std::vector<OnnxOpSupportInfo> ops;
  for (const auto &entry : converterTable())
    ops.push_back({entry.getKey().str(), entry.getValue()->minOpset,
                   entry.getValue()->notes});
  llvm::sort(ops, [](const OnnxOpSupportInfo &a, const OnnxOpSupportInfo &b) {
    return a.opType < b.opType;
  });
  return ops;
}
