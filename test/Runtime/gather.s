; The gather command (ISA 1.1): an embedding lookup of run-time i64 ids,
; negative ids counting from the end as in ONNX; an id outside the table is
; a fault that leaves no output; an artifact declaring ISA 1.0 cannot use it.
;
; RUN: rm -rf %t && split-file %s %t
; RUN: npu-translate --assemble %t/lookup.s -o %t/lookup.npub
; RUN: npu-translate --disassemble %t/lookup.npub | FileCheck %s --check-prefix=LIST
; RUN: npu-translate --disassemble %t/lookup.npub -o %t/again.s
; RUN: npu-translate --assemble %t/again.s -o %t/again.npub
; RUN: cmp %t/lookup.npub %t/again.npub
;
; RUN: %python -c "import numpy as np; np.save('%t/ids.npy', np.array([[2, 0, -1, 3, 2]], np.int64))"
; RUN: npu-run %t/lookup.npub --input ids=%t/ids.npy --output %t/out --stats | FileCheck %s --check-prefix=STATS
; RUN: %python -c "import numpy as np; y = np.load('%t/out/y.npy'); print(y.dtype, y.tolist())" | FileCheck %s --check-prefix=VALUES
;
; RUN: %python -c "import numpy as np; np.save('%t/bad.npy', np.array([[2, 0, 4, 3, 2]], np.int64))"
; RUN: not npu-run %t/lookup.npub --input ids=%t/bad.npy --output %t/bad-out 2>&1 | FileCheck %s --check-prefix=BAD
; RUN: test ! -e %t/bad-out/y.npy
; RUN: %python -c "import numpy as np; np.save('%t/low.npy', np.array([[2, 0, -5, 3, 2]], np.int64))"
; RUN: not npu-run %t/lookup.npub --input ids=%t/low.npy --output %t/low-out 2>&1 | FileCheck %s --check-prefix=LOW
;
; RUN: not npu-translate --assemble %t/old-isa.s -o %t/old.npub 2>&1 | FileCheck %s --check-prefix=OLD
; RUN: test ! -e %t/old.npub
; RUN: sed 's/table_rows=4/table_rows=5/' %t/lookup.s > %t/table-range.s
; RUN: npu-translate --assemble %t/table-range.s -o %t/range.npub
; RUN: not npu-run %t/range.npub --input ids=%t/ids.npy --output %t/range-out 2>&1 | FileCheck %s --check-prefix=RANGE

; Without an .isa line the assembler declares the lowest version the text
; needs: i64 tensors and gather are 1.1.
; LIST:      .isa 1.1
; LIST:      .input name="ids" dtype=i64 shape=1x5 region="ids"
; LIST:         1: gather.i64 src_space=dram dst_space=sram src=0x0 dst=0x40 indices=0x0 row_bytes=8 count=5 table_rows=4 src_stride=8 dst_stride=8 @"embedding"

; Cycles (edge: DRAM latency 200, 17 B/cycle, 2 cycles per row, SRAM
; 512 B/cycle): loading the 40 bytes of ids takes 200 + 3 + 2 = 205; the
; gather's 5 rows of 8 bytes take 200 + 3 + 5 * 2 + 1 (reading 40 bytes of
; ids from SRAM) = 214, to 419; the store 200 + 3 + 2 = 205, to 624.
; STATS: y f32 5x2 min 0.00 max 31.00
; STATS: simulated on 'edge' at 1000 MHz: 624 cycles = 0.6 us
; STATS: dma0 3 624 100.0%
; STATS: DRAM read 80 bytes, written 40 bytes

; VALUES: float32 {{\[\[}}20.0, 21.0], [0.0, 1.0], [30.0, 31.0], [30.0, 31.0], [20.0, 21.0]]

; BAD: npu-run: error: fault: DMA out of range: dma0 command 1 (gather, node 'embedding'): index 4 (destination row 2) is outside the 4-row table
; LOW: npu-run: error: fault: DMA out of range: dma0 command 1 (gather, node 'embedding'): index -5 (destination row 2) is outside the 4-row table
; OLD: error: it declares ISA 1.0 but uses commands or i64 tensors of ISA 1.1
; A table of 5 rows would read past the 32-byte constant region: refused
; before anything runs, whatever the ids.
; RANGE: npu-run: error: fault: DMA out of range: dma0 command 1 (gather, node 'embedding'): table [0x0, +40) is outside every allocated DRAM region

//--- lookup.s
.target edge
.memory dram=4096 sram=65536
.region name="table" kind=const offset=0x0 size=32
.region name="ids" kind=input offset=0x40 size=40
.region name="y" kind=output offset=0x80 size=40
.input name="ids" dtype=i64 shape=1x5 region="ids"
.output name="y" dtype=f32 shape=5x2 region="y"
.constants region="table"
; row r = [10 r, 10 r + 1]
.hex 000000000000803f00002041000030410000a0410000a8410000f0410000f841
.queue dma0
  dma src_space=dram dst_space=sram src=0x40 dst=0x0 row_bytes=40 count0=1 count1=1 count2=1 src_stride0=0 src_stride1=0 src_stride2=0 dst_stride0=0 dst_stride1=0 dst_stride2=0 @"load_ids"
  gather.i64 src_space=dram dst_space=sram src=0x0 dst=0x40 indices=0x0 row_bytes=8 count=5 table_rows=4 src_stride=8 dst_stride=8 @"embedding"
  dma src_space=sram dst_space=dram src=0x40 dst=0x80 row_bytes=40 count0=1 count1=1 count2=1 src_stride0=0 src_stride1=0 src_stride2=0 dst_stride0=0 dst_stride1=0 dst_stride2=0 @"store_y"

//--- old-isa.s
.isa 1.0
.target edge
.memory dram=4096 sram=65536
.region name="table" kind=const offset=0x0 size=32
.region name="ids" kind=input offset=0x40 size=40
.region name="y" kind=output offset=0x80 size=40
.input name="ids" dtype=i64 shape=1x5 region="ids"
.output name="y" dtype=f32 shape=5x2 region="y"
.constants region="table"
.hex 0000000000000000000000000000000000000000000000000000000000000000
.queue dma0
  gather.i64 src_space=dram dst_space=sram src=0x0 dst=0x40 indices=0x0 row_bytes=8 count=5 table_rows=4 src_stride=8 dst_stride=8
