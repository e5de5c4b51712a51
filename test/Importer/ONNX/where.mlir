// ONNX Where is evaluated at import: condition, x and y must be constants
// (shape arithmetic, PyTorch's expand export) and the result is an
// npu.constant of their numpy broadcast, x where the condition is true and
// y elsewhere. A run-time input is refused, naming it.

// RUN: npu-translate --import-onnx %S/Inputs/ops/where_broadcast.onnx | FileCheck %s --check-prefix=BROADCAST
// RUN: npu-translate --import-onnx %S/Inputs/ops/where_int64.onnx | FileCheck %s --check-prefix=INT64
// RUN: npu-translate --import-onnx %S/Inputs/ops/where_torch_expand.onnx | FileCheck %s --check-prefix=TORCH
// RUN: npu-translate --import-onnx %S/Inputs/ops/equal_shape_where_expand.onnx | FileCheck %s --check-prefix=SHAPE
// RUN: not npu-translate --import-onnx %S/Inputs/ops/where_runtime_input.onnx 2>&1 | FileCheck %s --check-prefix=RUNTIME

// condition [T, F, T] (per column), x [[1.5], [-2]] (per row), y 0.25
// (scalar) -> [2, 3]: [[1.5, 0.25, 1.5], [-2, 0.25, -2]].
// BROADCAST-LABEL: func.func @main() -> (tensor<2x3xf32> {npu.name = "y"})
// BROADCAST-NEXT: %[[C:[0-9]+]] = npu.constant dense<{{\[\[}}1.500000e+00, 2.500000e-01, 1.500000e+00], [-2.000000e+00, 2.500000e-01, -2.000000e+00]]> : tensor<2x3xf32>
// BROADCAST-NEXT: return %[[C]] : tensor<2x3xf32>

// condition [[T], [F]] (per row), x [1, 2, 3], y [[10, 20, 30], [40, 50, 60]]:
// row 0 from x, row 1 from y.
// INT64-LABEL: func.func @main() -> (tensor<2x3xi64> {npu.name = "y"})
// INT64-NEXT: %[[C:[0-9]+]] = npu.constant dense<{{\[\[}}1, 2, 3], [40, 50, 60]]> : tensor<2x3xi64>
// INT64-NEXT: return %[[C]] : tensor<2x3xi64>

// PyTorch's x.expand(3, -1): ones = ConstantOfShape(Shape(size)) = [1, 1];
// Equal(size [3, -1], ones * -1) = [F, T]; Where(., ones, size) = [3, 1];
// Expand([1, 4], [3, 1]) = [3, 4]. Only the broadcast remains.
// TORCH-LABEL: func.func @main(%arg0: tensor<1x4xf32> {npu.name = "x"}) -> (tensor<3x4xf32> {npu.name = "y"})
// TORCH-NOT: npu.constant
// TORCH-NEXT: %[[Y:[0-9]+]] = npu.broadcast %arg0 : (tensor<1x4xf32>) -> tensor<3x4xf32>
// TORCH-NEXT: return %[[Y]] : tensor<3x4xf32>
// TORCH-NOT: npu.

// Where(Shape(x) == 1, 3, Shape(x)) on x [2, 1, 4]: target [2, 3, 4].
// SHAPE-LABEL: func.func @main(%arg0: tensor<2x1x4xf32> {npu.name = "x"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// SHAPE-NOT: npu.binary
// SHAPE-NOT: i1
// SHAPE: npu.broadcast %arg0 : (tensor<2x1x4xf32>) -> tensor<2x3x4xf32>

// x (input 1) is a graph input: PyTorch's masked_fill on activations.
// RUNTIME-NOT: module
// RUNTIME: where_runtime_input.onnx{{.*}}: error: 'where1' (Where): unsupported: is evaluated at import and needs constant inputs, but input 1 ('x') is computed at run time
// RUNTIME-NOT: {{module|error}}
