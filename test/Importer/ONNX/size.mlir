// ONNX Size of a static tensor is an i64 scalar npu.constant, the element
// count of the input's shape; the input's values are not read, so a run-time
// input is its normal case. Consumers see a constant: Unsqueeze/Reshape
// shape arithmetic folds, Cast folds. A symbolic dimension needs
// --input-shape, and the size follows it.

// RUN: npu-translate --import-onnx %S/Inputs/ops/size_basic.onnx | FileCheck %s --check-prefix=BASIC
// RUN: npu-translate --import-onnx %S/Inputs/ops/size_reshape.onnx | FileCheck %s --check-prefix=RESHAPE
// RUN: npu-translate --import-onnx %S/Inputs/ops/size_mul.onnx | FileCheck %s --check-prefix=MUL
// RUN: npu-translate --import-onnx %S/Inputs/ops/size_symbolic_dim.onnx --input-shape x=5x3 | FileCheck %s --check-prefix=SHAPED
// RUN: not npu-translate --import-onnx %S/Inputs/ops/size_symbolic_dim.onnx 2>&1 | FileCheck %s --check-prefix=SYMBOLIC

// [2, 3, 4]: 24 elements.
// BASIC-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<i64> {npu.name = "y"})
// BASIC-NEXT: %[[C:[0-9]+]] = npu.constant dense<24> : tensor<i64>
// BASIC-NEXT: return %[[C]] : tensor<i64>

// Reshape(x, Unsqueeze(Size(x), [0])) = Reshape(x, [24]): the shape
// arithmetic folds away.
// RESHAPE-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<24xf32> {npu.name = "y"})
// RESHAPE-NOT: npu.constant
// RESHAPE-NEXT: %[[Y:[0-9]+]] = npu.reshape %arg0 : (tensor<2x3x4xf32>) -> tensor<24xf32>
// RESHAPE-NEXT: return %[[Y]] : tensor<24xf32>

// x * float(Size(x)) on [2, 3]: x * 6.0.
// MUL-LABEL: func.func @main(%arg0: tensor<2x3xf32> {npu.name = "x"}) -> (tensor<2x3xf32> {npu.name = "y"})
// MUL-NOT: i64
// MUL-NEXT: %[[N:[0-9]+]] = npu.constant dense<6.000000e+00> : tensor<f32>
// MUL-NEXT: %[[Y:[0-9]+]] = npu.binary mul %arg0, %[[N]] : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
// MUL-NEXT: return %[[Y]] : tensor<2x3xf32>
// MUL-NOT: npu.cast

// x [n, 3] with --input-shape x=5x3: 15 elements.
// SHAPED-LABEL: func.func @main(%arg0: tensor<5x3xf32> {npu.name = "x"}) -> (tensor<i64> {npu.name = "y"})
// SHAPED-NEXT: %[[C:[0-9]+]] = npu.constant dense<15> : tensor<i64>
// SHAPED-NEXT: return %[[C]] : tensor<i64>

// SYMBOLIC: size_symbolic_dim.onnx{{.*}}: error: graph input 'x' has a symbolic 'n' dimension 0; give its static shape with --input-shape x=D0xD1x...
