; A model whose command is invalid on its target (for the C API test): relu
; writes past the end of the edge target's 2 MiB SRAM, which the simulator
; refuses when the model is loaded (npu_model_load_* -> NPU_ERROR_FAULT).
.target edge
.memory dram=4096 sram=65536
.region name="x" kind=input offset=0x0 size=32
.region name="y" kind=output offset=0x40 size=32
.input name="x" dtype=f32 shape=8 region="x"
.output name="y" dtype=f32 shape=8 region="y"

.queue vector
   0: act.relu.f32 out_dtype=f32 input=0x0 output=0x1ffff0 count=8 alpha=0 beta=0 @"bad_relu"
