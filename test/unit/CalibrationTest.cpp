//===- CalibrationTest.cpp - calibration methods and the table file -------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//

#include "npu/Quantization/Calibration.h"

#include "dialects/npu/NpuDialect.h"
#include "npu/Support/Npy.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

using namespace mlir;
using namespace mlir::npu::calibration;
namespace reference = mlir::npu::reference;

namespace {

reference::Tensor tensorOf(MLIRContext &context, const std::vector<double> &values) {
  auto type = RankedTensorType::get({int64_t(values.size())}, Float32Type::get(&context));
  reference::Tensor tensor(type);
  tensor.floats() = values;
  return tensor;
}

/// Gaussian values with a few far outliers: every clipping method should
/// clip the outliers, min-max should not.
std::vector<double> gaussianWithOutliers() {
  std::mt19937 rng(7);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> values(100000);
  for (double &v : values)
    v = normal(rng);
  values[0] = 40.0;
  values[1] = -35.0;
  return values;
}

TEST(CalibrationTest, MinMaxKeepsTheExtremesAndContainsZero) {
  MLIRContext context;
  TensorObserver observer;
  reference::Tensor positive = tensorOf(context, {0.5, 2.0, 1.0});
  observer.observeRange(positive);
  observer.observeHistogram(positive);
  auto [lo, hi] = observer.computeRange(CalibrationMethod::MinMax, 0);
  EXPECT_EQ(lo, 0.0); // widened to contain 0
  EXPECT_EQ(hi, 2.0);
}

/// Mean squared error of quantizing `values` to 255 steps over [lo, hi]
/// (clipping outside): measured directly, not from a histogram.
double quantizationMse(const std::vector<double> &values, double lo, double hi) {
  double step = (hi - lo) / 255.0, sum = 0;
  for (double v : values) {
    double q = lo + std::nearbyint((std::clamp(v, lo, hi) - lo) / step) * step;
    sum += (v - q) * (v - q);
  }
  return sum / values.size();
}

TEST(CalibrationTest, ClippingMethodsOnGaussianDataWithOutliers) {
  MLIRContext context;
  TensorObserver observer;
  std::vector<double> values = gaussianWithOutliers();
  reference::Tensor tensor = tensorOf(context, values);
  observer.observeRange(tensor);
  observer.observeHistogram(tensor);
  auto minmax = observer.computeRange(CalibrationMethod::MinMax, 0);
  EXPECT_EQ(minmax.first, -35.0);
  EXPECT_EQ(minmax.second, 40.0);
  // Percentile and entropy clip the two outliers and keep the bulk: 99.99 %
  // of |x| for N(0, 1) is about 3.9 (bins are 40 / 2048 wide).
  auto percentile = observer.computeRange(CalibrationMethod::Percentile, 99.99);
  EXPECT_NEAR(percentile.second, 3.9, 0.1);
  EXPECT_EQ(percentile.first, -percentile.second);
  auto entropy = observer.computeRange(CalibrationMethod::Entropy, 0);
  EXPECT_GT(entropy.second, 2.5);
  EXPECT_LT(entropy.second, 10.0);
  // MSE minimises the squared error, outliers included: measured on the
  // data itself, its range does at least as well as min-max and the other
  // two (within the histogram's resolution).
  auto mse = observer.computeRange(CalibrationMethod::Mse, 0);
  double mseError = quantizationMse(values, mse.first, mse.second);
  for (auto other : {minmax, percentile, entropy})
    EXPECT_LE(mseError, 1.02 * quantizationMse(values, other.first, other.second));
}

// A ReLU output: half its values are exact zeros. Zeros are exact at any
// threshold, so they must not pull the entropy method's threshold down (in
// bin 0 of the histogram they did: it kept [0, 1.2] of a [0, 4.3] tensor,
// and ResNet-18's int8 output fell to 11.6 dB against fp32).
TEST(CalibrationTest, EntropyIgnoresTheZerosOfARelu) {
  MLIRContext context;
  std::mt19937 rng(11);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> values(100000);
  for (double &v : values)
    v = std::max(0.0, normal(rng));
  reference::Tensor tensor = tensorOf(context, values);
  TensorObserver observer;
  observer.observeRange(tensor);
  observer.observeHistogram(tensor);
  auto [lo, hi] = observer.computeRange(CalibrationMethod::Entropy, 0);
  EXPECT_EQ(lo, 0.0);
  // The bulk of a half-normal is kept: its 99 % point is 2.58.
  EXPECT_GT(hi, 2.58);
  EXPECT_LE(hi, observer.getMax());
  // MSE's threshold does not move either way: zeros cost nothing.
  auto mse = observer.computeRange(CalibrationMethod::Mse, 0);
  EXPECT_GT(mse.second, 2.58);
}

// An 8x8 digit's pixels take 17 values (k / 16): each can have its own int8
// level, so the entropy method keeps them all (on such spikes KL(P || Q)
// degenerates and once clipped at the first grey level).
TEST(CalibrationTest, EntropyKeepsDiscreteDataWhole) {
  MLIRContext context;
  std::vector<double> values;
  for (int repeat = 0; repeat < 500; ++repeat)
    for (int k = 0; k <= 16; ++k)
      values.push_back(k / 16.0);
  reference::Tensor tensor = tensorOf(context, values);
  TensorObserver observer;
  observer.observeRange(tensor);
  observer.observeHistogram(tensor);
  auto [lo, hi] = observer.computeRange(CalibrationMethod::Entropy, 0);
  EXPECT_EQ(lo, 0.0);
  EXPECT_EQ(hi, 1.0);
}

TEST(CalibrationTest, PercentileOfAFlatHistogram) {
  std::vector<double> flat(100, 1.0);
  EXPECT_DOUBLE_EQ(findPercentileThreshold(flat, 0.5, 50.0), 25.0);
  EXPECT_DOUBLE_EQ(findPercentileThreshold(flat, 0.5, 100.0), 50.0);
}

TEST(CalibrationTest, EntropyAndMseKeepEverythingOfAUniformDistribution) {
  // Uniform data loses nothing to clipping only when nothing is clipped.
  std::vector<double> uniform(2048, 10.0);
  EXPECT_DOUBLE_EQ(findEntropyThreshold(uniform, 1.0), 2048.0);
  // MSE trades the last few bins' clipping for finer steps everywhere.
  EXPECT_NEAR(findMseThreshold(uniform, 1.0, /*nonNegative=*/true), 2048.0, 20.0);
}

TEST(CalibrationTest, MethodNamesRoundTrip) {
  for (CalibrationMethod method : {CalibrationMethod::MinMax, CalibrationMethod::Percentile,
                                   CalibrationMethod::Entropy, CalibrationMethod::Mse})
    EXPECT_EQ(parseCalibrationMethod(getCalibrationMethodName(method)), method);
  EXPECT_EQ(parseCalibrationMethod("kl"), CalibrationMethod::Entropy);
  EXPECT_FALSE(parseCalibrationMethod("magic"));
}

TEST(CalibrationTest, TableRoundTripsAndBadTablesAreErrors) {
  llvm::SmallString<128> path;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("table", "json", path));
  CalibrationTable table;
  table.method = "mse";
  table.samples = 3;
  table.model = "m.onnx";
  table.ranges["input:x"] = {-1.5, 2.25};
  table.ranges["/conv/Conv"] = {0.0, 6.0};
  ASSERT_FALSE(static_cast<bool>(writeCalibrationTable(table, path)));
  llvm::Expected<CalibrationTable> read = readCalibrationTable(path);
  ASSERT_TRUE(static_cast<bool>(read)) << llvm::toString(read.takeError());
  EXPECT_EQ(read->method, "mse");
  EXPECT_EQ(read->samples, 3);
  EXPECT_EQ(read->ranges, table.ranges);

  auto errorFor = [&](llvm::StringRef text) {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    os << text;
    os.close();
    llvm::Expected<CalibrationTable> bad = readCalibrationTable(path);
    return bad ? std::string() : llvm::toString(bad.takeError());
  };
  EXPECT_NE(errorFor("{").find("is not JSON"), std::string::npos);
  EXPECT_NE(errorFor("{\"format\": \"other\"}").find("not an npu calibration table"),
            std::string::npos);
  EXPECT_NE(errorFor("{\"format\": \"npu-calibration-table\", \"version\": 1, "
                     "\"ranges\": {\"t\": [1, 2]}}")
                .find("range of 't' is not [min, max] with min <= 0 <= max"),
            std::string::npos);
  llvm::sys::fs::remove(path);
}

/// Stacked samples run in batches of the input's own batch size: 4 stacked
/// rows of a [2, 3] input are two runs; 3 rows are an error that says why.
TEST(CalibrationTest, StackedSamplesAreSplitIntoBatches) {
  MLIRContext context;
  context.loadDialect<func::FuncDialect>();
  OpBuilder builder(&context);
  auto module = ModuleOp::create(builder.getUnknownLoc());
  builder.setInsertionPointToEnd(module.getBody());
  auto type = RankedTensorType::get({2, 3}, builder.getF32Type());
  auto function = func::FuncOp::create(builder, builder.getUnknownLoc(), "main",
                                       builder.getFunctionType({type}, {}));
  function.addEntryBlock();
  function.setArgAttr(0, "npu.name", builder.getStringAttr("x"));

  llvm::SmallString<128> directory;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("calibration", directory));
  llvm::SmallString<128> file(directory);
  llvm::sys::path::append(file, "x.npy");
  auto writeRows = [&](int64_t rows) {
    mlir::npu::NpyArray array;
    array.shape = {rows, 3};
    array.data.resize(rows * 3 * sizeof(float));
    for (int64_t i = 0; i < rows * 3; ++i)
      array.as<float>()[i] = float(i);
    ASSERT_FALSE(static_cast<bool>(mlir::npu::writeNpy(file, array)));
  };
  writeRows(4);
  auto samples = loadCalibrationSamples(function, directory);
  ASSERT_TRUE(static_cast<bool>(samples)) << llvm::toString(samples.takeError());
  ASSERT_EQ(samples->size(), 2u); // two runs of one input each
  ASSERT_EQ((*samples)[1].size(), 1u);
  EXPECT_EQ((*samples)[1][0].getType(), type);
  EXPECT_EQ((*samples)[1][0].floats().front(), 6.0); // rows 2 and 3
  EXPECT_EQ((*samples)[1][0].floats().back(), 11.0);

  writeRows(3);
  auto bad = loadCalibrationSamples(function, directory);
  ASSERT_FALSE(static_cast<bool>(bad));
  EXPECT_NE(llvm::toString(bad.takeError())
                .find("with samples a multiple of the batch size 2"),
            std::string::npos);
  llvm::sys::fs::remove(file);
  llvm::sys::fs::remove(directory);
  module->destroy();
}

} // namespace
