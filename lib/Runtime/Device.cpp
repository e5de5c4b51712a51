//===- Device.cpp - the simulator as a Device, and Session ----------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// The simulator device keeps per loaded model a DRAM image (constants
// copied in at load), an SRAM, and the simulation plan its first run makes;
// a run copies the input buffers into their regions, executes the plan and
// copies the output regions out. Runs are synchronous. The device is
// thread-safe: a registry lock guards the handle maps, each model's lock
// serialises its runs, and objects are shared_ptrs so that one released by
// another thread outlives the call using it.
//
//===----------------------------------------------------------------------===//

#include "npu/Runtime/Device.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>

using namespace mlir::npu::runtime;
using llvm::Error;
using llvm::Expected;
using mlir::npu::NpyArray;
using mlir::npu::NpyDType;
using mlir::npu::TargetDescription;

Device::~Device() = default;

static Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// A failed allocation, with the error code callers (the C API) map to
/// "out of memory".
static Error outOfMemory(const llvm::Twine &message) {
  return llvm::createStringError(std::make_error_code(std::errc::not_enough_memory),
                                 message);
}

std::optional<NpyDType> mlir::npu::runtime::getNpyDType(DType type) {
  switch (type) {
  case DType::I8:
    return NpyDType::Int8;
  case DType::I32:
    return NpyDType::Int32;
  case DType::F16:
    return NpyDType::Float16;
  case DType::F32:
    return NpyDType::Float32;
  case DType::I64:
    return NpyDType::Int64;
  case DType::None:
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<DType> mlir::npu::runtime::getDType(NpyDType type) {
  switch (type) {
  case NpyDType::Int8:
    return DType::I8;
  case NpyDType::Int32:
    return DType::I32;
  case NpyDType::Float16:
    return DType::F16;
  case NpyDType::Float32:
    return DType::F32;
  case NpyDType::Int64:
    return DType::I64;
  default:
    return std::nullopt;
  }
}

NpyDType mlir::npu::runtime::getHostNpyDType(const TensorDescriptor &tensor) {
  if (tensor.hostUnsigned)
    return NpyDType::UInt8;
  // parseArtifact and verifyArtifact refuse other element types.
  return *getNpyDType(tensor.dtype);
}

namespace {

using Bytes = std::unique_ptr<uint8_t, decltype(&std::free)>;

Bytes allocateZeroed(uint64_t bytes) {
  // calloc: a large, sparse DRAM image only costs the pages it touches, and
  // an impossible size is a null pointer rather than an abort.
  return Bytes(static_cast<uint8_t *>(std::calloc(bytes ? bytes : 1, 1)), &std::free);
}

class SimulatorDevice final : public Device {
public:
  explicit SimulatorDevice(TargetDescription target)
      : simulator(std::move(target)) {}

  std::string getName() const override { return "simulator"; }
  const TargetDescription &getTarget() const override {
    return simulator.getTarget();
  }

  Expected<ModelHandle> load(std::shared_ptr<const Artifact> artifact) override {
    if (!artifact)
      return makeError("load: no artifact");
    if (Error error = simulator.validate(*artifact))
      return std::move(error);
    Bytes dram = allocateZeroed(artifact->dramBytes);
    if (!dram)
      return outOfMemory(llvm::formatv("cannot allocate {0} bytes of simulated DRAM",
                                       artifact->dramBytes));
    if (!artifact->constants.empty())
      std::memcpy(dram.get() + artifact->regions[artifact->constantsRegion].offset,
                  artifact->constants.data(), artifact->constants.size());
    Bytes sram = allocateZeroed(getTarget().sram.bytes);
    if (!sram)
      return outOfMemory(llvm::formatv("cannot allocate {0} bytes of simulated SRAM",
                                       getTarget().sram.bytes));
    auto model = std::make_shared<Model>(std::move(artifact), std::move(dram),
                                         std::move(sram));
    std::lock_guard<std::mutex> lock(registryMutex);
    uint64_t id = nextId++;
    models.try_emplace(id, std::move(model));
    return ModelHandle(id);
  }

  Error unload(ModelHandle model) override {
    std::shared_ptr<Model> removed = take(models, uint64_t(model));
    if (!removed)
      return makeError("unload: unknown model handle");
    return Error::success(); // freed here, or by a run still using it
  }

  Expected<BufferHandle> allocate(uint64_t bytes) override {
    Bytes memory = allocateZeroed(bytes);
    if (!memory)
      return outOfMemory(llvm::formatv("cannot allocate a {0}-byte buffer", bytes));
    auto buffer = std::make_shared<Buffer>(Buffer{std::move(memory), bytes});
    std::lock_guard<std::mutex> lock(registryMutex);
    uint64_t id = nextId++;
    buffers.try_emplace(id, std::move(buffer));
    return BufferHandle(id);
  }

  Error release(BufferHandle buffer) override {
    if (!take(buffers, uint64_t(buffer)))
      return makeError("release: unknown buffer handle");
    return Error::success();
  }

  Error copyIn(BufferHandle handle, uint64_t offset,
               llvm::ArrayRef<uint8_t> bytes) override {
    auto buffer = lookupRange(handle, offset, bytes.size(), "copyIn");
    if (!buffer)
      return buffer.takeError();
    std::memcpy((*buffer)->memory.get() + offset, bytes.data(), bytes.size());
    return Error::success();
  }

  Error copyOut(BufferHandle handle, uint64_t offset,
                llvm::MutableArrayRef<uint8_t> bytes) override {
    auto buffer = lookupRange(handle, offset, bytes.size(), "copyOut");
    if (!buffer)
      return buffer.takeError();
    std::memcpy(bytes.data(), (*buffer)->memory.get() + offset, bytes.size());
    return Error::success();
  }

  Expected<JobHandle> submit(ModelHandle handle,
                             llvm::ArrayRef<BufferHandle> inputs,
                             llvm::ArrayRef<BufferHandle> outputs,
                             const RunOptions &options) override {
    std::shared_ptr<Model> model = find(models, uint64_t(handle));
    if (!model)
      return makeError("submit: unknown model handle");
    const Artifact &artifact = *model->artifact;
    if (inputs.size() != artifact.inputs.size() ||
        outputs.size() != artifact.outputs.size())
      return makeError(llvm::formatv("submit: the model takes {0} input and {1} "
                                     "output buffers, got {2} and {3}",
                                     artifact.inputs.size(), artifact.outputs.size(),
                                     inputs.size(), outputs.size()));
    auto bind = [&](llvm::ArrayRef<BufferHandle> handles,
                    const std::vector<TensorDescriptor> &tensors,
                    std::vector<std::shared_ptr<Buffer>> &bound) -> Error {
      for (auto [buffer, tensor] : llvm::zip(handles, tensors)) {
        std::shared_ptr<Buffer> found = find(buffers, uint64_t(buffer));
        if (!found)
          return makeError("submit: unknown buffer for '" + tensor.name + "'");
        if (found->bytes < tensor.byteSize())
          return makeError(llvm::formatv("submit: '{0}' needs {1} bytes; its "
                                         "buffer has {2}",
                                         tensor.name, tensor.byteSize(),
                                         found->bytes));
        bound.push_back(std::move(found));
      }
      return Error::success();
    };
    std::vector<std::shared_ptr<Buffer>> in, out;
    if (Error error = bind(inputs, artifact.inputs, in))
      return std::move(error);
    if (Error error = bind(outputs, artifact.outputs, out))
      return std::move(error);

    auto job = std::make_shared<Job>();
    {
      // One run of a model at a time: runs share its DRAM image and SRAM.
      // Runs of different models proceed in parallel.
      std::lock_guard<std::mutex> runLock(model->runMutex);
      for (auto [buffer, tensor] : llvm::zip(in, artifact.inputs))
        std::memcpy(model->dram.get() + artifact.regions[tensor.region].offset,
                    buffer->memory.get(), tensor.byteSize());
      SimulatorOptions simOptions;
      simOptions.recordTrace = options.recordTrace;
      // Everything the data cannot change (the schedule, deadlocks, races,
      // the statistics) is worked out by the first run and reused; a fault
      // there is the job's, reported by wait like any other.
      Expected<RunStats> stats = [&]() -> Expected<RunStats> {
        if (!model->plan) {
          Expected<SimulationPlan> plan = simulator.plan(artifact);
          if (!plan)
            return plan.takeError();
          model->plan = std::move(*plan);
        }
        return simulator.execute(artifact, *model->plan, model->dram.get(),
                                 simOptions, &job->trace, model->sram.get());
      }();
      if (stats) {
        job->stats = std::move(*stats);
        for (auto [buffer, tensor] : llvm::zip(out, artifact.outputs))
          std::memcpy(buffer->memory.get(),
                      model->dram.get() + artifact.regions[tensor.region].offset,
                      tensor.byteSize());
      } else {
        job->error.emplace(stats.takeError());
      }
    }
    std::lock_guard<std::mutex> lock(registryMutex);
    uint64_t id = nextId++;
    jobs.try_emplace(id, std::move(job));
    return JobHandle(id);
  }

  Error wait(JobHandle handle) override {
    std::shared_ptr<Job> job = find(jobs, uint64_t(handle));
    if (!job)
      return makeError("wait: unknown job handle");
    std::lock_guard<std::mutex> lock(job->mutex);
    if (job->waited)
      return job->failed ? makeError("wait: the job failed (reported by the "
                                     "first wait)")
                         : Error::success();
    job->waited = true;
    if (job->error) {
      job->failed = true;
      Error error = std::move(*job->error);
      job->error.reset();
      return error;
    }
    return Error::success();
  }

  Expected<RunStats> getStats(JobHandle handle) override {
    std::shared_ptr<Job> job = find(jobs, uint64_t(handle));
    if (Error error = checkFinished(job.get(), "getStats"))
      return std::move(error);
    return job->stats;
  }

  Expected<std::vector<TraceEvent>> getTrace(JobHandle handle) override {
    std::shared_ptr<Job> job = find(jobs, uint64_t(handle));
    if (Error error = checkFinished(job.get(), "getTrace"))
      return std::move(error);
    return job->trace;
  }

  Error releaseJob(JobHandle handle) override {
    if (!take(jobs, uint64_t(handle)))
      return makeError("releaseJob: unknown job handle");
    return Error::success();
  }

private:
  struct Model {
    Model(std::shared_ptr<const Artifact> artifact, Bytes dram, Bytes sram)
        : artifact(std::move(artifact)), dram(std::move(dram)),
          sram(std::move(sram)) {}
    std::shared_ptr<const Artifact> artifact;
    /// Held by a run: the plan, the DRAM image and the SRAM below.
    std::mutex runMutex;
    std::optional<SimulationPlan> plan; // made by the first run
    Bytes dram;
    Bytes sram; // reused by every run
  };
  struct Buffer {
    Bytes memory;
    uint64_t bytes;
  };
  struct Job {
    ~Job() {
      // A failure nobody waited for is dropped with the job.
      if (error)
        llvm::consumeError(std::move(*error));
    }
    std::mutex mutex; // guards the fields below once the job is published
    RunStats stats;
    std::vector<TraceEvent> trace;
    /// The run's failure until wait() reports it.
    std::optional<Error> error;
    bool waited = false, failed = false;
  };

  /// The object `id` names in `map`, or null. The shared_ptr keeps it alive
  /// for the caller even if another thread releases it meanwhile.
  template <typename T>
  std::shared_ptr<T> find(const std::map<uint64_t, std::shared_ptr<T>> &map,
                          uint64_t id) {
    std::lock_guard<std::mutex> lock(registryMutex);
    auto it = map.find(id);
    return it == map.end() ? nullptr : it->second;
  }

  /// Removes `id` from `map` and returns its object (destroyed by the
  /// caller, outside the lock), or null.
  template <typename T>
  std::shared_ptr<T> take(std::map<uint64_t, std::shared_ptr<T>> &map,
                          uint64_t id) {
    std::lock_guard<std::mutex> lock(registryMutex);
    auto it = map.find(id);
    if (it == map.end())
      return nullptr;
    std::shared_ptr<T> object = std::move(it->second);
    map.erase(it);
    return object;
  }

  Expected<std::shared_ptr<Buffer>> lookupRange(BufferHandle handle,
                                                uint64_t offset, uint64_t size,
                                                llvm::StringRef what) {
    std::shared_ptr<Buffer> buffer = find(buffers, uint64_t(handle));
    if (!buffer)
      return makeError(what + ": unknown buffer handle");
    uint64_t end;
    if (__builtin_add_overflow(offset, size, &end) || end > buffer->bytes)
      return makeError(llvm::formatv("{0}: [{1}, +{2}) is outside the {3}-byte "
                                     "buffer",
                                     what, offset, size, buffer->bytes));
    return buffer;
  }

  Error checkFinished(Job *job, llvm::StringRef what) {
    if (!job)
      return makeError(what + ": unknown job handle");
    std::lock_guard<std::mutex> lock(job->mutex);
    if (!job->waited || job->failed)
      return makeError(what + ": the job has not completed successfully (call "
                              "wait first)");
    return Error::success();
  }

  const Simulator simulator; // const: shared by concurrent runs
  std::mutex registryMutex;  // guards nextId and the three maps
  uint64_t nextId = 1;
  std::map<uint64_t, std::shared_ptr<Model>> models;
  std::map<uint64_t, std::shared_ptr<Buffer>> buffers;
  std::map<uint64_t, std::shared_ptr<Job>> jobs;
};

} // namespace

std::unique_ptr<Device> mlir::npu::runtime::createSimulatorDevice(TargetDescription target) {
  return std::make_unique<SimulatorDevice>(std::move(target));
}

//===----------------------------------------------------------------------===//
// Session
//===----------------------------------------------------------------------===//

Session::~Session() {
  if (device)
    llvm::consumeError(device->unload(model));
}

Expected<std::unique_ptr<Session>>
Session::create(std::shared_ptr<const Artifact> artifact,
                std::shared_ptr<Device> device) {
  if (!artifact)
    return makeError("Session::create: no artifact");
  if (!device) {
    auto target = mlir::npu::parseTargetDescription(artifact->targetJson,
                                                    "the artifact's target");
    if (!target)
      return target.takeError();
    device = createSimulatorDevice(std::move(*target));
  }
  auto model = device->load(artifact);
  if (!model)
    return model.takeError();
  std::unique_ptr<Session> session(new Session());
  session->artifact = std::move(artifact);
  session->device = std::move(device);
  session->model = *model;
  return std::move(session);
}

Expected<std::unique_ptr<Session>>
Session::createFromFile(llvm::StringRef path, std::shared_ptr<Device> device,
                        const ArtifactLoadOptions &options) {
  auto artifact = readArtifactFile(path, options);
  if (!artifact)
    return artifact.takeError();
  return create(std::make_shared<const Artifact>(std::move(*artifact)),
                std::move(device));
}

Expected<std::vector<NpyArray>>
Session::run(const std::map<std::string, NpyArray> &inputs,
             const RunOptions &options) {
  for (const auto &entry : inputs) {
    const std::string &name = entry.first;
    if (!llvm::any_of(artifact->inputs,
                      [&](const TensorDescriptor &t) { return t.name == name; }))
      return makeError("the model has no input '" + name + "' (inputs: " +
                       llvm::join(llvm::map_range(artifact->inputs,
                                                  [](const TensorDescriptor &t) {
                                                    return t.name;
                                                  }),
                                  ", ") +
                       ")");
  }
  std::vector<BufferHandle> in, out;
  auto releaseAll = [&] {
    for (BufferHandle buffer : in)
      llvm::consumeError(device->release(buffer));
    for (BufferHandle buffer : out)
      llvm::consumeError(device->release(buffer));
  };
  for (const TensorDescriptor &tensor : artifact->inputs) {
    auto it = inputs.find(tensor.name);
    if (it == inputs.end()) {
      releaseAll();
      return makeError("missing input '" + tensor.name + "'");
    }
    const NpyArray &array = it->second;
    if (array.dtype != getHostNpyDType(tensor) || array.shape != tensor.shape) {
      releaseAll();
      return makeError(llvm::formatv(
          "input '{0}' must be {1} {2}; got {3} {4}", tensor.name,
          mlir::npu::formatShape(tensor.shape),
          mlir::npu::npyTypeName(getHostNpyDType(tensor)),
          mlir::npu::formatShape(array.shape), mlir::npu::npyTypeName(array.dtype)));
    }
    auto buffer = device->allocate(tensor.byteSize());
    if (!buffer) {
      releaseAll();
      return buffer.takeError();
    }
    in.push_back(*buffer);
    std::vector<uint8_t> flipped;
    if (tensor.hostUnsigned) {
      flipped = array.data;
      flipHostUnsigned(flipped);
    }
    if (Error error = device->copyIn(*buffer, 0,
                                     tensor.hostUnsigned ? flipped : array.data)) {
      releaseAll();
      return std::move(error);
    }
  }
  for (const TensorDescriptor &tensor : artifact->outputs) {
    auto buffer = device->allocate(tensor.byteSize());
    if (!buffer) {
      releaseAll();
      return buffer.takeError();
    }
    out.push_back(*buffer);
  }

  auto job = device->submit(model, in, out, options);
  if (!job) {
    releaseAll();
    return job.takeError();
  }
  auto finish = [&](Error error) -> Error {
    llvm::consumeError(device->releaseJob(*job));
    releaseAll();
    return error;
  };
  if (Error error = device->wait(*job))
    return finish(std::move(error));
  auto stats = device->getStats(*job);
  if (!stats)
    return finish(stats.takeError());
  lastStats = std::move(*stats);
  auto trace = device->getTrace(*job);
  if (!trace)
    return finish(trace.takeError());
  lastTrace = std::move(*trace);

  std::vector<NpyArray> results;
  for (auto [buffer, tensor] : llvm::zip(out, artifact->outputs)) {
    NpyArray array;
    array.dtype = getHostNpyDType(tensor);
    array.shape = tensor.shape;
    array.data.resize(tensor.byteSize());
    if (Error error = device->copyOut(buffer, 0, array.data))
      return finish(std::move(error));
    if (tensor.hostUnsigned)
      flipHostUnsigned(array.data);
    results.push_back(std::move(array));
  }
  if (Error error = finish(Error::success()))
    return std::move(error);
  return results;
}
