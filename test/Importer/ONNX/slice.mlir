// ONNX Slice (opset 13; constant starts/ends/axes/steps) -> npu.slice with
// one resolved [start, end) and step per dimension. Per ONNX: negative
// starts/ends add the dimension size, then starts clamp to [0, dim] and ends
// to [0, dim] for positive steps; to [0, dim - 1] and [-1, dim - 1] for
// negative steps. Axes default to 0..len(starts)-1 and may be negative;
// steps default to 1; untouched dimensions are [0, dim) step 1. x is
// [4, 6, 8] in every model.

// RUN: npu-translate --import-onnx %S/Inputs/ops/slice_basic.onnx | FileCheck %s --check-prefix=BASIC
// RUN: npu-translate --import-onnx %S/Inputs/ops/slice_negative_indices.onnx | FileCheck %s --check-prefix=NEGIDX
// RUN: npu-translate --import-onnx %S/Inputs/ops/slice_int64_max_end.onnx | FileCheck %s --check-prefix=MAXEND
// RUN: npu-translate --import-onnx %S/Inputs/ops/slice_negative_step.onnx | FileCheck %s --check-prefix=NEGSTEP
// RUN: npu-translate --import-onnx %S/Inputs/ops/slice_steps.onnx | FileCheck %s --check-prefix=STEPS
// RUN: npu-translate --import-onnx %S/Inputs/ops/slice_mixed.onnx | FileCheck %s --check-prefix=MIXED

// starts [1, 2], ends [3, 5], no axes (0, 1): [1:3, 2:5, 0:8] -> [2, 3, 8].
// BASIC-LABEL: func.func @main(%arg0: tensor<4x6x8xf32> {npu.name = "x"}) -> (tensor<2x3x8xf32> {npu.name = "y"})
// BASIC-NOT: npu.constant
// BASIC-NEXT: %[[Y:[0-9]+]] = npu.slice %arg0 {ends = array<i64: 3, 5, 8>, starts = array<i64: 1, 2, 0>, steps = array<i64: 1, 1, 1>} : (tensor<4x6x8xf32>) -> tensor<2x3x8xf32>
// BASIC-NEXT: return %[[Y]] : tensor<2x3x8xf32>

// starts [-3], ends [-1], axes [-1]: axis 2, [8 - 3, 8 - 1) = [5, 7) -> 2.
// NEGIDX-LABEL: func.func @main(%arg0: tensor<4x6x8xf32> {npu.name = "x"}) -> (tensor<4x6x2xf32> {npu.name = "y"})
// NEGIDX-NEXT: %[[Y:[0-9]+]] = npu.slice %arg0 {ends = array<i64: 4, 6, 7>, starts = array<i64: 0, 0, 5>, steps = array<i64: 1, 1, 1>} : (tensor<4x6x8xf32>) -> tensor<4x6x2xf32>
// NEGIDX-NEXT: return %[[Y]] : tensor<4x6x2xf32>

// starts [2], ends [INT64_MAX] on axis 1: the end clamps to 6 -> [2, 6).
// MAXEND-LABEL: func.func @main(%arg0: tensor<4x6x8xf32> {npu.name = "x"}) -> (tensor<4x4x8xf32> {npu.name = "y"})
// MAXEND-NEXT: %[[Y:[0-9]+]] = npu.slice %arg0 {ends = array<i64: 4, 6, 8>, starts = array<i64: 0, 2, 0>, steps = array<i64: 1, 1, 1>} : (tensor<4x6x8xf32>) -> tensor<4x4x8xf32>
// MAXEND-NEXT: return %[[Y]] : tensor<4x4x8xf32>

// starts [-1], ends [INT64_MIN], axis 2, step -1: start 8 - 1 = 7, end
// clamps to -1: the whole axis reversed (7, 6, ..., 0) -> 8.
// NEGSTEP-LABEL: func.func @main(%arg0: tensor<4x6x8xf32> {npu.name = "x"}) -> (tensor<4x6x8xf32> {npu.name = "y"})
// NEGSTEP-NEXT: %[[Y:[0-9]+]] = npu.slice %arg0 {ends = array<i64: 4, 6, -1>, starts = array<i64: 0, 0, 7>, steps = array<i64: 1, 1, -1>} : (tensor<4x6x8xf32>) -> tensor<4x6x8xf32>
// NEGSTEP-NEXT: return %[[Y]] : tensor<4x6x8xf32>

// starts [0, 1], ends [4, 8], axes [0, 2], steps [2, 3]:
// axis 0 {0, 2} -> 2; axis 2 {1, 4, 7} -> 3.
// STEPS-LABEL: func.func @main(%arg0: tensor<4x6x8xf32> {npu.name = "x"}) -> (tensor<2x6x3xf32> {npu.name = "y"})
// STEPS-NEXT: %[[Y:[0-9]+]] = npu.slice %arg0 {ends = array<i64: 4, 6, 8>, starts = array<i64: 0, 0, 1>, steps = array<i64: 2, 1, 3>} : (tensor<4x6x8xf32>) -> tensor<2x6x3xf32>
// STEPS-NEXT: return %[[Y]] : tensor<2x6x3xf32>

// starts [1, -5, 6], ends [INT64_MAX, -1, 0], axes [0, 1, -1], steps [1, 2, -2]:
// axis 0 [1, 4) -> 3; axis 1 [6 - 5, 6 - 1) = [1, 5) step 2 {1, 3} -> 2;
// axis 2 from 6 down to (not incl.) 0 step -2 {6, 4, 2} -> 3.
// MIXED-LABEL: func.func @main(%arg0: tensor<4x6x8xf32> {npu.name = "x"}) -> (tensor<3x2x3xf32> {npu.name = "y"})
// MIXED-NEXT: %[[Y:[0-9]+]] = npu.slice %arg0 {ends = array<i64: 4, 5, 0>, starts = array<i64: 1, 1, 6>, steps = array<i64: 1, 2, -2>} : (tensor<4x6x8xf32>) -> tensor<3x2x3xf32>
// MIXED-NEXT: return %[[Y]] : tensor<3x2x3xf32>
