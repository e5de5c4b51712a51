//===- OnnxNodeImporter.h - what a converter sees of one ONNX node -*- C++ -*-//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Each supported ONNX op has one converter function taking an
// OnnxNodeImporter: typed access to the node's inputs (values, or constants
// when they are known at import), its attributes with ONNX defaults, a
// builder positioned in @main, and `create<Op>` which infers result types and
// folds ops whose operands are all constant (so shape subgraphs disappear as
// they are imported). Errors name the node.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_LIB_IMPORTER_ONNX_ONNXNODEIMPORTER_H
#define NPU_LIB_IMPORTER_ONNX_ONNXNODEIMPORTER_H

#include "dialects/npu/NpuDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/StringMap.h"

#include "onnx/onnx_pb.h"

#include <optional>
#include <string>

namespace mlir::npu::onnx_import {

class GraphImporter;

class OnnxNodeImporter {
public:
  OnnxNodeImporter(GraphImporter &graph, const onnx::NodeProto &node,
                   int64_t opset, OpBuilder &builder, Location loc)
      : graph(graph), node(node), opset(opset), builder(builder), loc(loc) {}
  /// The same node seen with rewritten attributes (e.g. 1-D widened to 2-D).
  OnnxNodeImporter(const OnnxNodeImporter &other,
                   const onnx::NodeProto &replacement)
      : graph(other.graph), node(replacement), opset(other.opset),
        builder(other.builder), loc(other.loc) {}

  const onnx::NodeProto &getNode() const { return node; }
  GraphImporter &getGraph() { return graph; }
  /// The model's default-domain opset.
  int64_t getOpset() const { return opset; }
  OpBuilder &getBuilder() { return builder; }
  Location getLoc() const { return loc; }
  MLIRContext *getContext() { return builder.getContext(); }

  //===--------------------------------------------------------------------===//
  // Inputs
  //===--------------------------------------------------------------------===//

  /// Number of inputs, trailing omitted optional inputs included.
  unsigned getNumInputs() const { return node.input_size(); }
  /// Whether input `i` is given: optional inputs may be absent, named "",
  /// or an empty tensor (exporters pass an empty `roi` or `scales` to Resize).
  bool hasInput(unsigned i) const;
  /// Input `i`; null if absent.
  Value input(unsigned i);
  /// Input `i`, which must be present: emits an error naming it otherwise.
  FailureOr<Value> requiredInput(unsigned i, StringRef what);
  RankedTensorType inputType(unsigned i) {
    return cast<RankedTensorType>(input(i).getType());
  }
  /// The value of input `i` when it is known at import time (an initializer,
  /// a Constant node or a folded shape computation), as dense elements.
  DenseElementsAttr constantInput(unsigned i);
  /// Integer values of a constant input (shapes, axes, pads); emits an error
  /// naming `what` when the input is not constant.
  FailureOr<SmallVector<int64_t>> constantInts(unsigned i, StringRef what);
  /// Float values of a constant input (scales, clip bounds).
  FailureOr<SmallVector<double>> constantFloats(unsigned i, StringRef what);
  /// A constant input of exactly one element (a scalar or a one-element
  /// tensor) of an integer type, or of a float type too if `allowFloat`;
  /// null after emitting an error naming `what` otherwise. Splat accessors
  /// are safe on the result.
  DenseElementsAttr constantScalar(unsigned i, StringRef what, bool allowFloat);

  //===--------------------------------------------------------------------===//
  // Attributes (ONNX defaults supplied by the caller)
  //===--------------------------------------------------------------------===//

  const onnx::AttributeProto *findAttr(StringRef name) const;
  bool hasAttr(StringRef name) const { return findAttr(name) != nullptr; }
  int64_t intAttr(StringRef name, int64_t defaultValue) const;
  float floatAttr(StringRef name, float defaultValue) const;
  std::string stringAttr(StringRef name, StringRef defaultValue) const;
  SmallVector<int64_t> intsAttr(StringRef name,
                                ArrayRef<int64_t> defaultValue = {}) const;
  SmallVector<float> floatsAttr(StringRef name) const;

  //===--------------------------------------------------------------------===//
  // Building
  //===--------------------------------------------------------------------===//

  /// Creates an npu op with inferred result type (or `elementType`), folding
  /// it to a constant when all its operands are constant. Returns null after
  /// an error (already reported at this node).
  template <typename OpTy, typename... Args>
  Value create(Type elementType, Args &&...args) {
    OpTy op = createWithInferredType<OpTy>(builder, loc, elementType,
                                           std::forward<Args>(args)...);
    if (!op)
      return {};
    return foldIfConstant(op);
  }
  /// Creates an op whose result type the caller states (reshape, broadcast,
  /// resize, cast, quantize), verifying it; folds like `create`.
  template <typename OpTy, typename... Args>
  Value createWithType(Type resultType, Args &&...args) {
    if (auto shaped = dyn_cast<ShapedType>(resultType);
        shaped && !hasReasonableSize(shaped.getShape())) {
      emitError() << "would produce a tensor of more than 2^40 elements (a "
                     "corrupt or hostile model?)";
      return {};
    }
    OpTy op = OpTy::create(builder, loc, resultType, std::forward<Args>(args)...);
    if (failed(verifyNew(op))) {
      op->erase();
      return {};
    }
    return foldIfConstant(op);
  }
  /// A constant tensor.
  Value constant(ElementsAttr value);
  Value constantI64(ArrayRef<int64_t> values);
  /// A scalar-like constant of `elementType` broadcastable to any rank.
  Value splatConstant(Type elementType, double value, int64_t rank = 0);
  /// Reshape helper (no-op when the type matches).
  Value reshape(Value value, ArrayRef<int64_t> shape);

  //===--------------------------------------------------------------------===//
  // Outputs and errors
  //===--------------------------------------------------------------------===//

  /// Binds output `i` of the node to `value`.
  void setOutput(unsigned i, Value value);
  /// Binds output 0 to `value`; fails (the error already reported) if null.
  LogicalResult setResult(Value value) {
    if (!value)
      return failure();
    setOutput(0, value);
    return success();
  }
  /// Marks output `i` as an empty tensor: consumers see it as absent.
  void setOutputEmpty(unsigned i);
  unsigned getNumOutputs() const { return node.output_size(); }
  /// An error at this node: "'<name>' (<OpType>): <message>".
  InFlightDiagnostic emitError();
  /// Reports that this node's form is not supported and what to do.
  LogicalResult unsupported(const Twine &what);

private:
  Value foldIfConstant(Operation *op);
  LogicalResult verifyNew(Operation *op);

  GraphImporter &graph;
  const onnx::NodeProto &node;
  int64_t opset;
  OpBuilder &builder;
  Location loc;
};

/// A converter: builds the npu ops for one node and binds its outputs.
using OnnxConverterFn = LogicalResult (*)(OnnxNodeImporter &);

struct OnnxConverter {
  const char *opType;
  /// Oldest default-domain opset whose form of the op the converter handles.
  int64_t minOpset;
  OnnxConverterFn convert;
  /// One line for docs/supported-onnx-ops.md: limits and lowering notes.
  const char *notes;
};

/// The converters of each file, collected by the registry.
ArrayRef<OnnxConverter> getNNConverters();
ArrayRef<OnnxConverter> getElementwiseConverters();
ArrayRef<OnnxConverter> getShapeConverters();
ArrayRef<OnnxConverter> getQuantConverters();
ArrayRef<OnnxConverter> getConstantOnlyConverters();

/// The converter for `opType` in the default domain, or null.
const OnnxConverter *lookupConverter(StringRef opType);

/// Builds a 2-D (or 1-D) convolution with the node's window attributes
/// (strides, pads, dilations, group, auto_pad); `resultElementType` is null
/// for float convolutions. Shared by Conv, ConvInteger and QLinearConv.
Value buildConvolution(OnnxNodeImporter &node, Value input, Value filter,
                       Value bias, Type resultElementType);

/// A quantized value as the integer tensor ONNX sees at a graph boundary:
/// its storage (`quant.scast`), bitcast to `declaredElementType` (ui8) when
/// that differs from the signless storage type. Other values pass through.
Value quantizedToStorage(OpBuilder &builder, Location loc, Value value,
                         Type declaredElementType);

/// Normalises a possibly negative ONNX axis; emits an error when out of range.
FailureOr<int64_t> normalizeAxis(OnnxNodeImporter &node, int64_t axis,
                                 int64_t rank, StringRef what = "axis");

} // namespace mlir::npu::onnx_import

#endif // NPU_LIB_IMPORTER_ONNX_ONNXNODEIMPORTER_H
