//===- LoweringContext.h - state the npu -> npuhw patterns share -*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The npu -> npuhw conversion (ConvertNpuToNpuHw.cpp) runs one
// OpConversionPattern per op kind. The patterns share:
//
//   * what was decided before the conversion started: each 4-D value's
//     storage layout (npu-assign-layout's `npu.layout`), the layer groups
//     (npu-form-layer-groups' `npu.layer_group`), the casts and dequantizes
//     an fp16 island's border absorbs, and which returned value writes
//     which output argument;
//   * the DRAM buffer of every lowered npu value, in its layout, and the
//     converted copies made for consumers wanting the other layout;
//   * the tile emitter (TileEmitter.cpp): buffers, DMA, and the software
//     pipeline that orders an op's commands.
//
// This header is private to lib/Conversion/NpuToNpuHw.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_CONVERSION_NPUTONPUHW_LOWERINGCONTEXT_H
#define NPU_CONVERSION_NPUTONPUHW_LOWERINGCONTEXT_H

#include "dialects/npu/NpuDialect.h"
#include "dialects/npuhw/NpuHwDialect.h"
#include "npu/Conversion/ConvTiling.h"
#include "npu/Target/TargetDescription.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"

#include <array>
#include <functional>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

namespace mlir::npu::lowering {

using npuhw::MemorySpace;

/// Pipeline stages of a tile, in the order a tile goes through them. A
/// layer group's tile has a matrix and a vector stage per convolution,
/// numbered on from Matrix (matrix 1 + 2i, vector 2 + 2i, then the store).
enum Stage : int { Load = 0, Matrix = 1, Vector = 2, Store = 3 };
/// The longest chain of convolutions one layer group takes.
constexpr int kMaxChain = 8;
constexpr int kMaxStages = 2 * kMaxChain + 2;

/// A tensor's DRAM buffer: a root buffer (alloc, global or argument) in the
/// physical shape, `nhwc` for 4-D activations stored channels-last.
struct DramTensor {
  Value buffer;
  bool nhwc = false;
};

/// A strided window of a root buffer, in elements.
struct View {
  Value root;
  int64_t offset = 0;
  SmallVector<int64_t> shape, strides;
};

//===----------------------------------------------------------------------===//
// Shapes, views and element types (TileEmitter.cpp)
//===----------------------------------------------------------------------===//

SmallVector<int64_t> rowMajorStrides(ArrayRef<int64_t> shape);
inline int64_t product(ArrayRef<int64_t> values) {
  return std::accumulate(values.begin(), values.end(), int64_t(1),
                         std::multiplies<int64_t>());
}
/// All of `value`, as a window of the root buffer it views.
View wholeView(Value value);
/// The sub-window [offsets, offsets + sizes) of `view`.
View subView(const View &view, ArrayRef<int64_t> offsets, ArrayRef<int64_t> sizes);
/// `view` with its dimensions in the order `permutation` (a transposed view).
View permuted(const View &view, ArrayRef<int64_t> permutation);
/// NCHW -> NHWC of a 4-D shape, or the shape itself.
SmallVector<int64_t> physicalShape(ArrayRef<int64_t> shape, bool nhwc);
/// Both layouts put the same bytes in the same places (one of C or H*W is 1).
bool layoutsAgree(ArrayRef<int64_t> shape);

/// The element type a tensor's buffer holds: the storage type (i8) of a
/// quantized type, the type itself otherwise.
Type getStorageType(Type type);
int64_t getStorageBytes(Type type);
std::string printType(Type type);
/// A per-tensor signed int8 activation type (what the lowering's int8
/// regions carry between layers), or null.
quant::UniformQuantizedType getInt8Activation(Type type);
/// The vector engine's quantize and dequantize take the scale as an f32
/// field; a scale that is not an f32 value would round differently from
/// the reference, which computes with the type's scale.
bool hasF32Scale(quant::UniformQuantizedType type);
/// f16 bits of each value (already f16-representable).
SmallVector<uint16_t> toHalf(ArrayRef<double> values);
template <typename T>
ArrayRef<char> asBytes(ArrayRef<T> values) {
  return ArrayRef<char>(reinterpret_cast<const char *>(values.data()),
                        values.size() * sizeof(T));
}

/// The period with which `operand` repeats along `result` in the result's
/// storage order (`nhwc` or row-major): its element count if it is shaped
/// like the result, 0 if it does not repeat that way.
int64_t getPeriod(RankedTensorType operand, RankedTensorType result, bool nhwc);

/// The storage layout an op's lowering always gives its 4-D result (true:
/// NHWC), or nullopt where it follows npu.layout (element-wise ops,
/// concatenations, slices).
std::optional<bool> getFixedLayout(Operation *op);

/// An fp16 island's border that the neighbouring quantize or cast absorbs
/// (no buffer, no commands): a cast f16 -> f32 whose users all quantize,
/// or a dequantize whose users all cast to f16.
bool isFoldedIslandBorder(Operation *op);

/// The target of a lowering pass and the SRAM bytes its tiles may plan for
/// (`sramFraction` of the SRAM); an error at `anchor` if the target cannot
/// be loaded or the fraction is not in (0, 1].
struct LoweringBudget {
  TargetDescription target;
  int64_t sramBytes = 0;
};
FailureOr<LoweringBudget> loadLoweringBudget(Operation *anchor, StringRef target,
                                             double sramFraction);

//===----------------------------------------------------------------------===//
// The shared state and the tile emitter
//===----------------------------------------------------------------------===//

/// Statistics of one conversion, summed by the pass.
struct LoweringCounts {
  int64_t tiles = 0, dma = 0, commands = 0, globals = 0, foldedBorders = 0;
  int64_t layerGroups = 0, groupedConvs = 0, onChipBytes = 0;
};

class LoweringContext {
public:
  LoweringContext(ModuleOp module, const TargetDescription &target,
                  int64_t budget);

  /// Reads the decisions recorded on `function` (layouts, layer groups)
  /// and computes the folded borders and output arguments. Fails, with a
  /// diagnostic, when a decision is missing or inconsistent.
  LogicalResult analyze(func::FuncOp function);

  /// Starts lowering `function`, whose converted entry block is `body`:
  /// maps the arguments to their DRAM buffers.
  void beginFunction(func::FuncOp function, Block *body,
                     Operation *terminator, unsigned numInputs);
  /// Erases the markers buffers were created before (after the conversion).
  void eraseMarkers();

  const TargetDescription &target;
  /// SRAM bytes tiles may plan for.
  const int64_t budget;
  LoweringCounts counts;
  /// Set when a pattern failed after reporting why at the op; the driver's
  /// generic "failed to legalize" that follows says nothing more.
  bool reportedFailure = false;

  /// The builder of the pattern running now (its ConversionPatternRewriter).
  RewriterBase &getBuilder() { return *builder; }
  void setBuilder(RewriterBase *current) { builder = current; }
  MLIRContext *getContext() { return module.getContext(); }
  Block *getBody() { return body; }
  Operation *getTerminator() { return terminator; }
  Operation *getBufferMarker() { return firstOp; }

  // Decisions.
  bool isNhwc(Value value) const { return nhwcLayout.lookup(value); }
  bool isFoldedBorder(Operation *op) const { return foldedBorders.contains(op); }
  struct LayerGroup {
    SmallVector<Conv2DOp> chain;
    int64_t rowsPerTile = 0;
  };
  /// The layer group `conv` heads, or null.
  const LayerGroup *getLayerGroup(Operation *conv) const {
    auto it = layerGroups.find(conv);
    return it == layerGroups.end() ? nullptr : &it->second;
  }
  /// The head of the layer group `conv` is a later member of, or null.
  Operation *getLayerGroupHead(Operation *conv) const {
    return groupHeads.lookup(conv);
  }

  // Buffers.
  Value allocate(ArrayRef<int64_t> shape, Type element, MemorySpace space);
  Value sram(ArrayRef<int64_t> shape, Type element) {
    return allocate(shape, element, MemorySpace::sram);
  }
  /// A constant `memref.global` (packed weights, biases, tables, constants)
  /// and its `memref.get_global`.
  Value global(StringRef prefix, ArrayRef<int64_t> shape, Type element,
               ArrayRef<char> bytes);
  Value castToView(const View &view, Location loc);
  /// castToView, recording a new view op in `stage` of the current tile.
  Value viewIn(Stage stage, const View &view, Location loc);
  /// The DRAM tensor of an npu value in the layout an op wants: a 4-D value
  /// is converted (NCHW <-> NHWC through SRAM) when its layout differs and
  /// the two layouts are not the same bytes.
  FailureOr<DramTensor> get(Value value, bool nhwc);
  /// The DRAM buffer an op writes its result to: the output argument when
  /// the function returns the value in this layout, a new buffer otherwise.
  DramTensor result(Value value, bool nhwc);
  /// Records `tensor` as the lowering of `value` (a view or a constant).
  void setLowered(Value value, DramTensor tensor) { tensors[value] = tensor; }
  /// The DRAM tensor already recorded for `value`, if any.
  std::optional<DramTensor> lookup(Value value) const;
  std::optional<DramTensor> reinterpretLayout(DramTensor tensor,
                                              ArrayRef<int64_t> shape,
                                              bool nhwc, Location loc);
  /// The values of a constant operand, as doubles.
  FailureOr<SmallVector<double>> constantValues(Value value);

  // Command emission.
  template <typename OpT, typename... Args>
  OpT emit(Stage stage, Location loc, Args &&...args) {
    auto op = OpT::create(*builder, loc, std::forward<Args>(args)...);
    record(stage, op);
    return op;
  }
  void record(Stage stage, Operation *op) {
    tiles.back()[stage].push_back(op);
    if (!isa<memref::ReinterpretCastOp>(op))
      ++counts.commands;
  }
  void beginTile() {
    tiles.emplace_back();
    ++counts.tiles;
  }
  bool hasOpenTiles() const { return !tiles.empty(); }
  /// Moves the ops of the current npu op into pipelined program order.
  void finishOp();
  void copy(const View &from, const View &to, Stage stage, Location loc);
  void copyThroughSram(const View &from, const View &to, Type element,
                       Location loc);
  void load(const View &from, Value tile, Location loc) {
    copy(from, wholeView(tile), Load, loc);
  }
  void store(Value tile, const View &to, Location loc) {
    copy(wholeView(tile), to, Store, loc);
  }

private:
  LogicalResult lowerConstant(ConstantOp op, bool nhwc);

  ModuleOp module;
  RewriterBase *builder = nullptr;
  func::FuncOp function;
  Block *body = nullptr;
  Operation *terminator = nullptr;
  Operation *firstOp = nullptr; // allocs and get_globals go before it
  SmallVector<Operation *> markers;
  /// Suffix of the next constant's symbol (unique in the module).
  int64_t nextGlobal = 0;
  DenseMap<Value, DramTensor> tensors, converted;
  DenseMap<Value, bool> nhwcLayout;
  DenseMap<Value, Value> outputFor; // returned value -> output argument
  DenseSet<Operation *> foldedBorders;
  DenseMap<Operation *, LayerGroup> layerGroups;
  DenseMap<Operation *, Operation *> groupHeads;
  std::vector<std::array<SmallVector<Operation *>, kMaxStages>> tiles;
};

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

/// Why an op kind's variant cannot run on the NPU (nullopt: it can).
using WhyUnsupported = std::optional<std::string>;

/// What the pass asks every pattern before converting anything, so that
/// every op that cannot run is reported at its ONNX node at once, from the
/// same checks the patterns match with.
struct LegalityCheck {
  virtual ~LegalityCheck() = default;
  /// The pattern takes ops of this kind in this form (a convolution heading
  /// a layer group, say); another pattern may take the others.
  virtual bool handles(Operation *op) const = 0;
  virtual WhyUnsupported whyUnsupported(Operation *op) const = 0;
};

/// The checks of every pattern, by root op name.
using LegalityChecks = llvm::StringMap<SmallVector<const LegalityCheck *, 2>>;

/// Which element types a pattern's op may produce: the fp16 pipeline's f16,
/// or int8 activations where the op kind has an integer lowering.
enum class Int8Support { None, Own };

/// An npu op's lowering to npuhw commands. Subclasses say which variants
/// they take (`handles`), why a variant cannot run (`whyNot`), and lower it
/// (`lower`). Both the pass's up-front report and `matchAndRewrite` ask the
/// same checks, so the legality list cannot drift from the dispatch.
template <typename OpT>
class NpuLoweringPattern : public OpConversionPattern<OpT>, public LegalityCheck {
public:
  NpuLoweringPattern(LoweringContext &lowering, LegalityChecks &checks,
                     MLIRContext *context, PatternBenefit benefit = 1)
      : OpConversionPattern<OpT>(context, benefit), lowering(lowering) {
    checks[OpT::getOperationName()].push_back(this);
  }

  bool handles(Operation *op) const final {
    auto typed = dyn_cast<OpT>(op);
    return typed && handlesOp(typed);
  }
  WhyUnsupported whyUnsupported(Operation *op) const final {
    OpT typed = cast<OpT>(op);
    if (WhyUnsupported why = whyNotTypes(typed))
      return why;
    return whyNot(typed);
  }

  LogicalResult
  matchAndRewrite(OpT op, typename OpConversionPattern<OpT>::OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const final {
    if (!handlesOp(op))
      return rewriter.notifyMatchFailure(op, "another pattern's variant");
    if (WhyUnsupported why = whyUnsupported(op))
      return rewriter.notifyMatchFailure(op, *why);
    lowering.setBuilder(&rewriter);
    // Commands go in program order, before the function's terminator.
    rewriter.setInsertionPoint(lowering.getTerminator());
    FailureOr<Value> replacement = lower(op, rewriter);
    if (lowering.hasOpenTiles())
      lowering.finishOp();
    if (failed(replacement)) {
      lowering.reportedFailure = true;
      return failure();
    }
    if (*replacement)
      rewriter.replaceOp(op, *replacement);
    else
      rewriter.eraseOp(op);
    return success();
  }

protected:
  virtual bool handlesOp(OpT op) const { return true; }
  /// The op-specific conditions (attributes, shapes, operands).
  virtual WhyUnsupported whyNot(OpT op) const { return std::nullopt; }
  /// Element types: by default f16 results, or per `int8Support`.
  virtual WhyUnsupported whyNotTypes(OpT op) const;
  /// For Int8Support::Own: why this op's int8 form cannot run.
  virtual WhyUnsupported whyNotInt8(OpT op) const { return std::nullopt; }
  virtual Int8Support int8Support() const { return Int8Support::None; }
  /// Emits the op's commands; returns the DRAM buffer that replaces its
  /// result (null: the op has no buffer of its own). A failure has been
  /// reported at the op.
  virtual FailureOr<Value> lower(OpT op, ConversionPatternRewriter &rewriter) const = 0;

  LoweringContext &lowering;
};

/// The element types of the fp16 and int8 pipelines (shared by every
/// pattern that does not override whyNotTypes).
WhyUnsupported whyNotElementTypes(Operation *op, Int8Support support,
                                  const std::function<WhyUnsupported()> &int8Check);

template <typename OpT>
WhyUnsupported NpuLoweringPattern<OpT>::whyNotTypes(OpT op) const {
  return whyNotElementTypes(op, int8Support(), [&] { return whyNotInt8(op); });
}

/// Why an int8 product (convolution, fully connected, matmul) cannot run
/// as the matrix engine's i8 x i8 -> i32 plus requantization.
WhyUnsupported whyNotInt8Product(Value input, Value weight, Value bias,
                                 Type result, int64_t channelAxis);

// The pattern families, one file each.
void populateConvolutionPatterns(LoweringContext &, LegalityChecks &, RewritePatternSet &);
void populateLayerGroupPatterns(LoweringContext &, LegalityChecks &, RewritePatternSet &);
void populateProductPatterns(LoweringContext &, LegalityChecks &, RewritePatternSet &);
void populateVectorPatterns(LoweringContext &, LegalityChecks &, RewritePatternSet &);
void populateDataMovementPatterns(LoweringContext &, LegalityChecks &, RewritePatternSet &);

} // namespace mlir::npu::lowering

#endif // NPU_CONVERSION_NPUTONPUHW_LOWERINGCONTEXT_H
