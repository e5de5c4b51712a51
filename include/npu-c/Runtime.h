/*===- npu-c/Runtime.h - the C API of the npu-mlir runtime -------*- C -*-===*\
|*                                                                            *|
|* Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.      *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/
/**
 * @file
 * The C API of the npu-mlir runtime, for vendor SDKs and other languages to
 * embed: load a compiled artifact (.npub) on a device, move tensors in and
 * out of device buffers, run it and read its figures and trace. The header
 * is plain C99 and holds no C++ types; link libNPURuntimeCAPI.so.
 *
 * @par A typical run
 * @code
 *   npu_device_t device;
 *   npu_model_t model;
 *   npu_buffer_t in, out;
 *   npu_job_t job;
 *   npu_device_create_simulator("edge", &device);
 *   npu_model_load_file(device, "model.npub", &model);
 *   npu_buffer_allocate(device, input_bytes, &in);
 *   npu_buffer_allocate(device, output_bytes, &out);
 *   npu_buffer_write(in, 0, input_data, input_bytes);
 *   npu_model_submit(model, &in, 1, &out, 1, 0, &job);
 *   npu_job_wait(job);
 *   npu_buffer_read(out, 0, output_data, output_bytes);
 *   npu_job_release(job);
 *   npu_buffer_free(in);
 *   npu_buffer_free(out);
 *   npu_model_destroy(model);
 *   npu_device_destroy(device);
 * @endcode
 * (Check every returned npu_status_t; see npu_last_error_message.)
 *
 * @par Errors
 * Every function returns an npu_status_t. On failure it also records a
 * message saying what went wrong, which npu_last_error_message returns.
 * Every argument is checked (NULL handles and pointers, counts, sizes,
 * offsets): bad input is reported as NPU_ERROR_INVALID_ARGUMENT and never
 * aborts the process. Output parameters are written only on success.
 *
 * @par Handles
 * A handle is an opaque value, not a pointer the library dereferences:
 * every call looks its handles up in a table. A handle used after it was
 * freed, freed twice, passed as another kind (a model where a buffer is
 * expected) or never returned by the library is NPU_ERROR_INVALID_HANDLE,
 * with a message naming the argument and the reason; a NULL handle is
 * NPU_ERROR_INVALID_ARGUMENT. (A freed handle's value is never handed out
 * again in the process, so a stale copy cannot name a newer object.)
 *
 * @par Ownership
 * - A handle returned through an output parameter belongs to the caller,
 *   who frees it with its destroy function exactly once: npu_device_destroy,
 *   npu_model_destroy, npu_buffer_free, npu_job_release. Using or freeing
 *   it again is NPU_ERROR_INVALID_HANDLE. Destroy functions accept NULL and
 *   do nothing.
 * - Destroy functions may be called in any order. A model, buffer or job
 *   keeps its device alive, a job keeps its model and buffers alive: device
 *   resources are released when the last handle using them is destroyed.
 *   So npu_buffer_free right after npu_model_submit is safe.
 * - Strings returned by the API (tensor names, the target name) belong to
 *   the object they describe and stay valid until it is destroyed; the
 *   caller never frees them. Strings and buffers passed in are only read
 *   during the call; the API keeps no pointer to them.
 *
 * @par Thread safety
 * Every function may be called from any thread at any time. Several
 * threads may load, run and destroy models on one device at once: runs of
 * different models proceed in parallel, runs of one model take turns (the
 * model's device memory image is shared). What the caller must order
 * itself is what it would have to order for plain memory: writing a buffer
 * while another thread reads it or a job uses it. A handle freed by one
 * thread while another is inside a call using it stays valid until that
 * call returns. The last error message is per thread.
 */

#ifndef NPU_C_RUNTIME_H
#define NPU_C_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

/* The library is built with hidden visibility; these are its exports. */
#if defined(__GNUC__)
#define NPU_CAPI_EXPORT __attribute__((visibility("default")))
#else
#define NPU_CAPI_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** The version of this C API (grows when functions or status values are
 *  added). 2: NPU_ERROR_INVALID_HANDLE; every function is thread-safe. */
#define NPU_CAPI_VERSION 2

/** The largest tensor rank npu_tensor_info_t describes. */
#define NPU_MAX_RANK 8

/*===----------------------------------------------------------------------===*/
/* Status and errors                                                          */
/*===----------------------------------------------------------------------===*/

/** What a call returns. */
typedef enum npu_status_t {
  /** Success. */
  NPU_OK = 0,
  /** A NULL handle or pointer, a wrong count, size or offset, a buffer of
   *  another device, a call out of order. */
  NPU_ERROR_INVALID_ARGUMENT = 1,
  /** A file could not be read or written. */
  NPU_ERROR_IO = 2,
  /** The bytes are not a valid artifact (or not of a version this runtime
   *  reads). */
  NPU_ERROR_CORRUPT_ARTIFACT = 3,
  /** The artifact was compiled for another target than the device's. */
  NPU_ERROR_TARGET_MISMATCH = 4,
  /** The device faulted: an invalid command, an out-of-range access, a
   *  deadlock. The message names the queue, the command and its ONNX node. */
  NPU_ERROR_FAULT = 5,
  /** Device memory is exhausted. */
  NPU_ERROR_OUT_OF_MEMORY = 6,
  /** Anything else: a bug in the runtime or the device driver. */
  NPU_ERROR_INTERNAL = 7,
  /** A handle that is not live: already freed, of another kind, or never
   *  returned by this library (see "Handles" above). */
  NPU_ERROR_INVALID_HANDLE = 8
} npu_status_t;

/** A constant name of `status` ("NPU_OK", "NPU_ERROR_IO", ...), or
 *  "NPU_ERROR_UNKNOWN" for a value that is not a status. Never NULL. */
NPU_CAPI_EXPORT const char *npu_status_string(npu_status_t status);

/** The message of the last failed call on this thread, or "" if the last
 *  call succeeded. Every function except this one and npu_status_string
 *  replaces it, so the pointer is valid until the next call on this
 *  thread; copy the text to keep it. Never NULL. */
NPU_CAPI_EXPORT const char *npu_last_error_message(void);

/*===----------------------------------------------------------------------===*/
/* Version                                                                    */
/*===----------------------------------------------------------------------===*/

/** The versions this runtime implements. It runs artifacts of format
 *  format_major.0 to format_major.format_minor whose commands are encoded
 *  in ISA isa_major.0 to isa_major.isa_minor. */
typedef struct npu_version_t {
  uint32_t isa_major;
  uint32_t isa_minor;
  uint32_t format_major;
  uint32_t format_minor;
  /** NPU_CAPI_VERSION of the library (may be newer than the header). */
  uint32_t capi_version;
} npu_version_t;

/** Fills `*out`. */
NPU_CAPI_EXPORT npu_status_t npu_runtime_version(npu_version_t *out);

/*===----------------------------------------------------------------------===*/
/* Handles                                                                    */
/*===----------------------------------------------------------------------===*/

/** A device that runs artifacts: the simulator, or silicon. */
typedef struct npu_device *npu_device_t;
/** An artifact loaded on a device. */
typedef struct npu_model *npu_model_t;
/** A block of device memory holding one input or output tensor. */
typedef struct npu_buffer *npu_buffer_t;
/** One run of a model. */
typedef struct npu_job *npu_job_t;

/*===----------------------------------------------------------------------===*/
/* Devices                                                                    */
/*===----------------------------------------------------------------------===*/

/**
 * Creates a simulated NPU.
 * @param target a preset name ("edge", "server") or the path of a target
 *        description (JSON). An unknown name or an invalid description is
 *        NPU_ERROR_INVALID_ARGUMENT, an unreadable file NPU_ERROR_IO.
 * @param out receives the device; free it with npu_device_destroy.
 */
NPU_CAPI_EXPORT npu_status_t npu_device_create_simulator(const char *target,
                                                         npu_device_t *out);

/** Releases the caller's device handle. The device itself lives on until
 *  every model, buffer and job created on it is destroyed too. NULL is
 *  ignored. */
NPU_CAPI_EXPORT npu_status_t npu_device_destroy(npu_device_t device);

/** The name of the device's target ("edge", or a description's "name").
 *  `*out` belongs to the device and is valid until it is destroyed. */
NPU_CAPI_EXPORT npu_status_t npu_device_target_name(npu_device_t device,
                                                    const char **out);

/*===----------------------------------------------------------------------===*/
/* Models                                                                     */
/*===----------------------------------------------------------------------===*/

/**
 * Reads, verifies and loads an artifact file.
 * Fails with NPU_ERROR_IO if the file cannot be read,
 * NPU_ERROR_CORRUPT_ARTIFACT if it is not a valid artifact,
 * NPU_ERROR_TARGET_MISMATCH if it was compiled for another target than the
 * device's, NPU_ERROR_FAULT if a command is invalid on the device.
 * @param out receives the model; free it with npu_model_destroy.
 */
NPU_CAPI_EXPORT npu_status_t npu_model_load_file(npu_device_t device,
                                                 const char *path,
                                                 npu_model_t *out);

/** As npu_model_load_file, from the `size` bytes at `data` (the contents of
 *  an artifact file). The bytes are copied: the caller may free them when
 *  the call returns. */
NPU_CAPI_EXPORT npu_status_t npu_model_load_memory(npu_device_t device,
                                                   const void *data,
                                                   size_t size,
                                                   npu_model_t *out);

/** Unloads the model once no job of it remains. NULL is ignored. */
NPU_CAPI_EXPORT npu_status_t npu_model_destroy(npu_model_t model);

/** The number of inputs of the model. */
NPU_CAPI_EXPORT npu_status_t npu_model_num_inputs(npu_model_t model,
                                                  size_t *out);
/** The number of outputs of the model. */
NPU_CAPI_EXPORT npu_status_t npu_model_num_outputs(npu_model_t model,
                                                   size_t *out);

/** Element types of tensors (the values are the ISA's encoding). */
typedef enum npu_dtype_t {
  NPU_DTYPE_I8 = 1,
  NPU_DTYPE_I32 = 2,
  NPU_DTYPE_F16 = 3, /* IEEE binary16 */
  NPU_DTYPE_F32 = 4,
  NPU_DTYPE_I64 = 5 /* token ids and other indices (ISA 1.1) */
} npu_dtype_t;

/** What an input or output tensor is. Its data is C-ordered (row-major)
 *  and little-endian, `byte_size` bytes. */
typedef struct npu_tensor_info_t {
  /** The ONNX name; belongs to the model (valid until it is destroyed). */
  const char *name;
  npu_dtype_t dtype;
  /** Dimensions; rank 0 is a scalar. Entries from `rank` on are 0. */
  size_t rank;
  int64_t dims[NPU_MAX_RANK];
  /** Bytes of the tensor: the least size of its buffer. */
  uint64_t byte_size;
  /** Nonzero if the tensor is quantized: real = scale * (q - zero_point). */
  int quantized;
  /** -1 for per-tensor quantization (or none), else the channel axis of
   *  per-channel quantization, whose `num_scales` values
   *  npu_model_tensor_scales returns. */
  int32_t quant_axis;
  size_t num_scales;
  /** The per-tensor scale and zero point (the first channel's if per
   *  channel; 1 and 0 if not quantized). */
  float scale;
  int64_t zero_point;
  /** Nonzero if the model's tensor is uint8 (a model quantized to uint8 at
   *  its boundary). Buffers hold the device's int8, the same values minus
   *  128: flip the top bit of every byte (x ^ 0x80) when writing the
   *  input and after reading the output. */
  int host_unsigned;
} npu_tensor_info_t;

/**
 * Describes input `index` (is_output = 0) or output `index` (is_output
 * nonzero), in the artifact's order. A tensor of rank above NPU_MAX_RANK is
 * NPU_ERROR_INVALID_ARGUMENT.
 */
NPU_CAPI_EXPORT npu_status_t npu_model_tensor_info(npu_model_t model,
                                                   int is_output, size_t index,
                                                   npu_tensor_info_t *out);

/** Copies the per-channel scales and zero points of a quantized tensor into
 *  `scales` and `zero_points` (either may be NULL), each of `capacity`
 *  entries, and their count into `*count`. Fails with
 *  NPU_ERROR_INVALID_ARGUMENT if `capacity` is below the count (`*count`
 *  is still set, so pass capacity 0 to ask the size). */
NPU_CAPI_EXPORT npu_status_t npu_model_tensor_scales(npu_model_t model,
                                                     int is_output,
                                                     size_t index,
                                                     float *scales,
                                                     int64_t *zero_points,
                                                     size_t capacity,
                                                     size_t *count);

/*===----------------------------------------------------------------------===*/
/* Buffers                                                                    */
/*===----------------------------------------------------------------------===*/

/** Allocates `size` (> 0) bytes of device memory, zero-filled.
 *  NPU_ERROR_OUT_OF_MEMORY if the device's memory (the target's DRAM) would
 *  be exceeded. Free it with npu_buffer_free. */
NPU_CAPI_EXPORT npu_status_t npu_buffer_allocate(npu_device_t device,
                                                 uint64_t size,
                                                 npu_buffer_t *out);

/** The size the buffer was allocated with. */
NPU_CAPI_EXPORT npu_status_t npu_buffer_size(npu_buffer_t buffer,
                                             uint64_t *out);

/** Copies `size` bytes from `data` to the buffer at `offset`. The range must
 *  lie inside the buffer; `data` may be NULL only if `size` is 0. */
NPU_CAPI_EXPORT npu_status_t npu_buffer_write(npu_buffer_t buffer,
                                              uint64_t offset,
                                              const void *data, size_t size);

/** Copies `size` bytes of the buffer at `offset` to `data`. The range must
 *  lie inside the buffer; `data` may be NULL only if `size` is 0. */
NPU_CAPI_EXPORT npu_status_t npu_buffer_read(npu_buffer_t buffer,
                                             uint64_t offset, void *data,
                                             size_t size);

/** Releases the caller's buffer handle; the memory is returned to the
 *  device once no job uses it. NULL is ignored. */
NPU_CAPI_EXPORT npu_status_t npu_buffer_free(npu_buffer_t buffer);

/*===----------------------------------------------------------------------===*/
/* Jobs                                                                       */
/*===----------------------------------------------------------------------===*/

/**
 * Starts a run of `model`: one buffer per input and per output, in the
 * artifact's order (npu_model_tensor_info), each on the model's device and
 * at least the tensor's byte_size. A wrong count, a NULL, foreign or too
 * small buffer is NPU_ERROR_INVALID_ARGUMENT. The arrays are only read
 * during the call.
 * @param record_trace nonzero to record per-command timing for
 *        npu_job_write_trace.
 * @param out receives the job; release it with npu_job_release.
 * The simulator runs the model during this call; a fault is reported by
 * npu_job_wait.
 */
NPU_CAPI_EXPORT npu_status_t npu_model_submit(
    npu_model_t model, const npu_buffer_t *inputs, size_t n_inputs,
    const npu_buffer_t *outputs, size_t n_outputs, int record_trace,
    npu_job_t *out);

/** Waits until the job has finished. Returns its outcome: NPU_OK, or
 *  NPU_ERROR_FAULT (with the fault as the message) if the device faulted.
 *  Waiting again returns the same outcome. */
NPU_CAPI_EXPORT npu_status_t npu_job_wait(npu_job_t job);

/** Figures of a run. */
typedef struct npu_run_stats_t {
  /** Device cycles from the first command to the last. */
  uint64_t total_cycles;
  /** total_cycles at the target's clock, in microseconds. */
  double time_us;
  int64_t clock_mhz;
  uint64_t dram_bytes_read;
  uint64_t dram_bytes_written;
  /** Multiply-accumulates of the matrix engine. */
  uint64_t macs;
  /** Elements the vector engine produced. */
  uint64_t vector_elements;
  /** Host wall time of the run (simulator speed), in seconds. */
  double host_seconds;
} npu_run_stats_t;

/** The figures of a finished job (waits for it first if needed). A job that
 *  faulted has none: its fault status is returned. */
NPU_CAPI_EXPORT npu_status_t npu_job_stats(npu_job_t job,
                                           npu_run_stats_t *out);

/** Writes the job's Chrome trace-event JSON (opens in Perfetto and
 *  chrome://tracing) to `path`, atomically: a temporary file beside it is
 *  renamed over it. The job must have been submitted with record_trace and
 *  have finished without a fault (it is waited for if needed). */
NPU_CAPI_EXPORT npu_status_t npu_job_write_trace(npu_job_t job,
                                                 const char *path);

/** Releases the job (waiting for it first if it is still running) and its
 *  hold on its model and buffers. NULL is ignored. */
NPU_CAPI_EXPORT npu_status_t npu_job_release(npu_job_t job);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NPU_C_RUNTIME_H */
