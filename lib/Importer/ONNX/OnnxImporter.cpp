//===- OnnxImporter.cpp - ONNX ModelProto to the npu dialect --------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The import runs in stages, each of which can refuse the model with a
// diagnostic before anything is built:
//   1. parse the protobuf (bounded, whole message) and check the opsets;
//   2. apply --input-shape and require every graph input to be static;
//   3. run ONNX's strict shape inference (type errors, impossible shapes);
//   4. list every unsupported op at once; check every edge has a producer;
//   5. convert node by node, folding constant subgraphs as they come, and
//      cross-check each result shape against ONNX's inference.
//
//===----------------------------------------------------------------------===//

#include "OnnxGraphImporter.h"
#include "npu/Support/FileRead.h"

#include "dialects/npu/NpuDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <climits>

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::onnx_import;

//===----------------------------------------------------------------------===//
// Options and registration
//===----------------------------------------------------------------------===//

std::string mlir::npu::parseInputShapeOption(StringRef text,
                                             OnnxImportOptions &options) {
  auto [name, dims] = text.rsplit('=');
  if (name.empty() || dims.empty())
    return ("expected --input-shape NAME=D0xD1x..., got '" + text + "'").str();
  SmallVector<int64_t> shape;
  SmallVector<StringRef> parts;
  dims.split(parts, 'x');
  for (StringRef part : parts) {
    int64_t dim;
    if (part.getAsInteger(10, dim) || dim <= 0)
      return ("--input-shape " + text + ": '" + part +
              "' is not a positive dimension")
          .str();
    shape.push_back(dim);
  }
  options.inputShapes[name] = shape;
  return "";
}

void mlir::npu::registerOnnxImportDialects(DialectRegistry &registry) {
  registry.insert<NpuDialect, func::FuncDialect, quant::QuantDialect,
                  tensor::TensorDialect>();
}

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

/// Parses the whole of `stream` (`size` bytes) as a ModelProto.
static LogicalResult parseModel(google::protobuf::io::ZeroCopyInputStream &stream,
                                size_t size, onnx::ModelProto &model) {
  google::protobuf::io::CodedInputStream coded(&stream);
  // The exact size as the limit also lets protobuf reserve each string at
  // its final length instead of growing it, which would double the peak
  // memory of every large initializer.
  coded.SetTotalBytesLimit(static_cast<int>(size));
  // A truncated or padded file is an error, not a silently shorter model.
  return success(model.ParseFromCodedStream(&coded) &&
                 coded.ConsumedEntireMessage());
}

static FailureOr<OwningOpRef<ModuleOp>>
importParsedModel(onnx::ModelProto &model, StringRef modelName,
                  const OnnxImportOptions &options, MLIRContext &context) {
  std::string directory = options.externalDataDirectory.empty()
                              ? std::string(".")
                              : options.externalDataDirectory;
  GraphImporter importer(model, modelName, options, context, directory);
  return importer.run();
}

FailureOr<OwningOpRef<ModuleOp>>
mlir::npu::importOnnxFile(StringRef path, const OnnxImportOptions &options,
                          MLIRContext &context) {
  Location fileLoc = FileLineColLoc::get(&context, path, 0, 0);
  llvm::Expected<uint64_t> checkedSize =
      checkRegularFile(path, std::numeric_limits<uint64_t>::max(), "ONNX model");
  if (!checkedSize)
    return emitError(fileLoc) << llvm::toString(checkedSize.takeError());
  uint64_t size = *checkedSize;
  if (size == 0)
    return emitError(fileLoc) << "the ONNX model is empty (0 bytes)";
  if (size > static_cast<uint64_t>(INT_MAX))
    return emitError(fileLoc)
           << "the ONNX model is " << size
           << " bytes; protobuf messages are limited to 2 GiB: store the "
              "weights as external data";
  // Stream the file through a small buffer rather than loading it whole: the
  // parsed initializers are the only copy of the weights in memory, and the
  // importer hands them to the IR without copying again.
  int fd;
  if (std::error_code ec = llvm::sys::fs::openFileForRead(path, fd))
    return emitError(fileLoc) << "cannot read ONNX model: " << ec.message();
  onnx::ModelProto model;
  LogicalResult parsed = failure();
  {
    google::protobuf::io::FileInputStream stream(fd, /*block_size=*/1 << 20);
    stream.SetCloseOnDelete(true);
    parsed = parseModel(stream, size, model);
  }
  if (failed(parsed))
    return emitError(fileLoc)
           << "is not a valid ONNX model: the protobuf does not parse "
              "(truncated or corrupt file?)";
  OnnxImportOptions resolved = options;
  if (resolved.externalDataDirectory.empty()) {
    SmallString<256> directory(path);
    llvm::sys::path::remove_filename(directory);
    resolved.externalDataDirectory =
        directory.empty() ? std::string(".") : std::string(directory);
  }
  return importParsedModel(model, path, resolved, context);
}

FailureOr<OwningOpRef<ModuleOp>>
mlir::npu::importOnnxBytes(StringRef bytes, StringRef modelName,
                           const OnnxImportOptions &options,
                           MLIRContext &context) {
  Location fileLoc = FileLineColLoc::get(&context, modelName, 0, 0);
  if (bytes.empty())
    return emitError(fileLoc) << "the ONNX model is empty (0 bytes)";
  if (bytes.size() > static_cast<size_t>(INT_MAX))
    return emitError(fileLoc)
           << "the ONNX model is " << bytes.size()
           << " bytes; protobuf messages are limited to 2 GiB: store the "
              "weights as external data";
  onnx::ModelProto model;
  google::protobuf::io::ArrayInputStream stream(bytes.data(),
                                                static_cast<int>(bytes.size()));
  if (failed(parseModel(stream, bytes.size(), model)))
    return emitError(fileLoc)
           << "is not a valid ONNX model: the protobuf does not parse "
              "(truncated or corrupt file?)";
  return importParsedModel(model, modelName, options, context);
}

//===----------------------------------------------------------------------===//
// GraphImporter
//===----------------------------------------------------------------------===//

Location GraphImporter::nodeLocation(const onnx::NodeProto &node, int index) {
  // The node name, inside the model file's location, so diagnostics of every
  // later pass can point back to the ONNX node.
  std::string name = node.name().empty()
                         ? node.op_type() + "_" + std::to_string(index)
                         : node.name();
  return NameLoc::get(StringAttr::get(&context, name),
                      FileLineColLoc::get(&context, modelName, 0, 0));
}

LogicalResult GraphImporter::checkOpset() {
  Location fileLoc = FileLineColLoc::get(&context, modelName, 0, 0);
  if (!model.has_graph())
    return emitError(fileLoc) << "is not a valid ONNX model: it has no graph";
  bool found = false;
  for (const onnx::OperatorSetIdProto &entry : model.opset_import()) {
    if (entry.domain().empty() || entry.domain() == "ai.onnx") {
      opset = entry.version();
      found = true;
    }
  }
  if (!found)
    return emitError(fileLoc) << "does not import the default ONNX opset "
                                 "(opset_import has no entry for domain \"\")";
  if (opset < kMinOnnxOpset || opset > kMaxOnnxOpset)
    return emitError(fileLoc)
           << "uses ONNX opset " << opset << "; npu-mlir imports opsets "
           << kMinOnnxOpset << " to " << kMaxOnnxOpset
           << " (re-export the model with an opset in that range, or convert "
              "it with onnx.version_converter)";
  return success();
}

FailureOr<RankedTensorType>
GraphImporter::inputType(const onnx::ValueInfoProto &input) {
  // Errors name the input in their text; a NameLoc would read as a node.
  Location loc = FileLineColLoc::get(&context, modelName, 0, 0);
  if (!input.type().has_tensor_type())
    return emitError(loc) << "graph input '" << input.name()
                          << "' is not a tensor (sequences and maps are not "
                             "supported)";
  const onnx::TypeProto_Tensor &tensor = input.type().tensor_type();
  Type elementType = convertElementType(&context, tensor.elem_type());
  if (!elementType)
    return emitError(loc) << "graph input '" << input.name()
                          << "' has unsupported element type "
                          << onnxTypeName(tensor.elem_type());
  SmallVector<int64_t> shape;
  for (const onnx::TensorShapeProto_Dimension &dim : tensor.shape().dim())
    shape.push_back(dim.has_dim_value() ? dim.dim_value() : ShapedType::kDynamic);
  if (failed(checkStaticShape(shape, elementType, loc,
                              "graph input '" + input.name() + "'")))
    return failure();
  return RankedTensorType::get(shape, elementType);
}

LogicalResult GraphImporter::applyInputShapes() {
  onnx::GraphProto &graph = *model.mutable_graph();
  llvm::StringSet<> initializerNames;
  for (const onnx::TensorProto &init : graph.initializer())
    initializerNames.insert(init.name());
  llvm::StringSet<> inputNames;
  for (const onnx::ValueInfoProto &input : graph.input())
    if (!initializerNames.contains(input.name()))
      inputNames.insert(input.name());
  for (const auto &entry : options.inputShapes)
    if (!inputNames.contains(entry.getKey())) {
      std::string known;
      for (const auto &name : inputNames)
        known += (known.empty() ? "" : ", ") + name.getKey().str();
      return emitError(FileLineColLoc::get(&context, modelName, 0, 0))
             << "--input-shape names '" << entry.getKey()
             << "', which is not a graph input (inputs: " << known << ")";
    }
  for (onnx::ValueInfoProto &input : *graph.mutable_input()) {
    if (initializerNames.contains(input.name()))
      continue;
    auto it = options.inputShapes.find(input.name());
    // No shape at all is an unknown rank, not a scalar (a scalar has a shape
    // of no dimensions): nothing after this point could guess it.
    if (it == options.inputShapes.end() && input.type().has_tensor_type() &&
        !input.type().tensor_type().has_shape())
      return emitError(FileLineColLoc::get(&context, modelName, 0, 0))
             << "graph input '" << input.name()
             << "' is declared without a shape (not even its rank); give "
                "it one with --input-shape "
             << input.name() << "=1x3x224x224 (its real sizes)";
    onnx::TensorShapeProto *shape =
        input.mutable_type()->mutable_tensor_type()->mutable_shape();
    if (it != options.inputShapes.end()) {
      // The given shape must fit the declared one: same rank, and equal
      // wherever the model states a size.
      const SmallVector<int64_t> &given = it->second;
      bool fits = shape->dim_size() == 0 ||
                  shape->dim_size() == static_cast<int>(given.size());
      std::string declared;
      for (int d = 0; d < shape->dim_size(); ++d) {
        const onnx::TensorShapeProto_Dimension &dim = shape->dim(d);
        declared += (d ? "x" : "") + (dim.has_dim_value()
                                          ? std::to_string(dim.dim_value())
                                          : (dim.dim_param().empty()
                                                 ? std::string("?")
                                                 : dim.dim_param()));
        if (fits && dim.has_dim_value() && dim.dim_value() > 0 &&
            dim.dim_value() != given[d])
          fits = false;
      }
      if (!fits) {
        std::string text;
        llvm::raw_string_ostream os(text);
        llvm::interleave(given, os, "x");
        return emitError(FileLineColLoc::get(&context, modelName, 0, 0))
               << "--input-shape " << input.name() << "=" << text
               << " does not fit the model's declared shape " << declared;
      }
      shape->clear_dim();
      for (int64_t dim : it->second)
        shape->add_dim()->set_dim_value(dim);
      continue;
    }
    for (int d = 0; d < shape->dim_size(); ++d) {
      const onnx::TensorShapeProto_Dimension &dim = shape->dim(d);
      if (dim.has_dim_value() && dim.dim_value() > 0)
        continue;
      Location loc = FileLineColLoc::get(&context, modelName, 0, 0);
      if (dim.has_dim_value())
        return emitError(loc) << "graph input '" << input.name()
                              << "' has dimension " << d << " of size "
                              << dim.dim_value()
                              << " (every dimension must be positive)";
      std::string symbol = dim.has_dim_param() && !dim.dim_param().empty()
                               ? "a symbolic '" + dim.dim_param() + "'"
                               : std::string("an unknown");
      return emitError(loc)
             << "graph input '" << input.name() << "' has " << symbol
             << " dimension " << d
             << "; give its static shape with --input-shape " << input.name()
             << "=D0xD1x... (npu-mlir compiles static shapes)";
    }
  }
  return success();
}

LogicalResult GraphImporter::checkSupported() {
  // Every unsupported node at once, so a user sees the whole list.
  struct Unsupported {
    std::string opType, domain, nodeName;
    bool knownToOnnx;
  };
  std::vector<Unsupported> unsupported;
  const onnx::GraphProto &graph = model.graph();
  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto &node = graph.node(i);
    bool defaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
    const OnnxConverter *converter =
        defaultDomain ? lookupConverter(node.op_type()) : nullptr;
    if (converter && converter->minOpset <= opset)
      continue;
    std::string name = node.name().empty()
                           ? node.op_type() + "_" + std::to_string(i)
                           : node.name();
    unsupported.push_back({node.op_type(),
                           node.domain().empty() ? "ai.onnx" : node.domain(),
                           name,
                           isKnownOnnxOp(node.op_type(), node.domain(), opset)});
  }
  if (unsupported.empty())
    return success();
  InFlightDiagnostic diag =
      emitError(FileLineColLoc::get(&context, modelName, 0, 0))
      << unsupported.size() << " node(s) use ops npu-mlir cannot import:";
  for (const Unsupported &u : unsupported) {
    diag << "\n  " << u.opType << " (domain " << u.domain << ", opset "
         << opset << ") at node '" << u.nodeName << "'";
    if (!u.knownToOnnx)
      diag << " [not an ONNX op at this opset]";
  }
  diag << "\nsee docs/supported-onnx-ops.md for the supported ops";
  return failure();
}

onnx::ModelProto GraphImporter::shapeSkeleton() {
  // Copy everything but the initializers (swapped out meanwhile, so nothing
  // large is copied), then add each initializer's name, type and shape, with
  // its data only when small (shape inputs that data propagation reads).
  google::protobuf::RepeatedPtrField<onnx::TensorProto> initializers;
  initializers.Swap(model.mutable_graph()->mutable_initializer());
  onnx::ModelProto skeleton = model;
  initializers.Swap(model.mutable_graph()->mutable_initializer());
  for (const onnx::TensorProto &init : model.graph().initializer()) {
    onnx::TensorProto *stub = skeleton.mutable_graph()->add_initializer();
    bool small = init.data_location() != onnx::TensorProto::EXTERNAL &&
                 init.ByteSizeLong() <= static_cast<size_t>(options.resourceThresholdBytes);
    if (small) {
      *stub = init;
      continue;
    }
    stub->set_name(init.name());
    stub->set_data_type(init.data_type());
    *stub->mutable_dims() = init.dims();
  }
  return skeleton;
}

LogicalResult GraphImporter::checkWindowAttributes() {
  // ONNX's own shape inference divides by strides and dilations and indexes
  // kernel dimensions by the input's rank: zero entries, and ranks that do
  // not match where the ranks are known before inference (graph inputs and
  // initializers), must be refused before it runs.
  const onnx::GraphProto &graph = model.graph();
  llvm::StringMap<int64_t> knownRanks;
  for (const onnx::ValueInfoProto &input : graph.input())
    if (input.type().has_tensor_type() && input.type().tensor_type().has_shape())
      knownRanks[input.name()] = input.type().tensor_type().shape().dim_size();
  for (const onnx::TensorProto &init : graph.initializer())
    knownRanks[init.name()] = init.dims_size();
  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto &node = graph.node(i);
    StringRef op = node.op_type();
    bool windowed = op == "Conv" || op == "ConvTranspose" || op == "ConvInteger" ||
                    op == "QLinearConv" || op == "MaxPool" || op == "AveragePool" ||
                    op == "LpPool";
    if (windowed && node.input_size() > 0) {
      auto rankOf = [&](int index) -> int64_t {
        if (index >= node.input_size())
          return -1;
        auto it = knownRanks.find(node.input(index));
        return it == knownRanks.end() ? -1 : it->second;
      };
      int64_t inputRank = rankOf(0);
      int weightIndex = op == "QLinearConv" ? 3 : 1;
      int64_t weightRank = op.ends_with("Pool") ? -1 : rankOf(weightIndex);
      std::string name = node.name().empty() ? node.op_type() : node.name();
      if (inputRank >= 0 && inputRank < 3)
        return emitError(nodeLocation(node, i))
               << "node '" << name << "' (" << node.op_type()
               << ") has an input of rank " << inputRank
               << "; it needs [N, C, spatial...]";
      if (inputRank >= 0 && weightRank >= 0 && inputRank != weightRank)
        return emitError(nodeLocation(node, i))
               << "node '" << name << "' (" << node.op_type()
               << ") has an input of rank " << inputRank
               << " and weights of rank " << weightRank << "; they must match";
      int64_t spatial = inputRank >= 0 ? inputRank - 2 : (weightRank >= 0 ? weightRank - 2 : -1);
      for (const onnx::AttributeProto &attr : node.attribute()) {
        StringRef attrName = attr.name();
        int64_t expected = attrName == "pads" ? 2 * spatial : spatial;
        if (spatial >= 0 &&
            (attrName == "strides" || attrName == "dilations" ||
             attrName == "kernel_shape" || attrName == "pads" ||
             attrName == "output_padding") &&
            attr.ints_size() != expected)
          return emitError(nodeLocation(node, i))
                 << "node '" << name << "' (" << node.op_type() << ") has "
                 << attr.ints_size() << " '" << attrName << "' entries for "
                 << spatial << " spatial dimension(s); expected " << expected;
      }
    }
    for (const onnx::AttributeProto &attr : node.attribute()) {
      StringRef name = attr.name();
      bool positiveList = name == "strides" || name == "dilations" ||
                          name == "kernel_shape";
      if (positiveList) {
        for (int64_t v : attr.ints())
          if (v <= 0)
            return emitError(nodeLocation(node, i))
                   << "node '" << (node.name().empty() ? node.op_type() : node.name())
                   << "' (" << node.op_type() << ") has attribute '" << name
                   << "' with entry " << v << "; every entry must be positive";
      } else if (name == "group" && attr.i() < 1) {
        return emitError(nodeLocation(node, i))
               << "node '" << (node.name().empty() ? node.op_type() : node.name())
               << "' (" << node.op_type() << ") has group " << attr.i()
               << "; it must be at least 1";
      }
    }
  }
  return success();
}

LogicalResult GraphImporter::checkEdges() {
  const onnx::GraphProto &graph = model.graph();
  llvm::StringSet<> defined;
  for (const onnx::TensorProto &init : graph.initializer())
    defined.insert(init.name());
  for (const onnx::ValueInfoProto &input : graph.input())
    defined.insert(input.name());
  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto &node = graph.node(i);
    for (const std::string &name : node.input())
      if (!name.empty() && !defined.contains(name))
        return emitError(nodeLocation(node, i))
               << "node '" << (node.name().empty() ? node.op_type() : node.name())
               << "' (" << node.op_type() << ") reads tensor '" << name
               << "', which no earlier node, graph input or initializer "
                  "produces (dangling edge, or nodes out of topological "
                  "order)";
    for (const std::string &name : node.output()) {
      if (name.empty())
        continue;
      if (!defined.insert(name).second)
        return emitError(nodeLocation(node, i))
               << "node '" << (node.name().empty() ? node.op_type() : node.name())
               << "' (" << node.op_type() << ") writes tensor '" << name
               << "', which is already defined (ONNX graphs are single "
                  "assignment)";
    }
  }
  for (const onnx::ValueInfoProto &output : graph.output())
    if (!defined.contains(output.name()))
      return emitError(FileLineColLoc::get(&context, modelName, 0, 0))
             << "graph output '" << output.name()
             << "' is not produced by any node, input or initializer";
  return success();
}

LogicalResult GraphImporter::checkInitializers() {
  // Sizes first, before ONNX's shape inference or any decoding looks at the
  // data: a tensor must hold exactly the bytes its shape and type claim.
  for (const onnx::TensorProto &init : model.graph().initializer()) {
    Location loc = FileLineColLoc::get(&context, modelName, 0, 0);
    if (failed(checkTensorProto(init, loc)))
      return failure();
    if (isEmptyTensorProto(init))
      emptyTensors.insert(init.name());
  }
  return success();
}

Value GraphImporter::lookup(StringRef name) {
  auto it = values.find(name);
  if (it != values.end())
    return it->second;
  auto init = initializers.find(name);
  if (init == initializers.end())
    return {};
  // Errors name the initializer in their text; the constant itself is
  // located at its name.
  Location fileLoc = FileLineColLoc::get(&context, modelName, 0, 0);
  FailureOr<ElementsAttr> value =
      importTensor(*init->second, fileLoc, options, externalDirectory);
  if (failed(value))
    return {};
  Value constant = ConstantOp::create(
      constantBuilder, NameLoc::get(StringAttr::get(&context, name), fileLoc), *value);
  values[name] = constant;
  return constant;
}

LogicalResult GraphImporter::crossCheckShapes(const onnx::NodeProto &node,
                                              Location loc) {
  for (const std::string &name : node.output()) {
    if (name.empty())
      continue;
    auto expected = onnxShapes.find(name);
    Value value = values.lookup(name);
    if (expected == onnxShapes.end() || !value)
      continue;
    auto type = cast<RankedTensorType>(value.getType());
    if (type.getShape() != ArrayRef<int64_t>(expected->second)) {
      std::string ours, theirs;
      llvm::raw_string_ostream a(ours), b(theirs);
      llvm::interleave(type.getShape(), a, "x");
      llvm::interleave(expected->second, b, "x");
      return emitError(loc) << "output '" << name << "' of node '"
                            << node.name() << "' (" << node.op_type()
                            << ") has shape " << ours
                            << " in npu-mlir but " << theirs
                            << " by ONNX shape inference (an importer bug: "
                               "please report it with the model)";
    }
  }
  return success();
}

FailureOr<OwningOpRef<ModuleOp>> GraphImporter::run() {
  context.loadDialect<NpuDialect, func::FuncDialect, quant::QuantDialect,
                      tensor::TensorDialect>();
  if (failed(checkOpset()) || failed(applyInputShapes()) ||
      failed(checkSupported()) || failed(checkEdges()) ||
      failed(checkWindowAttributes()))
    return failure();

  if (failed(checkInitializers()))
    return failure();
  Location fileLoc = FileLineColLoc::get(&context, modelName, 0, 0);
  // ONNX's shape inference runs after the conversion, on a copy of the graph
  // whose large initializers carry only their type and shape: libonnx trusts
  // the shapes it is given (a convolution whose weights are rank 4 and input
  // rank 3 crashes it), so it only sees models the importer has already
  // checked; and the copy costs no weight memory.
  std::optional<onnx::ModelProto> skeleton;
  if (options.checkWithOnnxShapeInference)
    skeleton = shapeSkeleton();

  onnx::GraphProto &graph = *model.mutable_graph();
  for (onnx::TensorProto &init : *graph.mutable_initializer())
    initializers[init.name()] = &init;

  // The signature: graph inputs that are not initializers, in order.
  SmallVector<Type> argTypes;
  SmallVector<std::string> argNames;
  for (const onnx::ValueInfoProto &input : graph.input()) {
    if (initializers.count(input.name()))
      continue;
    FailureOr<RankedTensorType> type = inputType(input);
    if (failed(type))
      return failure();
    argTypes.push_back(*type);
    argNames.push_back(input.name());
  }

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  if (!model.producer_name().empty())
    (*module)->setAttr(
        "npu.onnx_producer",
        StringAttr::get(&context, StringRef(model.producer_name() + " " +
                                            model.producer_version())
                                      .trim()));
  (*module)->setAttr("npu.onnx_opset",
                     IntegerAttr::get(IntegerType::get(&context, 64), opset));
  OpBuilder builder(&context);
  builder.setInsertionPointToEnd(module->getBody());
  auto func = func::FuncOp::create(builder, fileLoc, "main",
                                   builder.getFunctionType(argTypes, {}));
  Block *entry = func.addEntryBlock();
  for (auto [i, name] : llvm::enumerate(argNames)) {
    func.setArgAttr(i, "npu.name", builder.getStringAttr(name));
    values[name] = entry->getArgument(i);
  }
  constantBuilder.setInsertionPointToStart(entry);
  builder.setInsertionPointToEnd(entry);

  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto &node = graph.node(i);
    const OnnxConverter *converter = lookupConverter(node.op_type());
    Location loc = nodeLocation(node, i);
    OnnxNodeImporter nodeImporter(*this, node, opset, builder, loc);
    // A converter may leave optional outputs (Dropout's mask, say) unbound;
    // a later use of one is reported by OnnxNodeImporter::input.
    if (failed(converter->convert(nodeImporter)))
      return failure();
  }

  if (skeleton) {
    std::string error = runOnnxShapeInference(*skeleton);
    if (!error.empty())
      return emitError(fileLoc) << "ONNX shape inference rejects the model: "
                                << error;
    for (const onnx::ValueInfoProto &info : skeleton->graph().value_info()) {
      if (!info.type().has_tensor_type())
        continue;
      SmallVector<int64_t> shape;
      bool isStatic = info.type().tensor_type().has_shape();
      for (const auto &dim : info.type().tensor_type().shape().dim()) {
        isStatic &= dim.has_dim_value();
        shape.push_back(dim.dim_value());
      }
      if (isStatic)
        onnxShapes[info.name()] = shape;
    }
    for (int i = 0; i < graph.node_size(); ++i)
      if (failed(crossCheckShapes(graph.node(i), nodeLocation(graph.node(i), i))))
        return failure();
  }

  SmallVector<Value> results;
  SmallVector<Type> resultTypes;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    Value value = lookup(output.name());
    if (!value)
      return emitError(fileLoc)
             << "graph output '" << output.name()
             << "' is an optional node output npu-mlir does not compute";
    // A declared static output type must agree with what we computed; a
    // quantized result leaves as the integers ONNX declares.
    const auto &declared = output.type().tensor_type();
    Type declaredElement = declared.elem_type() != 0
                               ? convertElementType(&context, declared.elem_type())
                               : Type();
    value = quantizedToStorage(builder, fileLoc, value, declaredElement);
    auto type = cast<RankedTensorType>(value.getType());
    if (declared.elem_type() != 0) {
      Type element = declaredElement;
      if (element && element != type.getElementType())
        return emitError(fileLoc)
               << "graph output '" << output.name() << "' is declared "
               << onnxTypeName(declared.elem_type()) << " but computes "
               << type.getElementType();
    }
    results.push_back(value);
    resultTypes.push_back(type);
  }
  func::ReturnOp::create(builder, fileLoc, results);
  func.setFunctionType(builder.getFunctionType(argTypes, resultTypes));
  for (auto [i, output] : llvm::enumerate(graph.output()))
    func.setResultAttr(i, "npu.name", builder.getStringAttr(output.name()));

  // Shape subgraphs folded into constants leave their inputs unused.
  SmallVector<Operation *> dead;
  for (Operation &op : llvm::reverse(entry->getOperations()))
    if (isOpTriviallyDead(&op))
      dead.push_back(&op);
  for (Operation *op : dead)
    if (isOpTriviallyDead(op))
      op->erase();

  if (failed(verify(*module)))
    return failure();
  return module;
}
