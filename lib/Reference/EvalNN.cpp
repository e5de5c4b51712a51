//===- EvalNN.cpp - reference semantics of convolutions, products, pools --===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Float convolutions and products accumulate in double and round once to the
// result type. With quantized operands they accumulate exact integers,
// sum((x - zx)(w - zw)) (+ an i32 bias), and either return the accumulator
// (an i32 result) or requantize it per output channel with the fixed-point
// multiplier of sx * sw[c] / sy (Numerics.h). Convolution lowers to im2col
// and a row-major product whose inner loop is contiguous, which keeps a
// ResNet-50 in seconds.
//
//===----------------------------------------------------------------------===//

#include "ReferenceUtils.h"
#include "npu/Reference/Interpreter.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::npu;
using namespace mlir::npu::reference;

namespace {

/// How a product's operands and result are represented.
struct ProductOperands {
  bool integer = false; // exact integer accumulation (quantized / int inputs)
  Tensor lhs, rhs;      // compute values: floats, or (q - zp) integers
};

/// Operand values for a product: quantized tensors become (q - zp) integers
/// (per channel along `axisForZp` for per-axis types); floats stay floats.
Tensor centered(const Tensor &t) {
  auto quantized = dyn_cast<quant::QuantizedType>(t.getElementType());
  if (!quantized)
    return t;
  Tensor out(RankedTensorType::get(t.getShape(), IntegerType::get(t.getType().getContext(), 64)));
  int64_t axis = quantizedAxis(quantized);
  SmallVector<int64_t> strides = computeStrides(t.getShape());
  for (int64_t i = 0, e = t.getNumElements(); i < e; ++i) {
    int64_t channel = axis < 0 ? 0 : (i / strides[axis]) % t.getShape()[axis];
    out.ints()[i] = t.ints()[i] - quantParams(quantized, channel).zeroPoint;
  }
  return out;
}

/// C[m, n] += A[m, k] * B[k, n], row-major, inner loop over n.
template <typename T>
void gemmAccumulate(const T *a, const T *b, T *c, int64_t m, int64_t n,
                    int64_t k) {
  for (int64_t i = 0; i < m; ++i) {
    T *row = c + i * n;
    for (int64_t p = 0; p < k; ++p) {
      T av = a[i * k + p];
      if (av == T(0))
        continue;
      const T *brow = b + p * n;
      for (int64_t j = 0; j < n; ++j)
        row[j] += av * brow[j];
    }
  }
}

/// NCHW convolution via im2col per (image, group).
template <typename T>
void convolve(const std::vector<T> &x, const std::vector<T> &w, std::vector<T> &out,
              ArrayRef<int64_t> xs, ArrayRef<int64_t> ws, ArrayRef<int64_t> os,
              ArrayRef<int64_t> strides, ArrayRef<int64_t> pads,
              ArrayRef<int64_t> dilations, int64_t groups) {
  int64_t n = xs[0], c = xs[1], h = xs[2], wd = xs[3];
  int64_t o = ws[0], cg = ws[1], kh = ws[2], kw = ws[3];
  int64_t oh = os[2], ow = os[3], og = o / groups;
  int64_t k = cg * kh * kw, p = oh * ow;
  std::vector<T> col(k * p);
  for (int64_t b = 0; b < n; ++b)
    for (int64_t g = 0; g < groups; ++g) {
      // col[(ci, r, s), (y, x)] = input at the window position, 0 in pads.
      for (int64_t ci = 0; ci < cg; ++ci)
        for (int64_t r = 0; r < kh; ++r)
          for (int64_t s = 0; s < kw; ++s) {
            T *dst = col.data() + ((ci * kh + r) * kw + s) * p;
            const T *src = x.data() + ((b * c + g * cg + ci) * h) * wd;
            for (int64_t y = 0; y < oh; ++y) {
              int64_t iy = y * strides[0] - pads[0] + r * dilations[0];
              for (int64_t xx = 0; xx < ow; ++xx) {
                int64_t ix = xx * strides[1] - pads[1] + s * dilations[1];
                dst[y * ow + xx] = (iy >= 0 && iy < h && ix >= 0 && ix < wd)
                                       ? src[iy * wd + ix]
                                       : T(0);
              }
            }
          }
      T *result = out.data() + (b * o + g * og) * p;
      gemmAccumulate(w.data() + g * og * k, col.data(), result, og, p, k);
    }
}

/// Turns integer accumulators into the result: i32 as is (wrapped), or
/// requantized per channel along `channelAxis` of the result.
Tensor finishIntegerProduct(const Tensor &acc, RankedTensorType resultType,
                            quant::QuantizedType lhsType,
                            quant::QuantizedType rhsType, int64_t rhsAxisInResult,
                            int64_t channelAxis,
                            std::optional<ArrayRef<float>> clamp) {
  auto quantized = dyn_cast<quant::QuantizedType>(resultType.getElementType());
  if (!quantized) {
    Tensor out(resultType);
    out.ints() = acc.ints();
    out.roundToType();
    if (clamp) // an integer result clamps to the integers inside [lo, hi]
      for (int64_t &v : out.ints())
        v = static_cast<int64_t>(std::clamp<double>(
            static_cast<double>(v), std::ceil((*clamp)[0]), std::floor((*clamp)[1])));
    return out;
  }
  Tensor out(resultType);
  ArrayRef<int64_t> shape = resultType.getShape();
  SmallVector<int64_t> strides = computeStrides(shape);
  for (int64_t i = 0, e = out.getNumElements(); i < e; ++i) {
    int64_t channel = (i / strides[channelAxis]) % shape[channelAxis];
    ProductRequantization r =
        getProductRequantization(lhsType, rhsType, quantized, channel, clamp);
    out.ints()[i] = requantize(acc.ints()[i], r.multiplier, r.zeroPoint, r.lo, r.hi);
  }
  (void)rhsAxisInResult;
  return out;
}

/// Adds a per-channel bias along `axis` of `acc`.
LogicalResult addBias(Tensor &acc, const Tensor *bias, int64_t axis, Operation *op) {
  if (!bias)
    return success();
  ArrayRef<int64_t> shape = acc.getShape();
  SmallVector<int64_t> strides = computeStrides(shape);
  bool accIsInt = !acc.isFloat();
  if (accIsInt && bias->isFloat())
    return op->emitOpError("adds a float bias to an integer accumulator; "
                         "quantize the bias to i32 first");
  Tensor b = accIsInt ? centered(*bias) : toCompute(*bias);
  for (int64_t i = 0, e = acc.getNumElements(); i < e; ++i) {
    int64_t channel = (i / strides[axis]) % shape[axis];
    if (accIsInt)
      acc.ints()[i] += b.ints()[channel];
    else
      acc.floats()[i] += b.getAsDouble(channel);
  }
  return success();
}

/// fp16 and bf16 results accumulate in fp32 (the NPU's accumulators); wider
/// float results in double.
bool accumulatesInFloat32(RankedTensorType resultType) {
  Type element = computeType(resultType).getElementType();
  return element.isF16() || element.isBF16();
}

std::vector<float> toFloat32(const std::vector<double> &values) {
  return std::vector<float>(values.begin(), values.end());
}

/// A fused activation on a float accumulator: clamp to [lo, hi].
void applyClamp(Tensor &acc, std::optional<ArrayRef<float>> clamp) {
  if (!clamp)
    return;
  for (double &v : acc.floats())
    v = std::clamp<double>(v, (*clamp)[0], (*clamp)[1]);
}

/// Integer accumulators are int32 on the NPU: they wrap like it.
void wrapAccumulators(Tensor &acc) {
  for (int64_t &v : acc.ints())
    v = wrapToInteger(v, 32, /*isUnsigned=*/false);
}

} // namespace

LogicalResult reference::evaluate(Conv2DOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  auto resultType = op.getOutput().getType();
  const Tensor &x = *operands[0], &w = *operands[1];
  bool integer = isQuantized(x.getElementType()) || !x.isFloat();
  ArrayRef<int64_t> os = resultType.getShape();
  auto accType = RankedTensorType::get(
      os, integer ? Type(IntegerType::get(op.getContext(), 64))
                  : computeType(resultType).getElementType());
  Tensor acc(accType);
  if (integer) {
    Tensor xc = centered(x), wc = centered(w);
    convolve<int64_t>(xc.ints(), wc.ints(), acc.ints(), x.getShape(), w.getShape(),
                      os, op.getStrides(), op.getPads(), op.getDilations(), op.getGroups());
  } else if (accumulatesInFloat32(resultType)) {
    Tensor xf = toCompute(x), wf = toCompute(w);
    std::vector<float> out(acc.getNumElements(), 0.0f);
    convolve<float>(toFloat32(xf.floats()), toFloat32(wf.floats()), out,
                    x.getShape(), w.getShape(), os, op.getStrides(), op.getPads(),
                    op.getDilations(), op.getGroups());
    acc.floats().assign(out.begin(), out.end());
  } else {
    Tensor xf = toCompute(x), wf = toCompute(w);
    convolve<double>(xf.floats(), wf.floats(), acc.floats(), x.getShape(),
                     w.getShape(), os, op.getStrides(), op.getPads(), op.getDilations(),
                     op.getGroups());
  }
  if (failed(addBias(acc, optionalOperand(operands, 2), 1, op)))
    return failure();
  if (integer)
    wrapAccumulators(acc);
  if (integer) {
    results.push_back(finishIntegerProduct(
        acc, resultType, dyn_cast<quant::QuantizedType>(x.getElementType()),
        dyn_cast<quant::QuantizedType>(w.getElementType()), 1, 1, op.getClamp()));
  } else {
    applyClamp(acc, op.getClamp());
    results.push_back(fromCompute(std::move(acc), resultType));
  }
  return success();
}

LogicalResult reference::evaluate(ConvTranspose2DOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  auto resultType = op.getOutput().getType();
  Tensor x = toCompute(*operands[0]), w = toCompute(*operands[1]);
  Tensor acc(computeType(resultType));
  ArrayRef<int64_t> xs = x.getShape(), ws = w.getShape(), os = resultType.getShape();
  int64_t groups = op.getGroups(), cg = xs[1] / groups, og = ws[1];
  ArrayRef<int64_t> strides = op.getStrides(), pads = op.getPads(), dil = op.getDilations();
  // Scatter every input pixel through the kernel.
  for (int64_t b = 0; b < xs[0]; ++b)
    for (int64_t c = 0; c < xs[1]; ++c) {
      int64_t g = c / cg;
      for (int64_t y = 0; y < xs[2]; ++y)
        for (int64_t xx = 0; xx < xs[3]; ++xx) {
          double v = x.floats()[((b * xs[1] + c) * xs[2] + y) * xs[3] + xx];
          if (v == 0.0)
            continue;
          for (int64_t oc = 0; oc < og; ++oc)
            for (int64_t r = 0; r < ws[2]; ++r) {
              int64_t oy = y * strides[0] + r * dil[0] - pads[0];
              if (oy < 0 || oy >= os[2])
                continue;
              for (int64_t s = 0; s < ws[3]; ++s) {
                int64_t ox = xx * strides[1] + s * dil[1] - pads[1];
                if (ox < 0 || ox >= os[3])
                  continue;
                double wv = w.floats()[((c * og + oc) * ws[2] + r) * ws[3] + s];
                acc.floats()[((b * os[1] + g * og + oc) * os[2] + oy) * os[3] + ox] +=
                    v * wv;
              }
            }
        }
    }
  if (failed(addBias(acc, optionalOperand(operands, 2), 1, op)))
    return failure();
  results.push_back(fromCompute(std::move(acc), resultType));
  return success();
}

/// [..., M, K] x [..., K, N] with broadcast batches; `rhsTransposed` reads the
/// rhs as [N, K] (fully_connected's weight).
static LogicalResult evalProduct(Operation *op, const Tensor &lhs, const Tensor &rhs,
                                 const Tensor *bias, bool rhsTransposed,
                                 std::optional<ArrayRef<float>> clamp,
                                 SmallVectorImpl<Tensor> &results) {
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  ArrayRef<int64_t> rs = resultType.getShape();
  ArrayRef<int64_t> ls = lhs.getShape(), ws = rhs.getShape();
  int64_t m = rhsTransposed ? 1 : ls[ls.size() - 2];
  int64_t k = ls.back();
  int64_t n = rhsTransposed ? ws[0] : ws.back();
  if (rhsTransposed) // fold all leading input dims into M
    m = lhs.getNumElements() / k;
  bool integer = isQuantized(lhs.getElementType()) || !lhs.isFloat();
  Tensor acc(RankedTensorType::get(
      rs, integer ? Type(IntegerType::get(op->getContext(), 64))
                  : computeType(resultType).getElementType()));
  Tensor a = integer ? centered(lhs) : toCompute(lhs);
  Tensor b = integer ? centered(rhs) : toCompute(rhs);
  // rhs as [K, N] row-major.
  auto rhsKN = [&](auto &store, int64_t batchOffset) {
    using T = typename std::decay_t<decltype(store)>::value_type;
    std::vector<T> kn(k * n);
    for (int64_t p = 0; p < k; ++p)
      for (int64_t j = 0; j < n; ++j)
        kn[p * n + j] = rhsTransposed ? store[j * k + p]
                                      : store[batchOffset + p * n + j];
    return kn;
  };
  int64_t batches = rhsTransposed ? 1 : acc.getNumElements() / (m * n);
  SmallVector<int64_t> batchShape(rs.drop_back(2));
  for (int64_t bIdx = 0; bIdx < batches; ++bIdx) {
    int64_t lhsBatch = 0, rhsBatch = 0;
    if (!rhsTransposed) {
      lhsBatch = broadcastIndex(bIdx, batchShape, ls.drop_back(2));
      rhsBatch = broadcastIndex(bIdx, batchShape, ws.drop_back(2));
    }
    if (integer) {
      std::vector<int64_t> kn = rhsKN(b.ints(), rhsBatch * k * n);
      gemmAccumulate(a.ints().data() + lhsBatch * m * k, kn.data(),
                     acc.ints().data() + bIdx * m * n, m, n, k);
    } else if (accumulatesInFloat32(resultType)) {
      std::vector<double> kn = rhsKN(b.floats(), rhsBatch * k * n);
      std::vector<float> lhs32(a.floats().begin() + lhsBatch * m * k,
                               a.floats().begin() + (lhsBatch + 1) * m * k);
      std::vector<float> rhs32 = toFloat32(kn), out32(m * n, 0.0f);
      gemmAccumulate(lhs32.data(), rhs32.data(), out32.data(), m, n, k);
      std::copy(out32.begin(), out32.end(), acc.floats().begin() + bIdx * m * n);
    } else {
      std::vector<double> kn = rhsKN(b.floats(), rhsBatch * k * n);
      gemmAccumulate(a.floats().data() + lhsBatch * m * k, kn.data(),
                     acc.floats().data() + bIdx * m * n, m, n, k);
    }
  }
  int64_t channelAxis = resultType.getRank() - 1;
  if (failed(addBias(acc, bias, channelAxis, op)))
    return failure();
  if (integer)
    wrapAccumulators(acc);
  if (integer) {
    results.push_back(finishIntegerProduct(
        acc, resultType, dyn_cast<quant::QuantizedType>(lhs.getElementType()),
        dyn_cast<quant::QuantizedType>(rhs.getElementType()), channelAxis,
        channelAxis, clamp));
  } else {
    applyClamp(acc, clamp);
    results.push_back(fromCompute(std::move(acc), resultType));
  }
  return success();
}

LogicalResult reference::evaluate(MatMulOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  return evalProduct(op, *operands[0], *operands[1], nullptr,
                     /*rhsTransposed=*/false, op.getClamp(), results);
}

LogicalResult reference::evaluate(FullyConnectedOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  return evalProduct(op, *operands[0], *operands[1], optionalOperand(operands, 2),
                     /*rhsTransposed=*/true, op.getClamp(), results);
}

/// Iterates the windows of a 2-D pool; `visit(outIndex, inputIndices)`.
template <typename Fn>
static void forEachWindow(ArrayRef<int64_t> in, ArrayRef<int64_t> out,
                          ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
                          ArrayRef<int64_t> pads, ArrayRef<int64_t> dilations,
                          Fn visit) {
  SmallVector<int64_t, 16> window;
  for (int64_t b = 0; b < out[0]; ++b)
    for (int64_t c = 0; c < out[1]; ++c)
      for (int64_t y = 0; y < out[2]; ++y)
        for (int64_t x = 0; x < out[3]; ++x) {
          window.clear();
          int64_t y0 = y * strides[0] - pads[0], x0 = x * strides[1] - pads[1];
          int64_t paddedCount = 0;
          for (int64_t r = 0; r < kernel[0]; ++r)
            for (int64_t s = 0; s < kernel[1]; ++s) {
              int64_t iy = y0 + r * dilations[0], ix = x0 + s * dilations[1];
              // Positions inside the explicitly padded area count for
              // count_include_pad; those beyond it (ceil mode) never do.
              if (iy < in[2] + pads[2] && ix < in[3] + pads[3])
                ++paddedCount;
              if (iy >= 0 && iy < in[2] && ix >= 0 && ix < in[3])
                window.push_back(((b * in[1] + c) * in[2] + iy) * in[3] + ix);
            }
          visit(((b * out[1] + c) * out[2] + y) * out[3] + x, window, paddedCount);
        }
}

LogicalResult reference::evaluate(MaxPool2DOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  // Max commutes with monotone quantization: pool the stored values.
  const Tensor &x = *operands[0];
  Tensor out(op.getOutput().getType());
  forEachWindow(x.getShape(), out.getShape(), op.getKernel(), op.getStrides(), op.getPads(),
                op.getDilations(), [&](int64_t o, ArrayRef<int64_t> window, int64_t) {
                  if (x.isFloat()) {
                    double best = -std::numeric_limits<double>::infinity();
                    for (int64_t i : window)
                      best = std::isnan(x.floats()[i]) || x.floats()[i] > best
                                 ? x.floats()[i]
                                 : best;
                    out.floats()[o] = best;
                  } else {
                    int64_t best = std::numeric_limits<int64_t>::min();
                    for (int64_t i : window)
                      best = std::max(best, x.ints()[i]);
                    out.ints()[o] = best;
                  }
                });
  results.push_back(std::move(out));
  return success();
}

LogicalResult reference::evaluate(AvgPool2DOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  Tensor x = toCompute(*operands[0]);
  auto resultType = op.getOutput().getType();
  Tensor out(computeType(resultType));
  bool includePad = op.getCountIncludePad();
  int64_t dilations[] = {1, 1};
  forEachWindow(x.getShape(), out.getShape(), op.getKernel(), op.getStrides(), op.getPads(),
                dilations, [&](int64_t o, ArrayRef<int64_t> window, int64_t padded) {
                  double sum = 0;
                  for (int64_t i : window)
                    sum += x.getAsDouble(i);
                  int64_t count = includePad ? padded : window.size();
                  if (out.isFloat())
                    out.floats()[o] = count ? sum / count : 0.0;
                  else
                    out.ints()[o] = count ? static_cast<int64_t>(sum / count) : 0;
                });
  results.push_back(fromCompute(std::move(out), resultType));
  return success();
}

LogicalResult reference::evaluate(GlobalAvgPool2DOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  Tensor x = toCompute(*operands[0]);
  auto resultType = op.getOutput().getType();
  Tensor out(computeType(resultType));
  ArrayRef<int64_t> s = x.getShape();
  int64_t plane = s[2] * s[3];
  for (int64_t i = 0, e = s[0] * s[1]; i < e; ++i) {
    double sum = 0;
    for (int64_t p = 0; p < plane; ++p)
      sum += x.getAsDouble(i * plane + p);
    if (out.isFloat())
      out.floats()[i] = sum / plane;
    else
      out.ints()[i] = static_cast<int64_t>(sum / plane);
  }
  results.push_back(fromCompute(std::move(out), resultType));
  return success();
}

/// Calls `fn(base, stride, length)` for every 1-D line along `axis`.
template <typename Fn>
static void forEachLine(ArrayRef<int64_t> shape, int64_t axis, Fn fn) {
  int64_t inner = 1, outer = 1;
  for (size_t d = 0; d < shape.size(); ++d) {
    if (static_cast<int64_t>(d) < axis)
      outer *= shape[d];
    else if (static_cast<int64_t>(d) > axis)
      inner *= shape[d];
  }
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i)
      fn(o * shape[axis] * inner + i, inner, shape[axis]);
}

LogicalResult reference::evaluate(SoftmaxOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  Tensor x = toCompute(*operands[0]);
  auto resultType = op.getOutput().getType();
  Tensor out(computeType(resultType));
  if (!out.isFloat())
    return op.emitOpError("is defined on float or quantized tensors only");
  forEachLine(x.getShape(), op.getAxis(), [&](int64_t base, int64_t stride, int64_t n) {
    double max = -std::numeric_limits<double>::infinity();
    for (int64_t j = 0; j < n; ++j)
      max = std::max(max, x.floats()[base + j * stride]);
    double sum = 0;
    for (int64_t j = 0; j < n; ++j) {
      double e = std::exp(x.floats()[base + j * stride] - max);
      out.floats()[base + j * stride] = e;
      sum += e;
    }
    for (int64_t j = 0; j < n; ++j)
      out.floats()[base + j * stride] /= sum;
  });
  results.push_back(fromCompute(std::move(out), resultType));
  return success();
}

/// Layer / RMS norm over the trailing dimensions from `axis`.
static LogicalResult evalNorm(Operation *op, const Tensor &input, const Tensor *scale,
                              const Tensor *bias, int64_t axis, double epsilon,
                              bool rms, SmallVectorImpl<Tensor> &results) {
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  Tensor x = toCompute(input);
  Tensor out(computeType(resultType));
  if (!out.isFloat())
    return op->emitOpError("is defined on float or quantized tensors only");
  Tensor s = toCompute(*scale);
  std::optional<Tensor> b;
  if (bias)
    b = toCompute(*bias);
  int64_t inner = 1;
  for (int64_t d = axis; d < x.getType().getRank(); ++d)
    inner *= x.getShape()[d];
  int64_t outer = x.getNumElements() / inner;
  for (int64_t o = 0; o < outer; ++o) {
    const double *row = x.floats().data() + o * inner;
    double mean = 0, meanSquare = 0;
    for (int64_t j = 0; j < inner; ++j) {
      mean += row[j];
      meanSquare += row[j] * row[j];
    }
    mean /= inner;
    meanSquare /= inner;
    double variance = 0;
    for (int64_t j = 0; j < inner; ++j)
      variance += (row[j] - mean) * (row[j] - mean);
    variance /= inner;
    double denominator = std::sqrt((rms ? meanSquare : variance) + epsilon);
    for (int64_t j = 0; j < inner; ++j) {
      double v = (rms ? row[j] : row[j] - mean) / denominator * s.floats()[j];
      if (b)
        v += b->floats()[j];
      out.floats()[o * inner + j] = v;
    }
  }
  results.push_back(fromCompute(std::move(out), resultType));
  return success();
}

LogicalResult reference::evaluate(LayerNormOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  return evalNorm(op, *operands[0], operands[1], optionalOperand(operands, 2), op.getAxis(),
                  op.getEpsilon().convertToFloat(), /*rms=*/false, results);
}

LogicalResult reference::evaluate(RmsNormOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  return evalNorm(op, *operands[0], operands[1], nullptr, op.getAxis(),
                  op.getEpsilon().convertToFloat(), /*rms=*/true, results);
}

LogicalResult reference::evaluate(ReduceOp op, EvalContext &,
                                  ArrayRef<const Tensor *> operands,
                                  SmallVectorImpl<Tensor> &results) {
  auto resultType = op.getOutput().getType();
  bool onStorage = (op.getKind() == ReduceKind::max || op.getKind() == ReduceKind::min) &&
                   operands[0]->getElementType() == resultType.getElementType();
  Tensor x = onStorage ? *operands[0] : toCompute(*operands[0]);
  ArrayRef<int64_t> shape = x.getShape();
  SmallVector<bool> reduced(shape.size(), false);
  for (int64_t axis : op.getAxes())
    reduced[axis] = true;
  // Output index of each input element: drop (or zero) the reduced axes.
  SmallVector<int64_t> keptShape;
  for (auto [d, size] : llvm::enumerate(shape))
    keptShape.push_back(reduced[d] ? 1 : size);
  SmallVector<int64_t> inStrides = computeStrides(shape), outStrides = computeStrides(keptShape);
  Tensor acc(RankedTensorType::get(keptShape, x.getElementType()));
  std::vector<int64_t> counts(acc.getNumElements(), 0);
  for (int64_t i = 0, e = x.getNumElements(); i < e; ++i) {
    int64_t o = 0;
    for (size_t d = 0; d < shape.size(); ++d)
      if (!reduced[d])
        o += ((i / inStrides[d]) % shape[d]) * outStrides[d];
    bool first = counts[o]++ == 0;
    if (x.isFloat()) {
      double v = x.floats()[i], &a = acc.floats()[o];
      switch (op.getKind()) {
      case ReduceKind::mean:
      case ReduceKind::sum:
        a += v;
        break;
      case ReduceKind::max:
        a = first ? v : std::max(a, v);
        break;
      case ReduceKind::min:
        a = first ? v : std::min(a, v);
        break;
      }
    } else {
      int64_t v = x.ints()[i], &a = acc.ints()[o];
      switch (op.getKind()) {
      case ReduceKind::mean:
      case ReduceKind::sum:
        a += v;
        break;
      case ReduceKind::max:
        a = first ? v : std::max(a, v);
        break;
      case ReduceKind::min:
        a = first ? v : std::min(a, v);
        break;
      }
    }
  }
  if (op.getKind() == ReduceKind::mean)
    for (int64_t o = 0, e = acc.getNumElements(); o < e; ++o) {
      if (acc.isFloat())
        acc.floats()[o] /= counts[o];
      else
        acc.ints()[o] /= counts[o];
    }
  if (onStorage) {
    Tensor out(resultType);
    out.ints() = std::move(acc.ints());
    if (out.isFloat())
      out.floats() = std::move(acc.floats());
    results.push_back(std::move(out));
    return success();
  }
  // keep_dims only changes the shape, not the order of elements.
  results.push_back(fromCompute(std::move(acc), resultType));
  return success();
}

ProductRequantization mlir::npu::reference::getProductRequantization(
    quant::QuantizedType lhs, quant::QuantizedType rhs,
    quant::QuantizedType result, int64_t channel,
    std::optional<ArrayRef<float>> clamp) {
  auto scaleOf = [&](quant::QuantizedType type) {
    if (!type)
      return 1.0;
    return quantParams(type, quantizedAxis(type) < 0 ? 0 : channel).scale;
  };
  QuantParams out = quantParams(result, quantizedAxis(result) < 0 ? 0 : channel);
  ProductRequantization r;
  r.multiplier = encodeMultiplier(scaleOf(lhs) * scaleOf(rhs) / out.scale);
  r.zeroPoint = out.zeroPoint;
  // A fused activation narrows the clamp to its quantized bounds.
  r.lo = result.getStorageTypeMin();
  r.hi = result.getStorageTypeMax();
  if (clamp) {
    r.lo = quantizeValue((*clamp)[0], out, r.lo, r.hi);
    r.hi = quantizeValue((*clamp)[1], out, r.lo, r.hi);
  }
  return r;
}
