// ONNX ConstantOfShape with a constant shape is a splat npu.constant of that
// shape; `value` (a one-element tensor) gives the element type and value,
// default float32 0.

// RUN: npu-translate --import-onnx %S/Inputs/ops/constant_of_shape_float_value.onnx | FileCheck %s --check-prefix=FLOAT
// RUN: npu-translate --import-onnx %S/Inputs/ops/constant_of_shape_int64_value.onnx | FileCheck %s --check-prefix=INT64
// RUN: npu-translate --import-onnx %S/Inputs/ops/constant_of_shape_default_value.onnx | FileCheck %s --check-prefix=DEFAULT
// RUN: npu-translate --import-onnx %S/Inputs/ops/constant_of_shape_from_shape.onnx | FileCheck %s --check-prefix=FROMSHAPE

// FLOAT-LABEL: func.func @main() -> (tensor<2x3xf32> {npu.name = "y"})
// FLOAT-NEXT: %[[C:[0-9]+]] = npu.constant dense<5.000000e-01> : tensor<2x3xf32>
// FLOAT-NEXT: return %[[C]] : tensor<2x3xf32>

// INT64-LABEL: func.func @main() -> (tensor<2x3xi64> {npu.name = "y"})
// INT64-NEXT: %[[C:[0-9]+]] = npu.constant dense<7> : tensor<2x3xi64>
// INT64-NEXT: return %[[C]] : tensor<2x3xi64>

// DEFAULT-LABEL: func.func @main() -> (tensor<2x3xf32> {npu.name = "y"})
// DEFAULT-NEXT: %[[C:[0-9]+]] = npu.constant dense<0.000000e+00> : tensor<2x3xf32>
// DEFAULT-NEXT: return %[[C]] : tensor<2x3xf32>

// PyTorch's ones_like: Shape(x) -> ConstantOfShape(1.0) -> Add(x, .): the
// shape is known at import, so only a [2, 3] splat and the add remain.
// FROMSHAPE-LABEL: func.func @main(%arg0: tensor<2x3xf32> {npu.name = "x"}) -> (tensor<2x3xf32> {npu.name = "y"})
// FROMSHAPE-NOT: i64
// FROMSHAPE-NEXT: %[[C:[0-9]+]] = npu.constant dense<1.000000e+00> : tensor<2x3xf32>
// FROMSHAPE-NEXT: %[[Y:[0-9]+]] = npu.binary add %arg0, %[[C]] : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
// FROMSHAPE-NEXT: return %[[Y]] : tensor<2x3xf32>
