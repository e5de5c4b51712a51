; --trust-constants skips only the weights' checksum: a flipped weight then
; loads and runs (with the damaged weight), while a flipped header or
; command byte is still refused.
;
; RUN: rm -rf %t && mkdir -p %t
; RUN: npu-translate --assemble %s -o %t/ok.npub
; RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.zeros((1, 8), np.float32))"
; b[0] = 1.0 (0000803f) becomes 4.0 (00008040): one byte of the exponent.
; RUN: %python -c "d = bytearray(open('%t/ok.npub', 'rb').read()); i = d.index(bytes.fromhex('0000803f00000040')); d[i + 3] ^= 0x7f; open('%t/weight.npub', 'wb').write(d)"
; RUN: not npu-run %t/weight.npub --input x=%t/x.npy --output %t/out 2>&1 | FileCheck %s --check-prefix=CHECKED
; CHECKED: npu-run: error: {{.*}}weight.npub: the constants section is corrupt (checksum mismatch)
; RUN: npu-run %t/weight.npub --trust-constants --input x=%t/x.npy --output %t/out --quiet
; RUN: %python -c "import numpy as np; print(np.load('%t/out/y.npy').tolist())" | FileCheck %s --check-prefix=TRUSTED
; TRUSTED: {{^}}{{\[\[}}4.0, 2.0, 3.0, 4.0, 0.0, 0.0, 0.0, 0.0]]
;
; RUN: %python -c "d = bytearray(open('%t/ok.npub', 'rb').read()); d[4] ^= 1; open('%t/header.npub', 'wb').write(d)"
; RUN: not npu-run %t/header.npub --trust-constants --input x=%t/x.npy --output %t/out2 2>&1 | FileCheck %s --check-prefix=HEADER
; HEADER: npu-run: error: {{.*}}header.npub: the header section is corrupt (checksum mismatch)
; RUN: test ! -e %t/out2

.target edge
.memory dram=4096 sram=65536
.region name="consts" kind=const offset=0x0 size=32
.region name="x" kind=input offset=0x40 size=32
.region name="y" kind=output offset=0x80 size=32
.input name="x" dtype=f32 shape=1x8 region="x"
.output name="y" dtype=f32 shape=1x8 region="y"
.constants region="consts"
; b = 1 2 3 4 -1 -2 -3 -4; y = relu(x + b)
.hex 0000803f000000400000404000008040000080bf000000c0000040c0000080c0

.queue dma0
   0: dma src_space=dram dst_space=sram src=0x40 dst=0x0 row_bytes=32 count0=1 count1=1 count2=1 src_stride0=0 src_stride1=0 src_stride2=0 dst_stride0=0 dst_stride1=0 dst_stride2=0
   1: signal semaphore=0
   2: wait semaphore=2
   3: dma src_space=sram dst_space=dram src=0x40 dst=0x80 row_bytes=32 count0=1 count1=1 count2=1 src_stride0=0 src_stride1=0 src_stride2=0 dst_stride0=0 dst_stride1=0 dst_stride2=0

.queue dma1
   0: dma src_space=dram dst_space=sram src=0x0 dst=0x20 row_bytes=32 count0=1 count1=1 count2=1 src_stride0=0 src_stride1=0 src_stride2=0 dst_stride0=0 dst_stride1=0 dst_stride2=0
   1: signal semaphore=1

.queue vector
   0: wait semaphore=0
   1: wait semaphore=1
   2: eltwise.add.f32 out_dtype=f32 lhs=0x0 rhs=0x20 output=0x40 count=8 rhs_period=8
   3: act.relu.f32 out_dtype=f32 input=0x40 output=0x40 count=8 alpha=0 beta=0
   4: signal semaphore=2
