; Every fault of a simulated run names the queue, the command, its opcode
; and its ONNX node, and npu-run exits 1 without writing outputs.
;
; RUN: rm -rf %t && split-file %s %t
; RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.zeros((1, 64), np.int8))"
; RUN: for f in dma-range dma-const sram unknown wrong-engine deadlock misaligned race; do \
; RUN:   npu-translate --assemble %t/$f.s -o %t/$f.npub || exit 1; \
; RUN:   not npu-run %t/$f.npub --input x=%t/x.npy --output %t/out-$f 2>&1 | FileCheck %s --check-prefix=$(echo $f | tr a-z- A-Z_) || exit 1; \
; RUN:   test ! -e %t/out-$f/y.npy || exit 1; \
; RUN: done

; DMA_RANGE: npu-run: error: fault: DMA out of range: dma0 command 1 (dma, node 'conv1'): source [0x60, +64) is outside every allocated DRAM region (regions: 'x' [0x0, +64) 'y' [0x40, +64))
; DMA_CONST: npu-run: error: fault: DMA out of range: dma1 command 0 (dma, node 'spill'): destination [0x80, +16) writes constant region 'w'
; SRAM: npu-run: error: fault: SRAM overflow: dma0 command 0 (dma, node 'load'): destination [0x1fffe0, +64) overflows the 2097152-byte SRAM
; UNKNOWN: npu-run: error: fault: unknown opcode: vector command 1 (opcode 0x7f, node 'mystery'): opcode 0x7f is not an ISA 1.1 command
; WRONG_ENGINE: npu-run: error: fault: wrong engine: vector command 0 (matmul, node 'fc'): 'matmul' does not run on the vector engine
; DEADLOCK: npu-run: error: fault: deadlock: dma0 command 1 (wait, node 'gate'): every unfinished queue is blocked: dma0 command 1 waits on semaphore 1; vector command 0 waits on semaphore 2
; MISALIGNED: npu-run: error: fault: misaligned operand: vector command 0 (act, node 'relu'): input at 0x2 is not aligned to 4 bytes
; (The store issues first, at cycle 204, so the activation is the one caught.)
; RACE: npu-run: error: fault: race: vector command 1 (act, node 'relu'): it writes SRAM [0x40, +64), which dma0 command 2 (dma, node 'store') reads with no semaphore ordering the two: signal after the earlier command and wait before the later one

//--- dma-range.s
.target edge
.memory dram=4096 sram=65536
.region name="x" kind=input offset=0x0 size=64
.region name="y" kind=output offset=0x40 size=64
.input name="x" dtype=i8 shape=1x64 region="x"
.output name="y" dtype=i8 shape=1x64 region="y"
.queue dma0
  dma src_space=dram dst_space=sram src=0x0 dst=0x0 row_bytes=64 count0=1 count1=1 count2=1 src_stride0=0 src_stride1=0 src_stride2=0 dst_stride0=0 dst_stride1=0 dst_stride2=0 @"load"
  dma src_space=dram dst_space=sram src=0x60 dst=0x0 row_bytes=64 count0=1 count1=1 count2=1 src_stride0=0 src_stride1=0 src_stride2=0 dst_stride0=0 dst_stride1=0 dst_stride2=0 @"conv1"

//--- dma-const.s
.target edge
.memory dram=4096 sram=65536
.region name="x" kind=input offset=0x0 size=64
.region name="y" kind=output offset=0x40 size=64
.region name="w" kind=const offset=0x80 size=16
.input name="x" dtype=i8 shape=1x64 region="x"
.output name="y" dtype=i8 shape=1x64 region="y"
.constants region="w"
.hex 000102030405060708090a0b0c0d0e0f
.queue dma1
  dma src_space=sram dst_space=dram src=0x0 dst=0x80 row_bytes=16 count0=1 count1=1 count2=1 src_stride0=0 src_stride1=0 src_stride2=0 dst_stride0=0 dst_stride1=0 dst_stride2=0 @"spill"

//--- sram.s
.target edge
.memory dram=4096 sram=65536
.region name="x" kind=input offset=0x0 size=64
.region name="y" kind=output offset=0x40 size=64
.input name="x" dtype=i8 shape=1x64 region="x"
.output name="y" dtype=i8 shape=1x64 region="y"
.queue dma0
  dma src_space=dram dst_space=sram src=0x0 dst=0x1fffe0 row_bytes=64 count0=1 count1=1 count2=1 src_stride0=0 src_stride1=0 src_stride2=0 dst_stride0=0 dst_stride1=0 dst_stride2=0 @"load"

//--- unknown.s
.target edge
.memory dram=4096 sram=65536
.region name="x" kind=input offset=0x0 size=64
.region name="y" kind=output offset=0x40 size=64
.input name="x" dtype=i8 shape=1x64 region="x"
.output name="y" dtype=i8 shape=1x64 region="y"
.queue vector
  wait semaphore=0
  .word 0x7f 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 @"mystery"
.queue dma0
  signal semaphore=0

//--- wrong-engine.s
.target edge
.memory dram=4096 sram=65536
.region name="x" kind=input offset=0x0 size=64
.region name="y" kind=output offset=0x40 size=64
.input name="x" dtype=i8 shape=1x64 region="x"
.output name="y" dtype=i8 shape=1x64 region="y"
.queue vector
  matmul.i8 a=0 lda=1 b=0 c=0 ldc=1 m=1 k=1 n=1 bias_addr=0 @"fc"

//--- deadlock.s
.target edge
.memory dram=4096 sram=65536
.region name="x" kind=input offset=0x0 size=64
.region name="y" kind=output offset=0x40 size=64
.input name="x" dtype=i8 shape=1x64 region="x"
.output name="y" dtype=i8 shape=1x64 region="y"
.queue dma0
  signal semaphore=3
  wait semaphore=1 @"gate"
  signal semaphore=2
.queue vector
  wait semaphore=2
  signal semaphore=1

//--- misaligned.s
.target edge
.memory dram=4096 sram=65536
.region name="x" kind=input offset=0x0 size=64
.region name="y" kind=output offset=0x40 size=64
.input name="x" dtype=i8 shape=1x64 region="x"
.output name="y" dtype=i8 shape=1x64 region="y"
.queue vector
  act.relu.f32 out_dtype=f32 input=0x2 output=0x0 count=4 alpha=0 beta=0 @"relu"

//--- race.s
; The store forgets to wait for the activation that produces its data.
.target edge
.memory dram=4096 sram=65536
.region name="x" kind=input offset=0x0 size=64
.region name="y" kind=output offset=0x40 size=64
.input name="x" dtype=i8 shape=1x64 region="x"
.output name="y" dtype=i8 shape=1x64 region="y"
.queue dma0
  dma src_space=dram dst_space=sram src=0x0 dst=0x0 row_bytes=64 count0=1 count1=1 count2=1 src_stride0=0 src_stride1=0 src_stride2=0 dst_stride0=0 dst_stride1=0 dst_stride2=0 @"load"
  signal semaphore=0
  dma src_space=sram dst_space=dram src=0x40 dst=0x40 row_bytes=64 count0=1 count1=1 count2=1 src_stride0=0 src_stride1=0 src_stride2=0 dst_stride0=0 dst_stride1=0 dst_stride2=0 @"store"
.queue vector
  wait semaphore=0
  act.dequantize.i8 out_dtype=f16 input=0x0 output=0x40 count=32 alpha=0.5 beta=0 @"relu"
