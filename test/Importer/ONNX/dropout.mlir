// ONNX Dropout in inference (no training_mode, or a constant false one) is
// the identity: no op. Its optional mask output is then all true (an i1
// constant of the input's shape). The ratio and training_mode constants
// leave nothing behind.

// RUN: npu-translate --import-onnx %S/Inputs/ops/dropout_opset13_inference.onnx | FileCheck %s --check-prefix=INFER
// RUN: npu-translate --import-onnx %S/Inputs/ops/dropout_opset13_ratio_training_mode_false.onnx | FileCheck %s --check-prefix=RATIO
// RUN: npu-translate --import-onnx %S/Inputs/ops/dropout_opset13_mask_output.onnx | FileCheck %s --check-prefix=MASK

// INFER-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// INFER-NOT: npu.
// INFER-NEXT: return %arg0 : tensor<2x3x4xf32>

// RATIO-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x3x4xf32> {npu.name = "y"})
// RATIO-NOT: npu.
// RATIO-NEXT: return %arg0 : tensor<2x3x4xf32>

// MASK-LABEL: func.func @main(%arg0: tensor<2x3x4xf32> {npu.name = "x"}) -> (tensor<2x3x4xf32> {npu.name = "y"}, tensor<2x3x4xi1> {npu.name = "mask"})
// MASK-NEXT: %[[M:[0-9]+]] = npu.constant dense<true> : tensor<2x3x4xi1>
// MASK-NEXT: return %arg0, %[[M]] : tensor<2x3x4xf32>, tensor<2x3x4xi1>
