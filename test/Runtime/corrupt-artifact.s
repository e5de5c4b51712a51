; A damaged or foreign file is an error naming the file, never a crash, and
; bad inputs are refused before anything runs.
;
; RUN: rm -rf %t && mkdir -p %t
; RUN: npu-translate --assemble %s -o %t/ok.npub
; RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.ones((2, 4), np.float32)); np.save('%t/x64.npy', np.ones((2, 4), np.float64)); np.save('%t/x8.npy', np.ones(8, np.float32))"
; RUN: npu-run %t/ok.npub --input x=%t/x.npy --output %t/out --quiet
;
; RUN: head -c 100 %t/ok.npub > %t/cut.npub
; RUN: not npu-run %t/cut.npub --input x=%t/x.npy --output %t/out2 2>&1 | FileCheck %s --check-prefix=CUT
; RUN: not npu-translate --disassemble %t/cut.npub 2>&1 | FileCheck %s --check-prefix=CUT
; CUT: error: {{.*}}cut.npub: the checksum trailer is corrupt or missing
;
; RUN: cp %s %t/source.npub
; RUN: not npu-run %t/source.npub --input x=%t/x.npy --output %t/out2 2>&1 | FileCheck %s --check-prefix=FOREIGN
; FOREIGN: npu-run: error: {{.*}}source.npub: not an npu-mlir artifact (no 'NPUB' identifier)
;
; A flipped bit is an error naming the section it hit (the size prefix is a
; header byte).
; RUN: %python -c "d = bytearray(open('%t/ok.npub', 'rb').read()); d[4:8] = (len(d) + 100).to_bytes(4, 'little'); open('%t/flip.npub', 'wb').write(d)"
; RUN: not npu-run %t/flip.npub --input x=%t/x.npy --output %t/out2 2>&1 | FileCheck %s --check-prefix=FLIP
; FLIP: npu-run: error: {{.*}}flip.npub: the header section is corrupt (checksum mismatch)
;
; Devices and FIFOs are refused before they are opened (they never end, or
; block the open).
; RUN: not npu-run /dev/zero --input x=%t/x.npy --output %t/out2 2>&1 | FileCheck %s --check-prefix=DEVICE
; DEVICE: npu-run: error: artifact '/dev/zero' is a device; npu-mlir reads regular files only
; RUN: rm -f %t/fifo && mkfifo %t/fifo
; RUN: not npu-run %t/fifo --input x=%t/x.npy --output %t/out2 2>&1 | FileCheck %s --check-prefix=FIFO
; FIFO: npu-run: error: artifact '{{.*}}fifo' is a FIFO; npu-mlir reads regular files only
; RUN: not npu-run %t/ok.npub --input x=/dev/zero --output %t/out2 2>&1 | FileCheck %s --check-prefix=NPYDEVICE
; NPYDEVICE: npu-run: error: input 'x': .npy file '/dev/zero' is a device; npu-mlir reads regular files only
; RUN: not npu-run %t/ok.npub --input bogus=%t/x.npy --output %t/out2 2>&1 | FileCheck %s --check-prefix=BOGUS
; BOGUS: npu-run: error: the model has no input 'bogus' (inputs: x)
;
; RUN: not npu-run %t/ok.npub --input x=%t/x64.npy --output %t/out2 2>&1 | FileCheck %s --check-prefix=DTYPE
; DTYPE: npu-run: error: input 'x' must be 2x4 float32; got 2x4 float64
; RUN: not npu-run %t/ok.npub --input x=%t/x8.npy --output %t/out2 2>&1 | FileCheck %s --check-prefix=SHAPE
; SHAPE: npu-run: error: input 'x' must be 2x4 float32; got 8 float32
; RUN: not npu-run %t/ok.npub --output %t/out2 2>&1 | FileCheck %s --check-prefix=MISSING
; MISSING: npu-run: error: missing input 'x' (f32 2x4): give --input x=file.npy
; RUN: not npu-run %t/ok.npub --input y=%t/x.npy --input x=%t/x.npy --output %t/out2 2>&1 | FileCheck %s --check-prefix=UNKNOWN
; UNKNOWN: npu-run: error: the model has no input 'y' (inputs: x)
; RUN: not npu-run %t/ok.npub --reference --input x=%t/x.npy --output %t/out2 2>&1 | FileCheck %s --check-prefix=REF
; REF: npu-run: error: --reference runs .onnx and .mlir models; run a compiled .npub artifact without --reference, on the simulator
; RUN: test ! -e %t/out2

.target edge
.memory dram=4096 sram=65536
.region name="x" kind=input offset=0x0 size=32
.region name="y" kind=output offset=0x40 size=32
.input name="x" dtype=f32 shape=2x4 region="x"
.output name="y" dtype=f32 shape=2x4 region="y"
.queue dma0
  dma src_space=dram dst_space=sram src=0x0 dst=0x0 row_bytes=32 count0=1 count1=1 count2=1 src_stride0=0 src_stride1=0 src_stride2=0 dst_stride0=0 dst_stride1=0 dst_stride2=0
  dma src_space=sram dst_space=dram src=0x0 dst=0x40 row_bytes=32 count0=1 count1=1 count2=1 src_stride0=0 src_stride1=0 src_stride2=0 dst_stride0=0 dst_stride1=0 dst_stride2=0
