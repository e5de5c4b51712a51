//===- npu-translate.cpp - translations into and out of npu-mlir ----------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// mlir-translate with npu-mlir's translations:
//   --import-onnx [--input-shape NAME=1x3x224x224 ...]   ONNX -> npu dialect
//   --npu-round-trip                                      parse, verify, print
//   --emit-artifact [IN.mlir] [-o OUT.npub]               planned npuhw -> artifact
//                                                         (to a file: atomically)
// and, outside the translation registry,
//   --print-supported-onnx-ops                            Markdown table
//   --print-target NAME|FILE.json                         a target description
//   --assemble IN.s -o OUT.npub                           assembly -> artifact
//   --disassemble IN.npub|- [-o OUT.s]                    artifact -> assembly
//   --print-isa                                           ISA tables (Markdown)
//
//===----------------------------------------------------------------------===//

#include "dialects/npu/NpuDialect.h"
#include "dialects/npuhw/NpuHwDialect.h"
#include "npu/Importer/OnnxImporter.h"
#include "npu/Support/Diagnostics.h"
#include "npu/Codegen/EmitArtifact.h"
#include "npu/Runtime/Artifact.h"
#include "npu/Support/AtomicFile.h"
#include "npu/Target/TargetDescription.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Tools/mlir-translate/MlirTranslateMain.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;

static llvm::cl::list<std::string>
    inputShapes("input-shape",
                llvm::cl::desc("Static shape of a graph input for "
                               "--import-onnx: NAME=D0xD1x... (repeatable)"),
                llvm::cl::value_desc("name=shape"));

static llvm::cl::opt<bool> onnxShapeCheck(
    "onnx-shape-inference",
    llvm::cl::desc("Run ONNX's strict shape inference on the model and "
                   "cross-check every imported shape against it (default on)"),
    llvm::cl::init(true));

/// The dialects every translation out of npu-mlir may meet.
static void registerNpuDialects(DialectRegistry &registry) {
  registry.insert<npu::NpuDialect, npuhw::NpuHwDialect, func::FuncDialect,
                  memref::MemRefDialect, quant::QuantDialect>();
}

static void printSupportedOnnxOps(llvm::raw_ostream &os) {
  os << "| ONNX op | since opset | notes |\n|---|---|---|\n";
  for (const npu::OnnxOpSupportInfo &op : npu::getSupportedOnnxOps())
    os << "| " << op.opType << " | "
       << std::max<int64_t>(op.minOpset, npu::kMinOnnxOpset) << " | "
       << op.notes << " |\n";
}

/// --assemble and --disassemble: artifacts are not MLIR, so these bypass the
/// translation registry. Returns the exit code.
static int translateArtifact(bool assemble, int argc, char **argv) {
  std::string input, output = "-";
  for (int i = 1; i < argc; ++i) {
    StringRef arg = argv[i];
    if (arg == "--assemble" || arg == "--disassemble")
      continue;
    if (arg == "-o" && i + 1 < argc) {
      output = argv[++i];
    } else if (arg.starts_with("-o=") || arg.starts_with("-o")) {
      output = arg.drop_front(arg.starts_with("-o=") ? 3 : 2).str();
    } else if (arg.starts_with("-") && arg != "-") {
      llvm::errs() << "npu-translate: error: unknown option '" << arg
                   << "' with --" << (assemble ? "assemble" : "disassemble") << "\n";
      return 1;
    } else if (input.empty()) {
      input = arg.str();
    } else {
      llvm::errs() << "npu-translate: error: more than one input file\n";
      return 1;
    }
  }
  if (input.empty()) {
    llvm::errs() << "npu-translate: error: --" << (assemble ? "assemble" : "disassemble")
                 << " needs an input file\n";
    return 1;
  }
  auto fail = [](llvm::Error error) {
    llvm::errs() << "npu-translate: error: " << llvm::toString(std::move(error)) << "\n";
    return 1;
  };
  if (assemble) {
    auto buffer = llvm::MemoryBuffer::getFileOrSTDIN(input, /*IsText=*/true);
    if (!buffer) {
      llvm::errs() << "npu-translate: error: cannot read '" << input
                   << "': " << buffer.getError().message() << "\n";
      return 1;
    }
    auto artifact = ::mlir::npu::runtime::assembleArtifact((*buffer)->getBuffer(),
                                                     input == "-" ? "<stdin>" : input);
    if (!artifact)
      return fail(artifact.takeError());
    if (output == "-") {
      llvm::errs() << "npu-translate: error: --assemble writes a binary file: "
                      "give -o FILE.npub\n";
      return 1;
    }
    if (llvm::Error error = ::mlir::npu::runtime::writeArtifactFile(*artifact, output))
      return fail(std::move(error));
    return 0;
  }
  // "-": the bytes on standard input (`--emit-artifact | --disassemble -`).
  auto read = [&]() -> llvm::Expected<::mlir::npu::runtime::Artifact> {
    if (input != "-")
      return ::mlir::npu::runtime::readArtifactFile(input);
    auto buffer = llvm::MemoryBuffer::getSTDIN();
    if (!buffer)
      return llvm::createStringError(buffer.getError(), "cannot read stdin");
    StringRef bytes = (*buffer)->getBuffer();
    return ::mlir::npu::runtime::parseArtifact(
        llvm::ArrayRef(reinterpret_cast<const uint8_t *>(bytes.data()), bytes.size()),
        "<stdin>");
  };
  llvm::Expected<::mlir::npu::runtime::Artifact> artifact = read();
  if (!artifact)
    return fail(artifact.takeError());
  std::string text = ::mlir::npu::runtime::disassembleArtifact(*artifact);
  if (output == "-") {
    llvm::outs() << text;
    return 0;
  }
  if (llvm::Error error = ::mlir::npu::writeFileAtomically(output, text))
    return fail(std::move(error));
  return 0;
}

/// Whether the command line names an output file (`-o FILE`, not `-`).
static bool hasFileOutput(int argc, char **argv) {
  for (int i = 1; i + 1 < argc; ++i)
    if (StringRef(argv[i]) == "-o")
      return StringRef(argv[i + 1]) != "-";
  return false;
}

/// --emit-artifact: a lowered, planned and scheduled module (npu-opt
/// --npu-hw-pipeline: npu-lower-to-npuhw, npuhw-plan-memory and
/// npuhw-schedule) to a .npub, written atomically. Returns the exit code.
static int emitArtifactFile(int argc, char **argv) {
  std::string input = "-", output;
  for (int i = 1; i < argc; ++i) {
    StringRef arg = argv[i];
    if (arg == "--emit-artifact")
      continue;
    if (arg == "-o" && i + 1 < argc)
      output = argv[++i];
    else if (arg.starts_with("-") && arg != "-")
      return llvm::errs() << "npu-translate: error: unknown option '" << arg
                          << "' with --emit-artifact\n", 1;
    else
      input = arg.str();
  }
  if (output.empty())
    return llvm::errs() << "npu-translate: error: --emit-artifact [IN.mlir] -o OUT.npub\n", 1;
  DialectRegistry registry;
  registerNpuDialects(registry);
  MLIRContext context(registry);
  auto diagnostics = npu::installNodeDiagnosticHandler(context);
  // IN.mlir, or standard input ("-" or none).
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> buffer = openInputFile(input, &error);
  if (!buffer)
    return llvm::errs() << "npu-translate: error: " << error << "\n", 1;
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return 1;
  FailureOr<npu::runtime::Artifact> artifact =
      npu::emitArtifact(*module, "npu-translate --emit-artifact (npu-mlir)");
  if (failed(artifact))
    return 1;
  if (llvm::Error error = npu::runtime::writeArtifactFile(*artifact, output)) {
    llvm::errs() << "npu-translate: error: " << llvm::toString(std::move(error)) << "\n";
    return 1;
  }
  return 0;
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    StringRef arg = argv[i];
    // To a file: written atomically (nothing half-written is left behind);
    // to stdout, the registered translation below.
    if (arg == "--emit-artifact" && hasFileOutput(argc, argv))
      return emitArtifactFile(argc, argv);
    if (arg == "--assemble" || arg == "--disassemble")
      return translateArtifact(arg == "--assemble", argc, argv);
    if (arg == "--print-isa") {
      llvm::outs() << ::mlir::npu::runtime::printIsaReference();
      return 0;
    }
    if (arg == "--print-supported-onnx-ops") {
      printSupportedOnnxOps(llvm::outs());
      return 0;
    }
    // --print-target NAME|FILE.json: a target description as a file users
    // can edit (a preset), or a file checked and normalised.
    if (arg == "--print-target" || arg.starts_with("--print-target=")) {
      StringRef target = arg.consume_front("--print-target=")
                             ? arg
                             : (i + 1 < argc ? StringRef(argv[i + 1]) : "");
      llvm::Expected<npu::TargetDescription> description = npu::loadTarget(target);
      if (!description) {
        llvm::errs() << "npu-translate: error: "
                     << llvm::toString(description.takeError()) << "\n";
        return 1;
      }
      llvm::outs() << npu::printTargetDescription(*description);
      return 0;
    }
  }

  TranslateToMLIRRegistration importOnnx(
      "import-onnx", "Import an ONNX model into the npu dialect",
      [](llvm::SourceMgr &sourceMgr,
         MLIRContext *context) -> OwningOpRef<Operation *> {
        // Import errors name the ONNX node (MLIR's printer shows only the
        // file of a NameLoc).
        auto diagnostics = npu::installNodeDiagnosticHandler(*context);
        npu::OnnxImportOptions options;
        options.checkWithOnnxShapeInference = onnxShapeCheck;
        for (const std::string &shape : inputShapes) {
          std::string error = npu::parseInputShapeOption(shape, options);
          if (!error.empty()) {
            emitError(UnknownLoc::get(context)) << error;
            return nullptr;
          }
        }
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        StringRef name = buffer->getBufferIdentifier();
        // From a file, the importer streams the model itself (the driver's
        // mapped copy is never touched, so the weights are loaded once);
        // from stdin, it parses the bytes the driver read.
        FailureOr<OwningOpRef<ModuleOp>> module =
            llvm::sys::fs::is_regular_file(name)
                ? npu::importOnnxFile(name, options, *context)
                : npu::importOnnxBytes(buffer->getBuffer(), name, options,
                                       *context);
        if (failed(module))
          return nullptr;
        return OwningOpRef<Operation *>(module->release());
      },
      npu::registerOnnxImportDialects);

  TranslateFromMLIRRegistration roundTrip(
      "npu-round-trip", "Parse and print npu / npuhw IR unchanged",
      [](Operation *op, raw_ostream &output) {
        op->print(output);
        output << "\n";
        return success();
      },
      registerNpuDialects);
  // The registered form: to stdout or any output mlir-translate opens, so
  // that lit tests pipe it (`| npu-translate --disassemble -`).
  TranslateFromMLIRRegistration emitArtifactTranslation(
      "emit-artifact",
      "Emit a lowered, planned and scheduled module as a .npub artifact",
      [](Operation *op, raw_ostream &output) -> LogicalResult {
        auto module = dyn_cast<ModuleOp>(op);
        if (!module)
          return op->emitError("expects a module");
        auto diagnostics = npu::installNodeDiagnosticHandler(*op->getContext());
        FailureOr<npu::runtime::Artifact> artifact =
            npu::emitArtifact(module, "npu-translate --emit-artifact (npu-mlir)");
        if (failed(artifact))
          return failure();
        llvm::Expected<std::vector<uint8_t>> bytes = npu::runtime::serializeArtifact(*artifact);
        if (!bytes)
          return op->emitError(llvm::toString(bytes.takeError()));
        output.write(reinterpret_cast<const char *>(bytes->data()), bytes->size());
        return success();
      },
      registerNpuDialects);
  return failed(mlirTranslateMain(argc, argv, "npu-mlir translation driver"));
}
