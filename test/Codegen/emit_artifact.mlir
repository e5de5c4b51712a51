// Codegen end to end in lit: the lowering pipeline, then the artifact, read
// back as assembly. A ReLU of 2 x 8 f16 values becomes one DMA in, one
// vector command and one DMA out, ordered by two semaphores.
// RUN: npu-opt %s --npu-hw-pipeline=target=edge | npu-translate --emit-artifact | npu-translate --disassemble - | FileCheck %s
// To a file, the same bytes (written atomically).
// RUN: npu-opt %s --npu-hw-pipeline=target=edge -o %t.mlir
// RUN: npu-translate --emit-artifact %t.mlir -o %t.npub
// RUN: npu-translate --disassemble %t.npub | FileCheck %s
// RUN: npu-translate --emit-artifact %t.mlir > %t.piped.npub
// RUN: cmp %t.npub %t.piped.npub
// RUN: npu-translate --emit-artifact -o %t.stdin.npub < %t.mlir
// RUN: cmp %t.npub %t.stdin.npub

// CHECK: .target edge
// CHECK: .input name="input0" dtype=f16 shape=2x8
// CHECK: .output name="output1" dtype=f16 shape=2x8
// CHECK-LABEL: .queue dma0
// CHECK-NEXT: 0: dma src_space=dram dst_space=sram src=0x0 dst=0x0 row_bytes=32
// CHECK-NEXT: 1: signal semaphore=[[LOADED:[0-9]+]]
// CHECK-LABEL: .queue dma1
// CHECK-NEXT: 0: wait semaphore=[[COMPUTED:[0-9]+]]
// CHECK-NEXT: 1: dma src_space=sram dst_space=dram {{.*}} row_bytes=32
// CHECK-LABEL: .queue vector
// CHECK-NEXT: 0: wait semaphore=[[LOADED]]
// CHECK-NEXT: 1: act.relu.f16 out_dtype=f16 {{.*}} count=16
// CHECK-NEXT: 2: signal semaphore=[[COMPUTED]]
func.func @relu(%x: tensor<2x8xf16>) -> tensor<2x8xf16> {
  %0 = npu.unary relu %x : (tensor<2x8xf16>) -> tensor<2x8xf16>
  return %0 : tensor<2x8xf16>
}
