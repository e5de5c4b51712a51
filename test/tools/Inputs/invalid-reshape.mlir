// Used by npu-translate.mlir: an op the verifier rejects.
func.func @f(%x: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %0 = npu.reshape %x : (tensor<2x3xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}
