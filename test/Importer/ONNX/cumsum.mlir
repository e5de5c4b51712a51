// ONNX CumSum is evaluated at import, for constant integer tensors only
// (RoBERTa-style position ids: CumSum over ConstantOfShape(Shape(ids))): the
// result is an npu.constant. `exclusive` leaves out the current element,
// `reverse` sums from the end; the axis may be negative. A run-time input is
// refused, naming it, and so is a float tensor.

// RUN: npu-translate --import-onnx %S/Inputs/ops/cumsum_axis1.onnx | FileCheck %s --check-prefix=AXIS1
// RUN: npu-translate --import-onnx %S/Inputs/ops/cumsum_negative_axis.onnx | FileCheck %s --check-prefix=NEGAXIS
// RUN: npu-translate --import-onnx %S/Inputs/ops/cumsum_exclusive.onnx | FileCheck %s --check-prefix=EXCLUSIVE
// RUN: npu-translate --import-onnx %S/Inputs/ops/cumsum_reverse.onnx | FileCheck %s --check-prefix=REVERSE
// RUN: npu-translate --import-onnx %S/Inputs/ops/cumsum_exclusive_reverse.onnx | FileCheck %s --check-prefix=EXCLREV
// RUN: npu-translate --import-onnx %S/Inputs/ops/cumsum_3d_axis1.onnx | FileCheck %s --check-prefix=AXIS1_3D
// RUN: npu-translate --import-onnx %S/Inputs/ops/cumsum_int32.onnx | FileCheck %s --check-prefix=INT32
// RUN: npu-translate --import-onnx %S/Inputs/ops/cumsum_position_ids.onnx | FileCheck %s --check-prefix=POSIDS
// RUN: npu-translate --import-onnx %S/Inputs/ops/cumsum_position_ids_exclusive.onnx | FileCheck %s --check-prefix=POSIDS
// RUN: not npu-translate --import-onnx %S/Inputs/ops/cumsum_runtime_input.onnx 2>&1 | FileCheck %s --check-prefix=RUNTIME
// RUN: not npu-translate --import-onnx %S/Inputs/ops/cumsum_float.onnx 2>&1 | FileCheck %s --check-prefix=FLOAT

// x = [[1, 2, 3], [4, 5, 6]] in the [2, 3] models below.

// Along the rows: [[1, 1+2, 1+2+3], [4, 4+5, 4+5+6]].
// AXIS1-LABEL: func.func @main() -> (tensor<2x3xi64> {npu.name = "y"})
// AXIS1-NEXT: %[[C:[0-9]+]] = npu.constant dense<{{\[\[}}1, 3, 6], [4, 9, 15]]> : tensor<2x3xi64>
// AXIS1-NEXT: return %[[C]] : tensor<2x3xi64>

// axis -2 is axis 0, down the columns: [[1, 2, 3], [1+4, 2+5, 3+6]].
// NEGAXIS-LABEL: func.func @main() -> (tensor<2x3xi64> {npu.name = "y"})
// NEGAXIS-NEXT: %[[C:[0-9]+]] = npu.constant dense<{{\[\[}}1, 2, 3], [5, 7, 9]]> : tensor<2x3xi64>
// NEGAXIS-NEXT: return %[[C]] : tensor<2x3xi64>

// exclusive: [[0, 1, 1+2], [0, 4, 4+5]].
// EXCLUSIVE-LABEL: func.func @main() -> (tensor<2x3xi64> {npu.name = "y"})
// EXCLUSIVE-NEXT: %[[C:[0-9]+]] = npu.constant dense<{{\[\[}}0, 1, 3], [0, 4, 9]]> : tensor<2x3xi64>
// EXCLUSIVE-NEXT: return %[[C]] : tensor<2x3xi64>

// reverse: [[1+2+3, 2+3, 3], [4+5+6, 5+6, 6]].
// REVERSE-LABEL: func.func @main() -> (tensor<2x3xi64> {npu.name = "y"})
// REVERSE-NEXT: %[[C:[0-9]+]] = npu.constant dense<{{\[\[}}6, 5, 3], [15, 11, 6]]> : tensor<2x3xi64>
// REVERSE-NEXT: return %[[C]] : tensor<2x3xi64>

// exclusive and reverse: [[2+3, 3, 0], [5+6, 6, 0]].
// EXCLREV-LABEL: func.func @main() -> (tensor<2x3xi64> {npu.name = "y"})
// EXCLREV-NEXT: %[[C:[0-9]+]] = npu.constant dense<{{\[\[}}5, 3, 0], [11, 6, 0]]> : tensor<2x3xi64>
// EXCLREV-NEXT: return %[[C]] : tensor<2x3xi64>

// A middle axis (outer and inner extents 2): x = [[[0, 1], [2, 3]],
// [[4, 5], [6, 7]]] -> [[[0, 1], [0+2, 1+3]], [[4, 5], [4+6, 5+7]]].
// AXIS1_3D-LABEL: func.func @main() -> (tensor<2x2x2xi64> {npu.name = "y"})
// AXIS1_3D-NEXT: %[[C:[0-9]+]] = npu.constant dense<{{\[\[\[}}0, 1], [2, 4]], {{\[\[}}4, 5], [10, 12]]]> : tensor<2x2x2xi64>
// AXIS1_3D-NEXT: return %[[C]] : tensor<2x2x2xi64>

// int32 x [5, -2, 7, 1], int32 axis 0: [5, 3, 10, 11].
// INT32-LABEL: func.func @main() -> (tensor<4xi32> {npu.name = "y"})
// INT32-NEXT: %[[C:[0-9]+]] = npu.constant dense<[5, 3, 10, 11]> : tensor<4xi32>
// INT32-NEXT: return %[[C]] : tensor<4xi32>

// Position ids of ids [2, 5]: CumSum(ConstantOfShape(Shape(ids), 1), 1) - 1,
// or an exclusive CumSum of the same ones: [0, 1, 2, 3, 4] per row. The
// shape, ones and sums fold; only the add to the run-time ids remains.
// POSIDS-LABEL: func.func @main(%arg0: tensor<2x5xi64> {npu.name = "ids"}) -> (tensor<2x5xi64> {npu.name = "y"})
// POSIDS-NEXT: %[[P:[0-9]+]] = npu.constant dense<{{\[\[}}0, 1, 2, 3, 4], [0, 1, 2, 3, 4]]> : tensor<2x5xi64>
// POSIDS-NEXT: %[[Y:[0-9]+]] = npu.binary add %arg0, %[[P]] : (tensor<2x5xi64>, tensor<2x5xi64>) -> tensor<2x5xi64>
// POSIDS-NEXT: return %[[Y]] : tensor<2x5xi64>
// POSIDS-NOT: npu.

// x is a graph input: its values are known only at run time.
// RUNTIME-NOT: module
// RUNTIME: cumsum_runtime_input.onnx{{.*}}: error: 'cumsum1' (CumSum): unsupported: is evaluated at import and needs constant inputs, but input 0 ('x') is computed at run time
// RUNTIME-NOT: {{module|error}}

// A constant float tensor is not evaluated (integers only).
// FLOAT-NOT: module
// FLOAT: cumsum_float.onnx{{.*}}: error: 'cumsum1' (CumSum): unsupported: is evaluated at import for integer tensors (position ids) only
// FLOAT-NOT: {{module|error}}
