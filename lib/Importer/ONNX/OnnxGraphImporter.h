//===- OnnxGraphImporter.h - state of one model import -----------*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_LIB_IMPORTER_ONNX_ONNXGRAPHIMPORTER_H
#define NPU_LIB_IMPORTER_ONNX_ONNXGRAPHIMPORTER_H

#include "OnnxNodeImporter.h"

#include "npu/Importer/OnnxImporter.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <optional>
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::npu::onnx_import {

/// Element type of an ONNX TensorProto data type, or null if unsupported.
Type convertElementType(MLIRContext *context, int32_t onnxType);
/// "FLOAT", "INT64", ... for messages.
std::string onnxTypeName(int32_t onnxType);

/// Reads an initializer (or Constant tensor) into an ElementsAttr: small ones
/// as dense elements, large ones as a dense_resource blob that takes over the
/// protobuf's bytes (or maps the external-data file) without copying them.
/// Checks sizes, external locations and overflows; errors go to `loc`.
FailureOr<ElementsAttr> importTensor(onnx::TensorProto &tensor, Location loc,
                                     const OnnxImportOptions &options,
                                     StringRef externalDirectory);

/// Checks a TensorProto's type, shape and stored size without decoding it.
/// An empty tensor (a zero dimension) passes; callers treat it as absent.
LogicalResult checkTensorProto(const onnx::TensorProto &tensor, Location loc);
/// Whether the tensor has a zero dimension.
bool isEmptyTensorProto(const onnx::TensorProto &tensor);

/// Turns an ONNX shape into a checked static shape: every dimension known and
/// positive, the element count far from overflowing.
LogicalResult checkStaticShape(ArrayRef<int64_t> shape, Type elementType,
                               Location loc, const Twine &what);

/// Runs ONNX's strict shape inference with data propagation in place.
/// Returns an empty string on success, else ONNX's error message. (Compiled
/// with exceptions, which ONNX uses to report errors.)
std::string runOnnxShapeInference(onnx::ModelProto &model);
/// Whether ONNX's schema registry knows `opType` in `domain` at `opset`.
bool isKnownOnnxOp(StringRef opType, StringRef domain, int64_t opset);

class GraphImporter {
public:
  GraphImporter(onnx::ModelProto &model, StringRef modelName,
                const OnnxImportOptions &options, MLIRContext &context,
                StringRef externalDirectory)
      : model(model), modelName(modelName.str()), options(options),
        context(context), externalDirectory(externalDirectory.str()) {}

  FailureOr<OwningOpRef<ModuleOp>> run();

  /// The value bound to an ONNX tensor name, materialising initializers on
  /// first use; null if the name is unknown.
  Value lookup(StringRef name);
  void bind(StringRef name, Value value) { values[name] = value; }
  bool isInitializer(StringRef name) const { return initializers.count(name); }
  /// Empty tensors (zero elements) stand for absent optional inputs.
  bool isEmptyTensor(StringRef name) const { return emptyTensors.contains(name); }
  void markEmptyTensor(StringRef name) { emptyTensors.insert(name); }
  Location nodeLocation(const onnx::NodeProto &node, int index);
  const OnnxImportOptions &getOptions() const { return options; }
  StringRef getExternalDirectory() const { return externalDirectory; }
  /// Where constants go: the start of @main, so they dominate every use.
  OpBuilder &getConstantBuilder() { return constantBuilder; }

private:
  LogicalResult checkOpset();
  LogicalResult applyInputShapes();
  LogicalResult checkSupported();
  LogicalResult checkEdges();
  LogicalResult checkWindowAttributes();
  /// The model without large initializer data, for ONNX's shape inference.
  onnx::ModelProto shapeSkeleton();
  LogicalResult checkInitializers();
  FailureOr<RankedTensorType> inputType(const onnx::ValueInfoProto &input);
  LogicalResult crossCheckShapes(const onnx::NodeProto &node, Location loc);

  onnx::ModelProto &model;
  std::string modelName;
  const OnnxImportOptions &options;
  MLIRContext &context;
  std::string externalDirectory;
  int64_t opset = 0;

  OpBuilder constantBuilder{&context};
  llvm::StringMap<Value> values;
  llvm::StringMap<onnx::TensorProto *> initializers;
  llvm::StringSet<> emptyTensors;
  /// Shapes ONNX's inference found, by tensor name (static ones only).
  llvm::StringMap<SmallVector<int64_t>> onnxShapes;
};

} // namespace mlir::npu::onnx_import

#endif // NPU_LIB_IMPORTER_ONNX_ONNXGRAPHIMPORTER_H
