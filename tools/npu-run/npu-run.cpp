//===- npu-run.cpp - run a model on the simulator or the reference --------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
//   npu-run model.npub --input NAME=x.npy ... --output DIR [--stats]
//           [--trace trace.json]
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
#include "npu/Runtime/Device.h"
#include "npu/Runtime/Kernels.h"
#include "npu/Support/AtomicFile.h"
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
#include <map>
#include <vector>
#include <cmath>

using namespace mlir;
namespace cl = llvm::cl;

// Only these are listed by --help; LLVM's and MLIR's own options stay
// accepted (--help-hidden lists them).
static cl::OptionCategory runOptions("npu-run options");

static cl::opt<std::string> modelPath(cl::Positional, cl::Required,
                                      cl::desc("<model.npub | model.onnx | model.mlir>"),
                                      cl::cat(runOptions));
static cl::opt<bool> useReference(
    "reference", cl::desc("Run on the reference interpreter (the CPU)"),
    cl::cat(runOptions));
static cl::list<std::string> inputs("input", cl::desc("NAME=file.npy (repeat per input)"),
                                    cl::value_desc("name=path"), cl::cat(runOptions));
static cl::opt<std::string> outputDir("output", cl::desc("Directory for the outputs (.npy)"),
                                      cl::value_desc("dir"), cl::cat(runOptions));
static cl::opt<std::string> dumpDir(
    "dump-layers",
    cl::desc("Write every intermediate tensor as .npy, keyed by ONNX node"),
    cl::value_desc("dir"), cl::cat(runOptions));
static cl::list<std::string> inputShapes(
    "input-shape", cl::desc("Static shape for an ONNX graph input: NAME=D0xD1x..."),
    cl::value_desc("name=shape"), cl::cat(runOptions));
static cl::opt<bool> quiet("quiet", cl::desc("Print nothing on success"),
                           cl::cat(runOptions));
static cl::opt<bool> trustConstants(
    "trust-constants",
    cl::desc("Skip the checksum of the artifact's weights (a trusted file: a "
             "large model loads faster; the header and programs are still "
             "checked)"),
    cl::cat(runOptions));
// --stats is read before LLVM's option parser, which owns a -stats of its own
// (LLVM's statistics); see main().
static bool printStats = false;
static cl::extrahelp statsHelp(
    "\n  --stats    Print simulated cycles, engine utilisation and DRAM traffic\n");
static cl::opt<std::string> tracePath(
    "trace", cl::desc("Write a Chrome trace of the simulated run (open in Perfetto)"),
    cl::value_desc("trace.json"), cl::cat(runOptions));

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

/// Reads the --input NAME=file.npy options.
static FailureOr<llvm::StringMap<std::string>> parseInputOptions() {
  llvm::StringMap<std::string> given;
  for (const std::string &entry : inputs) {
    auto [name, path] = StringRef(entry).split('=');
    if (name.empty() || path.empty()) {
      (void)fail("--input expects NAME=file.npy, got '" + entry + "'");
      return failure();
    }
    if (!given.try_emplace(name, path.str()).second) {
      (void)fail("input '" + name + "' is given twice");
      return failure();
    }
  }
  return given;
}

/// The one-line summary of an output tensor.
static void printSummary(StringRef name, StringRef type, ArrayRef<double> values,
                         StringRef path) {
  double lo = INFINITY, hi = -INFINITY, sum = 0;
  for (double v : values) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    sum += v;
  }
  llvm::outs() << llvm::formatv(
      "{0,-24} {1,-24} min {2,10:g}  max {3,10:g}  mean {4,10:g}  -> {5}\n", name,
      type, lo, hi, values.empty() ? 0.0 : sum / values.size(), path);
}

static std::vector<double> toDoubles(const ::mlir::npu::NpyArray &array) {
  std::vector<double> values(array.numElements());
  for (size_t i = 0; i < values.size(); ++i) {
    switch (array.dtype) {
    case ::mlir::npu::NpyDType::Float32:
      values[i] = array.as<float>()[i];
      break;
    case ::mlir::npu::NpyDType::Float16: {
      float f;
      ::mlir::npu::kernels::convertF16ToF32(array.as<uint16_t>() + i, 1, &f);
      values[i] = f;
      break;
    }
    case ::mlir::npu::NpyDType::Int8:
      values[i] = array.as<int8_t>()[i];
      break;
    case ::mlir::npu::NpyDType::UInt8:
      values[i] = array.as<uint8_t>()[i];
      break;
    case ::mlir::npu::NpyDType::Int32:
      values[i] = array.as<int32_t>()[i];
      break;
    default:
      values[i] = NAN;
    }
  }
  return values;
}

/// The element type the user exchanges for `tensor`, in the artifact's
/// names ("u8" for a uint8 tensor the device stores as i8).
static StringRef getHostTypeName(const ::mlir::npu::runtime::TensorDescriptor &tensor) {
  return tensor.hostUnsigned ? "u8" : ::mlir::npu::runtime::getDTypeName(tensor.dtype);
}

/// Runs a compiled artifact on the simulator.
static LogicalResult runArtifact() {
  namespace rt = ::mlir::npu::runtime;
  if (!dumpDir.empty() || !inputShapes.empty())
    return fail("--dump-layers and --input-shape apply to --reference runs; an "
                "artifact's shapes are fixed when it is compiled");
  FailureOr<llvm::StringMap<std::string>> given = parseInputOptions();
  if (failed(given))
    return failure();
  rt::ArtifactLoadOptions loadOptions;
  loadOptions.verifyConstants = !trustConstants;
  auto session = rt::Session::createFromFile(modelPath, nullptr, loadOptions);
  if (!session)
    return fail(llvm::toString(session.takeError()));
  const rt::Artifact &artifact = (*session)->getArtifact();

  // An unknown name is reported as such, before the input it was meant for
  // is reported missing.
  for (const auto &entry : *given)
    if (llvm::none_of(artifact.inputs, [&](const rt::TensorDescriptor &tensor) {
          return tensor.name == entry.getKey();
        }))
      return fail("the model has no input '" + entry.getKey() + "' (inputs: " +
                  llvm::join(llvm::map_range(artifact.inputs,
                                             [](const rt::TensorDescriptor &t) {
                                               return t.name;
                                             }),
                             ", ") +
                  ")");
  std::map<std::string, ::mlir::npu::NpyArray> arrays;
  for (const auto &entry : *given) {
    llvm::Expected<::mlir::npu::NpyArray> array = ::mlir::npu::readNpy(entry.getValue());
    if (!array)
      return fail("input '" + entry.getKey() + "': " + llvm::toString(array.takeError()));
    arrays.emplace(entry.getKey().str(), std::move(*array));
  }
  for (const rt::TensorDescriptor &tensor : artifact.inputs)
    if (!arrays.count(tensor.name))
      return fail(llvm::formatv("missing input '{0}' ({1} {2}): give --input {0}=file.npy",
                                tensor.name, getHostTypeName(tensor),
                                ::mlir::npu::formatShape(tensor.shape)));

  rt::RunOptions options;
  options.recordTrace = !tracePath.empty();
  auto outputs = (*session)->run(arrays, options);
  if (!outputs)
    return fail(llvm::toString(outputs.takeError()));

  if (std::error_code ec = llvm::sys::fs::create_directories(outputDir))
    return fail("cannot create '" + outputDir + "': " + ec.message());
  llvm::StringSet<> usedFiles;
  for (auto [tensor, array] : llvm::zip(artifact.outputs, *outputs)) {
    // Names that clean up to the same file name get a numeric suffix.
    std::string file = fileNameFor(tensor.name);
    for (int k = 2; usedFiles.contains(file); ++k)
      file = fileNameFor(tensor.name + "_" + std::to_string(k));
    usedFiles.insert(file);
    SmallString<256> path(outputDir.getValue());
    llvm::sys::path::append(path, file);
    if (llvm::Error error = ::mlir::npu::writeNpy(path, array))
      return fail(llvm::toString(std::move(error)));
    if (!quiet)
      printSummary(tensor.name,
                   (getHostTypeName(tensor) + " " +
                    ::mlir::npu::formatShape(tensor.shape)).str(),
                   toDoubles(array), path);
  }
  const rt::RunStats &stats = (*session)->getLastStats();
  if (!tracePath.empty())
    if (llvm::Error error = ::mlir::npu::writeFileAtomically(
            tracePath,
            rt::formatChromeTrace(artifact, stats, (*session)->getLastTrace())))
      return fail(llvm::toString(std::move(error)));
  if (printStats)
    llvm::outs() << rt::formatRunStats(stats);
  else if (!quiet)
    llvm::outs() << llvm::formatv("simulated: {0} cycles = {1:f1} us on '{2}' "
                                  "(host {3:f3} s)\n",
                                  stats.totalCycles, stats.timeMicroseconds(),
                                  stats.targetName, stats.hostSeconds);
  return success();
}

static LogicalResult run(MLIRContext &context) {
  if (outputDir.empty())
    return fail("give --output DIR for the output .npy files");
  bool isArtifact = !StringRef(modelPath).ends_with(".onnx") &&
                    !StringRef(modelPath).ends_with(".mlir");
  if (!useReference) {
    if (!isArtifact)
      return fail("'" + modelPath + "' is a model, not a compiled artifact: run it "
                  "on the reference interpreter with --reference, or compile it "
                  "to a .npub first");
    return runArtifact();
  }
  if (isArtifact)
    return fail("--reference runs .onnx and .mlir models; run a compiled .npub "
                "artifact without --reference, on the simulator");
  if (printStats || !tracePath.empty())
    return fail("--stats and --trace report simulated runs; they do not apply "
                "to --reference");

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
  FailureOr<llvm::StringMap<std::string>> givenOrFailure = parseInputOptions();
  if (failed(givenOrFailure))
    return failure();
  llvm::StringMap<std::string> &given = *givenOrFailure;
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
    std::vector<double> values(tensor.getNumElements());
    for (int64_t j = 0, e = tensor.getNumElements(); j < e; ++j)
      values[j] = tensor.getAsDouble(j);
    printSummary(name, describe(tensor.getType()), values, path);
  }
  if (!quiet)
    llvm::outs() << llvm::formatv("reference interpreter: {0:f3} s\n", seconds);
  return success();
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  std::vector<char *> args;
  for (int i = 0; i < argc; ++i) {
    StringRef arg = argv[i];
    if (i > 0 && (arg == "--stats" || arg == "-stats"))
      printStats = true;
    else
      args.push_back(argv[i]);
  }
  cl::HideUnrelatedOptions(runOptions);
  cl::ParseCommandLineOptions(
      static_cast<int>(args.size()), args.data(),
      "npu-run: run a compiled artifact on the NPU simulator, or a model on "
      "the reference interpreter (--reference)\n");
  DialectRegistry registry;
  npu::registerOnnxImportDialects(registry);
  registry.insert<npu::NpuDialect, npuhw::NpuHwDialect, func::FuncDialect,
                  quant::QuantDialect, tensor::TensorDialect, memref::MemRefDialect>();
  npu::reference::registerReferenceInterfaces(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  // Diagnostics name the file (with line and column) and the ONNX node:
  //   model.onnx: node '/layer1/Gather': error: 'npu.gather' op gathers ...
  auto diagnostics = npu::installNodeDiagnosticHandler(context);
  return failed(run(context)) ? 1 : 0;
}
