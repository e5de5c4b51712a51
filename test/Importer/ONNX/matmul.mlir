// ONNX MatMul (numpy matmul) -> npu.matmul with broadcast batch dimensions;
// a 1-D lhs is a [1, K] row and a 1-D rhs a [K, 1] column, and the added
// dimension is removed from the result.

// RUN: npu-translate --import-onnx %S/Inputs/ops/matmul_2d.onnx | FileCheck %s --check-prefix=MM2D
// RUN: npu-translate --import-onnx %S/Inputs/ops/matmul_batched_3d.onnx | FileCheck %s --check-prefix=BATCHED
// RUN: npu-translate --import-onnx %S/Inputs/ops/matmul_3d_by_2d.onnx | FileCheck %s --check-prefix=MM3BY2
// RUN: npu-translate --import-onnx %S/Inputs/ops/matmul_broadcast_4d.onnx | FileCheck %s --check-prefix=BCAST4D
// RUN: npu-translate --import-onnx %S/Inputs/ops/matmul_broadcast_4d_by_3d.onnx | FileCheck %s --check-prefix=BCAST4BY3
// RUN: npu-translate --import-onnx %S/Inputs/ops/matmul_1d_by_2d.onnx | FileCheck %s --check-prefix=VECMAT
// RUN: npu-translate --import-onnx %S/Inputs/ops/matmul_2d_by_1d.onnx | FileCheck %s --check-prefix=MATVEC

// MM2D-LABEL: func.func @main(%arg0: tensor<4x8xf32> {npu.name = "a"}) -> (tensor<4x6xf32> {npu.name = "y"})
// MM2D-NEXT: %[[B:[0-9]+]] = npu.constant {{.+}} : tensor<8x6xf32>
// MM2D-NEXT: %[[Y:[0-9]+]] = npu.matmul %arg0, %[[B]] : (tensor<4x8xf32>, tensor<8x6xf32>) -> tensor<4x6xf32>
// MM2D-NEXT: return %[[Y]] : tensor<4x6xf32>

// BATCHED-LABEL: func.func @main(%arg0: tensor<2x4x8xf32> {npu.name = "a"}, %arg1: tensor<2x8x6xf32> {npu.name = "b"}) -> (tensor<2x4x6xf32> {npu.name = "y"})
// BATCHED-NEXT: %[[Y:[0-9]+]] = npu.matmul %arg0, %arg1 : (tensor<2x4x8xf32>, tensor<2x8x6xf32>) -> tensor<2x4x6xf32>
// BATCHED-NEXT: return %[[Y]] : tensor<2x4x6xf32>

// MM3BY2-LABEL: func.func @main(%arg0: tensor<2x4x8xf32> {npu.name = "a"}) -> (tensor<2x4x6xf32> {npu.name = "y"})
// MM3BY2-NEXT: %[[B:[0-9]+]] = npu.constant {{.+}} : tensor<8x6xf32>
// MM3BY2-NEXT: %[[Y:[0-9]+]] = npu.matmul %arg0, %[[B]] : (tensor<2x4x8xf32>, tensor<8x6xf32>) -> tensor<2x4x6xf32>
// MM3BY2-NEXT: return %[[Y]] : tensor<2x4x6xf32>

// Batch dims [2, 3] and [1, 3] broadcast to [2, 3].
// BCAST4D-LABEL: func.func @main(%arg0: tensor<2x3x4x8xf32> {npu.name = "a"}, %arg1: tensor<1x3x8x5xf32> {npu.name = "b"}) -> (tensor<2x3x4x5xf32> {npu.name = "y"})
// BCAST4D-NEXT: %[[Y:[0-9]+]] = npu.matmul %arg0, %arg1 : (tensor<2x3x4x8xf32>, tensor<1x3x8x5xf32>) -> tensor<2x3x4x5xf32>
// BCAST4D-NEXT: return %[[Y]] : tensor<2x3x4x5xf32>

// Batch dims [2, 1] and [3] broadcast to [2, 3].
// BCAST4BY3-LABEL: func.func @main(%arg0: tensor<2x1x4x8xf32> {npu.name = "a"}, %arg1: tensor<3x8x5xf32> {npu.name = "b"}) -> (tensor<2x3x4x5xf32> {npu.name = "y"})
// BCAST4BY3-NEXT: %[[Y:[0-9]+]] = npu.matmul %arg0, %arg1 : (tensor<2x1x4x8xf32>, tensor<3x8x5xf32>) -> tensor<2x3x4x5xf32>
// BCAST4BY3-NEXT: return %[[Y]] : tensor<2x3x4x5xf32>

// [8] x [8, 6] -> [6].
// VECMAT-LABEL: func.func @main(%arg0: tensor<8xf32> {npu.name = "a"}) -> (tensor<6xf32> {npu.name = "y"})
// VECMAT-DAG: %[[B:[0-9]+]] = npu.constant {{.+}} : tensor<8x6xf32>
// VECMAT-DAG: %[[ROW:[0-9]+]] = npu.reshape %arg0 : (tensor<8xf32>) -> tensor<1x8xf32>
// VECMAT: %[[MM:[0-9]+]] = npu.matmul %[[ROW]], %[[B]] : (tensor<1x8xf32>, tensor<8x6xf32>) -> tensor<1x6xf32>
// VECMAT-NEXT: %[[Y:[0-9]+]] = npu.reshape %[[MM]] : (tensor<1x6xf32>) -> tensor<6xf32>
// VECMAT-NEXT: return %[[Y]] : tensor<6xf32>

// [4, 8] x [8] -> [4]; the constant [8] operand folds to an [8, 1] column
// holding the same values.
// MATVEC-LABEL: func.func @main(%arg0: tensor<4x8xf32> {npu.name = "a"}) -> (tensor<4xf32> {npu.name = "y"})
// MATVEC-NOT: tensor<8xf32>
// MATVEC: %[[COL:[0-9]+]] = npu.constant dense<{{\[\[}}1.500000e+00], [1.750000e+00], [1.250000e+00], [-1.875000e+00], [1.750000e+00], [-6.250000e-01], [-2.000000e+00], [2.500000e-01]]> : tensor<8x1xf32>
// MATVEC-NEXT: %[[MM:[0-9]+]] = npu.matmul %arg0, %[[COL]] : (tensor<4x8xf32>, tensor<8x1xf32>) -> tensor<4x1xf32>
// MATVEC-NEXT: %[[Y:[0-9]+]] = npu.reshape %[[MM]] : (tensor<4x1xf32>) -> tensor<4xf32>
// MATVEC-NEXT: return %[[Y]] : tensor<4xf32>
