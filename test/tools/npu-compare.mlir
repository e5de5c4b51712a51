// npu-compare: fp32 reference, quantized reference and the simulated NPU
// on one input, layer by layer (docs/quantization.md, "Finding the layer
// that loses accuracy").

// RUN: rm -rf %t && mkdir -p %t/cal
// RUN: %python -c "import numpy as np; np.save('%t/image.npy', np.random.default_rng(0).standard_normal((1, 3, 64, 64)).astype(np.float32)); np.save('%t/cal/image.npy', np.random.default_rng(1).standard_normal((8, 3, 64, 64)).astype(np.float32))"

// int8: every layer of the tiny ResNet in program order, the products in
// int8 and the islands in fp16; the simulator equals the int8 reference bit
// for bit on every layer, and everything is within the default tolerance.
// RUN: npu-compare %S/../../examples/tiny_resnet.onnx --input image=%t/image.npy --calibration %t/cal --json %t/int8.json | FileCheck %s --check-prefix=INT8
// INT8: tiny_resnet.onnx on edge, int8: 13 layers; tolerance of the NPU against fp32: SQNR >= 20.0 dB, cosine >= 0.9900
// INT8: layer op prec | reference vs fp32 | npu vs fp32 | npu vs reference
// INT8: /conv1/Conv conv2d int8 | 0.999{{[0-9]+}} {{[3-9][0-9]\.[0-9]}} {{.*}} | 0.999{{[0-9]+}} {{[3-9][0-9]\.[0-9]}} {{.*}} | 0.00e+00
// INT8-NEXT: /maxpool/MaxPool max_pool2d fp16 |
// INT8: /layer1/layer1.0/Add binary fp16 |
// INT8: /fc/Gemm fully_connected int8 |
// INT8: npu and reference agree bit for bit on 13 of 13 layers
// INT8-NEXT: every layer is within tolerance

// The JSON holds the same table: every int8 layer of the NPU equals the
// int8 reference (error 0) and is within tolerance.
// RUN: %python -c "import json; r = json.load(open('%t/int8.json')); assert r['first_out_of_tolerance'] is None; assert len(r['layers']) == 13; assert all(l['npu_vs_reference']['max_abs_error'] == 0 and l['in_tolerance'] for l in r['layers']), r"
// RUN: npu-compile %S/../../examples/tiny_resnet.onnx --precision int8 --calibration %t/cal --calibration-table %t/table.json --emit graph -o %t/int8.mlir --quiet

// A tighter tolerance: the first layer that leaves it is named, and the
// exit status says so (3).
// RUN: not npu-compare %S/../../examples/tiny_resnet.onnx --input image=%t/image.npy --calibration-table %t/table.json --min-sqnr 60 > %t/tight.txt
// RUN: FileCheck %s --check-prefix=TIGHT --input-file %t/tight.txt
// TIGHT: /conv1/Conv {{.*}}  <- out of tolerance
// TIGHT: first layer out of tolerance: /conv1/Conv (npu.conv2d, int8)
// RUN: npu-compare %S/../../examples/tiny_resnet.onnx --input image=%t/image.npy --calibration-table %t/table.json --min-sqnr 60 > /dev/null; test $? -eq 3

// fp16 compares the fp16 graph. Its figures are recomputed here from the
// reference interpreter's layer dumps of the fp32 graph after the graph
// passes and of the fp16 graph.
// RUN: npu-compare %S/../../examples/tiny_resnet.onnx --input image=%t/image.npy --precision fp16 --json %t/fp16.json | FileCheck %s --check-prefix=FP16
// FP16: tiny_resnet.onnx on edge, fp16: 13 layers
// FP16: /conv1/Conv conv2d fp16 | {{1\.00000|0\.9999}}
// FP16: every layer is within tolerance
// RUN: npu-compile %S/../../examples/tiny_resnet.onnx --emit graph -o %t/fp16.mlir --quiet
// RUN: npu-translate --import-onnx --mlir-print-debuginfo %S/../../examples/tiny_resnet.onnx | npu-opt --canonicalize --npu-raise-norms --npu-raise-gelu --npu-fold-batchnorm --npu-fuse-activations --mlir-print-debuginfo -o %t/fp32.mlir
// RUN: npu-run --reference %t/fp32.mlir --input image=%t/image.npy --output %t/fp32 --dump-layers %t/fp32-layers --quiet
// RUN: npu-run --reference %t/fp16.mlir --input image=%t/image.npy --output %t/fp16 --dump-layers %t/fp16-layers --quiet
// RUN: %python %S/Inputs/check_compare_json.py %t/fp16.json %t/fp32-layers %t/fp16-layers

// Errors.
// RUN: not npu-compare %S/../../examples/tiny_resnet.onnx --calibration %t/cal 2>&1 | FileCheck %s --check-prefix=NO-INPUT
// NO-INPUT: npu-compare: error: give the input to compare on: --input NAME=file.npy
// RUN: not npu-compare %S/../../examples/tiny_resnet.onnx --input x=%t/image.npy --calibration %t/cal 2>&1 | FileCheck %s --check-prefix=WRONG-INPUT
// WRONG-INPUT: npu-compare: error: the model's input 'image' has no --input image=file.npy
// RUN: not npu-compare %S/../../examples/tiny_resnet.onnx --input image=%t/image.npy 2>&1 | FileCheck %s --check-prefix=NO-RANGES
// NO-RANGES: npu-compare: error: int8 needs activation ranges
