; A model that faults while it runs (for the C API test): both queues wait on
; semaphores nobody signals, which the simulator reports as a deadlock at
; npu_job_wait. Its descriptors exercise npu_model_tensor_info: an input of
; rank 9 (more than NPU_MAX_RANK) and two quantized outputs, one per tensor
; and one per channel.
.target edge
.memory dram=4096 sram=65536
.region name="x" kind=input offset=0x0 size=32
.region name="q" kind=output offset=0x40 size=8
.region name="pc" kind=output offset=0x80 size=8
.input name="x" dtype=f32 shape=1x1x1x1x1x1x1x1x8 region="x"
.output name="q" dtype=i8 shape=8 region="q" scales=0.5 zero_points=-3 axis=-1
.output name="pc" dtype=i8 shape=2x4 region="pc" scales=0.5,0.25 zero_points=1,2 axis=0

.queue dma0
   0: dma src_space=dram dst_space=sram src=0x0 dst=0x0 row_bytes=32 count0=1 count1=1 count2=1 src_stride0=0 src_stride1=0 src_stride2=0 dst_stride0=0 dst_stride1=0 dst_stride2=0 @"load_x"
   1: wait semaphore=3

.queue vector
   0: wait semaphore=4 @"stuck"
