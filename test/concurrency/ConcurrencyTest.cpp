//===- ConcurrencyTest.cpp - the runtime under threads and load -----------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Several threads share one simulated device, through Sessions and through
// C API handles, and every result must equal the single-threaded run of the
// same input. A load / run / unload loop (NPU_STRESS_RUNS iterations,
// 10,000 by default) must leave the heap as it found it. Built normally,
// under ASan + UBSan and under TSan (scripts/test.sh --sanitize, --tsan).
//
//===----------------------------------------------------------------------===//

#include "npu-c/Runtime.h"
#include "npu/Runtime/Artifact.h"
#include "npu/Runtime/Device.h"
#include "npu/Target/TargetDescription.h"

#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <thread>
#include <vector>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define NPU_SANITIZER_ALLOCATOR 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define NPU_SANITIZER_ALLOCATOR 1
#endif
#ifdef NPU_SANITIZER_ALLOCATOR
#include <sanitizer/allocator_interface.h>
#else
#include <malloc.h>
#endif

using namespace mlir::npu::runtime;
using mlir::npu::NpyArray;
using mlir::npu::NpyDType;

namespace {

constexpr int kThreads = 4;

/// Bytes the process's allocator has handed out and not taken back.
size_t getAllocatedBytes() {
#ifdef NPU_SANITIZER_ALLOCATOR
  return __sanitizer_get_current_allocated_bytes();
#else
  struct mallinfo2 info = mallinfo2();
  return info.uordblks + info.hblkhd;
#endif
}

std::shared_ptr<const Artifact> assemble(const std::string &path) {
  auto text = llvm::MemoryBuffer::getFile(path);
  if (!text) {
    ADD_FAILURE() << "cannot read " << path;
    return nullptr;
  }
  auto artifact = assembleArtifact((*text)->getBuffer(), path);
  if (!artifact) {
    ADD_FAILURE() << llvm::toString(artifact.takeError());
    return nullptr;
  }
  return std::make_shared<const Artifact>(std::move(*artifact));
}

/// The two models: y = relu(x + b) with different constants b, so a run
/// that read the other model's memory gives a different answer.
struct Models {
  std::shared_ptr<const Artifact> first =
      assemble(NPU_TEST_MODELS_DIR "/add_relu.s");
  std::shared_ptr<const Artifact> second =
      assemble(NPU_TEST_RUNTIME_DIR "/add-relu.s");
};

/// Input `index` of thread `thread`: eight f32 values, distinct per call.
NpyArray makeInput(int thread, int index) {
  NpyArray array;
  array.dtype = NpyDType::Float32;
  array.shape = {1, 8};
  std::vector<float> values(8);
  for (int i = 0; i < 8; ++i)
    values[i] = static_cast<float>(thread * 1000 + index) * 0.125f - i * 0.5f;
  array.data.resize(values.size() * sizeof(float));
  std::memcpy(array.data.data(), values.data(), array.data.size());
  return array;
}

/// The output of one single-threaded run on a device of its own.
std::vector<uint8_t> runAlone(std::shared_ptr<const Artifact> artifact,
                              const NpyArray &input) {
  auto session = Session::create(std::move(artifact));
  if (!session) {
    ADD_FAILURE() << llvm::toString(session.takeError());
    return {};
  }
  auto outputs = (*session)->run({{"x", input}});
  if (!outputs) {
    ADD_FAILURE() << llvm::toString(outputs.takeError());
    return {};
  }
  return outputs->front().data;
}

/// For each thread, the single-threaded output of each of its `runs`
/// inputs, on the first model for even threads and the second for odd ones.
std::vector<std::vector<std::vector<uint8_t>>>
computeExpectedOutputs(const Models &models, int runs) {
  std::vector<std::vector<std::vector<uint8_t>>> expected(kThreads);
  for (int t = 0; t < kThreads; ++t)
    for (int r = 0; r < runs; ++r)
      expected[t].push_back(
          runAlone(t % 2 ? models.second : models.first, makeInput(t, r)));
  return expected;
}

std::shared_ptr<Device> createEdgeDevice() {
  auto target = mlir::npu::getTargetPreset("edge");
  if (!target) {
    ADD_FAILURE() << llvm::toString(target.takeError());
    return nullptr;
  }
  return createSimulatorDevice(std::move(*target));
}

TEST(Concurrency, SessionsOnOneDeviceMatchSingleThreadedRuns) {
  Models models;
  ASSERT_TRUE(models.first && models.second);
  constexpr int kRuns = 50;
  // Expected outputs first, one device per run.
  auto expected = computeExpectedOutputs(models, kRuns);

  std::shared_ptr<Device> device = createEdgeDevice();
  ASSERT_TRUE(device);
  // Two threads per model: each its own Session (its own load), and the
  // sessions of one model run in parallel with those of the other.
  std::atomic<int> mismatches{0}, errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      auto session =
          Session::create(t % 2 ? models.second : models.first, device);
      if (!session) {
        llvm::consumeError(session.takeError());
        ++errors;
        return;
      }
      for (int r = 0; r < kRuns; ++r) {
        auto outputs = (*session)->run({{"x", makeInput(t, r)}});
        if (!outputs) {
          llvm::consumeError(outputs.takeError());
          ++errors;
          continue;
        }
        if (outputs->front().data != expected[t][r])
          ++mismatches;
      }
    });
  for (std::thread &thread : threads)
    thread.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(mismatches.load(), 0);
}

/// An artifact file's bytes, for npu_model_load_memory.
std::vector<uint8_t> serialize(const Artifact &artifact) {
  auto bytes = serializeArtifact(artifact);
  if (!bytes) {
    ADD_FAILURE() << llvm::toString(bytes.takeError());
    return {};
  }
  return std::move(*bytes);
}

/// One run through the C API: buffers allocated, written, run, read and
/// freed. Returns the output bytes, or an empty vector with the error.
std::vector<uint8_t> runThroughCApi(npu_device_t device, npu_model_t model,
                                    const NpyArray &input, std::string &error) {
  npu_buffer_t in = nullptr, out = nullptr;
  npu_job_t job = nullptr;
  std::vector<uint8_t> result(32);
  bool ok = npu_buffer_allocate(device, 32, &in) == NPU_OK &&
            npu_buffer_allocate(device, 32, &out) == NPU_OK &&
            npu_buffer_write(in, 0, input.data.data(), 32) == NPU_OK &&
            npu_model_submit(model, &in, 1, &out, 1, 0, &job) == NPU_OK &&
            npu_job_wait(job) == NPU_OK &&
            npu_buffer_read(out, 0, result.data(), 32) == NPU_OK;
  if (!ok) {
    error = npu_last_error_message();
    result.clear();
  }
  // Freed in an order that makes the job the last holder of the buffers.
  npu_buffer_free(in);
  npu_buffer_free(out);
  npu_job_release(job);
  return result;
}

TEST(Concurrency, CApiHandlesOnOneDeviceMatchSingleThreadedRuns) {
  Models models;
  ASSERT_TRUE(models.first && models.second);
  std::vector<uint8_t> firstBytes = serialize(*models.first);
  std::vector<uint8_t> secondBytes = serialize(*models.second);
  constexpr int kRuns = 50;
  auto expected = computeExpectedOutputs(models, kRuns);

  npu_device_t device = nullptr;
  ASSERT_EQ(npu_device_create_simulator("edge", &device), NPU_OK);
  // Model handles shared by all threads (their runs take turns) ...
  npu_model_t shared[2] = {nullptr, nullptr};
  ASSERT_EQ(npu_model_load_memory(device, firstBytes.data(), firstBytes.size(),
                                  &shared[0]),
            NPU_OK);
  ASSERT_EQ(npu_model_load_memory(device, secondBytes.data(),
                                  secondBytes.size(), &shared[1]),
            NPU_OK);
  std::atomic<int> mismatches{0};
  std::vector<std::string> errors(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      const std::vector<uint8_t> &bytes = t % 2 ? secondBytes : firstBytes;
      for (int r = 0; r < kRuns && errors[t].empty(); ++r) {
        // ... and, every other run, a model of the thread's own, loaded
        // and unloaded around its one run.
        npu_model_t own = nullptr;
        bool ownModel = r % 2 == 1;
        if (ownModel && npu_model_load_memory(device, bytes.data(),
                                              bytes.size(), &own) != NPU_OK) {
          errors[t] = npu_last_error_message();
          break;
        }
        std::vector<uint8_t> output = runThroughCApi(
            device, ownModel ? own : shared[t % 2], makeInput(t, r), errors[t]);
        npu_model_destroy(own);
        if (errors[t].empty() && output != expected[t][r])
          ++mismatches;
      }
    });
  for (std::thread &thread : threads)
    thread.join();
  for (int t = 0; t < kThreads; ++t)
    EXPECT_EQ(errors[t], "") << "thread " << t;
  EXPECT_EQ(mismatches.load(), 0);
  // The device goes first: models keep it alive until they are destroyed.
  EXPECT_EQ(npu_device_destroy(device), NPU_OK);
  EXPECT_EQ(npu_model_destroy(shared[0]), NPU_OK);
  EXPECT_EQ(npu_model_destroy(shared[1]), NPU_OK);
}

int getStressRuns() {
  const char *value = std::getenv("NPU_STRESS_RUNS");
  int runs = value ? std::atoi(value) : 0;
  return runs > 0 ? runs : 10000;
}

TEST(Concurrency, LoadRunUnloadLoopKeepsTheHeapFlat) {
  Models models;
  ASSERT_TRUE(models.first);
  std::vector<uint8_t> bytes = serialize(*models.first);
  std::vector<uint8_t> expected = runAlone(models.first, makeInput(0, 7));
  const int runs = getStressRuns();
  const int warmUp = std::max(runs / 10, kThreads);

  npu_device_t device = nullptr;
  ASSERT_EQ(npu_device_create_simulator("edge", &device), NPU_OK);
  // Every iteration loads the model, runs it once and unloads it. The heap
  // is measured at two quiet moments, all threads joined: after the first
  // tenth (thread arenas, the handle table and the device's maps have
  // reached their size) and at the end.
  std::atomic<int> next{0}, done{0}, mismatches{0};
  std::vector<std::string> errors(kThreads);
  NpyArray input = makeInput(0, 7);
  auto runUpTo = [&](int end) {
    auto worker = [&](int t) {
      for (int i = next++; i < end && errors[t].empty(); i = next++) {
        npu_model_t model = nullptr;
        if (npu_model_load_memory(device, bytes.data(), bytes.size(),
                                  &model) != NPU_OK) {
          errors[t] = npu_last_error_message();
          break;
        }
        std::vector<uint8_t> output =
            runThroughCApi(device, model, input, errors[t]);
        if (npu_model_destroy(model) != NPU_OK)
          errors[t] = npu_last_error_message();
        if (errors[t].empty() && output != expected)
          ++mismatches;
        ++done;
      }
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back(worker, t);
    for (std::thread &thread : threads)
      thread.join();
    next = end;
  };
  runUpTo(warmUp);
  size_t heapAfterWarmUp = getAllocatedBytes();
  runUpTo(runs);
  for (int t = 0; t < kThreads; ++t)
    EXPECT_EQ(errors[t], "") << "thread " << t;
  EXPECT_EQ(done.load(), runs);
  EXPECT_EQ(mismatches.load(), 0);
  size_t heapAtEnd = getAllocatedBytes();
  // A leak of one small object per iteration (9,000 iterations at least 16
  // bytes each) would exceed this; the allocator's own bookkeeping between
  // two quiet moments does not.
  const size_t tolerance = 64 * 1024;
  EXPECT_LE(heapAtEnd, heapAfterWarmUp + tolerance)
      << "heap grew from " << heapAfterWarmUp << " to " << heapAtEnd
      << " bytes over " << runs - warmUp << " load/run/unload iterations";
  EXPECT_EQ(npu_device_destroy(device), NPU_OK);
}

} // namespace
