// RUN: npu-opt %s --npuhw-schedule -split-input-file -verify-diagnostics | FileCheck %s
// Scheduling is done once: a second run is an error.
// RUN: not npu-opt %s --npuhw-schedule --npuhw-schedule -split-input-file 2>&1 | FileCheck %s --check-prefix=TWICE
// TWICE: schedule.mlir:{{[0-9]+}}:{{[0-9]+}}: error: is already scheduled; npuhw-schedule runs once

// Planned code for a tiny target with two DMA engines (queues dma0, dma1,
// matrix, vector). SRAM buffer %e reuses the bytes of %a.
//   1 load a (dma0)   2 relu a -> b (vector)   3 store b (dma1)
//   4 load c (dma0)   5 store a (dma1)         6 relu b -> d (vector)
//   7 load e over a (dma0)
// DMA commands alternate between the engines. The relu reads what the load
// wrote: the load signals after itself and the vector queue waits before
// the relu; one semaphore per (producer, consumer) pair, numbered as first
// used. The store of b waits for the relu the same way, and so learns
// that the load of a is done: the store of a (5) needs no wait. Two
// commands on one queue (2 and 6) need none either. Loading e over a
// (write after read) must wait for the store that reads a (5); the vector
// queue's read of a (2) is then known through it, so one wait is enough.
// CHECK-LABEL: func.func @deps
// CHECK-SAME: attributes {npuhw.semaphores = 3 : i64}
// CHECK:      npuhw.dma %arg0 -> %[[A:.*]] {channel = 0 : i64}
// CHECK-NEXT: npuhw.signal dma, 0{{$}}
// CHECK-NEXT: npuhw.wait vector, 0{{$}}
// CHECK-NEXT: npuhw.activation relu %[[A]], %[[B:[^ ]*]] :
// CHECK-NEXT: npuhw.signal vector, 1{{$}}
// CHECK-NEXT: npuhw.wait dma, 1 {channel = 1 : i64}
// CHECK-NEXT: npuhw.dma %[[B]] -> %arg3 {channel = 1 : i64}
// CHECK-NEXT: npuhw.dma %arg1 -> %{{.*}} {channel = 0 : i64}
// CHECK-NEXT: npuhw.dma %[[A]] -> %arg4 {channel = 1 : i64}
// CHECK-NEXT: npuhw.signal dma, 2 {channel = 1 : i64}
// CHECK-NEXT: npuhw.activation relu %[[B]], %{{.*}} :
// CHECK-NEXT: npuhw.wait dma, 2{{$}}
// CHECK-NEXT: npuhw.dma %arg2 -> %{{.*}} {channel = 0 : i64}
// CHECK-NEXT: return
module attributes {npuhw.target = "{\22name\22: \22tiny\22, \22clock_mhz\22: 1000, \22matrix_engine\22: {\22rows\22: 4, \22cols\22: 4, \22fp16_cycles_per_mac\22: 1, \22pipeline_latency\22: 1}, \22vector_engine\22: {\22lanes\22: 4, \22pipeline_latency\22: 1}, \22sram\22: {\22bytes\22: 1024, \22banks\22: 1, \22bytes_per_cycle\22: 64}, \22dram\22: {\22bytes\22: 4096, \22bytes_per_cycle\22: 16, \22latency_cycles\22: 10}, \22dma\22: {\22engines\22: 2, \22max_dims\22: 4, \22row_overhead_cycles\22: 0}, \22semaphores\22: 8}"} {
  func.func @deps(%in: memref<16xf16, #npuhw.space<dram>> {npuhw.offset = 0 : i64},
                  %in2: memref<16xf16, #npuhw.space<dram>> {npuhw.offset = 64 : i64},
                  %in3: memref<16xf16, #npuhw.space<dram>> {npuhw.offset = 128 : i64},
                  %out: memref<16xf16, #npuhw.space<dram>> {npuhw.offset = 192 : i64, npuhw.output},
                  %out2: memref<16xf16, #npuhw.space<dram>> {npuhw.offset = 256 : i64, npuhw.output}) {
    %a = npuhw.alloc {offset = 0} : memref<16xf16, #npuhw.space<sram>>
    %b = npuhw.alloc {offset = 64} : memref<16xf16, #npuhw.space<sram>>
    %c = npuhw.alloc {offset = 128} : memref<16xf16, #npuhw.space<sram>>
    %d = npuhw.alloc {offset = 192} : memref<16xf16, #npuhw.space<sram>>
    %e = npuhw.alloc {offset = 0} : memref<16xf16, #npuhw.space<sram>>
    npuhw.dma %in -> %a {channel = 0} : memref<16xf16, #npuhw.space<dram>> -> memref<16xf16, #npuhw.space<sram>>
    npuhw.activation relu %a, %b : memref<16xf16, #npuhw.space<sram>>, memref<16xf16, #npuhw.space<sram>>
    npuhw.dma %b -> %out {channel = 0} : memref<16xf16, #npuhw.space<sram>> -> memref<16xf16, #npuhw.space<dram>>
    npuhw.dma %in2 -> %c {channel = 0} : memref<16xf16, #npuhw.space<dram>> -> memref<16xf16, #npuhw.space<sram>>
    npuhw.dma %a -> %out2 {channel = 0} : memref<16xf16, #npuhw.space<sram>> -> memref<16xf16, #npuhw.space<dram>>
    npuhw.activation relu %b, %d : memref<16xf16, #npuhw.space<sram>>, memref<16xf16, #npuhw.space<sram>>
    npuhw.dma %in3 -> %e {channel = 0} : memref<16xf16, #npuhw.space<dram>> -> memref<16xf16, #npuhw.space<sram>>
    return
  }
}

// -----

// A product: its inputs come from both DMA engines, so the matrix queue
// waits on each, once per producer queue (the wait for the bias, the later
// load on dma0, also covers the earlier load of A there). The matrix result
// goes to the vector queue, the vector result to dma1, and a DRAM buffer
// written by dma1 and read back by dma0 (read after write in DRAM) orders
// those engines too.
// CHECK-LABEL: func.func @product
// CHECK-SAME: attributes {npuhw.semaphores = 5 : i64}
// CHECK:      npuhw.dma %arg0 -> %[[A:.*]] {channel = 0 : i64}
// CHECK-NEXT: npuhw.dma %{{.*}} -> %[[W:.*]] {channel = 1 : i64}
// CHECK-NEXT: npuhw.signal dma, [[W_MAT:[0-9]+]] {channel = 1 : i64}
// CHECK-NEXT: npuhw.dma %{{.*}} -> %[[BIAS:.*]] {channel = 0 : i64}
// CHECK-NEXT: npuhw.signal dma, [[BIAS_MAT:[0-9]+]]{{$}}
// CHECK-NEXT: npuhw.wait matrix, [[BIAS_MAT]]{{$}}
// CHECK-NEXT: npuhw.wait matrix, [[W_MAT]]{{$}}
// CHECK-NEXT: npuhw.matmul %[[A]], %[[W]], %[[ACC:.*]] bias(%[[BIAS]])
// CHECK-NEXT: npuhw.signal matrix, [[MAT_VEC:[0-9]+]]{{$}}
// CHECK-NEXT: npuhw.wait vector, [[MAT_VEC]]{{$}}
// CHECK-NEXT: npuhw.activation copy %[[ACC]], %[[RES:[^ ]*]] :
// CHECK-NEXT: npuhw.signal vector, [[VEC_DMA1:[0-9]+]]{{$}}
// CHECK-NEXT: npuhw.wait dma, [[VEC_DMA1]] {channel = 1 : i64}
// CHECK-NEXT: npuhw.dma %[[RES]] -> %[[T:.*]] {channel = 1 : i64}
// CHECK-NEXT: npuhw.signal dma, [[DMA1_DMA0:[0-9]+]] {channel = 1 : i64}
// CHECK-NEXT: npuhw.wait dma, [[DMA1_DMA0]]{{$}}
// CHECK-NEXT: npuhw.dma %[[T]] -> %{{.*}} {channel = 0 : i64}
module attributes {npuhw.target = "{\22name\22: \22tiny\22, \22clock_mhz\22: 1000, \22matrix_engine\22: {\22rows\22: 4, \22cols\22: 4, \22fp16_cycles_per_mac\22: 1, \22pipeline_latency\22: 1}, \22vector_engine\22: {\22lanes\22: 4, \22pipeline_latency\22: 1}, \22sram\22: {\22bytes\22: 1024, \22banks\22: 1, \22bytes_per_cycle\22: 64}, \22dram\22: {\22bytes\22: 4096, \22bytes_per_cycle\22: 16, \22latency_cycles\22: 10}, \22dma\22: {\22engines\22: 2, \22max_dims\22: 4, \22row_overhead_cycles\22: 0}, \22semaphores\22: 8}"} {
  memref.global "private" constant @w : memref<32xf16, #npuhw.space<dram>> = dense<1.0> {npuhw.offset = 0 : i64}
  memref.global "private" constant @bias : memref<4xf32, #npuhw.space<dram>> = dense<0.5> {npuhw.offset = 64 : i64}
  func.func @product(%x: memref<4x8xf16, #npuhw.space<dram>> {npuhw.offset = 128 : i64},
                     %out: memref<4x4xf16, #npuhw.space<dram>> {npuhw.offset = 192 : i64, npuhw.output}) {
    %w = memref.get_global @w : memref<32xf16, #npuhw.space<dram>>
    %bias = memref.get_global @bias : memref<4xf32, #npuhw.space<dram>>
    %t = npuhw.alloc {offset = 256} : memref<4x4xf16, #npuhw.space<dram>>
    %a = npuhw.alloc {offset = 0} : memref<4x8xf16, #npuhw.space<sram>>
    %ws = npuhw.alloc {offset = 64} : memref<32xf16, #npuhw.space<sram>>
    %bs = npuhw.alloc {offset = 128} : memref<4xf32, #npuhw.space<sram>>
    %acc = npuhw.alloc {offset = 192} : memref<4x4xf32, #npuhw.space<sram>>
    %res = npuhw.alloc {offset = 256} : memref<4x4xf16, #npuhw.space<sram>>
    %res2 = npuhw.alloc {offset = 320} : memref<4x4xf16, #npuhw.space<sram>>
    npuhw.dma %x -> %a {channel = 0} : memref<4x8xf16, #npuhw.space<dram>> -> memref<4x8xf16, #npuhw.space<sram>>
    npuhw.dma %w -> %ws {channel = 0} : memref<32xf16, #npuhw.space<dram>> -> memref<32xf16, #npuhw.space<sram>>
    npuhw.dma %bias -> %bs {channel = 0} : memref<4xf32, #npuhw.space<dram>> -> memref<4xf32, #npuhw.space<sram>>
    npuhw.matmul %a, %ws, %acc bias(%bs) {panel_cols = 4} : memref<4x8xf16, #npuhw.space<sram>>, memref<32xf16, #npuhw.space<sram>>, memref<4x4xf32, #npuhw.space<sram>>, memref<4xf32, #npuhw.space<sram>>
    npuhw.activation copy %acc, %res : memref<4x4xf32, #npuhw.space<sram>>, memref<4x4xf16, #npuhw.space<sram>>
    npuhw.dma %res -> %t {channel = 0} : memref<4x4xf16, #npuhw.space<sram>> -> memref<4x4xf16, #npuhw.space<dram>>
    npuhw.dma %t -> %res2 {channel = 0} : memref<4x4xf16, #npuhw.space<dram>> -> memref<4x4xf16, #npuhw.space<sram>>
    return
  }
}

// -----

// Buffers that do not overlap need no ordering: two loads on different
// engines and a vector op on a third buffer that neither touches.
// CHECK-LABEL: func.func @independent
// CHECK-SAME: attributes {npuhw.semaphores = 0 : i64}
// CHECK-NOT: npuhw.signal
// CHECK-NOT: npuhw.wait
// CHECK: return
module attributes {npuhw.target = "{\22name\22: \22tiny\22, \22clock_mhz\22: 1000, \22matrix_engine\22: {\22rows\22: 4, \22cols\22: 4, \22fp16_cycles_per_mac\22: 1, \22pipeline_latency\22: 1}, \22vector_engine\22: {\22lanes\22: 4, \22pipeline_latency\22: 1}, \22sram\22: {\22bytes\22: 1024, \22banks\22: 1, \22bytes_per_cycle\22: 64}, \22dram\22: {\22bytes\22: 4096, \22bytes_per_cycle\22: 16, \22latency_cycles\22: 10}, \22dma\22: {\22engines\22: 2, \22max_dims\22: 4, \22row_overhead_cycles\22: 0}, \22semaphores\22: 8}"} {
  func.func @independent(%in: memref<16xf16, #npuhw.space<dram>> {npuhw.offset = 0 : i64},
                         %in2: memref<16xf16, #npuhw.space<dram>> {npuhw.offset = 64 : i64}) {
    %a = npuhw.alloc {offset = 0} : memref<16xf16, #npuhw.space<sram>>
    %b = npuhw.alloc {offset = 32} : memref<16xf16, #npuhw.space<sram>>
    %c = npuhw.alloc {offset = 64} : memref<16xf16, #npuhw.space<sram>>
    npuhw.dma %in -> %a {channel = 0} : memref<16xf16, #npuhw.space<dram>> -> memref<16xf16, #npuhw.space<sram>>
    npuhw.dma %in2 -> %b {channel = 0} : memref<16xf16, #npuhw.space<dram>> -> memref<16xf16, #npuhw.space<sram>>
    npuhw.activation relu %c, %c : memref<16xf16, #npuhw.space<sram>>, memref<16xf16, #npuhw.space<sram>>
    return
  }
}

// -----

// Overlap is by planned bytes, not by buffer: %b (bytes [48, 64)) lies in
// the upper half of %a. The relu on %b waits for the load into the upper
// half (dma1), not for the load into the lower half (dma0).
// CHECK-LABEL: func.func @partial_overlap
// CHECK:      npuhw.dma %arg0 -> %{{.*}} {channel = 0 : i64}
// CHECK-NEXT: npuhw.dma %arg0 -> %{{.*}} {channel = 1 : i64}
// CHECK-NEXT: npuhw.signal dma, 0 {channel = 1 : i64}
// CHECK-NEXT: npuhw.wait vector, 0{{$}}
// CHECK-NEXT: npuhw.activation relu
// CHECK-NEXT: return
module attributes {npuhw.target = "{\22name\22: \22tiny\22, \22clock_mhz\22: 1000, \22matrix_engine\22: {\22rows\22: 4, \22cols\22: 4, \22fp16_cycles_per_mac\22: 1, \22pipeline_latency\22: 1}, \22vector_engine\22: {\22lanes\22: 4, \22pipeline_latency\22: 1}, \22sram\22: {\22bytes\22: 1024, \22banks\22: 1, \22bytes_per_cycle\22: 64}, \22dram\22: {\22bytes\22: 4096, \22bytes_per_cycle\22: 16, \22latency_cycles\22: 10}, \22dma\22: {\22engines\22: 2, \22max_dims\22: 4, \22row_overhead_cycles\22: 0}, \22semaphores\22: 8}"} {
  func.func @partial_overlap(%in: memref<16xf16, #npuhw.space<dram>> {npuhw.offset = 0 : i64}) {
    %a = npuhw.alloc {offset = 0} : memref<32xf16, #npuhw.space<sram>>
    %b = npuhw.alloc {offset = 48} : memref<8xf16, #npuhw.space<sram>>
    %lo = memref.reinterpret_cast %a to offset: [0], sizes: [16], strides: [1] : memref<32xf16, #npuhw.space<sram>> to memref<16xf16, #npuhw.space<sram>>
    %hi = memref.reinterpret_cast %a to offset: [16], sizes: [16], strides: [1] : memref<32xf16, #npuhw.space<sram>> to memref<16xf16, strided<[1], offset: 16>, #npuhw.space<sram>>
    npuhw.dma %in -> %lo {channel = 0} : memref<16xf16, #npuhw.space<dram>> -> memref<16xf16, #npuhw.space<sram>>
    npuhw.dma %in -> %hi {channel = 0} : memref<16xf16, #npuhw.space<dram>> -> memref<16xf16, strided<[1], offset: 16>, #npuhw.space<sram>>
    npuhw.activation relu %b, %b : memref<8xf16, #npuhw.space<sram>>, memref<8xf16, #npuhw.space<sram>>
    return
  }
}

// -----

// Code that already has semaphores was scheduled before.
module attributes {npuhw.target = "{\22name\22: \22tiny\22, \22clock_mhz\22: 1000, \22matrix_engine\22: {\22rows\22: 4, \22cols\22: 4, \22fp16_cycles_per_mac\22: 1, \22pipeline_latency\22: 1}, \22vector_engine\22: {\22lanes\22: 4, \22pipeline_latency\22: 1}, \22sram\22: {\22bytes\22: 1024, \22banks\22: 1, \22bytes_per_cycle\22: 64}, \22dram\22: {\22bytes\22: 4096, \22bytes_per_cycle\22: 16, \22latency_cycles\22: 10}, \22dma\22: {\22engines\22: 2, \22max_dims\22: 4, \22row_overhead_cycles\22: 0}, \22semaphores\22: 8}"} {
  func.func @twice(%in: memref<16xf16, #npuhw.space<dram>> {npuhw.offset = 0 : i64}) {
    %a = npuhw.alloc {offset = 0} : memref<16xf16, #npuhw.space<sram>>
    npuhw.dma %in -> %a {channel = 0} : memref<16xf16, #npuhw.space<dram>> -> memref<16xf16, #npuhw.space<sram>>
    // expected-error @+1 {{is already scheduled; npuhw-schedule runs once}}
    npuhw.signal dma, 0
    return
  }
}

// -----

// A target with one semaphore cannot order three queues.
module attributes {npuhw.target = "{\22name\22: \22tiny\22, \22clock_mhz\22: 1000, \22matrix_engine\22: {\22rows\22: 4, \22cols\22: 4, \22fp16_cycles_per_mac\22: 1, \22pipeline_latency\22: 1}, \22vector_engine\22: {\22lanes\22: 4, \22pipeline_latency\22: 1}, \22sram\22: {\22bytes\22: 1024, \22banks\22: 1, \22bytes_per_cycle\22: 64}, \22dram\22: {\22bytes\22: 4096, \22bytes_per_cycle\22: 16, \22latency_cycles\22: 10}, \22dma\22: {\22engines\22: 2, \22max_dims\22: 4, \22row_overhead_cycles\22: 0}, \22semaphores\22: 1}"} {
  func.func @too_few_semaphores(%in: memref<16xf16, #npuhw.space<dram>> {npuhw.offset = 0 : i64},
                                %out: memref<16xf16, #npuhw.space<dram>> {npuhw.offset = 64 : i64, npuhw.output}) {
    %a = npuhw.alloc {offset = 0} : memref<16xf16, #npuhw.space<sram>>
    %b = npuhw.alloc {offset = 64} : memref<16xf16, #npuhw.space<sram>>
    npuhw.dma %in -> %a {channel = 0} : memref<16xf16, #npuhw.space<dram>> -> memref<16xf16, #npuhw.space<sram>>
    npuhw.activation relu %a, %b : memref<16xf16, #npuhw.space<sram>>, memref<16xf16, #npuhw.space<sram>>
    // expected-error @+1 {{needs more than the 1 semaphores of target 'tiny'}}
    npuhw.dma %b -> %out {channel = 0} : memref<16xf16, #npuhw.space<sram>> -> memref<16xf16, #npuhw.space<dram>>
    return
  }
}

// -----

// Scheduling reads planned offsets.
module attributes {npuhw.target = "{\22name\22: \22tiny\22, \22clock_mhz\22: 1000, \22matrix_engine\22: {\22rows\22: 4, \22cols\22: 4, \22fp16_cycles_per_mac\22: 1, \22pipeline_latency\22: 1}, \22vector_engine\22: {\22lanes\22: 4, \22pipeline_latency\22: 1}, \22sram\22: {\22bytes\22: 1024, \22banks\22: 1, \22bytes_per_cycle\22: 64}, \22dram\22: {\22bytes\22: 4096, \22bytes_per_cycle\22: 16, \22latency_cycles\22: 10}, \22dma\22: {\22engines\22: 2, \22max_dims\22: 4, \22row_overhead_cycles\22: 0}, \22semaphores\22: 8}"} {
  func.func @unplanned(%in: memref<16xf16, #npuhw.space<dram>> {npuhw.offset = 0 : i64}) {
    %a = npuhw.alloc : memref<16xf16, #npuhw.space<sram>>
    // expected-error @+1 {{uses a buffer without a planned offset; run npuhw-plan-memory first}}
    npuhw.dma %in -> %a {channel = 0} : memref<16xf16, #npuhw.space<dram>> -> memref<16xf16, #npuhw.space<sram>>
    return
  }
}

// -----

// expected-error @+1 {{expects a lowered module with an 'npuhw.target' attribute; run the npu-lower-to-npuhw pipeline first}}
module {
  func.func @no_target() {
    return
  }
}
