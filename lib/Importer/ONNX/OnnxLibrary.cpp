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

std::string mlir::npu::onnx_import::runOnnxShapeInference(onnx::ModelProto &model) {
  try {
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
