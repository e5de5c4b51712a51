; A complete program: y = relu(x + b) on 8 f32 values, loaded by DMA,
; computed on the vector engine, stored by DMA, ordered by two semaphores.
;
; RUN: npu-translate --assemble %s -o %t.npub
; RUN: npu-translate --disassemble %t.npub | FileCheck %s --check-prefix=LIST
; RUN: npu-translate --disassemble %t.npub -o %t.s
; RUN: npu-translate --assemble %t.s -o %t.again.npub
; RUN: cmp %t.npub %t.again.npub
;
; RUN: rm -rf %t.out && mkdir -p %t.out
; RUN: %python -c "import numpy as np; np.save('%t.out/x.npy', np.array([[1, -1, 0.5, -5, 2, 3, 10, 1]], np.float32))"
; RUN: npu-run %t.npub --input x=%t.out/x.npy --output %t.out --stats --trace %t.out/trace.json | FileCheck %s --check-prefix=STATS
; RUN: %python -c "import numpy as np; y = np.load('%t.out/y.npy'); print(y.dtype, y.tolist())" | FileCheck %s --check-prefix=VALUES
; RUN: %python -c "import json; t = json.load(open('%t.out/trace.json')); print(sorted((e['tid'], round(e['ts'] * 1000), e['name']) for e in t['traceEvents'] if e['ph'] == 'X'))" | FileCheck %s --check-prefix=TRACE

; LIST:      .isa 1.0
; LIST-NEXT: .target edge
; LIST-NEXT: .fingerprint 0x
; LIST-NEXT: .memory dram=4096 sram=65536
; LIST:      .queue dma0
; LIST-NEXT:    0: dma src_space=dram dst_space=sram src=0x40 dst=0x0 row_bytes=32 count0=1 count1=1 count2=1 src_stride0=0 src_stride1=0 src_stride2=0 dst_stride0=0 dst_stride1=0 dst_stride2=0 @"load_x"
; LIST:         4: dma src_space=sram dst_space=dram {{.*}} @"store_y"
; LIST:      .queue vector
; LIST-NEXT:    0: wait semaphore=0
; LIST-NEXT:    1: eltwise.add.f32 out_dtype=f32 lhs=0x0 rhs=0x20 output=0x40 count=8 rhs_period=8 @"add"

; Cycles (edge: DRAM latency 200, 17 B/cycle, 2 cycles per row; 64 lanes,
; vector latency 8): each 32-byte DMA = 200 + ceil(32/17) + 2 = 204, and
; the second load's transfer waits for the DRAM channel: 204..408. The vector
; queue waits until 408, adds (1 + 8 = 9) and applies relu (9): 426. The
; store then takes 204: 630 cycles = 0.63 us at 1 GHz.
; STATS: y f32 1x8 min 0.00 max 7.00
; STATS: simulated on 'edge' at 1000 MHz: 630 cycles = 0.6 us
; STATS: dma0 5 612 97.1%
; STATS: vector 4 18 2.9%
; STATS: DRAM read 64 bytes, written 32 bytes
; STATS: vector engine 16 elements

; VALUES: float32 {{\[\[}}2.0, 1.0, 3.5, 0.0, 1.0, 1.0, 7.0, 0.0]]

; TRACE: [(0, 0, 'dma load_x'), (0, 204, 'dma load_b'), (0, 426, 'dma store_y'), (1, 408, 'eltwise.add add'), (1, 417, 'act.relu relu')]

.target edge
.memory dram=4096 sram=65536
.region name="consts" kind=const offset=0x0 size=32
.region name="x" kind=input offset=0x40 size=32
.region name="y" kind=output offset=0x80 size=32
.input name="x" dtype=f32 shape=1x8 region="x"
.output name="y" dtype=f32 shape=1x8 region="y"
.constants region="consts"
; b = [1, 2, 3, 4, -1, -2, -3, -4]
.hex 0000803f000000400000404000008040000080bf000000c0000040c0000080c0

.queue dma0
  dma src_space=dram dst_space=sram src=0x40 dst=0x0 row_bytes=32 count0=1 count1=1 count2=1 src_stride0=0 src_stride1=0 src_stride2=0 dst_stride0=0 dst_stride1=0 dst_stride2=0 @"load_x"
  dma src_space=dram dst_space=sram src=0x0 dst=0x20 row_bytes=32 count0=1 count1=1 count2=1 src_stride0=0 src_stride1=0 src_stride2=0 dst_stride0=0 dst_stride1=0 dst_stride2=0 @"load_b"
  signal semaphore=0
  wait semaphore=1
  dma src_space=sram dst_space=dram src=0x40 dst=0x80 row_bytes=32 count0=1 count1=1 count2=1 src_stride0=0 src_stride1=0 src_stride2=0 dst_stride0=0 dst_stride1=0 dst_stride2=0 @"store_y"

.queue vector
  wait semaphore=0
  eltwise.add.f32 out_dtype=f32 lhs=0x0 rhs=0x20 output=0x40 count=8 rhs_period=8 @"add"
  act.relu.f32 out_dtype=f32 input=0x40 output=0x40 count=8 alpha=0 beta=0 @"relu"
  signal semaphore=1
