//===- Calibration.h - activation ranges from sample inputs -----*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Post-training calibration: the fp32 reference interpreter runs the graph
// on sample inputs, every float tensor's values are observed, and a method
// turns the observations into a range [min, max] that quantization maps to
// int8. The ranges are saved in a calibration table (JSON) that later
// compiles reuse without the samples (docs/quantization.md).
//
//===----------------------------------------------------------------------===//

#ifndef NPU_QUANTIZATION_CALIBRATION_H
#define NPU_QUANTIZATION_CALIBRATION_H

#include "npu/Reference/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mlir::npu::calibration {

/// How a tensor's observed values become its range.
enum class CalibrationMethod {
  MinMax,     // the extremes seen: no clipping, widest steps
  Percentile, // clip |x| at a percentile of its distribution
  Entropy,    // clip where the int8 histogram loses least information (KL)
  Mse,        // clip where the expected squared quantization error is least
};
llvm::StringRef getCalibrationMethodName(CalibrationMethod method);
std::optional<CalibrationMethod> parseCalibrationMethod(llvm::StringRef name);

/// Bins of the |x| histograms the clipping methods search.
constexpr int kHistogramBins = 2048;

/// The observations of one tensor over all samples: its extremes, then a
/// histogram of the non-zero |x| over [0, max(|min|, |max|)] (zeros are exact
/// at any threshold).
class TensorObserver {
public:
  /// First pass: extremes.
  void observeRange(const reference::Tensor &tensor);
  /// Second pass (after every observeRange): the histogram.
  void observeHistogram(const reference::Tensor &tensor);

  /// The calibrated range; always contains 0 (zero must be exact: padding
  /// and ReLU produce it).
  std::pair<double, double> computeRange(CalibrationMethod method,
                                         double percentile) const;

  double getMin() const { return min; }
  double getMax() const { return max; }

private:
  double absMax() const { return std::max(-min, max); }
  double min = 0, max = 0;
  bool seen = false;
  std::vector<double> histogram;
};

/// The clipping threshold of a histogram of |x| (bins of `binWidth` from
/// 0): exposed for unit tests.
double findEntropyThreshold(llvm::ArrayRef<double> histogram, double binWidth);
double findMseThreshold(llvm::ArrayRef<double> histogram, double binWidth,
                        bool nonNegative);
double findPercentileThreshold(llvm::ArrayRef<double> histogram,
                               double binWidth, double percentile);

/// Calibrated ranges by tensor key (getTensorKeys).
struct CalibrationTable {
  std::string method;
  double percentile = 0; // for the percentile method
  int64_t samples = 0;
  std::string model;     // file the table was made for (informational)
  std::map<std::string, std::pair<double, double>> ranges;
};

llvm::Error writeCalibrationTable(const CalibrationTable &table,
                                  llvm::StringRef path);
llvm::Expected<CalibrationTable> readCalibrationTable(llvm::StringRef path);
/// The table in `text` (a file's contents); `path` names it in errors.
llvm::Expected<CalibrationTable> parseCalibrationTable(llvm::StringRef text,
                                                       llvm::StringRef path);

/// Stable names of a function's float tensors: "input:<name>" for an
/// argument, the ONNX node name for an op result ("node#2" for the second
/// op of one node, "node:1" for a second result). The importer and graph
/// passes are deterministic, so the same model through the same pipeline
/// gets the same keys: a table made once applies to later compiles.
llvm::DenseMap<Value, std::string> getTensorKeys(func::FuncOp function);

struct CalibrationOptions {
  CalibrationMethod method = CalibrationMethod::MinMax;
  double percentile = 99.99;
  /// Called after each sample of each pass (done, total).
  llvm::function_ref<void(int64_t, int64_t)> onProgress;
};

/// Runs `function` (fp32) on every sample (one tensor per argument) twice,
/// observing every float tensor, and returns their ranges.
llvm::Expected<CalibrationTable>
calibrate(func::FuncOp function,
          llvm::ArrayRef<std::vector<reference::Tensor>> samples,
          const CalibrationOptions &options);

/// Loads calibration samples from `directory` for `function`'s arguments
/// (named by `npu.name`): either `<input>.npy`, samples stacked on the first
/// dimension and run in batches of the input's batch size (a multiple of
/// it), or a directory `<input>/` of one `.npy` per run, shaped like the
/// input (sorted by name). Every input needs the same number of runs.
llvm::Expected<std::vector<std::vector<reference::Tensor>>>
loadCalibrationSamples(func::FuncOp function, llvm::StringRef directory);

} // namespace mlir::npu::calibration

#endif // NPU_QUANTIZATION_CALIBRATION_H
