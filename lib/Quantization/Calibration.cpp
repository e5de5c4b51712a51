//===- Calibration.cpp - activation ranges from sample inputs -------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Two passes of the reference interpreter over the samples: the first finds
// each tensor's extremes, the second fills a histogram of |x| over
// [0, max |x|] with kHistogramBins bins. The clipping methods search that
// histogram for a threshold t; the range is then [max(min, -t), min(max, t)]
// widened to contain 0.
//
//===----------------------------------------------------------------------===//

#include "npu/Quantization/Calibration.h"
#include "npu/Support/FileRead.h"

#include "dialects/npu/NpuDialect.h"
#include "npu/Reference/Interpreter.h"
#include "npu/Support/AtomicFile.h"
#include "npu/Support/Diagnostics.h"
#include "npu/Support/Npy.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::npu::calibration;
using mlir::npu::reference::Tensor;

namespace {

llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// int8 has 256 levels; the entropy method's quantized histogram has half
/// of them on each side of zero.
constexpr int kLevels = 128;

} // namespace

StringRef mlir::npu::calibration::getCalibrationMethodName(CalibrationMethod method) {
  switch (method) {
  case CalibrationMethod::MinMax:
    return "minmax";
  case CalibrationMethod::Percentile:
    return "percentile";
  case CalibrationMethod::Entropy:
    return "entropy";
  case CalibrationMethod::Mse:
    return "mse";
  }
  return "?";
}

std::optional<CalibrationMethod>
mlir::npu::calibration::parseCalibrationMethod(StringRef name) {
  for (CalibrationMethod method :
       {CalibrationMethod::MinMax, CalibrationMethod::Percentile,
        CalibrationMethod::Entropy, CalibrationMethod::Mse})
    if (getCalibrationMethodName(method) == name)
      return method;
  if (name == "kl")
    return CalibrationMethod::Entropy;
  return std::nullopt;
}

//===----------------------------------------------------------------------===//
// Observers and thresholds
//===----------------------------------------------------------------------===//

void TensorObserver::observeRange(const Tensor &tensor) {
  for (int64_t i = 0, e = tensor.getNumElements(); i < e; ++i) {
    double v = tensor.getAsDouble(i);
    if (!std::isfinite(v))
      continue; // an infinity says nothing about a useful range
    min = seen ? std::min(min, v) : v;
    max = seen ? std::max(max, v) : v;
    seen = true;
  }
}

void TensorObserver::observeHistogram(const Tensor &tensor) {
  histogram.resize(kHistogramBins, 0.0);
  double top = absMax();
  if (top <= 0)
    return;
  double scale = kHistogramBins / top;
  for (int64_t i = 0, e = tensor.getNumElements(); i < e; ++i) {
    double v = std::fabs(tensor.getAsDouble(i));
    // Exact zeros (ReLU's half of a tensor, padding) are exact at any
    // threshold, since the zero point represents them: they say nothing
    // about where to clip. Counted in bin 0 they would dominate the entropy
    // method's first quantization level and drive it to clip hard.
    if (!std::isfinite(v) || v == 0.0)
      continue;
    int bin = std::min(kHistogramBins - 1, int(v * scale));
    histogram[bin] += 1;
  }
}

double mlir::npu::calibration::findPercentileThreshold(ArrayRef<double> histogram,
                                                 double binWidth,
                                                 double percentile) {
  double total = 0;
  for (double count : histogram)
    total += count;
  double target = total * percentile / 100.0, seen = 0;
  for (size_t i = 0; i < histogram.size(); ++i) {
    seen += histogram[i];
    if (seen >= target)
      return (i + 1) * binWidth;
  }
  return histogram.size() * binWidth;
}

/// KL(P || Q) of two unnormalised histograms; bins where P is 0 add nothing.
static double klDivergence(ArrayRef<double> p, ArrayRef<double> q) {
  double pSum = 0, qSum = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    pSum += p[i];
    qSum += q[i];
  }
  if (pSum <= 0 || qSum <= 0)
    return std::numeric_limits<double>::infinity();
  double kl = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] <= 0)
      continue;
    if (q[i] <= 0)
      return std::numeric_limits<double>::infinity();
    kl += (p[i] / pSum) * std::log((p[i] / pSum) / (q[i] / qSum));
  }
  return kl;
}

// The entropy method as TensorRT describes it: for each candidate number of
// bins i >= 128, P is the first i bins with everything beyond folded into the
// last; Q merges P's bins into 128 levels and spreads each level evenly over
// the bins of it P had non-empty. The threshold minimises KL(P || Q).
// Q is built from the counts without the outliers, so the search weighs
// the resolution lost inside the range against the mass clipped.
double mlir::npu::calibration::findEntropyThreshold(ArrayRef<double> histogram,
                                              double binWidth) {
  const int bins = histogram.size();
  // Data with few distinct magnitudes (an image's 17 grey levels) gives
  // each its own level without clipping; KL has nothing to trade there, and
  // on isolated spikes it degenerates (one clipped spike against one merged
  // spike measures 0).
  int nonEmptyBins = llvm::count_if(histogram, [](double count) { return count > 0; });
  if (bins <= kLevels || nonEmptyBins <= kLevels)
    return bins * binWidth;
  double best = std::numeric_limits<double>::infinity();
  int bestBins = bins;
  std::vector<double> p, q;
  for (int i = kLevels; i <= bins; ++i) {
    p.assign(histogram.begin(), histogram.begin() + i);
    double outliers = 0;
    for (int j = i; j < bins; ++j)
      outliers += histogram[j];
    p[i - 1] += outliers;
    q.assign(i, 0.0);
    for (int level = 0; level < kLevels; ++level) {
      int begin = int(int64_t(level) * i / kLevels);
      int end = int(int64_t(level + 1) * i / kLevels);
      double sum = 0;
      int nonEmpty = 0;
      for (int j = begin; j < end; ++j) {
        sum += histogram[j]; // Q quantizes the unclipped counts
        nonEmpty += p[j] > 0;
      }
      for (int j = begin; j < end; ++j)
        if (p[j] > 0)
          q[j] = sum / nonEmpty;
    }
    double kl = klDivergence(p, q);
    if (kl < best) {
      best = kl;
      bestBins = i;
    }
  }
  return bestBins * binWidth;
}

// Expected squared error of quantizing with threshold t: values inside the
// range round with a uniform error of step^2 / 12; values beyond it clip to
// t. A non-negative tensor spends all 255 steps on [0, t].
double mlir::npu::calibration::findMseThreshold(ArrayRef<double> histogram,
                                          double binWidth, bool nonNegative) {
  const int bins = histogram.size();
  double bestError = std::numeric_limits<double>::infinity();
  double bestThreshold = bins * binWidth;
  for (int i = std::min(bins, 16); i <= bins; ++i) {
    double t = i * binWidth;
    double step = (nonNegative ? t : 2 * t) / 255.0;
    double error = 0;
    for (int j = 0; j < bins; ++j) {
      double center = (j + 0.5) * binWidth;
      error += histogram[j] * (center <= t ? step * step / 12.0
                                           : (center - t) * (center - t));
    }
    if (error < bestError) {
      bestError = error;
      bestThreshold = t;
    }
  }
  return bestThreshold;
}

std::pair<double, double>
TensorObserver::computeRange(CalibrationMethod method, double percentile) const {
  double lo = std::min(min, 0.0), hi = std::max(max, 0.0);
  double top = absMax();
  if (method == CalibrationMethod::MinMax || top <= 0 || histogram.empty())
    return {lo, hi};
  double binWidth = top / kHistogramBins;
  double threshold;
  switch (method) {
  case CalibrationMethod::Percentile:
    threshold = findPercentileThreshold(histogram, binWidth, percentile);
    break;
  case CalibrationMethod::Entropy:
    threshold = findEntropyThreshold(histogram, binWidth);
    break;
  case CalibrationMethod::Mse:
    threshold = findMseThreshold(histogram, binWidth, min >= 0);
    break;
  case CalibrationMethod::MinMax:
    threshold = top;
    break;
  }
  return {std::max(lo, -threshold), std::min(hi, threshold)};
}

//===----------------------------------------------------------------------===//
// Keys, samples, the calibration run
//===----------------------------------------------------------------------===//

llvm::DenseMap<Value, std::string>
mlir::npu::calibration::getTensorKeys(func::FuncOp function) {
  llvm::DenseMap<Value, std::string> keys;
  for (BlockArgument argument : function.getArguments()) {
    auto name = function.getArgAttrOfType<StringAttr>(argument.getArgNumber(), "npu.name");
    keys[argument] = "input:" + (name ? name.getValue().str()
                                      : std::to_string(argument.getArgNumber()));
  }
  llvm::StringMap<int> seen;
  int position = 0;
  function.walk([&](Operation *op) {
    ++position;
    if (op->getNumResults() == 0)
      return;
    std::string node = getOnnxNodeName(op->getLoc());
    if (node.empty())
      node = "op" + std::to_string(position);
    int count = ++seen[node];
    if (count > 1)
      node += "#" + std::to_string(count);
    for (OpResult result : op->getResults())
      keys[result] = op->getNumResults() > 1
                         ? node + ":" + std::to_string(result.getResultNumber())
                         : node;
  });
  return keys;
}

static bool isFloatTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && isa<FloatType>(tensor.getElementType());
}

llvm::Expected<CalibrationTable>
mlir::npu::calibration::calibrate(func::FuncOp function,
                            ArrayRef<std::vector<Tensor>> samples,
                            const CalibrationOptions &options) {
  if (samples.empty())
    return makeError("calibration needs at least one sample");
  llvm::DenseMap<Value, std::string> keys = getTensorKeys(function);
  llvm::DenseMap<Value, TensorObserver> observers;
  const int64_t total = 2 * int64_t(samples.size());
  int64_t done = 0;
  for (bool histogramPass : {false, true}) {
    auto observe = [&](Value value, const Tensor &tensor) {
      if (!isFloatTensor(value.getType()) || isa_and_nonnull<npu::ConstantOp>(value.getDefiningOp()))
        return;
      TensorObserver &observer = observers[value];
      if (histogramPass)
        observer.observeHistogram(tensor);
      else
        observer.observeRange(tensor);
    };
    for (const std::vector<Tensor> &sample : samples) {
      for (auto [argument, tensor] : llvm::zip(function.getArguments(), sample))
        observe(argument, tensor);
      auto observeOp = [&](Operation *op, ArrayRef<Tensor> results) {
        for (auto [result, tensor] : llvm::zip(op->getResults(), results))
          observe(result, tensor);
      };
      reference::RunOptions run;
      run.onOpEvaluated = observeOp;
      if (failed(reference::runFunction(function, sample, run)))
        return makeError("the reference interpreter failed on a calibration sample");
      if (options.onProgress)
        options.onProgress(++done, total);
    }
  }
  CalibrationTable table;
  table.method = getCalibrationMethodName(options.method).str();
  table.percentile =
      options.method == CalibrationMethod::Percentile ? options.percentile : 0;
  table.samples = samples.size();
  for (auto &[value, observer] : observers)
    table.ranges[keys.lookup(value)] =
        observer.computeRange(options.method, options.percentile);
  return table;
}

llvm::Expected<std::vector<std::vector<Tensor>>>
mlir::npu::calibration::loadCalibrationSamples(func::FuncOp function,
                                         StringRef directory) {
  if (!llvm::sys::fs::is_directory(directory))
    return makeError("calibration directory '" + directory + "' does not exist");
  std::vector<std::vector<Tensor>> samples;
  for (BlockArgument argument : function.getArguments()) {
    auto type = cast<RankedTensorType>(argument.getType());
    auto nameAttr = function.getArgAttrOfType<StringAttr>(argument.getArgNumber(), "npu.name");
    std::string name = nameAttr ? nameAttr.getValue().str()
                                : "arg" + std::to_string(argument.getArgNumber());
    std::vector<Tensor> tensors;
    llvm::SmallString<256> stacked(directory);
    llvm::sys::path::append(stacked, name + ".npy");
    llvm::SmallString<256> folder(directory);
    llvm::sys::path::append(folder, name);
    auto add = [&](const NpyArray &array, const std::string &what) -> llvm::Error {
      llvm::Expected<Tensor> tensor = reference::tensorFromNpy(array, type, what);
      if (!tensor)
        return tensor.takeError();
      tensors.push_back(std::move(*tensor));
      return llvm::Error::success();
    };
    if (llvm::sys::fs::exists(stacked)) {
      // Samples stacked on the first dimension, run in batches of the
      // input's own batch size (its first dimension).
      llvm::Expected<NpyArray> array = readNpy(stacked);
      if (!array)
        return array.takeError();
      ArrayRef<int64_t> shape = type.getShape();
      SmallVector<int64_t> rest(shape.begin() + (shape.empty() ? 0 : 1), shape.end());
      int64_t batch = shape.empty() ? 0 : shape[0];
      if (batch < 1 || array->shape.empty() || array->shape[0] < batch ||
          array->shape[0] % batch != 0 ||
          ArrayRef<int64_t>(array->shape).drop_front() != ArrayRef<int64_t>(rest))
        return makeError(llvm::formatv(
            "'{0}' has shape {1}; stacked samples of input '{2}' ({3}) have "
            "shape [samples, {4}], with samples a multiple of the batch size {5}",
            stacked, formatShape(array->shape), name, formatShape(shape),
            formatShape(rest), batch));
      int64_t count = array->shape[0] / batch;
      size_t bytes = array->data.size() / count;
      for (int64_t i = 0; i < count; ++i) {
        NpyArray one;
        one.dtype = array->dtype;
        one.shape.assign(shape.begin(), shape.end());
        one.data.assign(array->data.begin() + i * bytes,
                        array->data.begin() + (i + 1) * bytes);
        if (llvm::Error error = add(one, llvm::formatv("batch {0} of '{1}'", i, stacked)))
          return std::move(error);
      }
    } else if (llvm::sys::fs::is_directory(folder)) {
      std::vector<std::string> files;
      std::error_code ec;
      for (llvm::sys::fs::directory_iterator it(folder, ec), end; it != end && !ec;
           it.increment(ec))
        if (StringRef(it->path()).ends_with(".npy"))
          files.push_back(it->path());
      if (ec)
        return makeError("cannot list '" + folder + "': " + ec.message());
      llvm::sort(files);
      for (const std::string &file : files) {
        llvm::Expected<NpyArray> array = readNpy(file);
        if (!array)
          return array.takeError();
        if (llvm::Error error = add(*array, "'" + file + "'"))
          return std::move(error);
      }
    } else {
      return makeError(llvm::formatv("no calibration samples for input '{0}': "
                                     "expected {1} or a directory {2} of .npy files",
                                     name, stacked, folder));
    }
    if (tensors.empty())
      return makeError("no calibration samples for input '" + name + "'");
    if (!samples.empty() && samples.size() != tensors.size())
      return makeError(llvm::formatv("input '{0}' has {1} calibration samples, "
                                     "the first input {2}",
                                     name, tensors.size(), samples.size()));
    samples.resize(tensors.size());
    for (size_t i = 0; i < tensors.size(); ++i)
      samples[i].push_back(std::move(tensors[i]));
  }
  if (samples.empty())
    return makeError("the model has no inputs to calibrate");
  return samples;
}

//===----------------------------------------------------------------------===//
// The table file
//===----------------------------------------------------------------------===//

llvm::Error mlir::npu::calibration::writeCalibrationTable(const CalibrationTable &table,
                                                    StringRef path) {
  llvm::json::Object ranges;
  for (const auto &[key, range] : table.ranges)
    ranges[key] = llvm::json::Array{range.first, range.second};
  llvm::json::Object root{{"format", "npu-calibration-table"},
                          {"version", 1},
                          {"model", table.model},
                          {"method", table.method},
                          {"samples", table.samples},
                          {"ranges", std::move(ranges)}};
  if (table.method == "percentile")
    root["percentile"] = table.percentile;
  std::string text;
  llvm::raw_string_ostream os(text);
  os << llvm::formatv("{0:2}", llvm::json::Value(std::move(root))) << "\n";
  return writeFileAtomically(path, text);
}

llvm::Expected<CalibrationTable>
mlir::npu::calibration::readCalibrationTable(StringRef path) {
  auto buffer = readRegularFile(path, kMaxTextFileBytes, "calibration table",
                                /*isText=*/true);
  if (!buffer)
    return buffer.takeError();
  return parseCalibrationTable((*buffer)->getBuffer(), path);
}

llvm::Expected<CalibrationTable>
mlir::npu::calibration::parseCalibrationTable(StringRef text, StringRef path) {
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(text);
  if (!parsed)
    return makeError("calibration table '" + path + "' is not JSON: " +
                     llvm::toString(parsed.takeError()));
  const llvm::json::Object *root = parsed->getAsObject();
  auto bad = [&](const llvm::Twine &what) {
    return makeError("calibration table '" + path + "': " + what);
  };
  if (!root || root->getString("format") != std::optional<StringRef>("npu-calibration-table"))
    return bad("not an npu calibration table (no \"format\": \"npu-calibration-table\")");
  if (root->getInteger("version") != std::optional<int64_t>(1))
    return bad("unsupported version (this compiler reads version 1)");
  CalibrationTable table;
  if (auto method = root->getString("method"))
    table.method = method->str();
  if (auto model = root->getString("model"))
    table.model = model->str();
  table.samples = root->getInteger("samples").value_or(0);
  table.percentile = root->getNumber("percentile").value_or(0);
  const llvm::json::Object *ranges = root->getObject("ranges");
  if (!ranges)
    return bad("no \"ranges\" object");
  for (const auto &[key, value] : *ranges) {
    const llvm::json::Array *pair = value.getAsArray();
    std::optional<double> lo = pair && pair->size() == 2 ? (*pair)[0].getAsNumber() : std::nullopt;
    std::optional<double> hi = pair && pair->size() == 2 ? (*pair)[1].getAsNumber() : std::nullopt;
    if (!lo || !hi || !std::isfinite(*lo) || !std::isfinite(*hi) || *lo > 0 || *hi < 0)
      return bad("range of '" + key.str() +
                 "' is not [min, max] with min <= 0 <= max");
    table.ranges[key.str()] = {*lo, *hi};
  }
  return table;
}
