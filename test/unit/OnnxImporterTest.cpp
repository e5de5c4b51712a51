//===- OnnxImporterTest.cpp - the importer's C++ API ----------------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Models are built here with the ONNX protobuf API, so each test states
// exactly what it feeds the importer: resource-backed weights, external data
// inside and outside the model's directory, option parsing, diagnostics.
//
//===----------------------------------------------------------------------===//

#include "npu/Importer/OnnxImporter.h"

#include "dialects/npu/NpuDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "onnx/onnx_pb.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace mlir::npu;

namespace {

/// A model `y = Relu(Conv(x, w))` with a [outC, 3, 3, 3] float weight.
onnx::ModelProto convReluModel(int64_t outChannels, bool externalWeight,
                               const std::string &location = "weights.bin",
                               int64_t offset = 0) {
  onnx::ModelProto model;
  model.set_ir_version(8);
  auto *opset = model.add_opset_import();
  opset->set_domain("");
  opset->set_version(13);
  onnx::GraphProto *graph = model.mutable_graph();
  graph->set_name("g");
  auto addValueInfo = [](onnx::ValueInfoProto *info, const std::string &name,
                         std::vector<int64_t> shape) {
    info->set_name(name);
    auto *tensor = info->mutable_type()->mutable_tensor_type();
    tensor->set_elem_type(onnx::TensorProto::FLOAT);
    for (int64_t d : shape)
      tensor->mutable_shape()->add_dim()->set_dim_value(d);
  };
  addValueInfo(graph->add_input(), "x", {1, 3, 8, 8});
  addValueInfo(graph->add_output(), "y", {1, outChannels, 6, 6});
  onnx::TensorProto *w = graph->add_initializer();
  w->set_name("w");
  w->set_data_type(onnx::TensorProto::FLOAT);
  for (int64_t d : {outChannels, int64_t{3}, int64_t{3}, int64_t{3}})
    w->add_dims(d);
  int64_t count = outChannels * 27;
  if (externalWeight) {
    w->set_data_location(onnx::TensorProto::EXTERNAL);
    auto add = [&](const std::string &key, const std::string &value) {
      auto *entry = w->add_external_data();
      entry->set_key(key);
      entry->set_value(value);
    };
    add("location", location);
    add("offset", std::to_string(offset));
    add("length", std::to_string(count * 4));
  } else {
    std::string raw(count * 4, '\0');
    for (int64_t i = 0; i < count; ++i) {
      float v = 0.01f * static_cast<float>(i);
      std::memcpy(&raw[i * 4], &v, 4);
    }
    w->set_raw_data(raw);
  }
  onnx::NodeProto *conv = graph->add_node();
  conv->set_op_type("Conv");
  conv->set_name("conv1");
  conv->add_input("x");
  conv->add_input("w");
  conv->add_output("c");
  onnx::NodeProto *relu = graph->add_node();
  relu->set_op_type("Relu");
  relu->set_name("relu1");
  relu->add_input("c");
  relu->add_output("y");
  return model;
}

class OnnxImporterTest : public ::testing::Test {
protected:
  OnnxImporterTest() {
    DialectRegistry registry;
    registerOnnxImportDialects(registry);
    context.appendDialectRegistry(registry);
  }

  /// Imports `model`, collecting diagnostics into `messages`.
  FailureOr<OwningOpRef<ModuleOp>> import(const onnx::ModelProto &model,
                                          OnnxImportOptions options = {}) {
    messages.clear();
    ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
      messages += diag.str() + "\n";
      return success();
    });
    std::string bytes = model.SerializeAsString();
    return importOnnxBytes(bytes, "model.onnx", options, context);
  }

  /// A fresh directory for external-data files.
  std::string makeDirectory() {
    SmallString<128> path;
    EXPECT_FALSE(llvm::sys::fs::createUniqueDirectory("npu-onnx-test", path));
    directories.push_back(std::string(path));
    return std::string(path);
  }

  void TearDown() override {
    for (const std::string &dir : directories)
      llvm::sys::fs::remove_directories(dir);
  }

  MLIRContext context;
  std::string messages;
  std::vector<std::string> directories;
};

TEST_F(OnnxImporterTest, ImportsConvReluWithNamedLocations) {
  auto module = import(convReluModel(4, false));
  ASSERT_TRUE(succeeded(module)) << messages;
  auto func = (**module).lookupSymbol<func::FuncOp>("main");
  ASSERT_TRUE(func);
  EXPECT_EQ(func.getArgAttrOfType<StringAttr>(0, "npu.name").getValue(), "x");
  EXPECT_EQ(func.getResultAttrOfType<StringAttr>(0, "npu.name").getValue(), "y");
  int convs = 0;
  func.walk([&](Conv2DOp conv) {
    ++convs;
    auto name = dyn_cast<NameLoc>(conv.getLoc());
    ASSERT_TRUE(name);
    EXPECT_EQ(name.getName().getValue(), "conv1");
    // The name sits inside the model file's location.
    auto file = dyn_cast<FileLineColLoc>(name.getChildLoc());
    ASSERT_TRUE(file);
    EXPECT_EQ(file.getFilename().getValue(), "model.onnx");
  });
  EXPECT_EQ(convs, 1);
}

TEST_F(OnnxImporterTest, LargeWeightsBecomeResourceBlobs) {
  // 64 x 27 floats = 6912 bytes, above the 4 KiB resource threshold.
  auto module = import(convReluModel(64, false));
  ASSERT_TRUE(succeeded(module)) << messages;
  bool sawResource = false;
  (**module).walk([&](ConstantOp constant) {
    auto resource = dyn_cast<DenseF32ResourceElementsAttr>(constant.getValue());
    if (!resource)
      return;
    sawResource = true;
    std::optional<ArrayRef<float>> values = resource.tryGetAsArrayRef();
    ASSERT_TRUE(values);
    ASSERT_EQ(values->size(), 64u * 27u);
    EXPECT_FLOAT_EQ((*values)[100], 1.0f);
  });
  EXPECT_TRUE(sawResource);
}

TEST_F(OnnxImporterTest, SmallWeightsStayDenseAndFoldable) {
  OnnxImportOptions options;
  options.resourceThresholdBytes = 1 << 20;
  auto module = import(convReluModel(64, false), options);
  ASSERT_TRUE(succeeded(module)) << messages;
  int dense = 0;
  (**module).walk([&](ConstantOp constant) {
    dense += isa<DenseElementsAttr>(constant.getValue());
  });
  EXPECT_EQ(dense, 1);
}

TEST_F(OnnxImporterTest, ReadsExternalDataInsideTheModelDirectory) {
  std::string dir = makeDirectory();
  SmallString<128> file(dir);
  llvm::sys::path::append(file, "weights.bin");
  {
    std::error_code ec;
    llvm::raw_fd_ostream out(file, ec);
    ASSERT_FALSE(ec);
    out << std::string(16, 'p'); // an offset before the tensor
    for (int i = 0; i < 64 * 27; ++i) {
      float v = 0.5f;
      out.write(reinterpret_cast<const char *>(&v), 4);
    }
  }
  OnnxImportOptions options;
  options.externalDataDirectory = dir;
  auto module = import(convReluModel(64, true, "weights.bin", 16), options);
  ASSERT_TRUE(succeeded(module)) << messages;
}

TEST_F(OnnxImporterTest, RefusesExternalDataOutsideTheModelDirectory) {
  std::string dir = makeDirectory();
  OnnxImportOptions options;
  options.externalDataDirectory = dir;
  for (const char *location : {"../weights.bin", "/etc/hostname",
                               "sub/../../weights.bin"}) {
    auto module = import(convReluModel(4, true, location), options);
    EXPECT_TRUE(failed(module)) << location;
    EXPECT_NE(messages.find("outside the model's directory"), std::string::npos)
        << location << ": " << messages;
  }
}

TEST_F(OnnxImporterTest, RefusesExternalDataPastTheEndOfTheFile) {
  std::string dir = makeDirectory();
  SmallString<128> file(dir);
  llvm::sys::path::append(file, "weights.bin");
  {
    std::error_code ec;
    llvm::raw_fd_ostream out(file, ec);
    out << std::string(100, 'x');
  }
  OnnxImportOptions options;
  options.externalDataDirectory = dir;
  auto module = import(convReluModel(4, true, "weights.bin", 50), options);
  EXPECT_TRUE(failed(module));
  EXPECT_NE(messages.find("past the end"), std::string::npos) << messages;
}

TEST_F(OnnxImporterTest, WeightWithTooFewBytesIsAnError) {
  onnx::ModelProto model = convReluModel(4, false);
  model.mutable_graph()->mutable_initializer(0)->set_raw_data(std::string(12, '\0'));
  auto module = import(model);
  EXPECT_TRUE(failed(module));
  EXPECT_NE(messages.find("needs 432 bytes"), std::string::npos) << messages;
}

TEST_F(OnnxImporterTest, ListsEveryUnsupportedOpAtOnce) {
  onnx::ModelProto model = convReluModel(4, false);
  onnx::GraphProto *graph = model.mutable_graph();
  graph->mutable_node(1)->set_op_type("TopK");
  onnx::NodeProto *custom = graph->add_node();
  custom->set_op_type("FusedConv");
  custom->set_domain("com.microsoft");
  custom->set_name("fused");
  custom->add_input("y");
  custom->add_output("z");
  auto module = import(model);
  EXPECT_TRUE(failed(module));
  EXPECT_NE(messages.find("2 node(s) use ops npu-mlir cannot import"),
            std::string::npos)
      << messages;
  EXPECT_NE(messages.find("TopK (domain ai.onnx, opset 13) at node 'relu1'"),
            std::string::npos)
      << messages;
  EXPECT_NE(messages.find("FusedConv (domain com.microsoft, opset 13) at node "
                          "'fused'"),
            std::string::npos)
      << messages;
}

TEST_F(OnnxImporterTest, InputShapeOptionParsing) {
  OnnxImportOptions options;
  EXPECT_EQ(parseInputShapeOption("input=1x3x224x224", options), "");
  EXPECT_EQ(options.inputShapes["input"],
            (SmallVector<int64_t>{1, 3, 224, 224}));
  EXPECT_NE(parseInputShapeOption("input=1x0x2", options), "");
  EXPECT_NE(parseInputShapeOption("input", options), "");
  EXPECT_NE(parseInputShapeOption("=1x2", options), "");
  EXPECT_NE(parseInputShapeOption("x=1xabc", options), "");
}

TEST_F(OnnxImporterTest, InputShapeMustNameAnInput) {
  OnnxImportOptions options;
  options.inputShapes["nope"] = {1};
  auto module = import(convReluModel(4, false), options);
  EXPECT_TRUE(failed(module));
  EXPECT_NE(messages.find("'nope', which is not a graph input (inputs: x)"),
            std::string::npos)
      << messages;
}

TEST_F(OnnxImporterTest, EmptyAndTruncatedBytesAreErrors) {
  messages.clear();
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    messages += diag.str() + "\n";
    return success();
  });
  EXPECT_TRUE(failed(importOnnxBytes("", "empty.onnx", {}, context)));
  EXPECT_NE(messages.find("empty"), std::string::npos);
  std::string bytes = convReluModel(64, false).SerializeAsString();
  EXPECT_TRUE(failed(importOnnxBytes(StringRef(bytes).take_front(bytes.size() / 2),
                                     "cut.onnx", {}, context)));
  EXPECT_NE(messages.find("does not parse"), std::string::npos) << messages;
}

} // namespace
