// A ResNet-18 basic block followed by a classifier head, in the npu dialect,
// as the ONNX importer will produce it: NCHW activations, OIHW filters, every
// op located at the ONNX node it came from, and the exporter's shape
// arithmetic (Shape -> Gather -> Concat -> Reshape) still in place.
//
//   npu-opt resnet_basic_block.mlir --canonicalize --npu-report-cost=per-op

func.func @main(%input: tensor<1x64x56x56xf32>,
                %conv1_w: tensor<64x64x3x3xf32>, %conv1_b: tensor<64xf32>,
                %conv2_w: tensor<64x64x3x3xf32>, %conv2_b: tensor<64xf32>,
                %fc_w: tensor<10x64xf32>, %fc_b: tensor<10xf32>) -> tensor<1x10xf32> {
  %0 = npu.conv2d %input, %conv1_w, %conv1_b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1}
      : (tensor<1x64x56x56xf32>, tensor<64x64x3x3xf32>, tensor<64xf32>) -> tensor<1x64x56x56xf32> loc("/layer1/layer1.0/conv1/Conv")
  %1 = npu.unary relu %0 : (tensor<1x64x56x56xf32>) -> tensor<1x64x56x56xf32> loc("/layer1/layer1.0/relu/Relu")
  %2 = npu.conv2d %1, %conv2_w, %conv2_b {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 1}
      : (tensor<1x64x56x56xf32>, tensor<64x64x3x3xf32>, tensor<64xf32>) -> tensor<1x64x56x56xf32> loc("/layer1/layer1.0/conv2/Conv")
  %3 = npu.binary add %2, %input : (tensor<1x64x56x56xf32>, tensor<1x64x56x56xf32>) -> tensor<1x64x56x56xf32> loc("/layer1/layer1.0/Add")
  %4 = npu.unary relu %3 : (tensor<1x64x56x56xf32>) -> tensor<1x64x56x56xf32> loc("/layer1/layer1.0/relu_1/Relu")
  %5 = npu.global_avg_pool2d %4 : (tensor<1x64x56x56xf32>) -> tensor<1x64x1x1xf32> loc("/avgpool/GlobalAveragePool")

  // torch.flatten as exported: the target shape is computed at run time from
  // the input's shape; with static shapes it folds to [1, 64].
  %shape = npu.constant dense<[1, 64, 1, 1]> : tensor<4xi64> loc("/Shape")
  %zero = npu.constant dense<[0]> : tensor<1xi64> loc("/Constant")
  %batch = npu.gather %shape, %zero {axis = 0} : (tensor<4xi64>, tensor<1xi64>) -> tensor<1xi64> loc("/Gather")
  %rest = npu.constant dense<[-1]> : tensor<1xi64> loc("/Constant_1")
  %target = npu.concat %batch, %rest {axis = 0} : (tensor<1xi64>, tensor<1xi64>) -> tensor<2xi64> loc("/Concat")
  %6 = npu.reshape %5 : (tensor<1x64x1x1xf32>) -> tensor<1x64xf32> loc("/Flatten")

  %7 = npu.fully_connected %6, %fc_w, %fc_b : (tensor<1x64xf32>, tensor<10x64xf32>, tensor<10xf32>) -> tensor<1x10xf32> loc("/fc/Gemm")
  %8 = npu.softmax %7 {axis = 1} : (tensor<1x10xf32>) -> tensor<1x10xf32> loc("/Softmax")
  return %8 : tensor<1x10xf32>
}
