// Error paths of the importer exercised by the op models: the error names
// the ONNX node and what is unsupported, the exit status is 1 and nothing is
// printed on stdout.

// MaxPool's optional second output (Indices) is not computed by npu-mlir.
// RUN: not npu-translate --import-onnx %S/Inputs/ops/max_pool_with_indices.onnx 2>%t.err | count 0
// RUN: FileCheck %s --check-prefix=INDICES < %t.err
// INDICES: max_pool_with_indices.onnx: node 'max_pool1': error: 'max_pool1' (MaxPool): unsupported: the Indices output of MaxPool is not supported
// INDICES-NOT: error:

// --input-shape must name a graph input (initializers are not inputs) ...
// RUN: not npu-translate --import-onnx --input-shape=w=4x3x3x3 %S/Inputs/ops/conv_basic.onnx 2>&1 | FileCheck %s --check-prefix=NOTINPUT
// NOTINPUT: conv_basic.onnx{{.*}}: error: --input-shape names 'w', which is not a graph input (inputs: x)

// ... and fit its declared static shape.
// RUN: not npu-translate --import-onnx --input-shape=x=1x3x9x9 %S/Inputs/ops/conv_basic.onnx 2>&1 | FileCheck %s --check-prefix=MISFIT
// MISFIT: conv_basic.onnx{{.*}}: error: --input-shape x=1x3x9x9 does not fit the model's declared shape 1x3x8x8

// RUN: not npu-translate --import-onnx --input-shape=x=1x3x0x8 %S/Inputs/ops/conv_basic.onnx 2>&1 | FileCheck %s --check-prefix=BADDIM
// BADDIM: --input-shape x=1x3x0x8: '0' is not a positive dimension
