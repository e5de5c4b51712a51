//===- Device.h - what runs an artifact: simulator or silicon ---*- C++ -*-===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The interface a vendor implements to run npu-mlir artifacts on a chip, and
// that the simulator implements first. Handles are opaque integers so that a
// driver can map them to its own objects; every call reports failure as an
// llvm::Error, never by crashing. Session (below) is the convenience layer
// npu-run and Python use: named numpy-style arrays in and out.
//
// A Device is shared: several Sessions (and the C API's handles) on one
// device call it from several threads at once, so an implementation must be
// thread-safe. The simulator runs different models in parallel and one
// model's runs in turn.
//
//===----------------------------------------------------------------------===//

#ifndef NPU_RUNTIME_DEVICE_H
#define NPU_RUNTIME_DEVICE_H

#include "npu/Runtime/Artifact.h"
#include "npu/Runtime/Simulator.h"
#include "npu/Support/Npy.h"
#include "npu/Target/TargetDescription.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mlir::npu::runtime {

enum class ModelHandle : uint64_t {};
enum class BufferHandle : uint64_t {};
enum class JobHandle : uint64_t {};

struct RunOptions {
  /// Record per-command timing for a Chrome trace (simulator).
  bool recordTrace = false;
};

class Device {
public:
  virtual ~Device();

  /// "simulator", or the vendor's device name.
  virtual std::string getName() const = 0;
  virtual const mlir::npu::TargetDescription &getTarget() const = 0;

  /// Loads a verified artifact; refused if it was compiled for another
  /// target (fingerprint mismatch) or its commands are invalid there.
  virtual llvm::Expected<ModelHandle>
  load(std::shared_ptr<const Artifact> artifact) = 0;
  virtual llvm::Error unload(ModelHandle model) = 0;

  /// Device memory for inputs and outputs.
  virtual llvm::Expected<BufferHandle> allocate(uint64_t bytes) = 0;
  virtual llvm::Error release(BufferHandle buffer) = 0;
  virtual llvm::Error copyIn(BufferHandle buffer, uint64_t offset,
                             llvm::ArrayRef<uint8_t> bytes) = 0;
  virtual llvm::Error copyOut(BufferHandle buffer, uint64_t offset,
                              llvm::MutableArrayRef<uint8_t> bytes) = 0;

  /// Starts a run of `model` reading `inputs` and writing `outputs` (one
  /// buffer per model input and output, in the artifact's order, each at
  /// least the tensor's size).
  virtual llvm::Expected<JobHandle> submit(ModelHandle model,
                                           llvm::ArrayRef<BufferHandle> inputs,
                                           llvm::ArrayRef<BufferHandle> outputs,
                                           const RunOptions &options) = 0;
  /// Waits for a job; its error (a fault) is reported here.
  virtual llvm::Error wait(JobHandle job) = 0;
  /// Figures of a finished job.
  virtual llvm::Expected<RunStats> getStats(JobHandle job) = 0;
  /// Per-command timing of a finished job run with recordTrace.
  virtual llvm::Expected<std::vector<TraceEvent>> getTrace(JobHandle job) = 0;
  virtual llvm::Error releaseJob(JobHandle job) = 0;
};

/// The simulator as a Device for `target`. Runs are synchronous: submit
/// executes, wait returns the outcome.
std::unique_ptr<Device> createSimulatorDevice(mlir::npu::TargetDescription target);

/// An artifact loaded on a device, run with named arrays.
class Session {
public:
  /// Loads `artifact` on `device`, or on a simulator for the artifact's own
  /// target if `device` is null. Sessions may share a device and run on
  /// different threads; one Session is used by one thread at a time.
  static llvm::Expected<std::unique_ptr<Session>>
  create(std::shared_ptr<const Artifact> artifact,
         std::shared_ptr<Device> device = nullptr);
  static llvm::Expected<std::unique_ptr<Session>>
  createFromFile(llvm::StringRef path, std::shared_ptr<Device> device = nullptr,
                 const ArtifactLoadOptions &options = {});
  ~Session();

  const Artifact &getArtifact() const { return *artifact; }
  Device &getDevice() { return *device; }

  /// Runs with one array per model input (matched by name; the element
  /// type, getHostNpyDType, and shape must be the descriptor's) and returns
  /// the outputs in the artifact's order. Host-unsigned tensors are
  /// converted between uint8 and the device's int8 here.
  llvm::Expected<std::vector<mlir::npu::NpyArray>>
  run(const std::map<std::string, mlir::npu::NpyArray> &inputs,
      const RunOptions &options = {});

  /// Figures and trace of the last successful run.
  const RunStats &getLastStats() const { return lastStats; }
  const std::vector<TraceEvent> &getLastTrace() const { return lastTrace; }

private:
  Session() = default;
  std::shared_ptr<const Artifact> artifact;
  std::shared_ptr<Device> device;
  ModelHandle model{};
  RunStats lastStats;
  std::vector<TraceEvent> lastTrace;
};

/// The .npy element type of an artifact element type, and back.
std::optional<mlir::npu::NpyDType> getNpyDType(DType type);
std::optional<DType> getDType(mlir::npu::NpyDType type);
/// The .npy element type a host exchanges for `tensor`: uint8 for a
/// host-unsigned tensor, else its artifact type's.
mlir::npu::NpyDType getHostNpyDType(const TensorDescriptor &tensor);

} // namespace mlir::npu::runtime

#endif // NPU_RUNTIME_DEVICE_H
