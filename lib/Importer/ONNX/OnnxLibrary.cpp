//===- OnnxLibrary.cpp - calls into libonnx, behind an exception wall -----===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// ONNX reports errors by throwing; LLVM and the rest of npu-mlir are built
// without exceptions. This file alone is compiled with -fexceptions and turns
// every exception into a message, so none crosses into the importer.
//
//===----------------------------------------------------------------------===//

#include "OnnxGraphImporter.h"

#include "onnx/defs/schema.h"
#include "onnx/shape_inference/implementation.h"

#include <exception>
#include <map>
#include <string>

std::string mlir::npu::onnx_import::runOnnxShapeInference(onnx::ModelProto &model) {
  try {
    // ONNX's inference functions trust that a node matches its schema
    // (input and output counts, attribute types): a QuantizeLinear with a
    // second output made Conv's inference read freed memory. Verify every
    // node of a known op against its schema first, as ONNX's checker does.
    std::map<std::string, int> opsets;
    for (const onnx::OperatorSetIdProto &opset : model.opset_import())
      opsets[opset.domain() == "ai.onnx" ? "" : opset.domain()] =
          static_cast<int>(opset.version());
    for (const onnx::NodeProto &node : model.graph().node()) {
      std::string domain = node.domain() == "ai.onnx" ? "" : node.domain();
      auto opset = opsets.find(domain);
      if (opset == opsets.end())
        continue;
      if (const onnx::OpSchema *schema = onnx::OpSchemaRegistry::Schema(
              node.op_type(), opset->second, domain))
        schema->Verify(node);
    }
    onnx::ShapeInferenceOptions options(/*check_type=*/true,
                                        /*strict_mode=*/1,
                                        /*data_prop=*/true);
    onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(),
                                       options);
  } catch (const std::exception &e) {
    return e.what();
  } catch (...) {
    return "unknown error";
  }
  return "";
}

bool mlir::npu::onnx_import::isKnownOnnxOp(llvm::StringRef opType,
                                           llvm::StringRef domain,
                                           int64_t opset) {
  try {
    std::string onnxDomain = domain == "ai.onnx" ? "" : domain.str();
    return onnx::OpSchemaRegistry::Schema(opType.str(), static_cast<int>(opset),
                                          onnxDomain) != nullptr;
  } catch (...) {
    return false;
  }
}
