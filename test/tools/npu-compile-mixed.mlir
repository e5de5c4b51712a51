// npu-compile --precision mixed and per-layer precision tables
// (docs/quantization.md, "Mixed precision").

// RUN: rm -rf %t && mkdir -p %t/cal
// RUN: %python -c "import numpy as np; np.save('%t/image.npy', np.random.default_rng(0).standard_normal((1, 3, 64, 64)).astype(np.float32)); np.save('%t/cal/image.npy', np.random.default_rng(1).standard_normal((8, 3, 64, 64)).astype(np.float32))"

// Every layer below 100 dB is a candidate; the worst ones that fit 30 % of
// the MACs stay fp16. The table records each layer's measured SQNR, MACs and
// choice; the graph has exactly those layers in f16.
// RUN: npu-compile %S/../../examples/tiny_resnet.onnx --precision mixed --calibration %t/cal --mixed-min-sqnr 100 --mixed-fp16-budget 0.3 --emit graph -o %t/mixed.mlir | FileCheck %s --check-prefix=MIXED
// MIXED: calibrated {{[0-9]+}} tensors on 8 samples (minmax)
// MIXED-NEXT: layer precisions: [[INT8:[0-9]]] of 6 layers int8 ({{[0-9.]+}} % of their MACs) -> {{.*}}mixed.mlir.precision.json
// MIXED-NEXT: fp16 {{.*}} (int8 {{[0-9.]+}} dB): below the threshold, within the fp16 budget
// MIXED: wrote the mixed graph
// RUN: %python %S/Inputs/check_precision_table.py %t/mixed.mlir.precision.json 100 0.3 %t/mixed.mlir

// The choice is greedy, worst first, over the layers below the threshold:
// with no budget mixed is int8, with all of it and a threshold above every
// layer it is fp16, with a threshold below every layer it is int8.
// RUN: npu-compile %S/../../examples/tiny_resnet.onnx --precision int8 --calibration-table %t/mixed.mlir.calibration.json --emit graph -o %t/int8.mlir --quiet
// RUN: npu-compile %S/../../examples/tiny_resnet.onnx --precision mixed --calibration %t/cal --calibration-table %t/table0.json --mixed-fp16-budget 0 --mixed-min-sqnr 100 --emit graph -o %t/none.mlir --quiet
// RUN: cmp %t/int8.mlir %t/none.mlir
// RUN: npu-compile %S/../../examples/tiny_resnet.onnx --precision mixed --calibration %t/cal --calibration-table %t/table1.json --mixed-fp16-budget 1 --mixed-min-sqnr 100 --emit graph -o %t/all.mlir | FileCheck %s --check-prefix=ALL
// ALL: layer precisions: 0 of 6 layers int8 (0.0 % of their MACs)
// RUN: FileCheck %s --check-prefix=ALL-GRAPH --input-file %t/all.mlir
// ALL-GRAPH-NOT: !quant.uniform
// RUN: npu-compile %S/../../examples/tiny_resnet.onnx --precision mixed --calibration %t/cal --calibration-table %t/table2.json --mixed-fp16-budget 1 --mixed-min-sqnr 0 --emit graph -o %t/low.mlir | FileCheck %s --check-prefix=LOW
// LOW: layer precisions: 6 of 6 layers int8 (100.0 % of their MACs)

// The mixed artifact runs on the simulator; with the fp16 stem it is at
// least as close to fp32 as the int8 one here.
// RUN: npu-compile %S/../../examples/tiny_resnet.onnx --precision mixed --calibration %t/cal --calibration-table %t/table3.json --mixed-min-sqnr 100 --mixed-fp16-budget 0.3 -o %t/mixed.npub --quiet
// RUN: npu-run %t/mixed.npub --input image=%t/image.npy --output %t/mixed-out --quiet
// RUN: npu-run --reference %S/../../examples/tiny_resnet.onnx --input image=%t/image.npy --output %t/fp32 --quiet
// RUN: %python -c "import numpy as np; a = np.load('%t/mixed-out/logits.npy').ravel().astype(np.float64); b = np.load('%t/fp32/logits.npy').ravel().astype(np.float64); sqnr = 10 * np.log10((b ** 2).sum() / ((a - b) ** 2).sum()); assert sqnr >= 30, sqnr; assert a.argmax() == b.argmax()"

// Overrides: a precision table names layers by ONNX node; with int8 the
// stem alone becomes fp16. The table mixed wrote is itself a valid
// override table and reproduces its graph.
// RUN: echo '{"layers": {"/conv1/Conv": "fp16", "/fc/Gemm": {"precision": "int8"}}}' > %t/override.json
// RUN: npu-compile %S/../../examples/tiny_resnet.onnx --precision int8 --calibration-table %t/mixed.mlir.calibration.json --layer-precision %t/override.json --emit graph -o %t/override.mlir --quiet
// RUN: FileCheck %s --check-prefix=OVERRIDE --input-file %t/override.mlir
// OVERRIDE: npu.conv2d {{.*}} : (tensor<1x3x64x64xf16>, tensor<16x3x3x3xf16>
// OVERRIDE-COUNT-4: npu.conv2d {{.*}} -> tensor<1x16x16x16x!quant.uniform<i8:f32
// OVERRIDE: npu.fully_connected {{.*}} -> tensor<1x10x!quant.uniform<i8:f32
// RUN: npu-compile %S/../../examples/tiny_resnet.onnx --precision int8 --calibration-table %t/mixed.mlir.calibration.json --layer-precision %t/mixed.mlir.precision.json --emit graph -o %t/replayed.mlir --quiet
// RUN: cmp %t/mixed.mlir %t/replayed.mlir

// Errors name the file and what is wrong.
// RUN: echo '{"layers": {"/conv9/Conv": "fp16", "/conv1/Conv": "fp16"}}' > %t/unknown.json
// RUN: not npu-compile %S/../../examples/tiny_resnet.onnx --precision int8 --calibration-table %t/mixed.mlir.calibration.json --layer-precision %t/unknown.json -o %t/unknown.npub 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: npu-compile: error: '{{.*}}unknown.json' names layers the model does not have: '/conv9/Conv' (layers are convolutions and fully connected layers, by ONNX node name, e.g. '/conv1/Conv', '/layer1/layer1.0/conv1/Conv', '/layer1/layer1.0/conv2/Conv')
// RUN: not test -e %t/unknown.npub
// RUN: echo '{"layers": {"/conv1/Conv": "int4"}}' > %t/int4.json
// RUN: not npu-compile %S/../../examples/tiny_resnet.onnx --precision int8 --calibration-table %t/mixed.mlir.calibration.json --layer-precision %t/int4.json -o %t/int4.npub 2>&1 | FileCheck %s --check-prefix=INT4
// INT4: npu-compile: error: precision table '{{.*}}int4.json': layer '/conv1/Conv' needs precision "int8" or "fp16"
// RUN: echo 'not json' > %t/bad.json
// RUN: not npu-compile %S/../../examples/tiny_resnet.onnx --precision int8 --calibration-table %t/mixed.mlir.calibration.json --layer-precision %t/bad.json -o %t/bad.npub 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: npu-compile: error: precision table '{{.*}}bad.json' is not JSON
// RUN: not npu-compile %S/../../examples/tiny_resnet.onnx --precision mixed --calibration-table %t/mixed.mlir.calibration.json -o %t/nosamples.npub 2>&1 | FileCheck %s --check-prefix=NO-SAMPLES
// NO-SAMPLES: npu-compile: error: --precision mixed measures each layer on calibration samples: give --calibration DIR
// RUN: not npu-compile %S/../../examples/tiny_resnet.onnx --precision int8 --calibration-table %t/mixed.mlir.calibration.json --mixed-min-sqnr 30 -o %t/flag.npub 2>&1 | FileCheck %s --check-prefix=FLAG
// FLAG: npu-compile: error: --precision-table, --mixed-min-sqnr and --mixed-fp16-budget apply to --precision mixed
// RUN: not npu-compile %S/../../examples/tiny_resnet.onnx --layer-precision %t/override.json -o %t/fp16.npub 2>&1 | FileCheck %s --check-prefix=FP16
// FP16: npu-compile: error: --calibration, --calibration-table and --layer-precision apply to --precision int8 and mixed
