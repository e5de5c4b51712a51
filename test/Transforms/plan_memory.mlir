// RUN: npu-opt %s --npuhw-plan-memory -split-input-file -verify-diagnostics | FileCheck %s

// The targets here are a tiny custom part: 1 KiB of SRAM, 4 KiB of DRAM.

// The DRAM image is [constants][inputs][outputs][scratch], each piece
// 64-byte aligned: @w (20 bytes) at 0, @v (16 bytes) at 64, the input
// (100 bytes) at 128, the output at 256, scratch from 384.
//
// Commands in program order, with the lifetimes they give (both ends
// included; a use through a view counts for the viewed buffer):
//   1 in -> s0   2 s0 -> d0   3 s1 -> d1   4 d0 -> s2   5 relu s2
//   6 s2 -> d2   7 view(d1) -> view(s1)    8 d2 -> s2   9 s2 -> out
// DRAM scratch: d0 (100 B) [2, 4], d1 (256 B) [3, 7], d2 (100 B) [6, 8].
// Largest first: d1 at 384; d0 overlaps d1 in time, so 384 + 256 = 640;
// d2 overlaps d1 but not d0, so it shares d0's bytes. Peak 356 bytes
// (rounded up: 384), lower bound 356 (d0 + d1 live at step 3).
// SRAM: s0 (100 B) [1, 2], s1 (256 B) [3, 7], s2 (100 B) [4, 9]. s0 dies
// before s1 is born and shares offset 0; s2 overlaps s1 and goes after it,
// at 256. Peak 356.
// A buffer no command uses is erased.
// CHECK: memref.global "private" constant @w {{.*}} {npuhw.offset = 0 : i64}
// CHECK: memref.global "private" constant @v {{.*}} {npuhw.offset = 64 : i64}
// CHECK-LABEL: func.func @plan
// CHECK-SAME: (%{{.*}}: memref<50xf16, #npuhw.space<dram>> {npuhw.offset = 128 : i64}, %{{.*}}: memref<50xf16, #npuhw.space<dram>> {npuhw.offset = 256 : i64, npuhw.output})
// CHECK-SAME: attributes {npuhw.constant_bytes = 128 : i64, npuhw.dram_bytes = 768 : i64, npuhw.scratch_bytes = 384 : i64, npuhw.scratch_lower_bound = 356 : i64, npuhw.sram_bytes = 356 : i64}
// CHECK-NEXT: %[[S0:.*]] = npuhw.alloc {offset = 0 : i64} : memref<50xf16, #npuhw.space<sram>>
// CHECK-NEXT: %[[S1:.*]] = npuhw.alloc {offset = 0 : i64} : memref<128xf16, #npuhw.space<sram>>
// CHECK-NEXT: %[[S2:.*]] = npuhw.alloc {offset = 256 : i64} : memref<50xf16, #npuhw.space<sram>>
// CHECK-NEXT: %[[D0:.*]] = npuhw.alloc {offset = 640 : i64} : memref<50xf16, #npuhw.space<dram>>
// CHECK-NEXT: %[[D1:.*]] = npuhw.alloc {offset = 384 : i64} : memref<128xf16, #npuhw.space<dram>>
// CHECK-NEXT: %[[D2:.*]] = npuhw.alloc {offset = 640 : i64} : memref<50xf16, #npuhw.space<dram>>
// CHECK-NOT: npuhw.alloc
// CHECK: return
module attributes {npuhw.target = "{\22name\22: \22tiny\22, \22clock_mhz\22: 1000, \22matrix_engine\22: {\22rows\22: 4, \22cols\22: 4, \22fp16_cycles_per_mac\22: 1, \22pipeline_latency\22: 1}, \22vector_engine\22: {\22lanes\22: 4, \22pipeline_latency\22: 1}, \22sram\22: {\22bytes\22: 1024, \22banks\22: 1, \22bytes_per_cycle\22: 64}, \22dram\22: {\22bytes\22: 4096, \22bytes_per_cycle\22: 16, \22latency_cycles\22: 10}, \22dma\22: {\22engines\22: 2, \22max_dims\22: 4, \22row_overhead_cycles\22: 0}, \22semaphores\22: 4}"} {
  memref.global "private" constant @w : memref<10xf16, #npuhw.space<dram>> = dense<1.0>
  memref.global "private" constant @v : memref<4xf32, #npuhw.space<dram>> = dense<2.0>
  func.func @plan(%in: memref<50xf16, #npuhw.space<dram>>, %out: memref<50xf16, #npuhw.space<dram>> {npuhw.output}) {
    %s0 = npuhw.alloc : memref<50xf16, #npuhw.space<sram>>
    %s1 = npuhw.alloc : memref<128xf16, #npuhw.space<sram>>
    %s2 = npuhw.alloc : memref<50xf16, #npuhw.space<sram>>
    %d0 = npuhw.alloc : memref<50xf16, #npuhw.space<dram>>
    %d1 = npuhw.alloc : memref<128xf16, #npuhw.space<dram>>
    %d2 = npuhw.alloc : memref<50xf16, #npuhw.space<dram>>
    %unused = npuhw.alloc : memref<8xf16, #npuhw.space<dram>>
    %d1view = memref.reinterpret_cast %d1 to offset: [0], sizes: [2, 64], strides: [64, 1] : memref<128xf16, #npuhw.space<dram>> to memref<2x64xf16, #npuhw.space<dram>>
    %s1view = memref.reinterpret_cast %s1 to offset: [0], sizes: [2, 64], strides: [64, 1] : memref<128xf16, #npuhw.space<sram>> to memref<2x64xf16, #npuhw.space<sram>>
    npuhw.dma %in -> %s0 {channel = 0} : memref<50xf16, #npuhw.space<dram>> -> memref<50xf16, #npuhw.space<sram>>
    npuhw.dma %s0 -> %d0 {channel = 0} : memref<50xf16, #npuhw.space<sram>> -> memref<50xf16, #npuhw.space<dram>>
    npuhw.dma %s1 -> %d1 {channel = 0} : memref<128xf16, #npuhw.space<sram>> -> memref<128xf16, #npuhw.space<dram>>
    npuhw.dma %d0 -> %s2 {channel = 0} : memref<50xf16, #npuhw.space<dram>> -> memref<50xf16, #npuhw.space<sram>>
    npuhw.activation relu %s2, %s2 : memref<50xf16, #npuhw.space<sram>>, memref<50xf16, #npuhw.space<sram>>
    npuhw.dma %s2 -> %d2 {channel = 0} : memref<50xf16, #npuhw.space<sram>> -> memref<50xf16, #npuhw.space<dram>>
    npuhw.dma %d1view -> %s1view {channel = 0} : memref<2x64xf16, #npuhw.space<dram>> -> memref<2x64xf16, #npuhw.space<sram>>
    npuhw.dma %d2 -> %s2 {channel = 0} : memref<50xf16, #npuhw.space<dram>> -> memref<50xf16, #npuhw.space<sram>>
    npuhw.dma %s2 -> %out {channel = 0} : memref<50xf16, #npuhw.space<sram>> -> memref<50xf16, #npuhw.space<dram>>
    return
  }
}

// -----

// Two SRAM tiles of 600 bytes that fit alone but are live together: the
// second lands at 640 and ends past the 1024 bytes of SRAM. The error is
// at its first command.
module attributes {npuhw.target = "{\22name\22: \22tiny\22, \22clock_mhz\22: 1000, \22matrix_engine\22: {\22rows\22: 4, \22cols\22: 4, \22fp16_cycles_per_mac\22: 1, \22pipeline_latency\22: 1}, \22vector_engine\22: {\22lanes\22: 4, \22pipeline_latency\22: 1}, \22sram\22: {\22bytes\22: 1024, \22banks\22: 1, \22bytes_per_cycle\22: 64}, \22dram\22: {\22bytes\22: 4096, \22bytes_per_cycle\22: 16, \22latency_cycles\22: 10}, \22dma\22: {\22engines\22: 2, \22max_dims\22: 4, \22row_overhead_cycles\22: 0}, \22semaphores\22: 4}"} {
  func.func @sram_overflow(%in: memref<300xf16, #npuhw.space<dram>>, %out: memref<300xf16, #npuhw.space<dram>> {npuhw.output}) {
    %a = npuhw.alloc : memref<300xf16, #npuhw.space<sram>>
    %b = npuhw.alloc : memref<300xf16, #npuhw.space<sram>>
    npuhw.dma %in -> %a {channel = 0} : memref<300xf16, #npuhw.space<dram>> -> memref<300xf16, #npuhw.space<sram>>
    // expected-error @+1 {{SRAM plan needs 1240 bytes but target 'tiny' has 1024; lower with a smaller sram-fraction}}
    npuhw.activation relu %a, %b : memref<300xf16, #npuhw.space<sram>>, memref<300xf16, #npuhw.space<sram>>
    npuhw.dma %b -> %out {channel = 0} : memref<300xf16, #npuhw.space<sram>> -> memref<300xf16, #npuhw.space<dram>>
    return
  }
}

// -----

// The same tiles one after the other share SRAM and fit.
// CHECK-LABEL: func.func @sram_reuse
// CHECK-SAME: npuhw.sram_bytes = 600 : i64
// CHECK-NEXT: npuhw.alloc {offset = 0 : i64} : memref<300xf16, #npuhw.space<sram>>
// CHECK-NEXT: npuhw.alloc {offset = 0 : i64} : memref<300xf16, #npuhw.space<sram>>
module attributes {npuhw.target = "{\22name\22: \22tiny\22, \22clock_mhz\22: 1000, \22matrix_engine\22: {\22rows\22: 4, \22cols\22: 4, \22fp16_cycles_per_mac\22: 1, \22pipeline_latency\22: 1}, \22vector_engine\22: {\22lanes\22: 4, \22pipeline_latency\22: 1}, \22sram\22: {\22bytes\22: 1024, \22banks\22: 1, \22bytes_per_cycle\22: 64}, \22dram\22: {\22bytes\22: 4096, \22bytes_per_cycle\22: 16, \22latency_cycles\22: 10}, \22dma\22: {\22engines\22: 2, \22max_dims\22: 4, \22row_overhead_cycles\22: 0}, \22semaphores\22: 4}"} {
  func.func @sram_reuse(%in: memref<300xf16, #npuhw.space<dram>>, %out: memref<300xf16, #npuhw.space<dram>> {npuhw.output}) {
    %a = npuhw.alloc : memref<300xf16, #npuhw.space<sram>>
    %b = npuhw.alloc : memref<300xf16, #npuhw.space<sram>>
    npuhw.dma %in -> %a {channel = 0} : memref<300xf16, #npuhw.space<dram>> -> memref<300xf16, #npuhw.space<sram>>
    npuhw.dma %a -> %out {channel = 0} : memref<300xf16, #npuhw.space<sram>> -> memref<300xf16, #npuhw.space<dram>>
    npuhw.dma %out -> %b {channel = 0} : memref<300xf16, #npuhw.space<dram>> -> memref<300xf16, #npuhw.space<sram>>
    npuhw.dma %b -> %out {channel = 0} : memref<300xf16, #npuhw.space<sram>> -> memref<300xf16, #npuhw.space<dram>>
    return
  }
}

// -----

// The DRAM image does not fit the target's 4 KiB: input (4000 bytes) and
// output make 8064 bytes before any scratch.
module attributes {npuhw.target = "{\22name\22: \22tiny\22, \22clock_mhz\22: 1000, \22matrix_engine\22: {\22rows\22: 4, \22cols\22: 4, \22fp16_cycles_per_mac\22: 1, \22pipeline_latency\22: 1}, \22vector_engine\22: {\22lanes\22: 4, \22pipeline_latency\22: 1}, \22sram\22: {\22bytes\22: 1024, \22banks\22: 1, \22bytes_per_cycle\22: 64}, \22dram\22: {\22bytes\22: 4096, \22bytes_per_cycle\22: 16, \22latency_cycles\22: 10}, \22dma\22: {\22engines\22: 2, \22max_dims\22: 4, \22row_overhead_cycles\22: 0}, \22semaphores\22: 4}"} {
  // expected-error @+1 {{the model needs 8064 bytes of DRAM; target 'tiny' has 4096}}
  func.func @dram_overflow(%in: memref<2000xf16, #npuhw.space<dram>>, %out: memref<2000xf16, #npuhw.space<dram>> {npuhw.output}) {
    return
  }
}

// -----

// Planning needs the target the lowering recorded.
// expected-error @+1 {{expects a lowered module with an 'npuhw.target' attribute; run the npu-lower-to-npuhw pipeline first}}
module {
  func.func @no_target(%in: memref<8xf16, #npuhw.space<dram>>) {
    return
  }
}

// -----

// The recorded target is checked like a target file: 512 bytes of SRAM is
// below the minimum.
// expected-error @+1 {{invalid 'npuhw.target': npuhw.target: target.sram.bytes: 512 is out of range [1024, 1073741824]}}
module attributes {npuhw.target = "{\22name\22: \22tiny\22, \22clock_mhz\22: 1000, \22matrix_engine\22: {\22rows\22: 4, \22cols\22: 4, \22fp16_cycles_per_mac\22: 1, \22pipeline_latency\22: 1}, \22vector_engine\22: {\22lanes\22: 4, \22pipeline_latency\22: 1}, \22sram\22: {\22bytes\22: 512, \22banks\22: 1, \22bytes_per_cycle\22: 64}, \22dram\22: {\22bytes\22: 4096, \22bytes_per_cycle\22: 16, \22latency_cycles\22: 10}, \22dma\22: {\22engines\22: 2, \22max_dims\22: 4, \22row_overhead_cycles\22: 0}, \22semaphores\22: 4}"} {
  func.func @bad_target(%in: memref<8xf16, #npuhw.space<dram>>) {
    return
  }
}
