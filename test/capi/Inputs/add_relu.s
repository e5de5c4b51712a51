; y = relu(x + b) on eight f32 elements, for the C API test
; (test/capi/RuntimeCApiTest.c computes the same by hand).
;
; DRAM image: b (constants) at 0x0, x at 0x40, y at 0x80.
; SRAM:       x at 0x0, b at 0x20, x + b and then y at 0x40.
; dma0 loads x and dma1 loads b; each signals the vector queue, which adds,
; applies relu and signals dma0 to store y.
.target edge
.memory dram=4096 sram=65536
.region name="consts" kind=const offset=0x0 size=32
.region name="x" kind=input offset=0x40 size=32
.region name="y" kind=output offset=0x80 size=32
.input name="x" dtype=f32 shape=1x8 region="x"
.output name="y" dtype=f32 shape=1x8 region="y"
.constants region="consts"
; b[i] = 0.25 * i - 1: -1 -0.75 -0.5 -0.25 0 0.25 0.5 0.75
.hex 000080bf000040bf000000bf000080be000000000000803e0000003f0000403f

.queue dma0
   0: dma src_space=dram dst_space=sram src=0x40 dst=0x0 row_bytes=32 count0=1 count1=1 count2=1 src_stride0=0 src_stride1=0 src_stride2=0 dst_stride0=0 dst_stride1=0 dst_stride2=0 @"load_x"
   1: signal semaphore=0
   2: wait semaphore=2
   3: dma src_space=sram dst_space=dram src=0x40 dst=0x80 row_bytes=32 count0=1 count1=1 count2=1 src_stride0=0 src_stride1=0 src_stride2=0 dst_stride0=0 dst_stride1=0 dst_stride2=0 @"store_y"

.queue dma1
   0: dma src_space=dram dst_space=sram src=0x0 dst=0x20 row_bytes=32 count0=1 count1=1 count2=1 src_stride0=0 src_stride1=0 src_stride2=0 dst_stride0=0 dst_stride1=0 dst_stride2=0 @"load_b"
   1: signal semaphore=1

.queue vector
   0: wait semaphore=0
   1: wait semaphore=1
   2: eltwise.add.f32 out_dtype=f32 lhs=0x0 rhs=0x20 output=0x40 count=8 rhs_period=8 @"add"
   3: act.relu.f32 out_dtype=f32 input=0x40 output=0x40 count=8 alpha=0 beta=0 @"relu"
   4: signal semaphore=2
