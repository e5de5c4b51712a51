//===- ConvertNpuToNpuHw.cpp - the npu -> npuhw conversion pass -----------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The conversion target (npuhw, memref and buffer-typed functions are
// legal; every npu op but constants is not), the function and return
// patterns, and the pass: read the recorded decisions, ask every pattern
// about every op before anything changes (so every op that cannot run is
// reported at its ONNX node at once), convert, then drop the constants the
// patterns packed into globals.
//
// The op patterns, by family: Convolution.cpp, LayerGroups.cpp,
// Products.cpp, Vector.cpp, DataMovement.cpp; what they emit with:
// TileEmitter.cpp, WeightPacking.cpp.
//
//===----------------------------------------------------------------------===//

#include "LoweringContext.h"

#include "npu/Conversion/NpuToNpuHw.h"
#include "npu/Conversion/Passes.h"

#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "convert-npu-to-npuhw"

namespace mlir::npu {
#define GEN_PASS_DEF_CONVERTNPUTONPUHW
#include "npu/Conversion/Passes.h.inc"
} // namespace mlir::npu

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::lowering;

//===----------------------------------------------------------------------===//
// Decisions recorded before the conversion
//===----------------------------------------------------------------------===//

LogicalResult LoweringContext::analyze(func::FuncOp source) {
  if (!source.getBody().hasOneBlock())
    return source.emitError("expects a function with one block");
  Block &block = source.getBody().front();
  // Layouts (npu-assign-layout). Constants are stored in the layout their
  // first user wants, arguments in ONNX order.
  for (Operation &op : block.without_terminator()) {
    if (isa<ConstantOp>(op))
      continue;
    bool hasActivation = llvm::any_of(op.getResultTypes(), [](Type type) {
      auto ranked = dyn_cast<RankedTensorType>(type);
      return ranked && ranked.getRank() == 4;
    });
    if (!hasActivation)
      continue;
    auto layout = op.getAttrOfType<StringAttr>(kLayoutAttr);
    if (!layout || (layout.getValue() != kLayoutNhwc && layout.getValue() != kLayoutNchw))
      return op.emitError("has a 4-D result but no '")
             << kLayoutAttr << "' of \"nhwc\" or \"nchw\"; run npu-assign-layout "
             << "first (the npu-lower-to-npuhw pipeline does)";
    bool nhwc = layout.getValue() == kLayoutNhwc;
    // Most lowerings store their result one way; a layout saying otherwise
    // would make consumers misread the buffer.
    if (std::optional<bool> fixed = getFixedLayout(&op); fixed && *fixed != nhwc)
      return op.emitError("has '")
             << kLayoutAttr << " = \"" << layout.getValue() << "\"', but its "
             << "lowering stores the result " << (*fixed ? "NHWC" : "NCHW")
             << "; only element-wise ops, concatenations and slices take "
             << "either layout";
    for (Value result : op.getResults())
      nhwcLayout[result] =
          nhwc && cast<RankedTensorType>(result.getType()).getRank() == 4;
  }
  // fp16 island borders the quantize and dequantize commands absorb.
  for (Operation &op : block.without_terminator())
    if (isFoldedIslandBorder(&op)) {
      foldedBorders.insert(&op);
      ++counts.foldedBorders;
    }
  // Layer groups (npu-form-layer-groups): members by group id, in order.
  std::map<int64_t, SmallVector<std::pair<int64_t, Conv2DOp>>> members;
  for (Operation &op : block.without_terminator()) {
    auto attr = op.getAttrOfType<DictionaryAttr>(kLayerGroupAttr);
    if (!attr)
      continue;
    auto conv = dyn_cast<Conv2DOp>(op);
    auto id = attr.getAs<IntegerAttr>("id"), index = attr.getAs<IntegerAttr>("index");
    if (!conv || !id || !index)
      return op.emitError("malformed '")
             << kLayerGroupAttr << "': expects convolutions with integer 'id' and 'index'";
    members[id.getInt()].push_back({index.getInt(), conv});
  }
  for (auto &[id, group] : members) {
    llvm::sort(group, [](const auto &a, const auto &b) { return a.first < b.first; });
    Conv2DOp head = group.front().second;
    auto rows = head->getAttrOfType<DictionaryAttr>(kLayerGroupAttr)
                    .getAs<IntegerAttr>("rows_per_tile");
    if (group.size() < 2 || group.size() > size_t(kMaxChain) || !rows ||
        rows.getInt() < 1)
      return head.emitError("malformed layer group ")
             << id << ": expects 2 to " << kMaxChain
             << " convolutions and 'rows_per_tile' >= 1 on the first";
    LayerGroup &lowered = layerGroups[head];
    lowered.rowsPerTile = rows.getInt();
    for (auto [i, member] : llvm::enumerate(group)) {
      Conv2DOp conv = member.second;
      if (member.first != int64_t(i))
        return conv.emitError("malformed layer group ")
               << id << ": member indices must be 0, 1, 2, ...";
      if (i > 0) {
        Conv2DOp previous = lowered.chain.back();
        if (conv.getInput() != previous.getResult() || !previous.getResult().hasOneUse())
          return conv.emitError("malformed layer group ")
                 << id << ": each member must be the only user of the one before";
        groupHeads[conv] = head;
      }
      lowered.chain.push_back(conv);
    }
    ++counts.layerGroups;
    counts.groupedConvs += lowered.chain.size();
    for (Conv2DOp member : ArrayRef(lowered.chain).drop_back()) {
      auto type = member.getType();
      counts.onChipBytes += type.getNumElements() * getStorageBytes(type.getElementType());
    }
  }
  return success();
}

//===----------------------------------------------------------------------===//
// The function and its return
//===----------------------------------------------------------------------===//

namespace {

/// The signature: inputs, then one output buffer per result, in DRAM, in
/// ONNX layout; the results become output arguments marked `npuhw.output`.
struct FunctionLowering : OpConversionPattern<func::FuncOp> {
  FunctionLowering(LoweringContext &lowering, MLIRContext *context)
      : OpConversionPattern(context), lowering(lowering) {}

  LogicalResult matchAndRewrite(func::FuncOp function, OpAdaptor,
                                ConversionPatternRewriter &rewriter) const override {
    MLIRContext *context = function.getContext();
    FunctionType type = function.getFunctionType();
    Block &entry = function.getBody().front();
    SmallVector<Value> sourceArguments(entry.getArguments());
    TypeConverter::SignatureConversion signature(type.getNumInputs());
    SmallVector<Type> arguments;
    SmallVector<Attribute> argumentAttrs;
    for (auto [i, input] : llvm::enumerate(type.getInputs())) {
      auto tensor = cast<RankedTensorType>(input);
      Type buffer = npuhw::getBufferType(tensor.getShape(), getStorageType(tensor),
                                         MemorySpace::dram);
      signature.addInputs(i, buffer);
      arguments.push_back(buffer);
      argumentAttrs.push_back(function.getArgAttrDict(i)
                                  ? Attribute(function.getArgAttrDict(i))
                                  : DictionaryAttr::get(context));
    }
    for (auto [i, output] : llvm::enumerate(type.getResults())) {
      auto tensor = cast<RankedTensorType>(output);
      Type buffer = npuhw::getBufferType(tensor.getShape(), getStorageType(tensor),
                                         MemorySpace::dram);
      signature.addInputs(buffer);
      arguments.push_back(buffer);
      NamedAttrList attrs(function.getResultAttrDict(i));
      attrs.set("npuhw.output", UnitAttr::get(context));
      argumentAttrs.push_back(attrs.getDictionary(context));
    }
    Operation *terminator = entry.getTerminator();
    Block *body = rewriter.applySignatureConversion(&entry, signature);
    rewriter.modifyOpInPlace(function, [&] {
      // The function keeps only its name; its type and argument attributes
      // are the buffers'.
      function->setDiscardableAttrs(DictionaryAttr::get(context));
      function.removeResAttrsAttr();
      function.removeSymVisibilityAttr();
      function.setFunctionType(rewriter.getFunctionType(arguments, {}));
      function.setArgAttrsAttr(rewriter.getArrayAttr(argumentAttrs));
    });
    lowering.setBuilder(&rewriter);
    lowering.beginFunction(function, body, terminator, type.getNumInputs());
    // The npu ops read an argument as it was, or through the cast the
    // conversion put in its place.
    for (auto [i, argument] : llvm::enumerate(sourceArguments)) {
      DramTensor buffer{body->getArgument(i), false};
      lowering.setLowered(argument, buffer);
      for (Operation *user : body->getArgument(i).getUsers())
        if (auto cast = dyn_cast<UnrealizedConversionCastOp>(user))
          lowering.setLowered(cast.getResult(0), buffer);
    }
    return success();
  }

  LoweringContext &lowering;
};

/// Results not written in place are copied into their output buffers; the
/// function then returns nothing.
struct ReturnLowering : OpConversionPattern<func::ReturnOp> {
  ReturnLowering(LoweringContext &lowering, MLIRContext *context)
      : OpConversionPattern(context), lowering(lowering) {}

  LogicalResult matchAndRewrite(func::ReturnOp returnOp, OpAdaptor,
                                ConversionPatternRewriter &rewriter) const override {
    lowering.setBuilder(&rewriter);
    Block *body = lowering.getBody();
    unsigned inputs = body->getNumArguments() - returnOp.getNumOperands();
    for (auto [i, value] : llvm::enumerate(returnOp.getOperands())) {
      Value output = body->getArgument(inputs + i);
      auto tensorType = cast<RankedTensorType>(value.getType());
      std::optional<DramTensor> written = lowering.lookup(value);
      if (written && wholeView(written->buffer).root == output)
        continue;
      rewriter.setInsertionPoint(returnOp);
      FailureOr<DramTensor> tensor = lowering.get(value, false);
      if (failed(tensor)) {
        lowering.reportedFailure = true;
        return failure();
      }
      if (wholeView(tensor->buffer).root == output)
        continue;
      rewriter.setInsertionPoint(returnOp);
      lowering.copyThroughSram(wholeView(tensor->buffer), wholeView(output),
                               tensorType.getElementType(), value.getLoc());
      lowering.finishOp();
    }
    rewriter.setInsertionPoint(returnOp);
    rewriter.replaceOpWithNewOp<func::ReturnOp>(returnOp);
    return success();
  }

  LoweringContext &lowering;
};

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

struct ConvertNpuToNpuHwPass
    : npu::impl::ConvertNpuToNpuHwBase<ConvertNpuToNpuHwPass> {
  using ConvertNpuToNpuHwBase::ConvertNpuToNpuHwBase;

  void runOnOperation() override;
};

/// Every op of `function` that no pattern can take, each at its ONNX node.
LogicalResult reportUnsupported(func::FuncOp function, const LegalityChecks &checks) {
  bool ok = true;
  function.walk([&](Operation *op) {
    if (op == function.getOperation() || isa<ConstantOp, func::ReturnOp>(op))
      return;
    auto found = checks.find(op->getName().getStringRef());
    WhyUnsupported why = std::string("no NPU lowering exists for this op (CPU "
                                     "fallback is not implemented)");
    if (found != checks.end()) {
      bool handled = false;
      for (const LegalityCheck *check : found->second) {
        if (!check->handles(op))
          continue;
        WhyUnsupported reason = check->whyUnsupported(op);
        if (!reason) {
          why = std::nullopt;
          break;
        }
        if (!handled)
          why = reason; // the first variant's reason
        handled = true;
      }
    }
    if (why) {
      op->emitError("cannot run '") << op->getName() << "' on the NPU: " << *why;
      ok = false;
    }
  });
  return success(ok);
}

void ConvertNpuToNpuHwPass::runOnOperation() {
  ModuleOp module = getOperation();
  MLIRContext *context = &getContext();
  FailureOr<LoweringBudget> budget = loadLoweringBudget(module, target, sramFraction);
  if (failed(budget))
    return signalPassFailure();
  const TargetDescription &loadedTarget = budget->target;
  LoweringContext lowering(module, loadedTarget, budget->sramBytes);
  LegalityChecks checks;
  RewritePatternSet patterns(context);
  populateConvolutionPatterns(lowering, checks, patterns);
  populateLayerGroupPatterns(lowering, checks, patterns);
  populateProductPatterns(lowering, checks, patterns);
  populateVectorPatterns(lowering, checks, patterns);
  populateDataMovementPatterns(lowering, checks, patterns);
  patterns.add<FunctionLowering, ReturnLowering>(lowering, context);

  SmallVector<func::FuncOp> functions(module.getOps<func::FuncOp>());
  SmallVector<LoweringCounts> groupCounts;
  bool ok = true;
  for (func::FuncOp function : functions) {
    // The decisions first: some checks depend on the layouts.
    LoweringCounts before = lowering.counts;
    if (failed(lowering.analyze(function)))
      return signalPassFailure();
    ok &= succeeded(reportUnsupported(function, checks));
    LoweringCounts groups;
    groups.layerGroups = lowering.counts.layerGroups - before.layerGroups;
    groups.groupedConvs = lowering.counts.groupedConvs - before.groupedConvs;
    groups.onChipBytes = lowering.counts.onChipBytes - before.onChipBytes;
    groupCounts.push_back(groups);
  }
  if (!ok)
    return signalPassFailure();

  ConversionTarget legal(*context);
  legal.addLegalDialect<npuhw::NpuHwDialect, memref::MemRefDialect>();
  legal.addIllegalDialect<NpuDialect>();
  // Constants are packed where they are used; the pass drops them after.
  legal.addLegalOp<ModuleOp, ConstantOp>();
  legal.addDynamicallyLegalOp<func::FuncOp>([](func::FuncOp function) {
    return function.getFunctionType().getNumResults() == 0 &&
           llvm::all_of(function.getArgumentTypes(),
                        [](Type type) { return isa<MemRefType>(type); });
  });
  legal.addDynamicallyLegalOp<func::ReturnOp>(
      [](func::ReturnOp op) { return op.getNumOperands() == 0; });

  // A pattern that failed said why at its op; the driver's "failed to
  // legalize" that follows adds nothing.
  ScopedDiagnosticHandler quietFollowUps(context, [&](Diagnostic &diagnostic) {
    return success(lowering.reportedFailure &&
                   StringRef(diagnostic.str()).starts_with("failed to legalize"));
  });
  // Folding is the graph passes' business (canonicalize); here every op
  // becomes what its pattern says.
  ConversionConfig config;
  config.foldingMode = DialectConversionFoldingMode::Never;
  if (failed(applyFullConversion(module, legal, std::move(patterns), config)))
    return signalPassFailure();
  lowering.eraseMarkers();

  module.walk([](ConstantOp constant) {
    if (constant->use_empty())
      constant->erase();
  });
  // The layer groups' numbers, for the driver's summary (Debian's LLVM
  // prints no pass statistics).
  Builder builder(context);
  for (auto [function, groups] : llvm::zip(functions, groupCounts)) {
    function->setAttr("npuhw.layer_groups", builder.getI64IntegerAttr(groups.layerGroups));
    function->setAttr("npuhw.grouped_convs", builder.getI64IntegerAttr(groups.groupedConvs));
    function->setAttr("npuhw.on_chip_bytes", builder.getI64IntegerAttr(groups.onChipBytes));
  }
  module->setAttr("npuhw.target",
                  StringAttr::get(context, printTargetDescription(loadedTarget)));
  numTiles += lowering.counts.tiles;
  numCommands += lowering.counts.commands;
  numDma += lowering.counts.dma;
  numGlobals += lowering.counts.globals;
  numFoldedBorders += lowering.counts.foldedBorders;
  numLayerGroups += lowering.counts.layerGroups;
  numGroupedConvs += lowering.counts.groupedConvs;
  numOnChipBytes += lowering.counts.onChipBytes;
}

} // namespace
