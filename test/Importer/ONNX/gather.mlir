// ONNX Gather -> npu.gather; result shape data[:axis] + indices.shape +
// data[axis + 1:]. Constant indices are resolved to non-negative ones at
// import (i < 0 -> i + dim); run-time indices (embeddings) pass through.

// RUN: npu-translate --import-onnx %S/Inputs/ops/gather_embedding_axis0.onnx | FileCheck %s --check-prefix=EMBED
// RUN: npu-translate --import-onnx %S/Inputs/ops/gather_axis1.onnx | FileCheck %s --check-prefix=AXIS1
// RUN: npu-translate --import-onnx %S/Inputs/ops/gather_negative_indices.onnx | FileCheck %s --check-prefix=NEGIDX
// RUN: npu-translate --import-onnx %S/Inputs/ops/gather_scalar_index.onnx | FileCheck %s --check-prefix=SCALAR

// table [10, 8] (initializer), indices [2, 5] (graph input) -> [2, 5, 8].
// EMBED-LABEL: func.func @main(%arg0: tensor<2x5xi64> {npu.name = "indices"}) -> (tensor<2x5x8xf32> {npu.name = "y"})
// EMBED-NEXT: %[[T:[0-9]+]] = npu.constant dense<{{\[\[}}-2.500000e-01, -2.500000e-01, -1.500000e+00, 1.125000e+00, 1.625000e+00, 1.375000e+00, -1.625000e+00, 8.750000e-01], {{.+}}> : tensor<10x8xf32>
// EMBED-NEXT: %[[Y:[0-9]+]] = npu.gather %[[T]], %arg0 {axis = 0 : i64} : (tensor<10x8xf32>, tensor<2x5xi64>) -> tensor<2x5x8xf32>
// EMBED-NEXT: return %[[Y]] : tensor<2x5x8xf32>

// AXIS1-LABEL: func.func @main(%arg0: tensor<3x5x4xf32> {npu.name = "x"}) -> (tensor<3x3x4xf32> {npu.name = "y"})
// AXIS1-NEXT: %[[I:[0-9]+]] = npu.constant dense<[0, 2, 4]> : tensor<3xi64>
// AXIS1-NEXT: %[[Y:[0-9]+]] = npu.gather %arg0, %[[I]] {axis = 1 : i64} : (tensor<3x5x4xf32>, tensor<3xi64>) -> tensor<3x3x4xf32>
// AXIS1-NEXT: return %[[Y]] : tensor<3x3x4xf32>

// indices [[-1, 0], [-2, 1]] on an axis of size 5 -> [[4, 0], [3, 1]];
// result [3] + [2, 2] + [4].
// NEGIDX-LABEL: func.func @main(%arg0: tensor<3x5x4xf32> {npu.name = "x"}) -> (tensor<3x2x2x4xf32> {npu.name = "y"})
// NEGIDX-NOT: -1
// NEGIDX-NEXT: %[[I:[0-9]+]] = npu.constant dense<{{\[\[}}4, 0], [3, 1]]> : tensor<2x2xi64>
// NEGIDX-NEXT: %[[Y:[0-9]+]] = npu.gather %arg0, %[[I]] {axis = 1 : i64} : (tensor<3x5x4xf32>, tensor<2x2xi64>) -> tensor<3x2x2x4xf32>
// NEGIDX-NEXT: return %[[Y]] : tensor<3x2x2x4xf32>

// A scalar index removes the axis: [3, 5, 4] at index 2 of axis 0 -> [5, 4].
// SCALAR-LABEL: func.func @main(%arg0: tensor<3x5x4xf32> {npu.name = "x"}) -> (tensor<5x4xf32> {npu.name = "y"})
// SCALAR-NEXT: %[[I:[0-9]+]] = npu.constant dense<2> : tensor<i64>
// SCALAR-NEXT: %[[Y:[0-9]+]] = npu.gather %arg0, %[[I]] {axis = 0 : i64} : (tensor<3x5x4xf32>, tensor<i64>) -> tensor<5x4xf32>
// SCALAR-NEXT: return %[[Y]] : tensor<5x4xf32>
