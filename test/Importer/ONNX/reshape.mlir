// ONNX Reshape with a constant shape -> npu.reshape whose result type is the
// resolved shape: a 0 copies the input dimension at that index (allowzero 0),
// one -1 takes the remaining element count. The shape constant and any
// Shape/Gather/Unsqueeze/Concat subgraph computing it fold away.

// RUN: npu-translate --import-onnx %S/Inputs/ops/reshape_basic.onnx | FileCheck %s --check-prefix=BASIC
// RUN: npu-translate --import-onnx %S/Inputs/ops/reshape_neg1_and_zero.onnx | FileCheck %s --check-prefix=ZERONEG
// RUN: npu-translate --import-onnx %S/Inputs/ops/reshape_zero_middle_neg1_first.onnx | FileCheck %s --check-prefix=NEGZERO
// RUN: npu-translate --import-onnx %S/Inputs/ops/reshape_flatten_shape_subgraph.onnx | FileCheck %s --check-prefix=SUBGRAPH

// [2, 3, 4] -> [6, 4].
// BASIC-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<6x4xf32> {npu.name = "y"})
// BASIC-NOT: npu.constant
// BASIC-NEXT: %[[Y:[0-9]+]] = npu.reshape %arg0 : (tensor<2x3x4xf32>) -> tensor<6x4xf32>
// BASIC-NEXT: return %[[Y]] : tensor<6x4xf32>

// [0, -1] on [2, 3, 4]: [2, 24 / 2] = [2, 12].
// ZERONEG-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x12xf32> {npu.name = "y"})
// ZERONEG-NOT: npu.constant
// ZERONEG-NEXT: %[[Y:[0-9]+]] = npu.reshape %arg0 : (tensor<2x3x4xf32>) -> tensor<2x12xf32>
// ZERONEG-NEXT: return %[[Y]] : tensor<2x12xf32>

// [-1, 0, 2] on [2, 3, 4]: the 0 copies 3, so -1 is 24 / (3 * 2) = 4: [4, 3, 2].
// NEGZERO-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<4x3x2xf32> {npu.name = "y"})
// NEGZERO-NOT: npu.constant
// NEGZERO-NEXT: %[[Y:[0-9]+]] = npu.reshape %arg0 : (tensor<2x3x4xf32>) -> tensor<4x3x2xf32>
// NEGZERO-NEXT: return %[[Y]] : tensor<4x3x2xf32>

// PyTorch's x.view(x.size(0), -1): Shape -> Gather(0) -> Unsqueeze -> Concat
// with [-1] -> Reshape. The shape subgraph folds to [1, -1] at import, so
// only the reshape [1, 64, 7, 7] -> [1, 3136] remains.
// SUBGRAPH-LABEL: func.func @main(%arg0: tensor<1x64x7x7xf32> {npu.name = "x"}) -> (tensor<1x3136xf32> {npu.name = "y"})
// SUBGRAPH-NOT: npu.constant
// SUBGRAPH-NOT: npu.gather
// SUBGRAPH-NOT: npu.concat
// SUBGRAPH-NEXT: %[[Y:[0-9]+]] = npu.reshape %arg0 : (tensor<1x64x7x7xf32>) -> tensor<1x3136xf32>
// SUBGRAPH-NEXT: return %[[Y]] : tensor<1x3136xf32>
// SUBGRAPH-NOT: npu.
