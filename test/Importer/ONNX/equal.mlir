// ONNX Equal is evaluated at import: its inputs must be constants (shape
// arithmetic, PyTorch's expand export) and the result is an i1 npu.constant
// of the numpy broadcast of the two shapes. Floats compare as IEEE values:
// -0 equals 0, NaN equals nothing. A run-time input is refused, naming it.

// RUN: npu-translate --import-onnx %S/Inputs/ops/equal_int64_broadcast.onnx | FileCheck %s --check-prefix=INT64
// RUN: npu-translate --import-onnx %S/Inputs/ops/equal_float.onnx | FileCheck %s --check-prefix=FLOAT
// RUN: npu-translate --import-onnx %S/Inputs/ops/equal_shape_where_expand.onnx | FileCheck %s --check-prefix=EXPAND
// RUN: not npu-translate --import-onnx %S/Inputs/ops/equal_runtime_input.onnx 2>&1 | FileCheck %s --check-prefix=RUNTIME

// [[1, 2, 3], [3, 2, 1]] == [3, 2, 1] (broadcast over the rows):
// [[F, T, F], [T, T, T]].
// INT64-LABEL: func.func @main() -> (tensor<2x3xi1> {npu.name = "y"})
// INT64-NEXT: %[[C:[0-9]+]] = npu.constant dense<{{\[\[}}false, true, false], [true, true, true]]> : tensor<2x3xi1>
// INT64-NEXT: return %[[C]] : tensor<2x3xi1>

// [0, -0, NaN, 1.5, 2] == [-0, 0, NaN, 1.5, -2]: [T, T, F, T, F].
// FLOAT-LABEL: func.func @main() -> (tensor<5xi1> {npu.name = "y"})
// FLOAT-NEXT: %[[C:[0-9]+]] = npu.constant dense<[true, true, false, true, false]> : tensor<5xi1>
// FLOAT-NEXT: return %[[C]] : tensor<5xi1>

// Shape(x) = [2, 1, 4]; Equal(., [1]) = [F, T, F]; Where(., [3], shape) =
// [2, 3, 4]; Expand(x, [2, 3, 4]). The whole shape computation folds: only
// the broadcast of x remains.
// EXPAND-LABEL: func.func @main(%arg0: tensor<2x1x4xf32> {npu.name = "x"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// EXPAND-NOT: npu.constant
// EXPAND-NEXT: %[[Y:[0-9]+]] = npu.broadcast %arg0 : (tensor<2x1x4xf32>) -> tensor<2x3x4xf32>
// EXPAND-NEXT: return %[[Y]] : tensor<2x3x4xf32>
// EXPAND-NOT: npu.

// x is a graph input: its values are known only at run time.
// RUNTIME-NOT: module
// RUNTIME: equal_runtime_input.onnx{{.*}}: error: 'equal1' (Equal): unsupported: is evaluated at import and needs constant inputs, but input 0 ('x') is computed at run time
// RUNTIME-NOT: {{module|error}}
