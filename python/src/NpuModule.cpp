//===- NpuModule.cpp - npu._npu: the pybind11 extension -------------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The thin C++ layer of the `npu` Python package (python/npu/__init__.py is
// the API users see): the compiler driver (lib/Driver) and the runtime
// Session (include/npu/Runtime/Device.h), with numpy arrays in and out.
// Diagnostics are collected, not printed: an error raises CompileError
// carrying every line (each names its ONNX node), warnings are returned.
// The GIL is released while compiling and running.
//
//===----------------------------------------------------------------------===//

#include "npu/Driver/Compiler.h"
#include "npu/Runtime/Device.h"
#include "npu/Support/AtomicFile.h"
#include "npu/Support/Diagnostics.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/Pass/PassManager.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"

#include <chrono>
#include <cstring>

namespace py = pybind11;
using namespace mlir;
using namespace mlir::npu;

namespace {

/// An error of the compiler: the message is every diagnostic line.
struct CompileFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};
/// An error of the runtime (bad inputs, corrupt artifact, a fault).
struct RuntimeFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A context with the compiler's dialects whose diagnostics go to `lines`.
struct CollectingContext {
  MLIRContext context;
  std::vector<std::string> errors, warnings;
  std::unique_ptr<ScopedDiagnosticHandler> handler;

  CollectingContext() {
    DialectRegistry registry;
    driver::registerCompilerDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
    // The op dump MLIR attaches to pass failures is for compiler developers.
    context.printOpOnDiagnostic(false);
    handler = installNodeDiagnosticHandler(
        context, [this](DiagnosticSeverity severity, const std::string &line) {
          (severity == DiagnosticSeverity::Warning ? warnings : errors).push_back(line);
        });
  }

  /// Throws CompileFailure for `error`, with the diagnostics reported
  /// before it (a ReportedError adds nothing of its own).
  [[noreturn]] void fail(llvm::Error error) {
    std::string message;
    for (const std::string &line : errors)
      message += (message.empty() ? "" : "\n") + line;
    llvm::handleAllErrors(
        std::move(error), [](const driver::ReportedError &) {},
        [&](const llvm::ErrorInfoBase &info) {
          message += (message.empty() ? "" : "\n") + info.message();
        });
    throw CompileFailure(message.empty() ? "compilation failed" : message);
  }
};

std::string getNumpyName(NpyDType type) { return npyTypeName(type).str(); }

std::optional<NpyDType> getNpyDType(const py::dtype &dtype) {
  for (NpyDType type : {NpyDType::Float32, NpyDType::Float16, NpyDType::Float64,
                        NpyDType::Int8, NpyDType::UInt8, NpyDType::Int32,
                        NpyDType::Int64, NpyDType::Bool})
    if (dtype.is(py::dtype(getNumpyName(type))))
      return type;
  return std::nullopt;
}

py::dict describe(const runtime::TensorDescriptor &tensor) {
  py::dict info;
  info["name"] = tensor.name;
  info["dtype"] = getNumpyName(runtime::getHostNpyDType(tensor));
  info["shape"] = py::tuple(py::cast(tensor.shape));
  info["device_dtype"] = runtime::getDTypeName(tensor.dtype).str();
  info["host_unsigned"] = tensor.hostUnsigned;
  return info;
}

py::dict summarize(const runtime::RunStats &stats) {
  py::dict result;
  result["target"] = stats.targetName;
  result["clock_mhz"] = stats.clockMHz;
  result["cycles"] = stats.totalCycles;
  result["time_us"] = stats.timeMicroseconds();
  py::dict queues;
  for (const runtime::RunStats::Queue &queue : stats.queues) {
    py::dict entry;
    entry["commands"] = queue.commands;
    entry["busy_cycles"] = queue.busyCycles;
    entry["utilisation"] = queue.utilisation(stats.totalCycles);
    queues[py::str(queue.name)] = entry;
  }
  result["queues"] = queues;
  result["dram_bytes_read"] = stats.dramBytesRead;
  result["dram_bytes_written"] = stats.dramBytesWritten;
  result["macs"] = stats.macs;
  result["vector_elements"] = stats.vectorElements;
  result["host_seconds"] = stats.hostSeconds;
  return result;
}

/// A loaded artifact on the simulator of its target.
class PySession {
public:
  explicit PySession(const std::string &path) {
    auto session = runtime::Session::createFromFile(path);
    if (!session)
      throw RuntimeFailure(llvm::toString(session.takeError()));
    this->session = std::move(*session);
  }

  py::list getInputs() const { return describeAll(session->getArtifact().inputs); }
  py::list getOutputs() const { return describeAll(session->getArtifact().outputs); }
  std::string getTarget() const { return session->getArtifact().targetName; }

  py::dict run(const py::dict &inputs, bool trace) {
    std::map<std::string, NpyArray> arrays;
    for (auto [key, value] : inputs) {
      std::string name = py::str(key);
      // A C-contiguous copy or view; the element type is checked, not cast.
      auto array = py::array::ensure(value, py::array::c_style);
      if (!array)
        throw py::type_error("input '" + name + "' is not an array");
      std::optional<NpyDType> dtype = getNpyDType(array.dtype());
      if (!dtype)
        throw py::type_error("input '" + name + "' has unsupported dtype " +
                             std::string(py::str(array.dtype())));
      NpyArray converted;
      converted.dtype = *dtype;
      converted.shape.assign(array.shape(), array.shape() + array.ndim());
      const auto *bytes = static_cast<const uint8_t *>(array.data());
      converted.data.assign(bytes, bytes + array.nbytes());
      arrays.emplace(name, std::move(converted));
    }
    llvm::Expected<std::vector<NpyArray>> outputs = [&] {
      py::gil_scoped_release release;
      runtime::RunOptions options;
      options.recordTrace = trace;
      return session->run(arrays, options);
    }();
    if (!outputs)
      throw RuntimeFailure(llvm::toString(outputs.takeError()));
    py::dict result;
    for (auto [tensor, array] : llvm::zip(session->getArtifact().outputs, *outputs)) {
      py::array out(py::dtype(getNumpyName(array.dtype)),
                    std::vector<py::ssize_t>(array.shape.begin(), array.shape.end()));
      std::memcpy(out.mutable_data(), array.data.data(), array.data.size());
      result[py::str(tensor.name)] = out;
    }
    return result;
  }

  py::dict getStats() const { return summarize(session->getLastStats()); }

  py::list getTrace() const {
    const runtime::Artifact &artifact = session->getArtifact();
    py::list events;
    for (const runtime::TraceEvent &event : session->getLastTrace()) {
      const runtime::CommandQueue &queue = artifact.queues[event.queue];
      py::dict entry;
      entry["queue"] = queue.getName();
      entry["command"] = event.command;
      const runtime::OpcodeInfo *info =
          runtime::getOpcodeInfo(queue.commands[event.command].opcodeByte());
      entry["opcode"] = info ? info->mnemonic.str() : std::string("?");
      entry["node"] = artifact.getNodeName(queue, event.command).str();
      entry["start_cycle"] = event.startCycle;
      entry["end_cycle"] = event.endCycle;
      events.append(entry);
    }
    return events;
  }

  void writeTrace(const std::string &path) const {
    if (session->getLastTrace().empty())
      throw RuntimeFailure("no trace: run with trace=True first");
    std::string json = runtime::formatChromeTrace(
        session->getArtifact(), session->getLastStats(), session->getLastTrace());
    if (llvm::Error error = writeFileAtomically(path, json))
      throw RuntimeFailure(llvm::toString(std::move(error)));
  }

private:
  static py::list describeAll(const std::vector<runtime::TensorDescriptor> &tensors) {
    py::list result;
    for (const runtime::TensorDescriptor &tensor : tensors)
      result.append(describe(tensor));
    return result;
  }
  std::unique_ptr<runtime::Session> session;
};

std::string importOnnx(const std::string &path, const std::vector<std::string> &inputShapes,
                       bool debugInfo) {
  CollectingContext state;
  driver::CompileOptions options;
  options.inputShapes = inputShapes;
  std::string text;
  {
    py::gil_scoped_release release;
    auto module = driver::importModel(path, options, state.context);
    if (!module) {
      py::gil_scoped_acquire acquire;
      state.fail(module.takeError());
    }
    llvm::raw_string_ostream os(text);
    OpPrintingFlags flags;
    if (debugInfo)
      flags.enableDebugInfo(/*enable=*/true, /*prettyForm=*/false);
    (*module)->print(os, flags);
  }
  return text;
}

struct CompileArguments {
  std::string model, output, target, precision, emit;
  std::vector<std::string> inputShapes;
  std::string calibration, calibrationTable, calibrationMethod;
  double percentile;
  bool symmetricActivations;
  std::string layerPrecision;
  double mixedMinSqnr, mixedFp16Budget;
  std::string dumpIr;
};

py::dict compile(const CompileArguments &args) {
  auto start = std::chrono::steady_clock::now();
  driver::CompileOptions options;
  options.target = args.target;
  std::optional<driver::Precision> precision = driver::parsePrecision(args.precision);
  if (!precision)
    throw py::value_error("precision must be 'fp16', 'int8' or 'mixed', not '" +
                          args.precision + "'");
  options.precision = *precision;
  std::optional<calibration::CalibrationMethod> method =
      calibration::parseCalibrationMethod(args.calibrationMethod);
  if (!method)
    throw py::value_error("calibration_method must be 'minmax', 'percentile', "
                          "'entropy' or 'mse', not '" + args.calibrationMethod + "'");
  if (args.emit != "artifact" && args.emit != "graph")
    throw py::value_error("emit must be 'artifact' or 'graph'");
  options.inputShapes = args.inputShapes;
  options.calibrationDir = args.calibration;
  options.calibrationTable = args.calibrationTable;
  options.calibrationMethod = *method;
  options.percentile = args.percentile;
  options.symmetricActivations = args.symmetricActivations;
  options.layerPrecisionFile = args.layerPrecision;
  options.mixedMinSqnrDb = args.mixedMinSqnr;
  options.mixedFp16Budget = args.mixedFp16Budget;
  if (!args.dumpIr.empty()) {
    // Each stage's pass manager writes a numbered directory (01, 02, ...)
    // and, in it, a file per pass that changed the IR, in pipeline order
    // (MLIR's file-tree IR printing).
    if (std::error_code error = llvm::sys::fs::create_directories(args.dumpIr))
      throw py::value_error("dump_ir: cannot create '" + args.dumpIr + "': " +
                            error.message());
    auto stages = std::make_shared<int>(0);
    options.configurePassManager = [directory = args.dumpIr, stages](PassManager &pm) {
      std::string stage = directory + llvm::formatv("/{0:02}", ++*stages).str();
      if (llvm::sys::fs::create_directories(stage))
        return failure();
      pm.getContext()->disableMultithreading();
      pm.enableIRPrintingToFileTree(
          /*shouldPrintBeforePass=*/[](Pass *, Operation *) { return false; },
          /*shouldPrintAfterPass=*/[](Pass *, Operation *) { return true; },
          /*printModuleScope=*/false, /*printAfterOnlyOnChange=*/true,
          /*printAfterOnlyOnFailure=*/false, stage);
      return success();
    };
  }

  CollectingContext state;
  driver::QuantizationSummary quantization;
  py::dict result;
  {
    py::gil_scoped_release release;
    auto check = [&](llvm::Error error) {
      if (error) {
        py::gil_scoped_acquire acquire;
        state.fail(std::move(error));
      }
    };
    auto module = driver::importModel(args.model, options, state.context);
    if (!module)
      check(module.takeError());
    check(driver::runGraphPasses(**module, options));
    check(driver::quantizeModel(**module, options, args.model, args.output, quantization));
    check(driver::runPrecisionPasses(**module, options));
    if (args.emit == "graph") {
      check(driver::writeGraphFile(**module, args.output));
    } else {
      check(driver::lowerToHardware(**module, options));
      llvm::Expected<runtime::Artifact> artifact =
          driver::writeArtifactFor(**module, "npu-mlir python", args.output);
      if (!artifact)
        check(artifact.takeError());
      auto function = *(*module)->getOps<func::FuncOp>().begin();
      auto attr = [&](StringRef name) -> int64_t {
        auto value = function->getAttrOfType<IntegerAttr>(name);
        return value ? value.getInt() : 0;
      };
      py::gil_scoped_acquire acquire;
      int64_t commands = 0;
      for (const runtime::CommandQueue &queue : artifact->queues)
        commands += queue.commands.size();
      result["commands"] = commands;
      result["constant_bytes"] = attr("npuhw.constant_bytes");
      result["activation_bytes"] = attr("npuhw.scratch_bytes");
      result["activation_bytes_lower_bound"] = attr("npuhw.scratch_lower_bound");
      result["sram_bytes"] = attr("npuhw.sram_bytes");
      result["target"] = artifact->targetName;
    }
  }
  result["output"] = args.output;
  result["precision"] = args.precision;
  result["seconds"] =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result["warnings"] = state.warnings;
  if (!quantization.calibrationTable.empty())
    result["calibration_table"] = quantization.calibrationTable;
  py::list layers;
  for (const driver::LayerPrecision &layer : quantization.layers) {
    py::dict entry;
    entry["layer"] = layer.layer;
    entry["op"] = layer.op;
    entry["macs"] = layer.macs;
    entry["sqnr_db"] = layer.measured ? py::cast(layer.sqnrDb) : py::none();
    entry["precision"] = layer.int8 ? "int8" : "fp16";
    entry["reason"] = layer.reason;
    layers.append(entry);
  }
  result["layers"] = layers;
  if (!quantization.precisionTable.empty())
    result["precision_table"] = quantization.precisionTable;
  return result;
}

} // namespace

PYBIND11_MODULE(_npu, m) {
  m.doc() = "npu-mlir's compiler driver and runtime (use the `npu` package)";
  py::register_exception<CompileFailure>(m, "CompileError", PyExc_RuntimeError);
  py::register_exception<RuntimeFailure>(m, "SessionError", PyExc_RuntimeError);

  m.def("import_onnx", &importOnnx, py::arg("path"), py::arg("input_shapes"),
        py::arg("debug_info"));
  m.def(
      "compile",
      [](std::string model, std::string output, std::string target,
         std::string precision, std::string emit, std::vector<std::string> inputShapes,
         std::string calibration, std::string calibrationTable,
         std::string calibrationMethod, double percentile, bool symmetricActivations,
         std::string layerPrecision, double mixedMinSqnr, double mixedFp16Budget,
         std::string dumpIr) {
        return compile({model, output, target, precision, emit, inputShapes, calibration,
                        calibrationTable, calibrationMethod, percentile,
                        symmetricActivations, layerPrecision, mixedMinSqnr,
                        mixedFp16Budget, dumpIr});
      },
      py::arg("model"), py::arg("output"), py::arg("target"), py::arg("precision"),
      py::arg("emit"), py::arg("input_shapes"), py::arg("calibration"),
      py::arg("calibration_table"), py::arg("calibration_method"), py::arg("percentile"),
      py::arg("symmetric_activations"), py::arg("layer_precision"),
      py::arg("mixed_min_sqnr"), py::arg("mixed_fp16_budget"), py::arg("dump_ir"));

  py::class_<PySession>(m, "Session")
      .def(py::init<const std::string &>(), py::arg("path"))
      .def_property_readonly("inputs", &PySession::getInputs)
      .def_property_readonly("outputs", &PySession::getOutputs)
      .def_property_readonly("target", &PySession::getTarget)
      .def("run", &PySession::run, py::arg("inputs"), py::arg("trace"))
      .def_property_readonly("stats", &PySession::getStats)
      .def_property_readonly("trace", &PySession::getTrace)
      .def("write_trace", &PySession::writeTrace, py::arg("path"));
}
