//===- ConvertShape.cpp - ONNX data movement, shapes and constants --------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// ONNX computes shapes at run time (Shape, Gather, Concat, ...); with static
// input shapes every such value is a constant at import, and the ops that
// consume shapes (Reshape, Slice, Expand, Resize, ...) need them as such.
// Shape produces a constant directly and the npu ops built on constants fold
// as they are created, so these subgraphs leave nothing behind.
//
//===----------------------------------------------------------------------===//

#include "OnnxGraphImporter.h"

#include "mlir/Dialect/Traits.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/SmallBitVector.h"

#include <cmath>
#include <cstdio>
#include <limits>

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::onnx_import;

namespace {

RankedTensorType typeOf(Value value) {
  return cast<RankedTensorType>(value.getType());
}

/// Axes from the `axes` attribute (before `inputOpset`) or constant input 1.
FailureOr<SmallVector<int64_t>> readAxes(OnnxNodeImporter &node,
                                         int64_t inputOpset) {
  if (node.getOpset() < inputOpset)
    return node.intsAttr("axes");
  if (!node.hasInput(1))
    return SmallVector<int64_t>();
  return node.constantInts(1, "axes");
}

LogicalResult convertReshape(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "data");
  if (failed(x))
    return failure();
  FailureOr<SmallVector<int64_t>> target = node.constantInts(1, "shape");
  if (failed(target))
    return failure();
  ArrayRef<int64_t> in = typeOf(*x).getShape();
  bool allowZero = node.intAttr("allowzero", 0) != 0;
  SmallVector<int64_t> shape;
  int64_t inferred = -1, known = 1;
  for (auto [i, dim] : llvm::enumerate(*target)) {
    if (dim == 0 && !allowZero) {
      if (i >= in.size())
        return node.emitError() << "copies dimension " << i
                                << " (a 0 in the shape) from an input of rank "
                                << in.size();
      dim = in[i];
    }
    if (dim == -1) {
      if (inferred >= 0)
        return node.emitError() << "has more than one -1 in its shape";
      inferred = i;
      shape.push_back(1);
      continue;
    }
    if (dim <= 0)
      return node.emitError() << "has an invalid target dimension " << dim;
    if (known > kMaxTensorElements / dim)
      return node.emitError() << "has an absurd target shape (more than 2^40 "
                                 "elements)";
    shape.push_back(dim);
    known *= dim;
  }
  int64_t count = typeOf(*x).getNumElements();
  if (inferred >= 0) {
    if (known == 0 || count % known != 0)
      return node.emitError() << "cannot infer the -1 dimension: " << count
                              << " elements are not a multiple of " << known;
    shape[inferred] = count / known;
  }
  Value result = node.reshape(*x, shape);
  return node.setResult(result);
}

LogicalResult convertFlatten(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "input");
  if (failed(x))
    return failure();
  auto type = typeOf(*x);
  int64_t axis = node.intAttr("axis", 1);
  if (axis < 0)
    axis += type.getRank();
  if (axis < 0 || axis > type.getRank())
    return node.emitError() << "axis " << node.intAttr("axis", 1)
                            << " is out of range for rank " << type.getRank();
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < type.getRank(); ++d)
    (d < axis ? outer : inner) *= type.getDimSize(d);
  node.setOutput(0, node.reshape(*x, {outer, inner}));
  return success();
}

LogicalResult convertTranspose(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "data");
  if (failed(x))
    return failure();
  int64_t rank = typeOf(*x).getRank();
  SmallVector<int64_t> perm = node.intsAttr("perm");
  if (perm.empty())
    for (int64_t d = rank - 1; d >= 0; --d)
      perm.push_back(d);
  Value result = node.create<TransposeOp>(
      Type(), *x, node.getBuilder().getDenseI64ArrayAttr(perm));
  return node.setResult(result);
}

LogicalResult convertConcat(OnnxNodeImporter &node) {
  SmallVector<Value> inputs;
  for (unsigned i = 0; i < node.getNumInputs(); ++i) {
    FailureOr<Value> input = node.requiredInput(i, "input");
    if (failed(input))
      return failure();
    inputs.push_back(*input);
  }
  if (inputs.empty())
    return node.emitError() << "has no inputs";
  if (!node.hasAttr("axis"))
    return node.emitError() << "is missing its required 'axis' attribute";
  FailureOr<int64_t> axis = normalizeAxis(node, node.intAttr("axis", 0),
                                          typeOf(inputs.front()).getRank());
  if (failed(axis))
    return failure();
  Value result = node.create<ConcatOp>(Type(), ValueRange(inputs),
                                       static_cast<uint64_t>(*axis));
  return node.setResult(result);
}

LogicalResult convertSplit(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "input");
  if (failed(x))
    return failure();
  auto type = typeOf(*x);
  FailureOr<int64_t> axis =
      normalizeAxis(node, node.intAttr("axis", 0), type.getRank());
  if (failed(axis))
    return failure();
  SmallVector<int64_t> sizes;
  if (node.getOpset() < 13) {
    sizes = node.intsAttr("split");
  } else if (node.hasInput(1)) {
    FailureOr<SmallVector<int64_t>> values = node.constantInts(1, "split");
    if (failed(values))
      return failure();
    sizes = *values;
  }
  int64_t outputs = node.getNumOutputs();
  int64_t dim = type.getDimSize(*axis);
  if (sizes.empty()) {
    if (dim % outputs != 0)
      return node.emitError() << "splits dimension " << *axis << " of size "
                              << dim << " into " << outputs
                              << " equal parts, which does not divide";
    sizes.assign(outputs, dim / outputs);
  }
  if (static_cast<int64_t>(sizes.size()) != outputs)
    return node.emitError() << "has " << sizes.size() << " split sizes for "
                            << outputs << " outputs";
  // Split has several results: build it with explicit types (each piece is
  // the input with `axis` resized) and let the verifier check them.
  SmallVector<Type> resultTypes;
  for (int64_t size : sizes) {
    SmallVector<int64_t> shape(type.getShape());
    shape[*axis] = size;
    resultTypes.push_back(RankedTensorType::get(shape, type.getElementType()));
  }
  OpBuilder &b = node.getBuilder();
  auto split = SplitOp::create(b, node.getLoc(), resultTypes, *x,
                               static_cast<uint64_t>(*axis),
                               b.getDenseI64ArrayAttr(sizes));
  if (failed(verify(split, /*verifyRecursively=*/false))) {
    split->erase();
    return failure();
  }
  for (auto [i, result] : llvm::enumerate(split.getResults()))
    node.setOutput(i, result);
  return success();
}

LogicalResult convertSlice(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "data");
  if (failed(x))
    return failure();
  auto type = typeOf(*x);
  int64_t rank = type.getRank();
  SmallVector<int64_t> starts, ends, axes, steps;
  if (node.getOpset() < 10) {
    starts = node.intsAttr("starts");
    ends = node.intsAttr("ends");
    axes = node.intsAttr("axes");
  } else {
    FailureOr<SmallVector<int64_t>> s = node.constantInts(1, "starts");
    FailureOr<SmallVector<int64_t>> e = node.constantInts(2, "ends");
    if (failed(s) || failed(e))
      return failure();
    starts = *s;
    ends = *e;
    if (node.hasInput(3)) {
      FailureOr<SmallVector<int64_t>> a = node.constantInts(3, "axes");
      if (failed(a))
        return failure();
      axes = *a;
    }
    if (node.hasInput(4)) {
      FailureOr<SmallVector<int64_t>> st = node.constantInts(4, "steps");
      if (failed(st))
        return failure();
      steps = *st;
    }
  }
  if (axes.empty())
    for (int64_t d = 0; d < static_cast<int64_t>(starts.size()); ++d)
      axes.push_back(d);
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size())
    return node.emitError() << "has starts, ends, axes and steps of "
                               "different lengths";
  SmallVector<int64_t> fullStarts(rank, 0), fullEnds(type.getShape()),
      fullSteps(rank, 1);
  for (size_t i = 0; i < starts.size(); ++i) {
    FailureOr<int64_t> axis = normalizeAxis(node, axes[i], rank, "axes entry");
    if (failed(axis))
      return failure();
    int64_t dim = type.getDimSize(*axis), step = steps[i];
    if (step == 0)
      return node.emitError() << "has step 0 on axis " << axes[i];
    // ONNX: negative indices count from the end; then clamp to [0, dim]
    // for positive steps and [-1, dim - 1] for negative ones.
    auto resolve = [&](int64_t index, int64_t lo, int64_t hi) {
      if (index < 0)
        index = index < std::numeric_limits<int64_t>::min() + dim ? lo : index + dim;
      return std::clamp(index, lo, hi);
    };
    int64_t start = step > 0 ? resolve(starts[i], 0, dim) : resolve(starts[i], 0, dim - 1);
    int64_t end = step > 0 ? resolve(ends[i], 0, dim) : resolve(ends[i], -1, dim - 1);
    if ((step > 0 && start >= end) || (step < 0 && start <= end))
      return node.unsupported("selects an empty range on axis " + Twine(axes[i]) +
                              "; empty tensors are not supported");
    fullStarts[*axis] = start;
    fullEnds[*axis] = end;
    fullSteps[*axis] = step;
  }
  OpBuilder &b = node.getBuilder();
  Value result = node.create<SliceOp>(Type(), *x, b.getDenseI64ArrayAttr(fullStarts),
                                      b.getDenseI64ArrayAttr(fullEnds),
                                      b.getDenseI64ArrayAttr(fullSteps));
  return node.setResult(result);
}

LogicalResult convertPad(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "data");
  if (failed(x))
    return failure();
  auto type = typeOf(*x);
  int64_t rank = type.getRank();
  SmallVector<int64_t> pads;
  double value = 0.0;
  if (node.getOpset() < 11) {
    pads = node.intsAttr("pads");
    value = node.floatAttr("value", 0.0f);
  } else {
    FailureOr<SmallVector<int64_t>> p = node.constantInts(1, "pads");
    if (failed(p))
      return failure();
    pads = *p;
    if (node.hasInput(2)) {
      FailureOr<SmallVector<double>> v = node.constantFloats(2, "constant_value");
      if (failed(v))
        return failure();
      if (v->size() != 1)
        return node.emitError() << "expects a scalar constant_value";
      value = (*v)[0];
    }
  }
  // npu.pad holds an f32 value: one beyond f32's range cannot be converted,
  // and an integer one it cannot hold exactly would pad with another number.
  bool fitsF32 = !std::isfinite(value) ||
                 std::fabs(value) <= std::numeric_limits<float>::max();
  if (!fitsF32 || (!isa<FloatType>(type.getElementType()) &&
                   static_cast<double>(static_cast<float>(value)) != value)) {
    char text[32];
    std::snprintf(text, sizeof(text), "%.17g", value);
    return node.unsupported("pad value " + Twine(text) +
                            " is not exactly representable in f32");
  }
  if (static_cast<int64_t>(pads.size()) != 2 * rank)
    return node.emitError() << "has " << pads.size() << " pads for rank "
                            << rank << " (expected " << 2 * rank << ")";
  std::string modeName = node.stringAttr("mode", "constant");
  std::optional<PadMode> mode = symbolizePadMode(modeName);
  if (!mode)
    return node.unsupported("pad mode '" + modeName + "' is not supported");
  // Negative pads crop: pad the positive parts, then slice. A crop cannot
  // remove more than the dimension has.
  for (int64_t d = 0; d < rank; ++d)
    for (int64_t pad : {pads[d], pads[d + rank]})
      if (pad < -type.getDimSize(d))
        return node.emitError() << "crops " << pad << " elements from dimension "
                                << d << " of size " << type.getDimSize(d);
  SmallVector<int64_t> low(rank), high(rank), starts(rank), ends(rank);
  bool crops = false;
  for (int64_t d = 0; d < rank; ++d) {
    low[d] = std::max<int64_t>(pads[d], 0);
    high[d] = std::max<int64_t>(pads[d + rank], 0);
    crops |= pads[d] < 0 || pads[d + rank] < 0;
  }
  OpBuilder &b = node.getBuilder();
  Value result = *x;
  if (llvm::any_of(low, [](int64_t v) { return v > 0; }) ||
      llvm::any_of(high, [](int64_t v) { return v > 0; }))
    result = node.create<PadOp>(Type(), *x, ArrayRef<int64_t>(low),
                                ArrayRef<int64_t>(high), *mode,
                                llvm::APFloat(static_cast<float>(value)));
  if (result && crops) {
    auto padded = typeOf(result);
    for (int64_t d = 0; d < rank; ++d) {
      starts[d] = std::max<int64_t>(-pads[d], 0);
      ends[d] = padded.getDimSize(d) - std::max<int64_t>(-pads[d + rank], 0);
    }
    result = node.create<SliceOp>(Type(), result, b.getDenseI64ArrayAttr(starts),
                                  b.getDenseI64ArrayAttr(ends),
                                  b.getDenseI64ArrayAttr(SmallVector<int64_t>(rank, 1)));
  }
  return node.setResult(result);
}

LogicalResult convertGather(OnnxNodeImporter &node) {
  FailureOr<Value> data = node.requiredInput(0, "data");
  FailureOr<Value> indices = node.requiredInput(1, "indices");
  if (failed(data) || failed(indices))
    return failure();
  auto type = typeOf(*data);
  FailureOr<int64_t> axis =
      normalizeAxis(node, node.intAttr("axis", 0), type.getRank());
  if (failed(axis))
    return failure();
  Value index = *indices;
  if (!isa<IntegerType>(typeOf(index).getElementType()))
    return node.emitError() << "expects integer indices, got "
                            << typeOf(index).getElementType();
  // Constant indices may count from the end: resolve them now. Run-time
  // indices (token ids) are checked by the reference and the simulator.
  if (DenseElementsAttr constant = node.constantInput(1)) {
    int64_t dim = type.getDimSize(*axis);
    SmallVector<int64_t> values;
    for (const APInt &v : constant.getValues<APInt>()) {
      int64_t i = v.getSExtValue();
      if (i < -dim || i >= dim)
        return node.emitError() << "gathers index " << i << " of axis "
                                << *axis << ", which has size " << dim;
      values.push_back(i < 0 ? i + dim : i);
    }
    index = node.constant(DenseIntElementsAttr::get(
        RankedTensorType::get(constant.getType().getShape(),
                              node.getBuilder().getI64Type()),
        values));
  }
  Value result = node.create<GatherOp>(Type(), *data, index,
                                       static_cast<uint64_t>(*axis));
  return node.setResult(result);
}

LogicalResult convertSqueeze(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "data");
  if (failed(x))
    return failure();
  auto type = typeOf(*x);
  FailureOr<SmallVector<int64_t>> axes = readAxes(node, 13);
  if (failed(axes))
    return failure();
  llvm::SmallBitVector drop(type.getRank());
  for (int64_t axis : *axes) {
    FailureOr<int64_t> a = normalizeAxis(node, axis, type.getRank(), "axes entry");
    if (failed(a))
      return failure();
    if (type.getDimSize(*a) != 1)
      return node.emitError() << "squeezes axis " << axis << " of size "
                              << type.getDimSize(*a);
    drop.set(*a);
  }
  SmallVector<int64_t> shape;
  for (int64_t d = 0; d < type.getRank(); ++d)
    if (!(axes->empty() ? type.getDimSize(d) == 1 : drop.test(d)))
      shape.push_back(type.getDimSize(d));
  node.setOutput(0, node.reshape(*x, shape));
  return success();
}

LogicalResult convertUnsqueeze(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "data");
  if (failed(x))
    return failure();
  auto type = typeOf(*x);
  FailureOr<SmallVector<int64_t>> axes = readAxes(node, 13);
  if (failed(axes))
    return failure();
  int64_t rank = type.getRank() + axes->size();
  llvm::SmallBitVector inserted(rank);
  for (int64_t axis : *axes) {
    FailureOr<int64_t> a = normalizeAxis(node, axis, rank, "axes entry");
    if (failed(a))
      return failure();
    if (inserted.test(*a))
      return node.emitError() << "repeats axis " << axis;
    inserted.set(*a);
  }
  SmallVector<int64_t> shape;
  for (int64_t d = 0, source = 0; d < rank; ++d)
    shape.push_back(inserted.test(d) ? 1 : type.getDimSize(source++));
  node.setOutput(0, node.reshape(*x, shape));
  return success();
}

LogicalResult convertShape(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "data");
  if (failed(x))
    return failure();
  ArrayRef<int64_t> shape = typeOf(*x).getShape();
  int64_t rank = shape.size();
  int64_t start = node.intAttr("start", 0), end = node.intAttr("end", rank);
  if (start < 0)
    start += rank;
  if (end < 0)
    end += rank;
  start = std::clamp<int64_t>(start, 0, rank);
  end = std::clamp<int64_t>(end, 0, rank);
  if (start >= end)
    return node.unsupported("yields an empty shape slice");
  node.setOutput(0, node.constantI64(shape.slice(start, end - start)));
  return success();
}

LogicalResult convertSize(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "data");
  if (failed(x))
    return failure();
  auto type = RankedTensorType::get({}, node.getBuilder().getI64Type());
  node.setOutput(0, node.constant(DenseIntElementsAttr::get(
                        type, ArrayRef<int64_t>{typeOf(*x).getNumElements()})));
  return success();
}

/// Reads a Constant / ConstantOfShape `value` tensor attribute.
FailureOr<ElementsAttr> tensorAttribute(OnnxNodeImporter &node,
                                        const onnx::AttributeProto &attr,
                                        GraphImporter &graph) {
  onnx::TensorProto tensor = attr.t();
  if (tensor.name().empty())
    tensor.set_name(node.getNode().output(0));
  return importTensor(tensor, node.getLoc(), graph.getOptions(),
                      graph.getExternalDirectory());
}

LogicalResult convertConstant(OnnxNodeImporter &node, GraphImporter &graph) {
  OpBuilder &b = node.getBuilder();
  if (const onnx::AttributeProto *attr = node.findAttr("value")) {
    if (isEmptyTensorProto(attr->t())) {
      node.setOutputEmpty(0); // an absent optional input downstream
      return success();
    }
    FailureOr<ElementsAttr> value = tensorAttribute(node, *attr, graph);
    if (failed(value))
      return failure();
    node.setOutput(0, node.constant(*value));
    return success();
  }
  if (const onnx::AttributeProto *attr = node.findAttr("value_float")) {
    node.setOutput(0, node.constant(DenseElementsAttr::get(
                          RankedTensorType::get({}, b.getF32Type()), attr->f())));
    return success();
  }
  if (const onnx::AttributeProto *attr = node.findAttr("value_int")) {
    node.setOutput(0, node.constant(DenseElementsAttr::get(
                          RankedTensorType::get({}, b.getI64Type()),
                          static_cast<int64_t>(attr->i()))));
    return success();
  }
  if (const onnx::AttributeProto *attr = node.findAttr("value_floats")) {
    SmallVector<float> values(attr->floats().begin(), attr->floats().end());
    if (values.empty())
      return node.unsupported("empty constants are not supported");
    node.setOutput(0, node.constant(DenseElementsAttr::get(
                          RankedTensorType::get({static_cast<int64_t>(values.size())},
                                                b.getF32Type()),
                          ArrayRef<float>(values))));
    return success();
  }
  if (const onnx::AttributeProto *attr = node.findAttr("value_ints")) {
    SmallVector<int64_t> values(attr->ints().begin(), attr->ints().end());
    if (values.empty())
      return node.unsupported("empty constants are not supported");
    node.setOutput(0, node.constantI64(values));
    return success();
  }
  return node.unsupported("sparse and string constants are not supported");
}

LogicalResult convertConstantOfShape(OnnxNodeImporter &node, GraphImporter &graph) {
  FailureOr<SmallVector<int64_t>> shape = node.constantInts(0, "shape");
  if (failed(shape))
    return failure();
  Type elementType = node.getBuilder().getF32Type();
  Attribute scalar = FloatAttr::get(elementType, 0.0);
  if (const onnx::AttributeProto *attr = node.findAttr("value")) {
    FailureOr<ElementsAttr> value = tensorAttribute(node, *attr, graph);
    if (failed(value))
      return failure();
    auto dense = dyn_cast<DenseElementsAttr>(*value);
    if (!dense || dense.getNumElements() != 1)
      return node.emitError() << "expects a one-element 'value'";
    elementType = dense.getElementType();
    scalar = dense.getSplatValue<Attribute>();
  }
  auto type = RankedTensorType::get(*shape, elementType);
  if (failed(checkStaticShape(*shape, elementType, node.getLoc(), "the result")))
    return failure();
  node.setOutput(0, node.constant(DenseElementsAttr::get(type, scalar)));
  return success();
}

LogicalResult convertExpand(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "input");
  if (failed(x))
    return failure();
  FailureOr<SmallVector<int64_t>> shape = node.constantInts(1, "shape");
  if (failed(shape))
    return failure();
  // Expand broadcasts both ways: a 1 in the target keeps the input's size.
  SmallVector<int64_t> result;
  if (!OpTrait::util::getBroadcastedShape(typeOf(*x).getShape(), *shape, result))
    return node.emitError() << "cannot broadcast the input to the requested "
                               "shape";
  Value value = typeOf(*x).getShape() == ArrayRef<int64_t>(result)
                    ? *x
                    : node.createWithType<BroadcastOp>(
                          RankedTensorType::get(result, typeOf(*x).getElementType()),
                          *x);
  return node.setResult(value);
}

LogicalResult convertResize(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "X");
  if (failed(x))
    return failure();
  auto type = typeOf(*x);
  int64_t rank = type.getRank();
  // Opset 10: (X, scales); 11+: (X, roi, scales, sizes).
  unsigned scalesIndex = node.getOpset() < 11 ? 1 : 2, sizesIndex = 3;
  SmallVector<int64_t> sizes;
  SmallVector<double> scales;
  if (node.hasInput(sizesIndex)) {
    FailureOr<SmallVector<int64_t>> s = node.constantInts(sizesIndex, "sizes");
    if (failed(s))
      return failure();
    sizes = *s;
  } else {
    FailureOr<SmallVector<double>> s = node.constantFloats(scalesIndex, "scales");
    if (failed(s))
      return failure();
    scales = *s;
    if (static_cast<int64_t>(scales.size()) != rank)
      return node.emitError() << "has " << scales.size() << " scales for an "
                              << "input of rank " << rank;
    for (int64_t d = 0; d < rank; ++d) {
      // Checked before the conversion to an integer, which a NaN or a huge
      // scale would overflow.
      double size = std::floor(type.getDimSize(d) * scales[d] + 1e-9);
      if (!(size >= 1 && size <= static_cast<double>(kMaxTensorElements)))
        return node.emitError() << "scale " << scales[d] << " on axis " << d
                                << " gives an output size of " << size
                                << " for an input size of " << type.getDimSize(d);
      sizes.push_back(static_cast<int64_t>(size));
    }
  }
  if (static_cast<int64_t>(sizes.size()) != rank)
    return node.emitError() << "has " << sizes.size() << " sizes for an "
                            << "input of rank " << rank;
  for (auto [d, size] : llvm::enumerate(sizes))
    if (size < 1 || size > kMaxTensorElements)
      return node.emitError() << "asks for size " << size << " on axis " << d;
  // The coordinate mapping uses out/in; a scale that is not exactly out/in
  // would map differently.
  for (int64_t d = 0; d < static_cast<int64_t>(scales.size()); ++d)
    if (std::abs(scales[d] * type.getDimSize(d) - sizes[d]) > 1e-6)
      return node.unsupported("scale " + std::to_string(scales[d]) +
                              " on axis " + Twine(d) +
                              " does not give an integral size");
  std::string modeName = node.stringAttr("mode", "nearest");
  std::optional<ResizeMode> mode = symbolizeResizeMode(modeName);
  if (!mode)
    return node.unsupported("resize mode '" + modeName + "' is not supported "
                            "(nearest and linear are)");
  std::string transformName = node.stringAttr(
      "coordinate_transformation_mode",
      node.getOpset() < 11 ? "asymmetric" : "half_pixel");
  std::optional<CoordinateTransform> transform =
      symbolizeCoordinateTransform(transformName);
  if (!transform)
    return node.unsupported("coordinate_transformation_mode '" + transformName +
                            "' is not supported");
  std::string roundingName = node.stringAttr(
      "nearest_mode", node.getOpset() < 11 ? "floor" : "round_prefer_floor");
  std::optional<NearestRounding> rounding = symbolizeNearestRounding(roundingName);
  if (!rounding)
    return node.unsupported("nearest_mode '" + roundingName + "' is not supported");
  if (ArrayRef<int64_t>(sizes) == type.getShape()) {
    node.setOutput(0, *x);
    return success();
  }
  Value result = node.createWithType<ResizeOp>(
      RankedTensorType::get(sizes, type.getElementType()), *x, *mode,
      *transform, *rounding);
  return node.setResult(result);
}

LogicalResult convertCast(OnnxNodeImporter &node) {
  FailureOr<Value> x = node.requiredInput(0, "input");
  if (failed(x))
    return failure();
  int64_t to = node.intAttr("to", 0);
  Type elementType = convertElementType(node.getContext(), to);
  if (!elementType)
    return node.unsupported("casts to " + onnxTypeName(to) +
                            ", which is not supported");
  auto type = typeOf(*x);
  if (type.getElementType() == elementType) {
    node.setOutput(0, *x);
    return success();
  }
  Value result = node.createWithType<CastOp>(
      RankedTensorType::get(type.getShape(), elementType), *x);
  return node.setResult(result);
}

LogicalResult convertRange(OnnxNodeImporter &node) {
  // Range with constant bounds (position ids, detector grids) is a constant.
  if (!node.constantInput(0) || !node.constantInput(1) || !node.constantInput(2))
    return node.unsupported("Range needs constant start, limit and delta");
  DenseElementsAttr start = node.constantScalar(0, "start", /*allowFloat=*/true);
  DenseElementsAttr limit = node.constantScalar(1, "limit", /*allowFloat=*/true);
  DenseElementsAttr delta = node.constantScalar(2, "delta", /*allowFloat=*/true);
  if (!start || !limit || !delta)
    return failure();
  Type elementType = start.getElementType();
  if (limit.getElementType() != elementType || delta.getElementType() != elementType)
    return node.emitError() << "expects start, limit and delta of one type, got "
                            << elementType << ", " << limit.getElementType()
                            << " and " << delta.getElementType();
  auto scalar = [](DenseElementsAttr a) {
    return isa<FloatType>(a.getElementType())
               ? a.getSplatValue<APFloat>().convertToDouble()
               : static_cast<double>(a.getSplatValue<APInt>().getSExtValue());
  };
  double s = scalar(start), l = scalar(limit), d = scalar(delta);
  if (d == 0)
    return node.emitError() << "has delta 0";
  // ONNX: max(ceil((limit - start) / delta), 0) elements. Checked as a
  // double before any conversion: the bounds may be anything.
  constexpr double kMaxElements = 1 << 24;
  double count = std::ceil((l - s) / d);
  if (!(count >= 1 && count <= kMaxElements)) {
    char text[32];
    std::snprintf(text, sizeof(text), "%.6g", count);
    return node.unsupported("yields " + Twine(text) +
                            " elements (a constant Range must have 1 to " +
                            Twine(int64_t(kMaxElements)) + ")");
  }
  auto type = RankedTensorType::get({static_cast<int64_t>(count)}, elementType);
  if (auto floatType = dyn_cast<FloatType>(elementType)) {
    SmallVector<APFloat> values;
    values.reserve(type.getNumElements());
    for (int64_t i = 0; i < type.getNumElements(); ++i) {
      APFloat value(s + static_cast<double>(i) * d);
      bool lost;
      value.convert(floatType.getFloatSemantics(),
                    APFloat::rmNearestTiesToEven, &lost);
      values.push_back(value);
    }
    node.setOutput(0, node.constant(DenseElementsAttr::get(type, values)));
    return success();
  }
  // Integers step in their own width (wrapping as the integer type does),
  // exactly even where a double would round.
  APInt value = start.getSplatValue<APInt>(), step = delta.getSplatValue<APInt>();
  SmallVector<APInt> values;
  values.reserve(type.getNumElements());
  for (int64_t i = 0; i < type.getNumElements(); ++i, value += step)
    values.push_back(value);
  node.setOutput(0, node.constant(DenseElementsAttr::get(type, values)));
  return success();
}

} // namespace

// Constant and ConstantOfShape need the graph (to import tensors with the
// model's options); the registry stores plain functions, so they reach it
// through the node.
LogicalResult convertConstantNode(OnnxNodeImporter &node);
LogicalResult convertConstantOfShapeNode(OnnxNodeImporter &node);

LogicalResult convertConstantNode(OnnxNodeImporter &node) {
  return convertConstant(node, node.getGraph());
}
LogicalResult convertConstantOfShapeNode(OnnxNodeImporter &node) {
  return convertConstantOfShape(node, node.getGraph());
}

static const OnnxConverter kConverters[] = {
    {"Reshape", 5, convertReshape, "constant shape; 0 and -1 entries, allowzero"},
    {"Flatten", 1, convertFlatten, ""},
    {"Transpose", 1, convertTranspose, ""},
    {"Concat", 4, convertConcat, ""},
    {"Split", 2, convertSplit,
     "sizes as attribute (< 13), constant input (>= 13) or equal parts"},
    {"Slice", 1, convertSlice,
     "constant starts/ends/axes/steps; negative steps; empty results refused"},
    {"Pad", 2, convertPad, "constant, reflect and edge; negative pads crop"},
    {"Gather", 1, convertGather,
     "constant indices resolved at import; run-time indices (embeddings)"},
    {"Squeeze", 1, convertSqueeze, "axes as attribute (< 13) or constant input"},
    {"Unsqueeze", 1, convertUnsqueeze,
     "axes as attribute (< 13) or constant input"},
    {"Shape", 1, convertShape, "a constant (static shapes); start/end"},
    {"Size", 1, convertSize, "a constant (static shapes)"},
    {"Constant", 1, convertConstantNode, "no sparse or string values"},
    {"ConstantOfShape", 9, convertConstantOfShapeNode, "constant shape"},
    {"Expand", 8, convertExpand, "constant shape"},
    {"Resize", 10, convertResize,
     "nearest and linear; half_pixel, pytorch_half_pixel, align_corners, "
     "asymmetric; spatial scales giving integral sizes"},
    {"Cast", 6, convertCast, "between float and integer types"},
    {"Range", 11, convertRange, "constant bounds (folded to a constant)"},
};

ArrayRef<OnnxConverter> mlir::npu::onnx_import::getShapeConverters() {
  return kConverters;
}
