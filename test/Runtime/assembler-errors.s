; The assembler names the file and line of every mistake.
;
; RUN: rm -rf %t && split-file %s %t
; RUN: not npu-translate --assemble %t/field.s -o %t/a.npub 2>&1 | FileCheck %s --check-prefix=FIELD
; FIELD: npu-translate: error: {{.*}}field.s:4: error: 'dma' is missing field 'dst_stride2'
; RUN: not npu-translate --assemble %t/target.s -o %t/a.npub 2>&1 | FileCheck %s --check-prefix=TARGET
; TARGET: npu-translate: error: {{.*}}target.s:1: error: unknown target 'tpu': give a preset (edge, server) or a target description file (.json)
; RUN: not npu-translate --assemble %t/overlap.s -o %t/a.npub 2>&1 | FileCheck %s --check-prefix=OVERLAP
; OVERLAP: npu-translate: error: {{.*}}overlap.s: error: regions 'a' and 'b' overlap
; RUN: not npu-translate --assemble %t/overlap.s 2>&1 | FileCheck %s --check-prefix=OVERLAP
; RUN: test ! -e %t/a.npub

//--- field.s
.target edge
.memory dram=64 sram=64
.queue dma0
  dma src_space=dram dst_space=sram src=0 dst=0 row_bytes=1 count0=1 count1=1 count2=1 src_stride0=0 src_stride1=0 src_stride2=0 dst_stride0=0 dst_stride1=0
//--- target.s
.target tpu
//--- overlap.s
.target edge
.memory dram=64 sram=64
.region name="a" kind=scratch offset=0 size=32
.region name="b" kind=scratch offset=16 size=32
