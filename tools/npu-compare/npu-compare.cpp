//===- npu-compare.cpp - per-layer accuracy: fp32, int8 reference, NPU ----===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
//   npu-compare model.onnx --input NAME=x.npy ... --precision int8|mixed|fp16
//               [--calibration DIR | --calibration-table FILE] [--target edge]
//               [--min-sqnr 20] [--min-cosine 0.99] [--json FILE]
//
// Runs one input three ways and compares every layer:
//   fp32       the model after the graph passes, on the reference interpreter;
//   reference  the quantized graph (`npu-compile --emit graph`) on the
//              reference interpreter;
//   npu        the compiled artifact on the simulator.
// It prints, per layer in program order, the cosine similarity, SQNR and
// largest absolute error of the reference and the NPU against fp32, and how
// far the NPU is from the reference; then names the first layer whose NPU
// result leaves the tolerance. Exit status: 0 all within tolerance, 3 a
// layer out of it, 1 an error.
//
// The simulated artifact returns every compared layer as an extra output,
// so layers stay in DRAM and are not fused into layer groups; int8 layers
// compute the same integers either way (docs/quantization.md).
//
//===----------------------------------------------------------------------===//

#include "npu/Codegen/EmitArtifact.h"
#include "npu/Driver/Compiler.h"
#include "npu/Reference/Interpreter.h"
#include "npu/Runtime/Device.h"
#include "npu/Support/AtomicFile.h"
#include "npu/Support/Diagnostics.h"
#include "npu/Support/Npy.h"

#include "dialects/npu/NpuDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace mlir;
using namespace mlir::npu;
namespace cl = llvm::cl;
using reference::Tensor;

// Only these are listed by --help; LLVM's and MLIR's own options stay
// accepted (--help-hidden lists them).
static cl::OptionCategory compareOptions("npu-compare options");

static cl::opt<std::string> inputFile(cl::Positional, cl::desc("<model.onnx>"),
                                      cl::Required, cl::cat(compareOptions));
static cl::list<std::string> inputs("input", cl::desc("NAME=file.npy (repeat per input)"),
                                    cl::value_desc("name=path"), cl::cat(compareOptions));
static cl::opt<std::string> targetName(
    "target", cl::desc("Target preset (edge, server) or a target JSON file"),
    cl::init("edge"), cl::cat(compareOptions));
static cl::opt<std::string> precision("precision",
                                      cl::desc("fp16, int8 or mixed"),
                                      cl::init("int8"), cl::cat(compareOptions));
static cl::opt<std::string> calibrationDir("calibration",
                                           cl::desc("Calibration samples"),
                                           cl::value_desc("dir"),
                                           cl::cat(compareOptions));
static cl::opt<std::string> calibrationTable(
    "calibration-table",
    cl::desc("Calibration table to reuse (or, with --calibration, to write; "
             "default: a temporary file)"),
    cl::value_desc("file.json"), cl::cat(compareOptions));
static cl::opt<std::string> calibrationMethod(
    "calibration-method", cl::desc("minmax, percentile, entropy or mse"),
    cl::init("minmax"), cl::cat(compareOptions));
static cl::opt<std::string> layerPrecisionFile(
    "layer-precision", cl::desc("Per-layer precision overrides"),
    cl::value_desc("file.json"), cl::cat(compareOptions));
static cl::opt<bool> symmetricActivations(
    "symmetric-activations", cl::desc("Quantize activations symmetrically"),
    cl::cat(compareOptions));
static cl::list<std::string> inputShapes("input-shape",
                                         cl::desc("NAME=D0xD1x... (repeatable)"),
                                         cl::value_desc("name=shape"),
                                         cl::cat(compareOptions));
static cl::opt<double> minSqnr(
    "min-sqnr", cl::desc("Tolerance: lowest SQNR (dB) of the NPU against fp32"),
    cl::init(20.0), cl::cat(compareOptions));
static cl::opt<double> minCosine(
    "min-cosine",
    cl::desc("Tolerance: lowest cosine similarity of the NPU against fp32"),
    cl::init(0.99), cl::cat(compareOptions));
static cl::opt<std::string> jsonFile("json",
                                     cl::desc("Also write the table as JSON"),
                                     cl::value_desc("file.json"),
                                     cl::cat(compareOptions));

namespace {

/// Cosine, SQNR and largest absolute error of `actual` against `expected`.
struct Agreement {
  double cosine = 1, sqnrDb = INFINITY, maxAbsError = 0;
};

Agreement compare(ArrayRef<double> actual, ArrayRef<double> expected) {
  double dot = 0, aa = 0, ee = 0, noise = 0;
  Agreement result;
  for (size_t i = 0; i < expected.size(); ++i) {
    double a = actual[i], e = expected[i];
    dot += a * e;
    aa += a * a;
    ee += e * e;
    noise += (a - e) * (a - e);
    result.maxAbsError = std::max(result.maxAbsError, std::fabs(a - e));
  }
  if (aa > 0 && ee > 0)
    result.cosine = dot / std::sqrt(aa * ee);
  else if (aa != ee)
    result.cosine = 0;
  if (noise > 0)
    result.sqnrDb = ee > 0 ? 10 * std::log10(ee / noise) : -INFINITY;
  return result;
}

/// The real values a tensor stands for (quantized storage dequantized).
std::vector<double> realValues(const Tensor &tensor) {
  int64_t n = tensor.getNumElements();
  std::vector<double> values(n);
  if (auto q = dyn_cast<quant::UniformQuantizedType>(tensor.getElementType())) {
    for (int64_t i = 0; i < n; ++i)
      values[i] = (tensor.ints()[i] - q.getZeroPoint()) * q.getScale();
    return values;
  }
  for (int64_t i = 0; i < n; ++i)
    values[i] = tensor.getAsDouble(i);
  return values;
}

/// One compared layer.
struct Layer {
  std::string name, op, precision;
  Operation *fp32Op = nullptr, *quantizedOp = nullptr; // until lowering
  RankedTensorType quantizedType;
  std::vector<double> fp32, reference, npu;
};

bool isCompared(Operation *op) {
  if (isa<func::ReturnOp, npu::ConstantOp>(op) || op->getNumResults() != 1)
    return false;
  auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  return type && !getOnnxNodeName(op->getLoc()).empty();
}

std::string formatDb(double db) {
  if (std::isinf(db))
    return db > 0 ? "exact" : "-inf";
  return llvm::formatv("{0:f1}", db).str();
}

int fail(const Twine &message) {
  llvm::errs() << "npu-compare: error: " << message << "\n";
  return 1;
}

int report(llvm::Error error) {
  llvm::handleAllErrors(
      std::move(error), [](const driver::ReportedError &) {},
      [](const llvm::ErrorInfoBase &info) { fail(info.message()); });
  return 1;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(compareOptions);
  cl::ParseCommandLineOptions(
      argc, argv,
      "npu-mlir accuracy comparison: fp32 reference vs quantized reference vs "
      "NPU simulator, layer by layer (docs/quantization.md)\n");

  std::optional<driver::Precision> chosen = driver::parsePrecision(precision);
  if (!chosen)
    return fail("unknown --precision '" + precision + "' (fp16, int8, mixed)");
  std::optional<calibration::CalibrationMethod> method =
      calibration::parseCalibrationMethod(calibrationMethod);
  if (!method)
    return fail("unknown --calibration-method '" + calibrationMethod + "'");
  if (inputs.empty())
    return fail("give the input to compare on: --input NAME=file.npy");

  driver::CompileOptions options;
  options.target = targetName;
  options.precision = *chosen;
  options.inputShapes.assign(inputShapes.begin(), inputShapes.end());
  options.calibrationDir = calibrationDir;
  options.calibrationTable = calibrationTable;
  options.calibrationMethod = *method;
  options.symmetricActivations = symmetricActivations;
  options.layerPrecisionFile = layerPrecisionFile;

  DialectRegistry registry;
  driver::registerCompilerDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  auto diagnostics = installNodeDiagnosticHandler(context);

  auto imported = driver::importModel(inputFile, options, context);
  if (!imported)
    return report(imported.takeError());
  ModuleOp quantized = **imported;
  if (llvm::Error error = driver::runGraphPasses(quantized, options))
    return report(std::move(error));
  OwningOpRef<ModuleOp> fp32 = quantized.clone();

  // Calibration tables and precision tables go to a scratch directory unless
  // the user names them.
  SmallString<128> scratch;
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory("npu-compare", scratch))
    return fail("cannot create a temporary directory: " + ec.message());
  llvm::scope_exit cleanUp([&] { llvm::sys::fs::remove_directories(scratch); });
  driver::QuantizationSummary summary;
  if (llvm::Error error = driver::quantizeModel(quantized, options, inputFile,
                                                (scratch + "/model").str(), summary))
    return report(std::move(error));
  if (llvm::Error error = driver::runPrecisionPasses(quantized, options))
    return report(std::move(error));

  auto fp32Function = *fp32->getOps<func::FuncOp>().begin();
  auto quantizedFunction = *quantized.getOps<func::FuncOp>().begin();

  // Inputs, by the names the model gives them.
  std::map<std::string, NpyArray> arrays;
  for (const std::string &entry : inputs) {
    auto [name, path] = StringRef(entry).split('=');
    if (name.empty() || path.empty())
      return fail("--input takes NAME=file.npy, got '" + entry + "'");
    auto array = readNpy(path);
    if (!array)
      return fail(llvm::toString(array.takeError()));
    arrays[name.str()] = std::move(*array);
  }
  SmallVector<Tensor> inputTensors;
  for (BlockArgument argument : fp32Function.getArguments()) {
    auto name = fp32Function.getArgAttrOfType<StringAttr>(argument.getArgNumber(), "npu.name");
    std::string key = name ? name.getValue().str() : "";
    auto it = arrays.find(key);
    if (it == arrays.end())
      return fail("the model's input '" + key + "' has no --input " + key + "=file.npy");
    auto tensor = reference::tensorFromNpy(
        it->second, cast<RankedTensorType>(argument.getType()), "input '" + key + "'");
    if (!tensor)
      return fail(llvm::toString(tensor.takeError()));
    inputTensors.push_back(std::move(*tensor));
  }

  // Layers: the k-th op of a node and kind in the fp32 graph is the k-th in
  // the quantized one (the quantize / dequantize / cast ops npu-quantize and
  // npu-convert-precision add are other kinds).
  std::vector<Layer> layers;
  llvm::StringMap<SmallVector<Operation *>> quantizedOps;
  quantizedFunction.walk([&](Operation *op) {
    if (isCompared(op))
      quantizedOps[getOnnxNodeName(op->getLoc()) + "\n" +
                   op->getName().getStringRef().str()]
          .push_back(op);
  });
  llvm::StringMap<unsigned> taken;
  fp32Function.walk([&](Operation *op) {
    if (!isCompared(op) || !isa<FloatType>(cast<RankedTensorType>(
                               op->getResult(0).getType()).getElementType()))
      return;
    std::string key = getOnnxNodeName(op->getLoc()) + "\n" +
                      op->getName().getStringRef().str();
    auto found = quantizedOps.find(key);
    unsigned index = taken[key]++;
    if (found == quantizedOps.end() || index >= found->second.size())
      return;
    Layer layer;
    layer.name = getOnnxNodeName(op->getLoc());
    layer.op = op->getName().getStringRef().str();
    layer.fp32Op = op;
    layer.quantizedOp = found->second[index];
    layer.quantizedType = cast<RankedTensorType>(layer.quantizedOp->getResult(0).getType());
    Type element = cast<RankedTensorType>(layer.quantizedOp->getResult(0).getType())
                       .getElementType();
    layer.precision = isa<quant::QuantizedType>(element) ? "int8"
                      : element.isF16()                   ? "fp16"
                                                          : "fp32";
    layers.push_back(std::move(layer));
  });
  if (layers.empty())
    return fail("the model has no layers named by ONNX nodes to compare");

  // The two reference runs.
  llvm::DenseMap<Operation *, Layer *> byFp32, byQuantized;
  for (Layer &layer : layers) {
    byFp32[layer.fp32Op] = &layer;
    byQuantized[layer.quantizedOp] = &layer;
  }
  reference::RunOptions fp32Run;
  auto keepFp32 = [&](Operation *op, ArrayRef<Tensor> results) {
    if (Layer *layer = byFp32.lookup(op))
      layer->fp32 = realValues(results[0]);
  };
  fp32Run.onOpEvaluated = keepFp32;
  if (failed(reference::runFunction(fp32Function, inputTensors, fp32Run)))
    return 1;
  reference::RunOptions quantizedRun;
  auto keepQuantized = [&](Operation *op, ArrayRef<Tensor> results) {
    if (Layer *layer = byQuantized.lookup(op))
      layer->reference = realValues(results[0]);
  };
  quantizedRun.onOpEvaluated = keepQuantized;
  if (failed(reference::runFunction(quantizedFunction, inputTensors, quantizedRun)))
    return 1;

  // The NPU: every compared layer becomes an extra output.
  auto returnOp = cast<func::ReturnOp>(quantizedFunction.getBody().front().getTerminator());
  unsigned modelOutputs = returnOp.getNumOperands();
  SmallVector<Value> results(returnOp.getOperands());
  for (Layer &layer : layers)
    results.push_back(layer.quantizedOp->getResult(0));
  returnOp->setOperands(results);
  SmallVector<DictionaryAttr> resultAttrs;
  for (unsigned i = 0; i < modelOutputs; ++i)
    resultAttrs.push_back(quantizedFunction.getResultAttrDict(i));
  for (size_t i = 0; i < layers.size(); ++i)
    resultAttrs.push_back(DictionaryAttr::get(
        &context, {NamedAttribute(StringAttr::get(&context, "npu.name"),
                                  StringAttr::get(&context, "layer" + std::to_string(i)))}));
  SmallVector<Type> resultTypes = llvm::to_vector(returnOp.getOperandTypes());
  quantizedFunction.setFunctionType(FunctionType::get(
      &context, quantizedFunction.getArgumentTypes(), resultTypes));
  quantizedFunction.setAllResultAttrs(resultAttrs);
  if (llvm::Error error = driver::lowerToHardware(quantized, options))
    return report(std::move(error));
  FailureOr<runtime::Artifact> artifact = emitArtifact(quantized, "npu-compare");
  if (failed(artifact))
    return 1;
  auto session = runtime::Session::create(
      std::make_shared<runtime::Artifact>(std::move(*artifact)));
  if (!session)
    return fail(llvm::toString(session.takeError()));
  auto outputs = (*session)->run(arrays);
  if (!outputs)
    return fail(llvm::toString(outputs.takeError()));
  for (auto [i, layer] : llvm::enumerate(layers)) {
    auto tensor = reference::tensorFromNpy((*outputs)[modelOutputs + i], layer.quantizedType,
                                           "layer '" + layer.name + "'");
    if (!tensor)
      return fail(llvm::toString(tensor.takeError()));
    layer.npu = realValues(*tensor);
  }

  // The table.
  llvm::outs() << llvm::formatv(
      "{0} on {1}, {2}: {3} layers; tolerance of the NPU against fp32: SQNR >= "
      "{4:f1} dB, cosine >= {5:f4}\n\n",
      inputFile.getValue(), targetName.getValue(), precision.getValue(), layers.size(),
      minSqnr.getValue(), minCosine.getValue());
  llvm::outs() << llvm::formatv("{0,-40} {1,-17} {2,-5} | {3,-27} | {4,-27} | {5}\n", "layer",
                                "op", "prec", "reference vs fp32", "npu vs fp32",
                                "npu vs reference");
  llvm::outs() << llvm::formatv("{0,-40} {1,-17} {2,-5} | {3,-27} | {3,-27} | {4}\n", "", "",
                                "", "cosine    SQNR   max|err|", "max|err|");
  const Layer *firstOut = nullptr;
  llvm::json::Array rows;
  int64_t exact = 0;
  for (const Layer &layer : layers) {
    Agreement ref = compare(layer.reference, layer.fp32);
    Agreement npu = compare(layer.npu, layer.fp32);
    Agreement self = compare(layer.npu, layer.reference);
    exact += self.maxAbsError == 0;
    bool out = npu.sqnrDb < minSqnr || npu.cosine < minCosine;
    if (out && !firstOut)
      firstOut = &layer;
    std::string name = layer.name.size() > 40 ? "..." + layer.name.substr(layer.name.size() - 37)
                                              : layer.name;
    StringRef op = StringRef(layer.op).drop_front(StringRef(layer.op).find('.') + 1);
    llvm::outs() << llvm::formatv(
        "{0,-40} {1,-17} {2,-5} | {3,8:f5} {4,6} {5,10:e2} | {6,8:f5} {7,6} {8,10:e2} | "
        "{9:e2}{10}\n",
        name, op, layer.precision, ref.cosine, formatDb(ref.sqnrDb), ref.maxAbsError,
        npu.cosine, formatDb(npu.sqnrDb), npu.maxAbsError, self.maxAbsError,
        out ? "  <- out of tolerance" : "");
    auto agreement = [](const Agreement &a) {
      return llvm::json::Object{
          {"cosine", a.cosine},
          {"sqnr_db", std::isinf(a.sqnrDb) ? llvm::json::Value(nullptr)
                                           : llvm::json::Value(a.sqnrDb)},
          {"max_abs_error", a.maxAbsError}};
    };
    rows.push_back(llvm::json::Object{{"layer", layer.name},
                                      {"op", layer.op},
                                      {"precision", layer.precision},
                                      {"reference_vs_fp32", agreement(ref)},
                                      {"npu_vs_fp32", agreement(npu)},
                                      {"npu_vs_reference", agreement(self)},
                                      {"in_tolerance", !out}});
  }
  llvm::outs() << "\nnpu and reference agree bit for bit on " << exact << " of "
               << layers.size() << " layers\n";
  if (firstOut)
    llvm::outs() << "first layer out of tolerance: " << firstOut->name << " ("
                 << firstOut->op << ", " << firstOut->precision << ")\n";
  else
    llvm::outs() << "every layer is within tolerance\n";
  if (!jsonFile.empty()) {
    llvm::json::Object root{{"model", inputFile.getValue()},
                            {"target", targetName.getValue()},
                            {"precision", precision.getValue()},
                            {"min_sqnr_db", minSqnr.getValue()},
                            {"min_cosine", minCosine.getValue()},
                            {"first_out_of_tolerance",
                             firstOut ? llvm::json::Value(firstOut->name)
                                      : llvm::json::Value(nullptr)},
                            {"layers", std::move(rows)}};
    std::string text;
    llvm::raw_string_ostream os(text);
    os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
    if (llvm::Error error = writeFileAtomically(jsonFile, text))
      return fail(llvm::toString(std::move(error)));
  }
  return firstOut ? 3 : 0;
}
