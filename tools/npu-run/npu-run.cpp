//===- npu-run.cpp - run a model: reference interpreter (simulator next) --===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
//   npu-run --reference model.onnx|model.mlir --input NAME=x.npy ... \
//           --output DIR [--dump-layers DIR] [--input-shape NAME=1x3x224x224]
//
// Tensors go in and out as .npy files named after the model's inputs and
// outputs; --dump-layers writes every intermediate tensor keyed by its ONNX
// node. Every error names the input, the op or the ONNX node concerned.
//
//===----------------------------------------------------------------------===//

#include "dialects/npu/NpuDialect.h"
#include "dialects/npuhw/NpuHwDialect.h"
#include "npu/Importer/OnnxImporter.h"
#include "npu/Reference/Interpreter.h"
#include "npu/Support/Npy.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cmath>

using namespace mlir;
namespace cl = llvm::cl;

static cl::opt<std::string> modelPath(cl::Positional, cl::Required,
                                      cl::desc("<model.onnx | model.mlir>"));
static cl::opt<bool> useReference(
    "reference", cl::desc("Run on the reference interpreter (the CPU)"));
static cl::list<std::string> inputs("input", cl::desc("NAME=file.npy (repeat per input)"),
                                    cl::value_desc("name=path"));
static cl::opt<std::string> outputDir("output", cl::desc("Directory for the outputs (.npy)"),
                                      cl::value_desc("dir"));
static cl::opt<std::string> dumpDir(
    "dump-layers",
    cl::desc("Write every intermediate tensor as .npy, keyed by ONNX node"),
    cl::value_desc("dir"));
static cl::list<std::string> inputShapes(
    "input-shape", cl::desc("Static shape for an ONNX graph input: NAME=D0xD1x..."),
    cl::value_desc("name=shape"));
static cl::opt<bool> quiet("quiet", cl::desc("Print nothing on success"));

/// A file name for a tensor or node name ("/layer1/conv1/Conv" ->
/// "layer1_conv1_Conv").
static std::string fileNameFor(StringRef name) {
  std::string out;
  for (char c : name)
    out += (llvm::isAlnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_')
               ? c
               : '_';
  StringRef trimmed = StringRef(out).ltrim('_');
  return (trimmed.empty() ? std::string("tensor") : trimmed.str()) + ".npy";
}

static std::string nameOf(func::FuncOp func, unsigned i, bool isResult) {
  auto name = isResult ? func.getResultAttrOfType<StringAttr>(i, "npu.name")
                       : func.getArgAttrOfType<StringAttr>(i, "npu.name");
  if (name)
    return name.str();
  return (isResult ? "output" : "input") + std::to_string(i);
}

static std::string describe(RankedTensorType type) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << type.getElementType() << " " << ::mlir::npu::formatShape(type.getShape());
  return s;
}

static LogicalResult fail(const Twine &message) {
  llvm::errs() << "npu-run: error: " << message << "\n";
  return failure();
}

static LogicalResult run(MLIRContext &context) {
  if (!useReference)
    return fail("running a compiled artifact needs the simulator, which is not "
                "built yet; use --reference to run a model on the reference "
                "interpreter");
  if (outputDir.empty())
    return fail("give --output DIR for the output .npy files");

  // 1. The model, as an npu-dialect module (ONNX imported in-process, so
  //    locations keep their ONNX node names).
  OwningOpRef<ModuleOp> module;
  if (StringRef(modelPath).ends_with(".onnx")) {
    npu::OnnxImportOptions options;
    for (const std::string &shape : inputShapes) {
      std::string error = npu::parseInputShapeOption(shape, options);
      if (!error.empty())
        return fail(error);
    }
    FailureOr<OwningOpRef<ModuleOp>> imported =
        npu::importOnnxFile(modelPath, options, context);
    if (failed(imported))
      return failure();
    module = std::move(*imported);
  } else {
    if (!inputShapes.empty())
      return fail("--input-shape applies to ONNX models only");
    llvm::SourceMgr sourceMgr;
    module = parseSourceFile<ModuleOp>(modelPath, &context);
    if (!module)
      return failure();
  }
  auto func = module->lookupSymbol<func::FuncOp>("main");
  if (!func) {
    auto funcs = module->getOps<func::FuncOp>();
    if (std::distance(funcs.begin(), funcs.end()) != 1)
      return fail("the module has no @main and not exactly one function");
    func = *funcs.begin();
  }

  // 2. Inputs, by name; each checked against the function's signature.
  llvm::StringMap<std::string> given;
  for (const std::string &entry : inputs) {
    auto [name, path] = StringRef(entry).split('=');
    if (name.empty() || path.empty())
      return fail("--input expects NAME=file.npy, got '" + entry + "'");
    if (!given.try_emplace(name, path.str()).second)
      return fail("input '" + name + "' is given twice");
  }
  if (func.isExternal())
    return fail("@" + func.getSymName() + " is a declaration: there is no body to run");
  // The signature must be tensors npu-run can feed and write.
  for (Type type : llvm::concat<const Type>(func.getArgumentTypes(), func.getResultTypes()))
    if (auto tensor = dyn_cast<RankedTensorType>(type); !tensor || !tensor.hasStaticShape()) {
      std::string text;
      llvm::raw_string_ostream os(text);
      os << type;
      return fail("@" + func.getSymName() + " has an argument or result of type " +
                  text + "; npu-run feeds and writes statically shaped tensors only");
    }
  SmallVector<npu::reference::Tensor> arguments;
  std::string known;
  for (unsigned i = 0; i < func.getNumArguments(); ++i)
    known += (i ? ", " : "") + nameOf(func, i, false);
  for (const auto &entry : given) {
    bool exists = false;
    for (unsigned i = 0; i < func.getNumArguments(); ++i)
      exists |= nameOf(func, i, false) == entry.getKey();
    if (!exists)
      return fail("the model has no input '" + entry.getKey() + "' (inputs: " +
                  known + ")");
  }
  for (unsigned i = 0; i < func.getNumArguments(); ++i) {
    std::string name = nameOf(func, i, false);
    auto type = cast<RankedTensorType>(func.getArgument(i).getType());
    auto it = given.find(name);
    if (it == given.end())
      return fail("missing input '" + name + "' (" + describe(type) +
                  "): give --input " + name + "=file.npy");
    llvm::Expected<::mlir::npu::NpyArray> array = ::mlir::npu::readNpy(it->second);
    if (!array)
      return fail("input '" + name + "': " + llvm::toString(array.takeError()));
    llvm::Expected<npu::reference::Tensor> tensor =
        npu::reference::tensorFromNpy(*array, type, "input '" + name + "'");
    if (!tensor)
      return fail(llvm::toString(tensor.takeError()));
    arguments.push_back(std::move(*tensor));
  }

  // 3. Run, dumping layers if asked.
  for (const std::string &dir : {outputDir.getValue(), dumpDir.getValue()})
    if (!dir.empty())
      if (std::error_code ec = llvm::sys::fs::create_directories(dir))
        return fail("cannot create '" + dir + "': " + ec.message());
  bool dumpFailed = false;
  int opIndex = 0;
  // File name per dumped tensor name: ops of one ONNX node share it (the
  // last, the node's output, wins); distinct names that clean up to the same
  // file get a numeric suffix instead of overwriting each other.
  llvm::StringMap<std::string> fileOfName;
  llvm::StringSet<> usedFiles;
  auto dumpLayer = [&](Operation *op, ArrayRef<npu::reference::Tensor> results) {
    ++opIndex;
    if (isa<npu::ConstantOp>(op))
      return;
    // Without locations (IR printed without --mlir-print-debuginfo) layers
    // are named by position and op.
    std::string node = npu::getOnnxNodeName(op->getLoc());
    if (node.empty())
      node = "op" + std::to_string(opIndex) + "_" + op->getName().getStringRef().str();
    for (auto [i, tensor] : llvm::enumerate(results)) {
      std::string name = results.size() > 1 ? node + "_" + std::to_string(i) : node;
      auto [it, inserted] = fileOfName.try_emplace(name);
      if (inserted) {
        std::string file = fileNameFor(name);
        for (int k = 2; usedFiles.contains(file); ++k)
          file = fileNameFor(name + "_" + std::to_string(k));
        usedFiles.insert(file);
        it->second = file;
      }
      SmallString<256> path(dumpDir.getValue());
      llvm::sys::path::append(path, it->second);
      llvm::Expected<::mlir::npu::NpyArray> array = npu::reference::tensorToNpy(tensor);
      llvm::Error error = array ? ::mlir::npu::writeNpy(path, *array) : array.takeError();
      if (error) {
        llvm::errs() << "npu-run: error: " << llvm::toString(std::move(error)) << "\n";
        dumpFailed = true;
      }
    }
  };
  npu::reference::RunOptions options;
  if (!dumpDir.empty())
    options.onOpEvaluated = dumpLayer;
  auto start = std::chrono::steady_clock::now();
  FailureOr<SmallVector<npu::reference::Tensor>> outputs =
      npu::reference::runFunction(func, arguments, options);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (failed(outputs) || dumpFailed)
    return failure();

  // 4. Outputs, named after the model's outputs.
  for (auto [i, tensor] : llvm::enumerate(*outputs)) {
    std::string name = nameOf(func, i, true);
    SmallString<256> path(outputDir.getValue());
    llvm::sys::path::append(path, fileNameFor(name));
    llvm::Expected<::mlir::npu::NpyArray> array = npu::reference::tensorToNpy(tensor);
    if (!array)
      return fail("output '" + name + "': " + llvm::toString(array.takeError()));
    if (llvm::Error error = ::mlir::npu::writeNpy(path, *array))
      return fail(llvm::toString(std::move(error)));
    if (quiet)
      continue;
    double lo = INFINITY, hi = -INFINITY, sum = 0;
    for (int64_t j = 0, e = tensor.getNumElements(); j < e; ++j) {
      double v = tensor.getAsDouble(j);
      lo = std::min(lo, v);
      hi = std::max(hi, v);
      sum += v;
    }
    llvm::outs() << llvm::formatv("{0,-24} {1,-24} min {2,10:g}  max {3,10:g}  mean {4,10:g}  -> {5}\n",
                                  name, describe(tensor.getType()), lo, hi,
                                  sum / tensor.getNumElements(), path);
  }
  if (!quiet)
    llvm::outs() << llvm::formatv("reference interpreter: {0:f3} s\n", seconds);
  return success();
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(
      argc, argv,
      "npu-run: run a model on the reference interpreter (--reference)\n");
  DialectRegistry registry;
  npu::registerOnnxImportDialects(registry);
  registry.insert<npu::NpuDialect, npuhw::NpuHwDialect, func::FuncDialect,
                  quant::QuantDialect, tensor::TensorDialect, memref::MemRefDialect>();
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  // Diagnostics name the file (with line and column) and the ONNX node:
  //   model.onnx: node '/layer1/Gather': error: 'npu.gather' op gathers ...
  auto diagnostics = npu::installNodeDiagnosticHandler(context);
  return failed(run(context)) ? 1 : 0;
}
