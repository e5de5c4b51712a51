// ONNX Range with constant start, limit and delta is evaluated at import:
// an npu.constant of ceil((limit - start) / delta) elements start + i * delta,
// of start's element type. Bounds computed from static shapes (Shape ->
// Gather) are constants too. A run-time bound is refused.

// RUN: npu-translate --import-onnx %S/Inputs/ops/range_int64_negative_delta.onnx | FileCheck %s --check-prefix=INT64
// RUN: npu-translate --import-onnx %S/Inputs/ops/range_float.onnx | FileCheck %s --check-prefix=FLOAT
// RUN: npu-translate --import-onnx %S/Inputs/ops/range_from_shape.onnx | FileCheck %s --check-prefix=FROMSHAPE
// RUN: not npu-translate --import-onnx %S/Inputs/ops/range_runtime_input.onnx 2>&1 | FileCheck %s --check-prefix=RUNTIME

// Range(10, 2, -3): ceil((2 - 10) / -3) = ceil(2.67) = 3 elements,
// [10, 7, 4], added to x [2, 3].
// INT64-LABEL: func.func @main(%arg0: tensor<2x3xi64> {npu.name = "x"}) -> (tensor<2x3xi64> {npu.name = "y"})
// INT64-NEXT: %[[R:[0-9]+]] = npu.constant dense<[10, 7, 4]> : tensor<3xi64>
// INT64-NEXT: %[[Y:[0-9]+]] = npu.binary add %arg0, %[[R]] : (tensor<2x3xi64>, tensor<3xi64>) -> tensor<2x3xi64>
// INT64-NEXT: return %[[Y]] : tensor<2x3xi64>

// Range(0.5, 2.0, 0.5): ceil(1.5 / 0.5) = 3 elements, [0.5, 1, 1.5]; the
// limit is excluded.
// FLOAT-LABEL: func.func @main(%arg0: tensor<2x3xf32> {npu.name = "x"}) -> (tensor<2x3xf32> {npu.name = "y"})
// FLOAT-NEXT: %[[R:[0-9]+]] = npu.constant dense<[5.000000e-01, 1.000000e+00, 1.500000e+00]> : tensor<3xf32>
// FLOAT-NEXT: %[[Y:[0-9]+]] = npu.binary add %arg0, %[[R]] : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
// FLOAT-NEXT: return %[[Y]] : tensor<2x3xf32>

// Range(0, Shape(x)[1], 1) on x [2, 4] = [0, 1, 2, 3], cast to float: the
// Shape, Gather, Range and Cast all fold into one f32 constant.
// FROMSHAPE-LABEL: func.func @main(%arg0: tensor<2x4xf32> {npu.name = "x"}) -> (tensor<2x4xf32> {npu.name = "y"})
// FROMSHAPE-NOT: i64
// FROMSHAPE-NEXT: %[[R:[0-9]+]] = npu.constant dense<[0.000000e+00, 1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<4xf32>
// FROMSHAPE-NEXT: %[[Y:[0-9]+]] = npu.binary add %arg0, %[[R]] : (tensor<2x4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
// FROMSHAPE-NEXT: return %[[Y]] : tensor<2x4xf32>
// FROMSHAPE-NOT: npu.gather
// FROMSHAPE-NOT: npu.cast

// The limit is a graph input: the result's length is known only at run time.
// RUNTIME-NOT: module
// RUNTIME: range_runtime_input.onnx{{.*}}: error: 'range1' (Range): unsupported: Range needs constant start, limit and delta
// RUNTIME-NOT: {{module|error}}
