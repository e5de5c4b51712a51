//===- Runtime.cpp - the C API of the runtime -----------------------------===//
//
// Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.
//
//===----------------------------------------------------------------------===//
//
// Each C handle names a shared_ptr to the state behind it in the process's
// HandleTable, so that objects can be destroyed in any order: a model,
// buffer or job holds its device, a job holds its model and buffers, and a
// device resource is released (by the destructor of its state) when the
// last handle using it goes away. A handle is looked up, never
// dereferenced: a freed, foreign or made-up one is NPU_ERROR_INVALID_HANDLE.
// Nothing here aborts on bad input: every argument is checked before the
// C++ runtime sees it, and every llvm::Error becomes a status and the
// thread's last error message.
//
//===----------------------------------------------------------------------===//

#include "npu-c/Runtime.h"

#include "HandleTable.h"

#include "npu/Runtime/Artifact.h"
#include "npu/Support/FileRead.h"
#include "npu/Runtime/Device.h"
#include "npu/Isa/Isa.h"
#include "npu/Runtime/Simulator.h"
#include "npu/Target/TargetDescription.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

using namespace mlir::npu::runtime;
using mlir::npu::capi::HandleKind;
using mlir::npu::capi::HandleProblem;
using mlir::npu::capi::HandleTable;
using llvm::StringRef;

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

namespace {

thread_local std::string lastError;

/// Starts an API call: the last error is the outcome of this call.
void clearError() { lastError.clear(); }

npu_status_t fail(npu_status_t status, std::string message) {
  lastError = std::move(message);
  return status;
}

/// `error` as a status: a SimulatorFault is NPU_ERROR_FAULT, anything else
/// `fallback`. The message is the error's, after `context`.
npu_status_t failWith(llvm::Error error, npu_status_t fallback,
                      StringRef context = {}) {
  npu_status_t status = fallback;
  std::string message;
  llvm::handleAllErrors(
      std::move(error),
      [&](const SimulatorFault &fault) {
        status = NPU_ERROR_FAULT;
        if (!message.empty())
          message += "; ";
        // The full "fault: <queue> command <index> ..." text (the member
        // `message` is only its last part).
        message += static_cast<const llvm::ErrorInfoBase &>(fault).message();
      },
      [&](const llvm::ErrorInfoBase &info) {
        if (info.convertToErrorCode() == std::errc::not_enough_memory)
          status = NPU_ERROR_OUT_OF_MEMORY;
        if (!message.empty())
          message += "; ";
        message += info.message();
      });
  if (!context.empty())
    message = context.str() + ": " + message;
  return fail(status, std::move(message));
}

npu_status_t nullArgument(const char *function, const char *argument) {
  return fail(NPU_ERROR_INVALID_ARGUMENT,
              std::string(function) + ": '" + argument + "' is NULL");
}

#define CHECK_NOT_NULL(arg)                                                    \
  do {                                                                         \
    if (!(arg))                                                                \
      return nullArgument(__func__, #arg);                                     \
  } while (false)

//===----------------------------------------------------------------------===//
// State behind the handles
//===----------------------------------------------------------------------===//

struct DeviceState {
  /// Thread-safe (Device's contract for implementations used here).
  std::unique_ptr<Device> device;
  std::string targetName;
  /// What the device was created from: a preset name or a JSON path.
  std::string targetSource;
  uint64_t fingerprint = 0;
  /// Device memory: the target's DRAM, and what buffers hold of it.
  uint64_t capacity = 0;
  std::mutex allocatedMutex;
  uint64_t allocated = 0;

  /// Reserves `size` bytes of the device memory; false if they do not fit.
  bool reserve(uint64_t size, uint64_t &available) {
    std::lock_guard<std::mutex> lock(allocatedMutex);
    available = capacity - allocated;
    if (size > available)
      return false;
    allocated += size;
    return true;
  }
  void unreserve(uint64_t size) {
    std::lock_guard<std::mutex> lock(allocatedMutex);
    allocated -= size;
  }
};

struct ModelState {
  std::shared_ptr<DeviceState> device;
  std::shared_ptr<const Artifact> artifact;
  ModelHandle handle{};
  ~ModelState() { llvm::consumeError(device->device->unload(handle)); }
};

struct BufferState {
  std::shared_ptr<DeviceState> device;
  BufferHandle handle{};
  uint64_t size = 0;
  ~BufferState() {
    llvm::consumeError(device->device->release(handle));
    device->unreserve(size);
  }
};

/// The outcome of a job, computed once (by whichever thread waits first).
struct JobState {
  std::shared_ptr<ModelState> model;
  std::vector<std::shared_ptr<BufferState>> buffers;
  JobHandle handle{};
  bool recordTrace = false;
  std::mutex waitMutex;
  bool waited = false;
  npu_status_t status = NPU_OK;
  std::string message;

  npu_status_t wait() {
    std::lock_guard<std::mutex> lock(waitMutex);
    if (!waited) {
      waited = true;
      if (llvm::Error error = model->device->device->wait(handle)) {
        status = failWith(std::move(error), NPU_ERROR_INTERNAL, "job failed");
        message = lastError;
      }
    }
    if (status != NPU_OK)
      return fail(status, message);
    return NPU_OK;
  }

  ~JobState() {
    if (!model) // never submitted (submit failed)
      return;
    if (!waited)
      llvm::consumeError(model->device->device->wait(handle));
    llvm::consumeError(model->device->device->releaseJob(handle));
  }
};

//===----------------------------------------------------------------------===//
// Handles
//===----------------------------------------------------------------------===//

template <typename State> struct HandleTraits;
template <> struct HandleTraits<DeviceState> {
  using Handle = npu_device_t;
  static constexpr HandleKind kind = HandleKind::Device;
};
template <> struct HandleTraits<ModelState> {
  using Handle = npu_model_t;
  static constexpr HandleKind kind = HandleKind::Model;
};
template <> struct HandleTraits<BufferState> {
  using Handle = npu_buffer_t;
  static constexpr HandleKind kind = HandleKind::Buffer;
};
template <> struct HandleTraits<JobState> {
  using Handle = npu_job_t;
  static constexpr HandleKind kind = HandleKind::Job;
};

template <typename Handle> uint64_t getHandleBits(Handle handle) {
  return static_cast<uint64_t>(reinterpret_cast<uintptr_t>(handle));
}

npu_status_t invalidHandle(const char *function, const char *argument,
                           HandleKind kind, HandleProblem problem,
                           HandleKind actualKind) {
  std::string why;
  switch (problem) {
  case HandleProblem::Freed:
    why = "it was already freed";
    break;
  case HandleProblem::WrongKind:
    why = std::string("it is a ") + getHandleKindName(actualKind) + " handle";
    break;
  case HandleProblem::Unknown:
  case HandleProblem::None:
    why = "it was never returned by this library";
    break;
  }
  return fail(NPU_ERROR_INVALID_HANDLE,
              std::string(function) + ": '" + argument + "' is not a live " +
                  getHandleKindName(kind) + " handle: " + why);
}

/// The state behind `handle`, which must be a live handle of State's kind;
/// else an error naming `argument` of `function`.
template <typename State>
npu_status_t lookupHandle(typename HandleTraits<State>::Handle handle,
                          const char *function, const char *argument,
                          std::shared_ptr<State> &out) {
  if (!handle)
    return nullArgument(function, argument);
  HandleProblem problem;
  HandleKind actualKind;
  std::shared_ptr<void> object = HandleTable::get().lookup(
      getHandleBits(handle), HandleTraits<State>::kind, problem, actualKind);
  if (!object)
    return invalidHandle(function, argument, HandleTraits<State>::kind, problem,
                         actualKind);
  out = std::static_pointer_cast<State>(std::move(object));
  return NPU_OK;
}

/// Declares `std::shared_ptr<State> var` holding the state of the argument
/// `handle`, or returns the error.
#define LOOKUP_HANDLE(State, var, handle)                                      \
  std::shared_ptr<State> var;                                                  \
  if (npu_status_t status_ = lookupHandle<State>(handle, __func__, #handle,    \
                                                 var))                         \
    return status_;

/// A new handle for `state` in `*out`.
template <typename State>
npu_status_t publishHandle(std::shared_ptr<State> state,
                           typename HandleTraits<State>::Handle *out,
                           const char *function) {
  uint64_t bits =
      HandleTable::get().insert(HandleTraits<State>::kind, std::move(state));
  if (bits == 0)
    return fail(NPU_ERROR_OUT_OF_MEMORY,
                std::string(function) + ": too many live handles");
  *out = reinterpret_cast<typename HandleTraits<State>::Handle>(
      static_cast<uintptr_t>(bits));
  return NPU_OK;
}

/// Frees `handle` (NULL is ignored); its state is destroyed here if no
/// other handle holds it.
template <typename State>
npu_status_t releaseHandle(typename HandleTraits<State>::Handle handle,
                           const char *function, const char *argument) {
  if (!handle)
    return NPU_OK;
  HandleProblem problem;
  HandleKind actualKind;
  std::shared_ptr<void> object = HandleTable::get().erase(
      getHandleBits(handle), HandleTraits<State>::kind, problem, actualKind);
  if (!object)
    return invalidHandle(function, argument, HandleTraits<State>::kind, problem,
                         actualKind);
  object.reset(); // outside the table's lock: may unload a model
  return NPU_OK;
}

/// Loads a parsed artifact on `device` (shared by the two loaders).
npu_status_t loadArtifact(const std::shared_ptr<DeviceState> &device,
                          Artifact artifact, npu_model_t *out) {
  DeviceState &state = *device;
  if (artifact.targetFingerprint != state.fingerprint) {
    // Two descriptions may share a name (a custom JSON named like a preset,
    // or a preset changed between releases): then the fingerprints tell.
    std::string what =
        artifact.targetName == state.targetName
            ? llvm::formatv("a different description of target '{0}' "
                            "(fingerprint {1:x16}; the device's is {2:x16})",
                            artifact.targetName, artifact.targetFingerprint,
                            state.fingerprint)
                  .str()
            : "target '" + artifact.targetName + "' but the device is target '" +
                  state.targetName + "'";
    return fail(NPU_ERROR_TARGET_MISMATCH, "the model was compiled for " + what +
                                               ": recompile it with --target=" +
                                               state.targetSource);
  }
  auto shared = std::make_shared<const Artifact>(std::move(artifact));
  llvm::Expected<ModelHandle> handle = state.device->load(shared);
  if (!handle)
    // A fault is a command the device refuses; the container was verified,
    // so anything else is the device's own failure.
    return failWith(handle.takeError(), NPU_ERROR_INTERNAL,
                    "cannot load the model");
  auto model = std::make_shared<ModelState>();
  model->device = device;
  model->artifact = std::move(shared);
  model->handle = *handle;
  return publishHandle(std::move(model), out, "npu_model_load");
}

const TensorDescriptor *getTensor(const ModelState &model, int isOutput,
                                  size_t index, const char *function) {
  const Artifact &artifact = *model.artifact;
  const std::vector<TensorDescriptor> &tensors =
      isOutput ? artifact.outputs : artifact.inputs;
  if (index >= tensors.size()) {
    fail(NPU_ERROR_INVALID_ARGUMENT,
         std::string(function) + ": " + (isOutput ? "output" : "input") +
             " index " + std::to_string(index) + " is out of range: the model has " +
             std::to_string(tensors.size()));
    return nullptr;
  }
  return &tensors[index];
}

/// Checks that [offset, offset + size) lies inside `buffer`.
npu_status_t checkRange(const BufferState &buffer, uint64_t offset, size_t size,
                        const char *function) {
  uint64_t end;
  if (__builtin_add_overflow(offset, static_cast<uint64_t>(size), &end) ||
      end > buffer.size)
    return fail(NPU_ERROR_INVALID_ARGUMENT,
                std::string(function) + ": bytes [" + std::to_string(offset) +
                    ", +" + std::to_string(size) +
                    ") lie outside the buffer of " + std::to_string(buffer.size) +
                    " bytes");
  return NPU_OK;
}

} // namespace

//===----------------------------------------------------------------------===//
// Status and version
//===----------------------------------------------------------------------===//

extern "C" const char *npu_status_string(npu_status_t status) {
  // A C caller may pass any int; reading it as the enum would be undefined
  // behaviour for values outside the enumerators, so read its bytes.
  int value;
  static_assert(sizeof(value) == sizeof(status), "npu_status_t is an int");
  std::memcpy(&value, &status, sizeof(value));
  switch (value) {
  case NPU_OK:
    return "NPU_OK";
  case NPU_ERROR_INVALID_ARGUMENT:
    return "NPU_ERROR_INVALID_ARGUMENT";
  case NPU_ERROR_IO:
    return "NPU_ERROR_IO";
  case NPU_ERROR_CORRUPT_ARTIFACT:
    return "NPU_ERROR_CORRUPT_ARTIFACT";
  case NPU_ERROR_TARGET_MISMATCH:
    return "NPU_ERROR_TARGET_MISMATCH";
  case NPU_ERROR_FAULT:
    return "NPU_ERROR_FAULT";
  case NPU_ERROR_OUT_OF_MEMORY:
    return "NPU_ERROR_OUT_OF_MEMORY";
  case NPU_ERROR_INTERNAL:
    return "NPU_ERROR_INTERNAL";
  case NPU_ERROR_INVALID_HANDLE:
    return "NPU_ERROR_INVALID_HANDLE";
  }
  return "NPU_ERROR_UNKNOWN";
}

extern "C" const char *npu_last_error_message(void) { return lastError.c_str(); }

extern "C" npu_status_t npu_runtime_version(npu_version_t *out) {
  clearError();
  CHECK_NOT_NULL(out);
  out->isa_major = kIsaVersionMajor;
  out->isa_minor = kIsaVersionMinor;
  out->format_major = kFormatVersionMajor;
  out->format_minor = kFormatVersionMinor;
  out->capi_version = NPU_CAPI_VERSION;
  return NPU_OK;
}

//===----------------------------------------------------------------------===//
// Devices
//===----------------------------------------------------------------------===//

extern "C" npu_status_t npu_device_create_simulator(const char *target,
                                                    npu_device_t *out) {
  clearError();
  CHECK_NOT_NULL(target);
  CHECK_NOT_NULL(out);
  StringRef name(target);
  if (name.empty())
    return fail(NPU_ERROR_INVALID_ARGUMENT,
                "npu_device_create_simulator: the target name is empty");
  llvm::Expected<mlir::npu::TargetDescription> description =
      mlir::npu::loadTarget(name);
  if (!description) {
    // loadTarget reads `name` as a file if it ends in .json or exists.
    bool isFile = name.ends_with(".json") || llvm::sys::fs::exists(name);
    bool unreadable =
        isFile && llvm::errorToBool(mlir::npu::checkRegularFile(
                                        name, mlir::npu::kMaxTextFileBytes,
                                        "target description")
                                        .takeError());
    return failWith(description.takeError(),
                    unreadable ? NPU_ERROR_IO : NPU_ERROR_INVALID_ARGUMENT);
  }
  auto state = std::make_shared<DeviceState>();
  state->targetName = description->name;
  state->targetSource = name.str();
  state->fingerprint = description->fingerprint();
  state->capacity = static_cast<uint64_t>(description->dram.bytes);
  state->device = createSimulatorDevice(std::move(*description));
  if (!state->device)
    return fail(NPU_ERROR_INTERNAL,
                "npu_device_create_simulator: no simulator device");
  return publishHandle(std::move(state), out, __func__);
}

extern "C" npu_status_t npu_device_destroy(npu_device_t device) {
  clearError();
  return releaseHandle<DeviceState>(device, __func__, "device");
}

extern "C" npu_status_t npu_device_target_name(npu_device_t device,
                                               const char **out) {
  clearError();
  LOOKUP_HANDLE(DeviceState, state, device);
  CHECK_NOT_NULL(out);
  *out = state->targetName.c_str();
  return NPU_OK;
}

//===----------------------------------------------------------------------===//
// Models
//===----------------------------------------------------------------------===//

extern "C" npu_status_t npu_model_load_file(npu_device_t device,
                                            const char *path,
                                            npu_model_t *out) {
  clearError();
  LOOKUP_HANDLE(DeviceState, state, device);
  CHECK_NOT_NULL(path);
  CHECK_NOT_NULL(out);
  // Read here rather than with readArtifactFile: an unreadable file and a
  // corrupt one are different statuses.
  auto buffer =
      mlir::npu::readRegularFile(path, mlir::npu::kMaxArtifactFileBytes, "artifact");
  if (!buffer)
    return failWith(buffer.takeError(), NPU_ERROR_IO);
  StringRef bytes = (*buffer)->getBuffer();
  llvm::Expected<Artifact> artifact = parseArtifact(
      llvm::ArrayRef(reinterpret_cast<const uint8_t *>(bytes.data()),
                     bytes.size()),
      path);
  if (!artifact)
    return failWith(artifact.takeError(), NPU_ERROR_CORRUPT_ARTIFACT);
  return loadArtifact(state, std::move(*artifact), out);
}

extern "C" npu_status_t npu_model_load_memory(npu_device_t device,
                                              const void *data, size_t size,
                                              npu_model_t *out) {
  clearError();
  LOOKUP_HANDLE(DeviceState, state, device);
  CHECK_NOT_NULL(data);
  CHECK_NOT_NULL(out);
  if (size == 0)
    return fail(NPU_ERROR_INVALID_ARGUMENT,
                "npu_model_load_memory: 'size' is 0");
  // parseArtifact copies a caller's misaligned bytes itself.
  llvm::Expected<Artifact> artifact = parseArtifact(
      llvm::ArrayRef(static_cast<const uint8_t *>(data), size), "<memory>");
  if (!artifact)
    return failWith(artifact.takeError(), NPU_ERROR_CORRUPT_ARTIFACT);
  return loadArtifact(state, std::move(*artifact), out);
}

extern "C" npu_status_t npu_model_destroy(npu_model_t model) {
  clearError();
  return releaseHandle<ModelState>(model, __func__, "model");
}

extern "C" npu_status_t npu_model_num_inputs(npu_model_t model, size_t *out) {
  clearError();
  LOOKUP_HANDLE(ModelState, state, model);
  CHECK_NOT_NULL(out);
  *out = state->artifact->inputs.size();
  return NPU_OK;
}

extern "C" npu_status_t npu_model_num_outputs(npu_model_t model, size_t *out) {
  clearError();
  LOOKUP_HANDLE(ModelState, state, model);
  CHECK_NOT_NULL(out);
  *out = state->artifact->outputs.size();
  return NPU_OK;
}

extern "C" npu_status_t npu_model_tensor_info(npu_model_t model, int is_output,
                                              size_t index,
                                              npu_tensor_info_t *out) {
  clearError();
  LOOKUP_HANDLE(ModelState, state, model);
  CHECK_NOT_NULL(out);
  const TensorDescriptor *tensor = getTensor(*state, is_output, index, __func__);
  if (!tensor)
    return NPU_ERROR_INVALID_ARGUMENT;
  if (tensor->shape.size() > NPU_MAX_RANK)
    return fail(NPU_ERROR_INVALID_ARGUMENT,
                std::string(__func__) + ": tensor '" + tensor->name +
                    "' has rank " + std::to_string(tensor->shape.size()) +
                    ", more than NPU_MAX_RANK (" +
                    std::to_string(NPU_MAX_RANK) + ")");
  npu_dtype_t dtype;
  switch (tensor->dtype) {
  case DType::I8:
    dtype = NPU_DTYPE_I8;
    break;
  case DType::I32:
    dtype = NPU_DTYPE_I32;
    break;
  case DType::F16:
    dtype = NPU_DTYPE_F16;
    break;
  case DType::F32:
    dtype = NPU_DTYPE_F32;
    break;
  case DType::I64:
    dtype = NPU_DTYPE_I64;
    break;
  default: // parseArtifact refuses other types
    return fail(NPU_ERROR_INTERNAL, "tensor '" + tensor->name +
                                        "' has element type " +
                                        getDTypeName(tensor->dtype).str());
  }
  npu_tensor_info_t info;
  std::memset(&info, 0, sizeof(info));
  info.name = tensor->name.c_str();
  info.dtype = dtype;
  info.rank = tensor->shape.size();
  for (size_t i = 0; i < tensor->shape.size(); ++i)
    info.dims[i] = tensor->shape[i];
  info.byte_size = tensor->byteSize();
  const Quantization &q = tensor->quantization;
  info.quantized = q.scales.empty() ? 0 : 1;
  info.quant_axis = q.scales.empty() ? -1 : q.axis;
  info.num_scales = q.scales.size();
  info.scale = q.scales.empty() ? 1.0f : q.scales.front();
  info.zero_point = q.zeroPoints.empty() ? 0 : q.zeroPoints.front();
  info.host_unsigned = tensor->hostUnsigned ? 1 : 0;
  *out = info;
  return NPU_OK;
}

extern "C" npu_status_t npu_model_tensor_scales(npu_model_t model,
                                                int is_output, size_t index,
                                                float *scales,
                                                int64_t *zero_points,
                                                size_t capacity,
                                                size_t *count) {
  clearError();
  LOOKUP_HANDLE(ModelState, state, model);
  CHECK_NOT_NULL(count);
  const TensorDescriptor *tensor = getTensor(*state, is_output, index, __func__);
  if (!tensor)
    return NPU_ERROR_INVALID_ARGUMENT;
  const Quantization &q = tensor->quantization;
  *count = q.scales.size();
  if (capacity < q.scales.size())
    return fail(NPU_ERROR_INVALID_ARGUMENT,
                std::string(__func__) + ": tensor '" + tensor->name + "' has " +
                    std::to_string(q.scales.size()) +
                    " scales, more than 'capacity' (" +
                    std::to_string(capacity) + ")");
  for (size_t i = 0; i < q.scales.size(); ++i) {
    if (scales)
      scales[i] = q.scales[i];
    if (zero_points)
      zero_points[i] = i < q.zeroPoints.size() ? q.zeroPoints[i] : 0;
  }
  return NPU_OK;
}

//===----------------------------------------------------------------------===//
// Buffers
//===----------------------------------------------------------------------===//

extern "C" npu_status_t npu_buffer_allocate(npu_device_t device, uint64_t size,
                                            npu_buffer_t *out) {
  clearError();
  LOOKUP_HANDLE(DeviceState, state, device);
  CHECK_NOT_NULL(out);
  if (size == 0)
    return fail(NPU_ERROR_INVALID_ARGUMENT, "npu_buffer_allocate: 'size' is 0");
  uint64_t available;
  if (!state->reserve(size, available))
    return fail(NPU_ERROR_OUT_OF_MEMORY,
                "npu_buffer_allocate: " + std::to_string(size) +
                    " bytes do not fit the device memory (" +
                    std::to_string(available) + " of " +
                    std::to_string(state->capacity) + " bytes free)");
  llvm::Expected<BufferHandle> handle = state->device->allocate(size);
  if (!handle) {
    state->unreserve(size);
    return failWith(handle.takeError(), NPU_ERROR_OUT_OF_MEMORY,
                    "npu_buffer_allocate");
  }
  // From here the state's destructor releases the device buffer and the
  // reservation.
  auto buffer = std::make_shared<BufferState>();
  buffer->device = state;
  buffer->handle = *handle;
  buffer->size = size;
  return publishHandle(std::move(buffer), out, __func__);
}

extern "C" npu_status_t npu_buffer_size(npu_buffer_t buffer, uint64_t *out) {
  clearError();
  LOOKUP_HANDLE(BufferState, state, buffer);
  CHECK_NOT_NULL(out);
  *out = state->size;
  return NPU_OK;
}

extern "C" npu_status_t npu_buffer_write(npu_buffer_t buffer, uint64_t offset,
                                         const void *data, size_t size) {
  clearError();
  LOOKUP_HANDLE(BufferState, bufferState, buffer);
  if (size != 0)
    CHECK_NOT_NULL(data);
  BufferState &state = *bufferState;
  if (npu_status_t status = checkRange(state, offset, size, __func__))
    return status;
  if (size == 0)
    return NPU_OK;
  if (llvm::Error error = state.device->device->copyIn(
          state.handle, offset,
          llvm::ArrayRef(static_cast<const uint8_t *>(data), size)))
    return failWith(std::move(error), NPU_ERROR_INTERNAL, __func__);
  return NPU_OK;
}

extern "C" npu_status_t npu_buffer_read(npu_buffer_t buffer, uint64_t offset,
                                        void *data, size_t size) {
  clearError();
  LOOKUP_HANDLE(BufferState, bufferState, buffer);
  if (size != 0)
    CHECK_NOT_NULL(data);
  BufferState &state = *bufferState;
  if (npu_status_t status = checkRange(state, offset, size, __func__))
    return status;
  if (size == 0)
    return NPU_OK;
  if (llvm::Error error = state.device->device->copyOut(
          state.handle, offset,
          llvm::MutableArrayRef(static_cast<uint8_t *>(data), size)))
    return failWith(std::move(error), NPU_ERROR_INTERNAL, __func__);
  return NPU_OK;
}

extern "C" npu_status_t npu_buffer_free(npu_buffer_t buffer) {
  clearError();
  return releaseHandle<BufferState>(buffer, __func__, "buffer");
}

//===----------------------------------------------------------------------===//
// Jobs
//===----------------------------------------------------------------------===//

extern "C" npu_status_t npu_model_submit(npu_model_t model,
                                         const npu_buffer_t *inputs,
                                         size_t n_inputs,
                                         const npu_buffer_t *outputs,
                                         size_t n_outputs, int record_trace,
                                         npu_job_t *out) {
  clearError();
  LOOKUP_HANDLE(ModelState, modelState, model);
  CHECK_NOT_NULL(out);
  if (n_inputs != 0)
    CHECK_NOT_NULL(inputs);
  if (n_outputs != 0)
    CHECK_NOT_NULL(outputs);
  ModelState &state = *modelState;
  const Artifact &artifact = *state.artifact;

  auto job = std::make_shared<JobState>();
  std::vector<BufferHandle> inputHandles, outputHandles;
  auto collect = [&](const npu_buffer_t *buffers, size_t count, bool isOutput,
                     std::vector<BufferHandle> &handles) -> npu_status_t {
    const std::vector<TensorDescriptor> &tensors =
        isOutput ? artifact.outputs : artifact.inputs;
    const char *role = isOutput ? "output" : "input";
    if (count != tensors.size())
      return fail(NPU_ERROR_INVALID_ARGUMENT,
                  std::string("npu_model_submit: the model has ") +
                      std::to_string(tensors.size()) + " " + role +
                      "(s) but " + std::to_string(count) +
                      " buffer(s) were given");
    for (size_t i = 0; i < count; ++i) {
      const TensorDescriptor &tensor = tensors[i];
      std::string what = std::string(role) + " " + std::to_string(i) + " ('" +
                         tensor.name + "')";
      std::shared_ptr<BufferState> buffer;
      std::string argument = std::string(role) + "s[" + std::to_string(i) + "]";
      if (npu_status_t status = lookupHandle<BufferState>(
              buffers[i], "npu_model_submit", argument.c_str(), buffer))
        return status;
      if (buffer->device != state.device)
        return fail(NPU_ERROR_INVALID_ARGUMENT,
                    "npu_model_submit: the buffer of " + what +
                        " belongs to another device than the model");
      if (buffer->size < tensor.byteSize())
        return fail(NPU_ERROR_INVALID_ARGUMENT,
                    "npu_model_submit: the buffer of " + what + " has " +
                        std::to_string(buffer->size) + " bytes; the tensor needs " +
                        std::to_string(tensor.byteSize()));
      handles.push_back(buffer->handle);
      job->buffers.push_back(buffer);
    }
    return NPU_OK;
  };
  if (npu_status_t status = collect(inputs, n_inputs, false, inputHandles))
    return status;
  if (npu_status_t status = collect(outputs, n_outputs, true, outputHandles))
    return status;

  RunOptions options;
  options.recordTrace = record_trace != 0;
  llvm::Expected<JobHandle> handle = state.device->device->submit(
      state.handle, inputHandles, outputHandles, options);
  if (!handle)
    return failWith(handle.takeError(), NPU_ERROR_INVALID_ARGUMENT,
                    "npu_model_submit");
  // From here the state's destructor releases the device job.
  job->model = modelState;
  job->handle = *handle;
  job->recordTrace = options.recordTrace;
  return publishHandle(std::move(job), out, __func__);
}

extern "C" npu_status_t npu_job_wait(npu_job_t job) {
  clearError();
  LOOKUP_HANDLE(JobState, state, job);
  return state->wait();
}

extern "C" npu_status_t npu_job_stats(npu_job_t job, npu_run_stats_t *out) {
  clearError();
  LOOKUP_HANDLE(JobState, jobState, job);
  CHECK_NOT_NULL(out);
  JobState &state = *jobState;
  if (npu_status_t status = state.wait())
    return status;
  llvm::Expected<RunStats> stats =
      state.model->device->device->getStats(state.handle);
  if (!stats)
    return failWith(stats.takeError(), NPU_ERROR_INTERNAL, __func__);
  npu_run_stats_t result;
  std::memset(&result, 0, sizeof(result));
  result.total_cycles = stats->totalCycles;
  result.time_us = stats->timeMicroseconds();
  result.clock_mhz = stats->clockMHz;
  result.dram_bytes_read = stats->dramBytesRead;
  result.dram_bytes_written = stats->dramBytesWritten;
  result.macs = stats->macs;
  result.vector_elements = stats->vectorElements;
  result.host_seconds = stats->hostSeconds;
  *out = result;
  return NPU_OK;
}

extern "C" npu_status_t npu_job_write_trace(npu_job_t job, const char *path) {
  clearError();
  LOOKUP_HANDLE(JobState, jobState, job);
  CHECK_NOT_NULL(path);
  if (!*path)
    return fail(NPU_ERROR_INVALID_ARGUMENT, "npu_job_write_trace: 'path' is empty");
  JobState &state = *jobState;
  if (!state.recordTrace)
    return fail(NPU_ERROR_INVALID_ARGUMENT,
                "npu_job_write_trace: the job was submitted without "
                "record_trace");
  if (npu_status_t status = state.wait())
    return status;
  Device &device = *state.model->device->device;
  llvm::Expected<RunStats> stats = device.getStats(state.handle);
  if (!stats)
    return failWith(stats.takeError(), NPU_ERROR_INTERNAL, __func__);
  llvm::Expected<std::vector<TraceEvent>> trace = device.getTrace(state.handle);
  if (!trace)
    return failWith(trace.takeError(), NPU_ERROR_INTERNAL, __func__);
  std::string json = formatChromeTrace(*state.model->artifact, *stats, *trace);

  // Write beside the target and rename, so a reader never sees half a file.
  StringRef target(path);
  llvm::SmallString<256> temp;
  int fd;
  if (std::error_code ec = llvm::sys::fs::createUniqueFile(
          target + ".tmp-%%%%%%", fd, temp))
    return fail(NPU_ERROR_IO,
                "cannot write '" + target.str() + "': " + ec.message());
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << json;
    os.close();
    if (os.has_error()) {
      std::string message = os.error().message();
      os.clear_error();
      llvm::sys::fs::remove(temp);
      return fail(NPU_ERROR_IO,
                  "cannot write '" + target.str() + "': " + message);
    }
  }
  if (std::error_code ec = llvm::sys::fs::rename(temp, target)) {
    llvm::sys::fs::remove(temp);
    return fail(NPU_ERROR_IO,
                "cannot write '" + target.str() + "': " + ec.message());
  }
  return NPU_OK;
}

extern "C" npu_status_t npu_job_release(npu_job_t job) {
  clearError();
  return releaseHandle<JobState>(job, __func__, "job");
}
