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

// RUN: not npu-translate --import-onnx %t/resize_input_without_shape.onnx 2>&1 | FileCheck %s --check-prefix=NOSHAPE
// NOSHAPE: error: graph input 'x' is declared without a shape (not even its rank); give it one with --input-shape x=1x3x224x224 (its real sizes)
// RUN: not npu-translate --import-onnx %t/resize_huge_scale.onnx --onnx-shape-inference=false 2>&1 | FileCheck %s --check-prefix=HUGESCALE
// HUGESCALE: error: 'up1' (Resize): scale 1.000000e+30 on axis 2 gives an output size of 8.000000e+30 for an input size of 8
// RUN: not npu-translate --import-onnx %t/resize_nan_scale.onnx --onnx-shape-inference=false 2>&1 | FileCheck %s --check-prefix=NANSCALE
// NANSCALE: error: 'up1' (Resize): scale nan on axis 2 gives an output size of nan

// RUN: not npu-compile %t/conv_too_wide.onnx -o %t/wide.npub --target edge 2> %t/wide.err
// RUN: FileCheck %s --check-prefix=WIDE < %t/wide.err
// RUN: %python -c "import os, sys; sys.exit(os.path.getsize('%t/wide.err') > 4096 or os.path.exists('%t/wide.npub'))"
// WIDE: node 'wide_conv': error: cannot tile this convolution
// WIDE-NOT: see current operation
