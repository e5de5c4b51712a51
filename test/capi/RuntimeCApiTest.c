/*===- RuntimeCApiTest.c - the runtime's C API, from C --------------------===*\
|*                                                                            *|
|* Part of npu-mlir, under the Apache License v2.0 with LLVM Exceptions.      *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/
/*
 * Compiled as strict C99 to prove npu-c/Runtime.h is C. Usage:
 *
 *   npu-capi-test ADD_RELU.npub DEADLOCK.npub SRAM_OVERFLOW.npub WORKDIR
 *
 * (the artifacts run_capi_test.sh assembles from the .s files of Inputs/).
 * Runs y = relu(x + b) on the simulator and checks y against the value
 * computed here, the run's figures and its trace; then every error path:
 * NULL arguments, unreadable and corrupt artifacts, a device of another
 * target, faults at load and at run, wrong buffer counts and sizes,
 * out-of-range buffer accesses. Last, two threads run their own devices at
 * once, each keeping its own last error message. Exits 0 if every check
 * passed.
 */

#define _POSIX_C_SOURCE 200112L /* pthreads under -std=c99 */

#include "npu-c/Runtime.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;
static int checks = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    ++checks;                                                                  \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

/* Calls `call`, checks it returned `expected`, and that a failure left a
 * message (printed) and a success none. */
#define EXPECT_STATUS(expected, call)                                          \
  expectStatus((expected), (call), #call, __FILE__, __LINE__)

#define EXPECT_OK(call) EXPECT_STATUS(NPU_OK, call)

static void expectStatus(npu_status_t expected, npu_status_t actual,
                         const char *text, const char *file, int line) {
  const char *message = npu_last_error_message();
  ++checks;
  if (actual != expected) {
    fprintf(stderr, "%s:%d: %s returned %s (\"%s\"), expected %s\n", file,
            line, text, npu_status_string(actual), message,
            npu_status_string(expected));
    ++failures;
    return;
  }
  ++checks;
  if (expected != NPU_OK) {
    if (message == NULL || message[0] == '\0') {
      fprintf(stderr, "%s:%d: %s failed without a message\n", file, line, text);
      ++failures;
    } else {
      printf("  %-26s %s\n", npu_status_string(actual), message);
    }
  } else if (message == NULL || message[0] != '\0') {
    fprintf(stderr, "%s:%d: %s succeeded but left message \"%s\"\n", file,
            line, text, message ? message : "(null)");
    ++failures;
  }
}

/* Checks the last error message contains `text`. */
static void expectMessage(const char *text, const char *file, int line) {
  const char *message = npu_last_error_message();
  ++checks;
  if (strstr(message, text) == NULL) {
    fprintf(stderr, "%s:%d: message \"%s\" does not contain \"%s\"\n", file,
            line, message, text);
    ++failures;
  }
}
#define EXPECT_MESSAGE(text) expectMessage((text), __FILE__, __LINE__)

/* The whole file at `path` in a malloc'ed block (NULL if unreadable). */
static unsigned char *readFile(const char *path, size_t *size) {
  FILE *file = fopen(path, "rb");
  unsigned char *data = NULL;
  size_t used = 0, capacity = 0, got;
  if (!file)
    return NULL;
  do {
    if (used == capacity) {
      unsigned char *grown;
      capacity = capacity ? 2 * capacity : 4096;
      grown = (unsigned char *)realloc(data, capacity + 1);
      if (!grown) {
        free(data);
        fclose(file);
        return NULL;
      }
      data = grown;
    }
    got = fread(data + used, 1, capacity - used, file);
    used += got;
  } while (got > 0);
  fclose(file);
  data[used] = '\0'; /* so that text files are strings */
  *size = used;
  return data;
}

static int writeFile(const char *path, const char *text) {
  FILE *file = fopen(path, "wb");
  if (!file)
    return 0;
  fputs(text, file);
  return fclose(file) == 0;
}

/*===----------------------------------------------------------------------===*/
/* Status strings, version                                                    */
/*===----------------------------------------------------------------------===*/

static void testStatusAndVersion(void) {
  npu_version_t version;
  int a, b;
  printf("status strings and version\n");
  for (a = NPU_OK; a <= NPU_ERROR_INVALID_HANDLE; ++a) {
    const char *name = npu_status_string((npu_status_t)a);
    CHECK(name != NULL && strncmp(name, "NPU_", 4) == 0);
    for (b = NPU_OK; b < a; ++b)
      CHECK(strcmp(name, npu_status_string((npu_status_t)b)) != 0);
  }
  CHECK(strcmp(npu_status_string(NPU_OK), "NPU_OK") == 0);
  CHECK(strcmp(npu_status_string(NPU_ERROR_FAULT), "NPU_ERROR_FAULT") == 0);
  CHECK(strcmp(npu_status_string((npu_status_t)1234), "NPU_ERROR_UNKNOWN") == 0);

  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_runtime_version(NULL));
  EXPECT_OK(npu_runtime_version(&version));
  CHECK(version.isa_major >= 1);
  CHECK(version.format_major >= 1);
  CHECK(version.capi_version == NPU_CAPI_VERSION);
  printf("  runtime: ISA %u.%u, artifact format %u.%u, C API %u\n",
         (unsigned)version.isa_major, (unsigned)version.isa_minor,
         (unsigned)version.format_major, (unsigned)version.format_minor,
         (unsigned)version.capi_version);

  /* Destroying NULL is a no-op, like free(NULL). */
  EXPECT_OK(npu_device_destroy(NULL));
  EXPECT_OK(npu_model_destroy(NULL));
  EXPECT_OK(npu_buffer_free(NULL));
  EXPECT_OK(npu_job_release(NULL));
}

/*===----------------------------------------------------------------------===*/
/* Devices                                                                    */
/*===----------------------------------------------------------------------===*/

static void testDevices(const char *workdir) {
  npu_device_t device = NULL;
  const char *name = NULL;
  char path[4096];
  printf("devices\n");
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT,
                npu_device_create_simulator(NULL, &device));
  EXPECT_MESSAGE("'target' is NULL");
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT,
                npu_device_create_simulator("edge", NULL));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT,
                npu_device_create_simulator("", &device));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT,
                npu_device_create_simulator("no-such-target", &device));
  EXPECT_MESSAGE("no-such-target");
  EXPECT_STATUS(NPU_ERROR_IO,
                npu_device_create_simulator("/nonexistent-dir/chip.json", &device));
  snprintf(path, sizeof(path), "%s/bad_target.json", workdir);
  CHECK(writeFile(path, "{\"name\": \"broken\", \"clock_mhz\": "));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT,
                npu_device_create_simulator(path, &device));
  CHECK(device == NULL); /* outputs are only written on success */

  EXPECT_OK(npu_device_create_simulator("server", &device));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_device_target_name(NULL, &name));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_device_target_name(device, NULL));
  EXPECT_OK(npu_device_target_name(device, &name));
  CHECK(name != NULL && strcmp(name, "server") == 0);
  EXPECT_OK(npu_device_destroy(device));
}

/*===----------------------------------------------------------------------===*/
/* Loading                                                                    */
/*===----------------------------------------------------------------------===*/

static void testLoadErrors(const char *addRelu, const char *sramOverflow,
                           const char *workdir) {
  npu_device_t edge = NULL, server = NULL;
  npu_model_t model = NULL;
  static const char garbage[] = "this is not an artifact, just some bytes";
  unsigned char *bytes, *shifted;
  size_t size = 0;
  printf("loading\n");
  EXPECT_OK(npu_device_create_simulator("edge", &edge));
  EXPECT_OK(npu_device_create_simulator("server", &server));

  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_model_load_file(NULL, addRelu, &model));
  EXPECT_MESSAGE("'device' is NULL");
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_model_load_file(edge, NULL, &model));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_model_load_file(edge, addRelu, NULL));
  EXPECT_STATUS(NPU_ERROR_IO,
                npu_model_load_file(edge, "/nonexistent-dir/model.npub", &model));
  EXPECT_MESSAGE("/nonexistent-dir/model.npub");
  EXPECT_STATUS(NPU_ERROR_IO, npu_model_load_file(edge, workdir, &model));

  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT,
                npu_model_load_memory(NULL, garbage, sizeof(garbage), &model));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT,
                npu_model_load_memory(edge, NULL, 16, &model));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT,
                npu_model_load_memory(edge, garbage, 0, &model));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT,
                npu_model_load_memory(edge, garbage, sizeof(garbage), NULL));
  EXPECT_STATUS(NPU_ERROR_CORRUPT_ARTIFACT,
                npu_model_load_memory(edge, garbage, sizeof(garbage), &model));
  EXPECT_STATUS(NPU_ERROR_CORRUPT_ARTIFACT,
                npu_model_load_memory(edge, garbage, 3, &model));

  bytes = readFile(addRelu, &size);
  CHECK(bytes != NULL && size > 64);
  if (bytes && size > 64) {
    size_t i;
    /* Truncated: its checksum trailer is missing. */
    EXPECT_STATUS(NPU_ERROR_CORRUPT_ARTIFACT,
                  npu_model_load_memory(edge, bytes, size / 2, &model));
    /* The same file as a file that is not an artifact. */
    {
      char path[4096];
      FILE *file;
      snprintf(path, sizeof(path), "%s/garbage.npub", workdir);
      file = fopen(path, "wb");
      CHECK(file != NULL);
      if (file) {
        fwrite(garbage, 1, sizeof(garbage), file);
        fclose(file);
        EXPECT_STATUS(NPU_ERROR_CORRUPT_ARTIFACT,
                      npu_model_load_file(edge, path, &model));
        EXPECT_MESSAGE("garbage.npub");
      }
    }
    /* Compiled for edge, loaded on server. */
    EXPECT_STATUS(NPU_ERROR_TARGET_MISMATCH,
                  npu_model_load_memory(server, bytes, size, &model));
    EXPECT_MESSAGE("edge");
    EXPECT_STATUS(NPU_ERROR_TARGET_MISMATCH,
                  npu_model_load_file(server, addRelu, &model));
    CHECK(model == NULL);

    /* A valid artifact from memory, also at a misaligned address. */
    EXPECT_OK(npu_model_load_memory(edge, bytes, size, &model));
    EXPECT_OK(npu_model_destroy(model));
    model = NULL;
    shifted = (unsigned char *)malloc(size + 1);
    CHECK(shifted != NULL);
    if (shifted) {
      memcpy(shifted + 1, bytes, size);
      EXPECT_OK(npu_model_load_memory(edge, shifted + 1, size, &model));
      /* The bytes were copied: scribbling over them changes nothing. */
      for (i = 0; i < size; ++i)
        shifted[i + 1] = 0xA5;
      free(shifted);
      {
        size_t n = 0;
        EXPECT_OK(npu_model_num_inputs(model, &n));
        CHECK(n == 1);
      }
      EXPECT_OK(npu_model_destroy(model));
      model = NULL;
    }
  }
  free(bytes);

  /* A command invalid on the target: the simulator refuses it at load. */
  EXPECT_STATUS(NPU_ERROR_FAULT, npu_model_load_file(edge, sramOverflow, &model));
  EXPECT_MESSAGE("bad_relu");
  CHECK(model == NULL);

  EXPECT_OK(npu_device_destroy(server));
  EXPECT_OK(npu_device_destroy(edge));
}

/*===----------------------------------------------------------------------===*/
/* Buffers                                                                    */
/*===----------------------------------------------------------------------===*/

static void testBuffers(void) {
  npu_device_t device = NULL;
  npu_buffer_t buffer = NULL, other = NULL;
  unsigned char data[64], back[64];
  uint64_t size = 0;
  int i;
  printf("buffers\n");
  EXPECT_OK(npu_device_create_simulator("edge", &device));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_buffer_allocate(NULL, 64, &buffer));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_buffer_allocate(device, 64, NULL));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_buffer_allocate(device, 0, &buffer));
  /* More than the target's DRAM (4 GiB on edge). */
  EXPECT_STATUS(NPU_ERROR_OUT_OF_MEMORY,
                npu_buffer_allocate(device, (uint64_t)1 << 40, &buffer));
  EXPECT_STATUS(NPU_ERROR_OUT_OF_MEMORY,
                npu_buffer_allocate(device, UINT64_MAX, &buffer));
  CHECK(buffer == NULL);

  EXPECT_OK(npu_buffer_allocate(device, 64, &buffer));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_buffer_size(NULL, &size));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_buffer_size(buffer, NULL));
  EXPECT_OK(npu_buffer_size(buffer, &size));
  CHECK(size == 64);

  /* Zero-filled. */
  memset(back, 0xff, sizeof(back));
  EXPECT_OK(npu_buffer_read(buffer, 0, back, sizeof(back)));
  for (i = 0; i < 64; ++i)
    CHECK(back[i] == 0);

  for (i = 0; i < 64; ++i)
    data[i] = (unsigned char)(i * 7 + 1);
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_buffer_write(NULL, 0, data, 64));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_buffer_write(buffer, 0, NULL, 64));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_buffer_write(buffer, 0, data, 65));
  EXPECT_MESSAGE("outside the buffer");
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_buffer_write(buffer, 1, data, 64));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_buffer_write(buffer, 65, data, 0));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT,
                npu_buffer_write(buffer, UINT64_MAX, data, 2)); /* wraps */
  EXPECT_OK(npu_buffer_write(buffer, 64, NULL, 0)); /* empty, at the end */
  EXPECT_OK(npu_buffer_write(buffer, 0, data, 64));
  EXPECT_OK(npu_buffer_write(buffer, 60, data, 4)); /* the last 4 bytes */

  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_buffer_read(NULL, 0, back, 64));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_buffer_read(buffer, 0, NULL, 64));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_buffer_read(buffer, 32, back, 33));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_buffer_read(buffer, 64, back, 1));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT,
                npu_buffer_read(buffer, UINT64_MAX - 1, back, 4));
  memset(back, 0, sizeof(back));
  EXPECT_OK(npu_buffer_read(buffer, 0, back, 64));
  CHECK(memcmp(back, data, 60) == 0);
  CHECK(memcmp(back + 60, data, 4) == 0);
  EXPECT_OK(npu_buffer_read(buffer, 10, back, 5));
  CHECK(memcmp(back, data + 10, 5) == 0);

  /* Buffers are independent. */
  EXPECT_OK(npu_buffer_allocate(device, 16, &other));
  EXPECT_OK(npu_buffer_read(other, 0, back, 16));
  for (i = 0; i < 16; ++i)
    CHECK(back[i] == 0);
  EXPECT_OK(npu_buffer_free(other));
  EXPECT_OK(npu_buffer_free(buffer));
  EXPECT_OK(npu_device_destroy(device));
}

/*===----------------------------------------------------------------------===*/
/* Running y = relu(x + b)                                                    */
/*===----------------------------------------------------------------------===*/

#define N 8

static void expectedOutput(const float *x, float *y) {
  int i;
  for (i = 0; i < N; ++i) {
    float b = 0.25f * (float)i - 1.0f; /* the artifact's constants */
    float sum = x[i] + b;
    y[i] = sum > 0.0f ? sum : 0.0f;
  }
}

static void testRun(const char *addRelu, const char *workdir) {
  npu_device_t device = NULL, other = NULL;
  npu_model_t model = NULL;
  npu_buffer_t in = NULL, out = NULL, small = NULL, foreign = NULL;
  npu_buffer_t twoOutputs[2];
  npu_job_t job = NULL, job2 = NULL, plain = NULL;
  npu_tensor_info_t info;
  npu_run_stats_t stats;
  size_t count = 0;
  float x[N], y[N], expected[N];
  /* relu(x + b) with x[i] = i - 3.5 and b[i] = 0.25 i - 1, by hand. */
  static const float byHand[N] = {0, 0, 0, 0, 0.5f, 1.75f, 3.0f, 4.25f};
  char tracePath[4096], badPath[4096];
  int i;
  printf("running add_relu\n");

  EXPECT_OK(npu_device_create_simulator("edge", &device));
  EXPECT_OK(npu_device_create_simulator("edge", &other));
  EXPECT_OK(npu_model_load_file(device, addRelu, &model));

  /* Descriptors. */
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_model_num_inputs(NULL, &count));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_model_num_inputs(model, NULL));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_model_num_outputs(NULL, &count));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_model_num_outputs(model, NULL));
  EXPECT_OK(npu_model_num_inputs(model, &count));
  CHECK(count == 1);
  EXPECT_OK(npu_model_num_outputs(model, &count));
  CHECK(count == 1);
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_model_tensor_info(NULL, 0, 0, &info));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_model_tensor_info(model, 0, 0, NULL));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_model_tensor_info(model, 0, 1, &info));
  EXPECT_MESSAGE("out of range");
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_model_tensor_info(model, 1, 7, &info));
  for (i = 0; i < 2; ++i) {
    EXPECT_OK(npu_model_tensor_info(model, i, 0, &info));
    CHECK(strcmp(info.name, i ? "y" : "x") == 0);
    CHECK(info.dtype == NPU_DTYPE_F32);
    CHECK(info.rank == 2);
    CHECK(info.dims[0] == 1 && info.dims[1] == N && info.dims[2] == 0);
    CHECK(info.byte_size == N * sizeof(float));
    CHECK(!info.quantized && info.quant_axis == -1 && info.num_scales == 0);
    CHECK(info.scale == 1.0f && info.zero_point == 0);
    printf("  %s %s: f32 %lldx%lld, %llu bytes\n", i ? "output" : "input",
           info.name, (long long)info.dims[0], (long long)info.dims[1],
           (unsigned long long)info.byte_size);
  }
  EXPECT_OK(npu_model_tensor_scales(model, 0, 0, NULL, NULL, 0, &count));
  CHECK(count == 0);

  for (i = 0; i < N; ++i)
    x[i] = (float)i - 3.5f;
  expectedOutput(x, expected);
  CHECK(memcmp(expected, byHand, sizeof(expected)) == 0);

  EXPECT_OK(npu_buffer_allocate(device, sizeof(x), &in));
  EXPECT_OK(npu_buffer_allocate(device, sizeof(y), &out));
  EXPECT_OK(npu_buffer_allocate(device, sizeof(y) / 2, &small));
  EXPECT_OK(npu_buffer_allocate(other, sizeof(y), &foreign));
  EXPECT_OK(npu_buffer_write(in, 0, x, sizeof(x)));

  /* Submission errors. */
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT,
                npu_model_submit(NULL, &in, 1, &out, 1, 0, &job));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT,
                npu_model_submit(model, &in, 1, &out, 1, 0, NULL));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT,
                npu_model_submit(model, NULL, 1, &out, 1, 0, &job));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT,
                npu_model_submit(model, &in, 1, NULL, 1, 0, &job));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT,
                npu_model_submit(model, NULL, 0, &out, 1, 0, &job));
  EXPECT_MESSAGE("1 input(s) but 0 buffer(s)");
  twoOutputs[0] = out;
  twoOutputs[1] = out;
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT,
                npu_model_submit(model, &in, 1, twoOutputs, 2, 0, &job));
  twoOutputs[0] = NULL;
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT,
                npu_model_submit(model, &in, 1, twoOutputs, 1, 0, &job));
  EXPECT_MESSAGE("is NULL");
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT,
                npu_model_submit(model, &in, 1, &small, 1, 0, &job));
  EXPECT_MESSAGE("16 bytes");
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT,
                npu_model_submit(model, &small, 1, &out, 1, 0, &job));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT,
                npu_model_submit(model, &foreign, 1, &out, 1, 0, &job));
  EXPECT_MESSAGE("another device");
  CHECK(job == NULL);

  /* The run. */
  EXPECT_OK(npu_model_submit(model, &in, 1, &out, 1, 1, &job));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_job_wait(NULL));
  EXPECT_OK(npu_job_wait(job));
  EXPECT_OK(npu_job_wait(job)); /* the same outcome again */
  memset(y, 0xff, sizeof(y));
  EXPECT_OK(npu_buffer_read(out, 0, y, sizeof(y)));
  for (i = 0; i < N; ++i) {
    ++checks;
    if (y[i] != expected[i]) {
      fprintf(stderr, "y[%d] = %g, expected %g\n", i, (double)y[i],
              (double)expected[i]);
      ++failures;
    }
  }
  printf("  y = [%g %g %g %g %g %g %g %g]\n", (double)y[0], (double)y[1],
         (double)y[2], (double)y[3], (double)y[4], (double)y[5], (double)y[6],
         (double)y[7]);

  /* Figures: two 32-byte loads and one 32-byte store, 8 + 8 vector
   * elements (add, relu), no matrix work, at edge's 1000 MHz. */
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_job_stats(NULL, &stats));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_job_stats(job, NULL));
  EXPECT_OK(npu_job_stats(job, &stats));
  CHECK(stats.total_cycles > 0);
  CHECK(stats.clock_mhz == 1000);
  CHECK(stats.time_us > 0 &&
        stats.time_us == (double)stats.total_cycles / 1000.0);
  CHECK(stats.dram_bytes_read == 64);
  CHECK(stats.dram_bytes_written == 32);
  CHECK(stats.macs == 0);
  CHECK(stats.vector_elements == 2 * N);
  CHECK(stats.host_seconds >= 0);
  printf("  %llu cycles (%.3f us), %llu B read, %llu B written\n",
         (unsigned long long)stats.total_cycles, stats.time_us,
         (unsigned long long)stats.dram_bytes_read,
         (unsigned long long)stats.dram_bytes_written);

  /* The trace. */
  snprintf(tracePath, sizeof(tracePath), "%s/add_relu.trace.json", workdir);
  snprintf(badPath, sizeof(badPath), "%s/no-such-dir/trace.json", workdir);
  remove(tracePath);
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_job_write_trace(NULL, tracePath));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_job_write_trace(job, NULL));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_job_write_trace(job, ""));
  EXPECT_STATUS(NPU_ERROR_IO, npu_job_write_trace(job, badPath));
  EXPECT_OK(npu_job_write_trace(job, tracePath));
  {
    size_t size = 0;
    char *text = (char *)readFile(tracePath, &size);
    CHECK(text != NULL && size > 0);
    if (text) {
      CHECK(text[0] == '{');
      CHECK(strstr(text, "\"traceEvents\"") != NULL);
      CHECK(strstr(text, "load_x") != NULL);
      CHECK(strstr(text, "load_b") != NULL);
      CHECK(strstr(text, "relu") != NULL);
      CHECK(strstr(text, "store_y") != NULL);
      free(text);
    }
  }

  /* A second run without a trace; stats wait for the job. */
  for (i = 0; i < N; ++i)
    x[i] = (float)(N - i) * 0.5f - 1.0f;
  expectedOutput(x, expected);
  EXPECT_OK(npu_buffer_write(in, 0, x, sizeof(x)));
  EXPECT_OK(npu_model_submit(model, &in, 1, &out, 1, 0, &plain));
  EXPECT_OK(npu_job_stats(plain, &stats));
  CHECK(stats.dram_bytes_read == 64);
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_job_write_trace(plain, tracePath));
  EXPECT_MESSAGE("record_trace");
  EXPECT_OK(npu_buffer_read(out, 0, y, sizeof(y)));
  CHECK(memcmp(y, expected, sizeof(y)) == 0);

  /* Destroying in any order: the device handle first, then the model and
   * buffers while a job still uses them. */
  EXPECT_OK(npu_device_destroy(device));
  EXPECT_OK(npu_model_submit(model, &in, 1, &out, 1, 1, &job2));
  EXPECT_OK(npu_model_destroy(model));
  EXPECT_OK(npu_buffer_free(in));
  EXPECT_OK(npu_buffer_free(small));
  EXPECT_OK(npu_job_wait(job2));
  EXPECT_OK(npu_job_write_trace(job2, tracePath));
  memset(y, 0, sizeof(y));
  EXPECT_OK(npu_buffer_read(out, 0, y, sizeof(y)));
  CHECK(memcmp(y, expected, sizeof(y)) == 0);
  EXPECT_OK(npu_job_release(job2));
  EXPECT_OK(npu_job_release(job));
  EXPECT_OK(npu_job_release(plain));
  EXPECT_OK(npu_buffer_free(out));
  EXPECT_OK(npu_buffer_free(foreign));
  EXPECT_OK(npu_device_destroy(other));
}

/*===----------------------------------------------------------------------===*/
/* A fault during the run; quantized and high-rank descriptors                */
/*===----------------------------------------------------------------------===*/

static void testFault(const char *deadlock, const char *workdir) {
  npu_device_t device = NULL;
  npu_model_t model = NULL;
  npu_buffer_t in = NULL, outs[2] = {NULL, NULL};
  npu_job_t job = NULL;
  npu_tensor_info_t info;
  npu_run_stats_t stats;
  float scales[2];
  int64_t zeroPoints[2];
  size_t count = 0;
  char tracePath[4096];
  printf("a deadlocked model\n");
  EXPECT_OK(npu_device_create_simulator("edge", &device));
  EXPECT_OK(npu_model_load_file(device, deadlock, &model));

  /* Rank 9: more than NPU_MAX_RANK. */
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_model_tensor_info(model, 0, 0, &info));
  EXPECT_MESSAGE("NPU_MAX_RANK");

  EXPECT_OK(npu_model_tensor_info(model, 1, 0, &info));
  CHECK(strcmp(info.name, "q") == 0);
  CHECK(info.dtype == NPU_DTYPE_I8 && info.rank == 1 && info.dims[0] == 8);
  CHECK(info.byte_size == 8);
  CHECK(info.quantized && info.quant_axis == -1 && info.num_scales == 1);
  CHECK(info.scale == 0.5f && info.zero_point == -3);

  EXPECT_OK(npu_model_tensor_info(model, 1, 1, &info));
  CHECK(strcmp(info.name, "pc") == 0);
  CHECK(info.dtype == NPU_DTYPE_I8 && info.rank == 2);
  CHECK(info.dims[0] == 2 && info.dims[1] == 4 && info.byte_size == 8);
  CHECK(info.quantized && info.quant_axis == 0 && info.num_scales == 2);
  CHECK(info.scale == 0.5f && info.zero_point == 1);
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT,
                npu_model_tensor_scales(model, 1, 1, scales, zeroPoints, 1, &count));
  CHECK(count == 2);
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT,
                npu_model_tensor_scales(model, 1, 1, scales, zeroPoints, 2, NULL));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT,
                npu_model_tensor_scales(NULL, 1, 1, scales, zeroPoints, 2, &count));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT,
                npu_model_tensor_scales(model, 1, 2, scales, zeroPoints, 2, &count));
  EXPECT_OK(npu_model_tensor_scales(model, 1, 1, scales, zeroPoints, 2, &count));
  CHECK(count == 2);
  CHECK(scales[0] == 0.5f && scales[1] == 0.25f);
  CHECK(zeroPoints[0] == 1 && zeroPoints[1] == 2);

  EXPECT_OK(npu_buffer_allocate(device, 32, &in));
  EXPECT_OK(npu_buffer_allocate(device, 8, &outs[0]));
  EXPECT_OK(npu_buffer_allocate(device, 8, &outs[1]));
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT,
                npu_model_submit(model, &in, 1, outs, 1, 1, &job));
  EXPECT_OK(npu_model_submit(model, &in, 1, outs, 2, 1, &job));
  EXPECT_STATUS(NPU_ERROR_FAULT, npu_job_wait(job));
  EXPECT_MESSAGE("fault");
  EXPECT_MESSAGE("semaphore");
  EXPECT_STATUS(NPU_ERROR_FAULT, npu_job_wait(job)); /* the same outcome */
  EXPECT_STATUS(NPU_ERROR_FAULT, npu_job_stats(job, &stats));
  snprintf(tracePath, sizeof(tracePath), "%s/deadlock.trace.json", workdir);
  EXPECT_STATUS(NPU_ERROR_FAULT, npu_job_write_trace(job, tracePath));
  EXPECT_OK(npu_job_release(job));

  /* Released without a wait: the fault is dropped, nothing leaks. */
  job = NULL;
  EXPECT_OK(npu_model_submit(model, &in, 1, outs, 2, 0, &job));
  EXPECT_OK(npu_job_release(job));

  EXPECT_OK(npu_buffer_free(in));
  EXPECT_OK(npu_buffer_free(outs[0]));
  EXPECT_OK(npu_buffer_free(outs[1]));
  EXPECT_OK(npu_model_destroy(model));
  EXPECT_OK(npu_device_destroy(device));
}

/*===----------------------------------------------------------------------===*/
/* Handles: misuse is an error, never undefined behaviour                      */
/*===----------------------------------------------------------------------===*/

static void testHandles(const char *addRelu) {
  npu_device_t device = NULL, freedDevice = NULL;
  npu_model_t model = NULL, freedModel = NULL;
  npu_buffer_t buffer = NULL, freedBuffer = NULL, reused = NULL;
  npu_job_t job = NULL, freedJob = NULL;
  npu_buffer_t ins[1], outs[1];
  uint64_t size = 0;
  size_t count = 0;
  float x[N] = {0};
  int local = 0;
  const char *name = NULL;
  /* Values a confused program might pass: small integers, a pointer to
   * its own data, pointer-looking garbage, all bits set. */
  const uintptr_t garbage[] = {1, 8, 0x1234, (uintptr_t)&local,
                               (uintptr_t)0xdeadbeefcafef00dull,
                               ~(uintptr_t)0};
  size_t g;
  printf("handle misuse\n");

  EXPECT_OK(npu_device_create_simulator("edge", &freedDevice));
  EXPECT_OK(npu_device_destroy(freedDevice));
  EXPECT_STATUS(NPU_ERROR_INVALID_HANDLE, npu_device_target_name(freedDevice, &name));
  EXPECT_MESSAGE("'device' is not a live device handle: it was already freed");
  EXPECT_STATUS(NPU_ERROR_INVALID_HANDLE, npu_device_destroy(freedDevice));
  EXPECT_STATUS(NPU_ERROR_INVALID_HANDLE, npu_buffer_allocate(freedDevice, 4, &buffer));
  CHECK(buffer == NULL);

  EXPECT_OK(npu_device_create_simulator("edge", &device));
  EXPECT_OK(npu_model_load_file(device, addRelu, &freedModel));
  EXPECT_OK(npu_model_destroy(freedModel));
  EXPECT_STATUS(NPU_ERROR_INVALID_HANDLE, npu_model_num_inputs(freedModel, &count));
  EXPECT_STATUS(NPU_ERROR_INVALID_HANDLE, npu_model_destroy(freedModel));
  EXPECT_MESSAGE("npu_model_destroy: 'model' is not a live model handle: it was already freed");

  /* A freed buffer's slot is reused by the next buffer: the old handle
   * still fails and the new one works. */
  EXPECT_OK(npu_buffer_allocate(device, 16, &freedBuffer));
  EXPECT_OK(npu_buffer_free(freedBuffer));
  EXPECT_OK(npu_buffer_allocate(device, 32, &reused));
  CHECK(reused != freedBuffer);
  EXPECT_STATUS(NPU_ERROR_INVALID_HANDLE, npu_buffer_size(freedBuffer, &size));
  EXPECT_STATUS(NPU_ERROR_INVALID_HANDLE, npu_buffer_write(freedBuffer, 0, x, 4));
  EXPECT_STATUS(NPU_ERROR_INVALID_HANDLE, npu_buffer_free(freedBuffer));
  EXPECT_OK(npu_buffer_size(reused, &size));
  CHECK(size == 32);

  /* One kind passed as another. */
  EXPECT_OK(npu_model_load_file(device, addRelu, &model));
  EXPECT_STATUS(NPU_ERROR_INVALID_HANDLE,
                npu_buffer_size((npu_buffer_t)(void *)model, &size));
  EXPECT_MESSAGE("'buffer' is not a live buffer handle: it is a model handle");
  EXPECT_STATUS(NPU_ERROR_INVALID_HANDLE,
                npu_device_destroy((npu_device_t)(void *)reused));
  EXPECT_MESSAGE("it is a buffer handle");
  EXPECT_OK(npu_buffer_size(reused, &size)); /* the wrong destroy freed nothing */

  /* A job's handles: a freed input among the buffers, then a freed job. */
  EXPECT_OK(npu_buffer_allocate(device, sizeof(x), &buffer));
  ins[0] = freedBuffer;
  outs[0] = reused;
  EXPECT_STATUS(NPU_ERROR_INVALID_HANDLE,
                npu_model_submit(model, ins, 1, outs, 1, 0, &job));
  EXPECT_MESSAGE("'inputs[0]' is not a live buffer handle: it was already freed");
  CHECK(job == NULL);
  ins[0] = buffer;
  EXPECT_OK(npu_model_submit(model, ins, 1, outs, 1, 0, &freedJob));
  EXPECT_OK(npu_job_release(freedJob));
  EXPECT_STATUS(NPU_ERROR_INVALID_HANDLE, npu_job_wait(freedJob));
  EXPECT_STATUS(NPU_ERROR_INVALID_HANDLE, npu_job_release(freedJob));

  for (g = 0; g < sizeof(garbage) / sizeof(garbage[0]); ++g) {
    EXPECT_STATUS(NPU_ERROR_INVALID_HANDLE,
                  npu_device_target_name((npu_device_t)garbage[g], &name));
    EXPECT_STATUS(NPU_ERROR_INVALID_HANDLE,
                  npu_model_num_outputs((npu_model_t)garbage[g], &count));
    EXPECT_STATUS(NPU_ERROR_INVALID_HANDLE,
                  npu_buffer_read((npu_buffer_t)garbage[g], 0, x, 4));
    EXPECT_STATUS(NPU_ERROR_INVALID_HANDLE, npu_job_wait((npu_job_t)garbage[g]));
    EXPECT_STATUS(NPU_ERROR_INVALID_HANDLE, npu_buffer_free((npu_buffer_t)garbage[g]));
  }
  EXPECT_MESSAGE("never returned by this library");

  /* NULL stays an invalid argument; destroying NULL is still fine. */
  EXPECT_STATUS(NPU_ERROR_INVALID_ARGUMENT, npu_buffer_size(NULL, &size));
  EXPECT_OK(npu_job_release(NULL));

  EXPECT_OK(npu_buffer_free(buffer));
  EXPECT_OK(npu_buffer_free(reused));
  EXPECT_OK(npu_model_destroy(model));
  EXPECT_OK(npu_device_destroy(device));
}

/*===----------------------------------------------------------------------===*/
/* Threads: distinct devices are independent, error messages per thread       */
/*===----------------------------------------------------------------------===*/

#define THREADS 2
#define RUNS 25

struct ThreadArgs {
  const char *artifact;
  int index;
  int failures; /* counted here, not in the globals */
};

static void *runThread(void *opaque) {
  struct ThreadArgs *args = (struct ThreadArgs *)opaque;
  npu_device_t device = NULL;
  npu_model_t model = NULL;
  npu_buffer_t in = NULL, out = NULL;
  float x[N], y[N], expected[N], scratch;
  char wanted[64];
  int run, i;
  if (npu_device_create_simulator("edge", &device) != NPU_OK ||
      npu_model_load_file(device, args->artifact, &model) != NPU_OK ||
      npu_buffer_allocate(device, sizeof(x), &in) != NPU_OK ||
      npu_buffer_allocate(device, sizeof(y), &out) != NPU_OK) {
    fprintf(stderr, "thread %d: setup failed: %s\n", args->index,
            npu_last_error_message());
    ++args->failures;
  } else {
    for (run = 0; run < RUNS; ++run) {
      npu_job_t job = NULL;
      for (i = 0; i < N; ++i)
        x[i] = (float)(args->index * 100 + run) - (float)i * 0.75f;
      expectedOutput(x, expected);
      if (npu_buffer_write(in, 0, x, sizeof(x)) != NPU_OK ||
          npu_model_submit(model, &in, 1, &out, 1, 0, &job) != NPU_OK ||
          npu_job_wait(job) != NPU_OK ||
          npu_buffer_read(out, 0, y, sizeof(y)) != NPU_OK ||
          memcmp(y, expected, sizeof(y)) != 0) {
        fprintf(stderr, "thread %d run %d failed: %s\n", args->index, run,
                npu_last_error_message());
        ++args->failures;
      }
      npu_job_release(job);
      /* A failure whose message names this thread's offset; the other
       * thread's calls in between must not replace it. */
      snprintf(wanted, sizeof(wanted), "[%d, +4)", 1000 + args->index);
      if (npu_buffer_read(out, (uint64_t)(1000 + args->index), &scratch, 4) !=
          NPU_ERROR_INVALID_ARGUMENT) {
        ++args->failures;
      } else {
        for (i = 0; i < 100; ++i)
          if (strstr(npu_last_error_message(), wanted) == NULL) {
            fprintf(stderr, "thread %d: message \"%s\" lacks \"%s\"\n",
                    args->index, npu_last_error_message(), wanted);
            ++args->failures;
            break;
          }
      }
    }
  }
  npu_buffer_free(in);
  npu_buffer_free(out);
  npu_model_destroy(model);
  npu_device_destroy(device);
  return NULL;
}

static void testThreads(const char *addRelu) {
  pthread_t threads[THREADS];
  struct ThreadArgs args[THREADS];
  int started[THREADS];
  int t;
  printf("%d threads, one device each\n", THREADS);
  for (t = 0; t < THREADS; ++t) {
    args[t].artifact = addRelu;
    args[t].index = t;
    args[t].failures = 0;
    started[t] = pthread_create(&threads[t], NULL, runThread, &args[t]) == 0;
    CHECK(started[t]);
  }
  for (t = 0; t < THREADS; ++t) {
    if (started[t])
      pthread_join(threads[t], NULL);
    ++checks;
    failures += args[t].failures;
  }
}

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr,
            "usage: %s ADD_RELU.npub DEADLOCK.npub SRAM_OVERFLOW.npub WORKDIR\n",
            argv[0]);
    return 2;
  }
  testStatusAndVersion();
  testDevices(argv[4]);
  testLoadErrors(argv[1], argv[3], argv[4]);
  testBuffers();
  testRun(argv[1], argv[4]);
  testFault(argv[2], argv[4]);
  testHandles(argv[1]);
  testThreads(argv[1]);
  if (failures) {
    fprintf(stderr, "FAILED: %d of %d checks\n", failures, checks);
    return 1;
  }
  printf("PASSED: %d checks\n", checks);
  return 0;
}
