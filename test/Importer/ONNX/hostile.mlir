// Hostile ONNX models get a clear error, never a crash: zero strides (which
// ONNX's own shape inference divides by) and ops whose results would be
// absurdly large. The models are made here with onnx.helper.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/make_hostile_models.py %t

// RUN: not npu-translate --import-onnx %t/conv_zero_stride.onnx 2>&1 | FileCheck %s --check-prefix=CONV
// CONV: error: node 'conv1' (Conv) has attribute 'strides' with entry 0; every entry must be positive
// RUN: not npu-translate --import-onnx %t/avgpool_zero_stride.onnx 2>&1 | FileCheck %s --check-prefix=POOL
// POOL: error: node 'pool1' (AveragePool) has attribute 'strides' with entry 0; every entry must be positive
// RUN: not npu-translate --import-onnx %t/conv_group_zero.onnx 2>&1 | FileCheck %s --check-prefix=GROUP
// GROUP: error: node 'conv1' (Conv) has group 0; it must be at least 1

// RUN: not npu-translate --import-onnx %t/expand_huge.onnx --onnx-shape-inference=false 2>&1 | FileCheck %s --check-prefix=EXPAND
// EXPAND: error: 'expand1' (Expand): would produce a tensor of more than 2^40 elements
// RUN: not npu-translate --import-onnx %t/pad_huge.onnx --onnx-shape-inference=false 2>&1 | FileCheck %s --check-prefix=PAD
// PAD: error: 'npu.pad' op would produce 1099511627778x2, more than 2^40 elements
// RUN: not npu-translate --import-onnx %t/reshape_huge.onnx --onnx-shape-inference=false 2>&1 | FileCheck %s --check-prefix=RESHAPE
// RESHAPE: error: 'reshape1' (Reshape): has an absurd target shape (more than 2^40 elements)
