// npu-compile: ONNX model -> .npub artifact, through the whole pipeline of
// docs/pipeline.md. The artifact runs on the simulator and matches the
// reference interpreter.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.random.seed(0); np.save('%t/image.npy', np.random.randn(1, 3, 64, 64).astype(np.float32))"

// Compiling prints where the work went and how memory was planned; the
// simulator runs the artifact with the same number of commands per queue.
// The matrix engine does exactly the model's 2801824 multiply-adds (stem
// 16 x 27 x 32 x 32, four 3x3 convolutions 16 x 144 x 16 x 16, classifier
// 10 x 16): no tile recomputes or drops any. The constants are the packed
// weights and f32 biases, 40000 bytes.
// RUN: npu-compile %S/../../examples/tiny_resnet.onnx --target edge -o %t/model.npub > %t/log.txt
// RUN: npu-run %t/model.npub --input image=%t/image.npy --output %t/out --stats >> %t/log.txt
// RUN: FileCheck %s --check-prefix=RUN-STATS --input-file %t/log.txt
// RUN-STATS: compiled {{.*}}tiny_resnet.onnx for edge (fp16) in {{[0-9]+\.[0-9]+}} s -> {{.*}}model.npub
// RUN-STATS-NEXT: commands: {{[0-9]+}} (dma0 [[DMA0:[0-9]+]], dma1 [[DMA1:[0-9]+]], matrix [[MATRIX:[0-9]+]], vector [[VECTOR:[0-9]+]]); semaphores: {{[1-9][0-9]*}}
// RUN-STATS-NEXT: DRAM: constants 39.1 KiB, activations {{[0-9.]+ KiB}} (lower bound {{[0-9.]+ KiB}}); SRAM {{[0-9.]+ KiB}} of 2.00 MiB
// RUN-STATS-NEXT: logits f32 1x10 min {{.*}} -> {{.*}}logits.npy
// RUN-STATS-NEXT: simulated on 'edge' at 1000 MHz: {{[1-9][0-9]*}} cycles
// RUN-STATS-NEXT: queue commands busy cycles utilisation
// RUN-STATS-NEXT: dma0 [[DMA0]] {{[0-9]+}} {{[0-9.]+}}%
// RUN-STATS-NEXT: dma1 [[DMA1]] {{[0-9]+}} {{[0-9.]+}}%
// RUN-STATS-NEXT: matrix [[MATRIX]] {{[0-9]+}} {{[0-9.]+}}%
// RUN-STATS-NEXT: vector [[VECTOR]] {{[0-9]+}} {{[0-9.]+}}%
// RUN-STATS-NEXT: DRAM read {{[1-9][0-9]*}} bytes, written {{[1-9][0-9]*}} bytes
// RUN-STATS-NEXT: matrix engine 2801824 MACs, vector engine {{[1-9][0-9]*}} elements

// The simulated fp16 result matches the fp32 reference interpreter:
// cosine of at least 0.999 and the same arg-max.
// RUN: npu-run --reference %S/../../examples/tiny_resnet.onnx --input image=%t/image.npy --output %t/ref
// RUN: %python -c "import numpy as np; a = np.load('%t/out/logits.npy').ravel().astype(np.float64); b = np.load('%t/ref/logits.npy').ravel().astype(np.float64); c = a.dot(b) / np.linalg.norm(a) / np.linalg.norm(b); assert c >= 0.999, c; assert a.argmax() == b.argmax(), (a, b)"

// Compilation is deterministic: the same inputs give the same bytes.
// RUN: npu-compile %S/../../examples/tiny_resnet.onnx --target edge -o %t/again.npub --quiet
// RUN: cmp %t/model.npub %t/again.npub

// --quiet prints nothing; --report writes the summary as JSON.
// RUN: npu-compile %S/../../examples/tiny_resnet.onnx -o %t/quiet.npub --quiet --report %t/report.json | count 0
// RUN: FileCheck %s --check-prefix=REPORT --input-file %t/report.json
// REPORT-DAG: "constant_bytes": 40000,
// REPORT-DAG: "precision": "fp16",
// REPORT-DAG: "target": "edge"

// The pass manager's flags work through the driver: the IR is printed
// after every pass, the lowering passes last and in order.
// RUN: npu-compile %S/../../examples/tiny_resnet.onnx -o %t/print.npub --quiet --mlir-print-ir-after-all 2>&1 | FileCheck %s --check-prefix=PRINT
// PRINT: // -----// IR Dump After ConvertPrecision (npu-convert-precision) //----- //
// PRINT: // -----// IR Dump After AssignLayout (npu-assign-layout) //----- //
// PRINT: npu.layout = "nhwc"
// PRINT: // -----// IR Dump After FormLayerGroups (npu-form-layer-groups) //----- //
// PRINT: // -----// IR Dump After ConvertNpuToNpuHw (convert-npu-to-npuhw) //----- //
// PRINT-NEXT: module attributes {{{.*}}npuhw.target =
// PRINT: npuhw.conv2d
// PRINT: // -----// IR Dump After PlanMemory (npuhw-plan-memory) //----- //
// PRINT: // -----// IR Dump After Schedule (npuhw-schedule) //----- //
// PRINT: npuhw.signal

// One stage by its pass name.
// RUN: npu-compile %S/../../examples/tiny_resnet.onnx -o %t/one.npub --quiet --mlir-print-ir-after=npuhw-plan-memory 2>&1 | FileCheck %s --check-prefix=ONE
// ONE: // -----// IR Dump After PlanMemory (npuhw-plan-memory) //----- //
// ONE-NOT: IR Dump After
// ONE: npuhw.alloc {offset =

// An out-of-range SRAM share is refused by the driver.
// RUN: not npu-compile %S/../../examples/tiny_resnet.onnx -o %t/fraction.npub --sram-fraction 2 2>&1 | FileCheck %s --check-prefix=FRACTION
// FRACTION: npu-compile: error: --sram-fraction must be in (0, 1], got 2

// fp32 is refused with the reason, and writes nothing; so is int8 without
// activation ranges.
// RUN: not npu-compile %S/../../examples/tiny_resnet.onnx -o %t/fp32.npub --precision fp32 2>&1 | FileCheck %s --check-prefix=FP32
// FP32: npu-compile: error: --precision fp32 is not supported: the matrix engine has no fp32 multiply-accumulate (int8 and fp16 only). Use --precision fp16
// RUN: not test -e %t/fp32.npub
// RUN: not npu-compile %S/../../examples/tiny_resnet.onnx -o %t/int8.npub --precision int8 2>&1 | FileCheck %s --check-prefix=INT8
// INT8: npu-compile: error: --precision int8 needs activation ranges: give --calibration DIR (samples of every input) or --calibration-table FILE
// RUN: not test -e %t/int8.npub
// RUN: not npu-compile %S/../../examples/tiny_resnet.onnx -o %t/int8.npub --precision int8 --calibration %t/cal --calibration-method magic 2>&1 | FileCheck %s --check-prefix=METHOD
// METHOD: npu-compile: error: unknown --calibration-method 'magic' (minmax, percentile, entropy, mse)

// int8: calibration on 8 samples (stacked in image.npy) writes a table,
// every convolution and the classifier become int8, and the int8 graph
// (--emit graph) runs on the reference interpreter with an SQNR against
// fp32 well above 30 dB and the same arg-max. A second compile reuses the
// table and gives the same graph. The int8 artifact's output on the
// simulator is bit-exact to the int8 graph's on the reference (cmp).
// RUN: mkdir -p %t/cal
// RUN: %python -c "import numpy as np; np.save('%t/cal/image.npy', np.random.default_rng(1).standard_normal((8, 3, 64, 64)).astype(np.float32))"
// RUN: npu-compile %S/../../examples/tiny_resnet.onnx --precision int8 --calibration %t/cal --emit graph -o %t/int8.mlir | FileCheck %s --check-prefix=CALIBRATE
// CALIBRATE: calibrated {{[0-9]+}} tensors on 8 samples (minmax) -> {{.*}}int8.mlir.calibration.json
// CALIBRATE: wrote the int8 graph of {{.*}}tiny_resnet.onnx to {{.*}}int8.mlir
// RUN: FileCheck %s --check-prefix=GRAPH --input-file %t/int8.mlir
// GRAPH-COUNT-5: npu.conv2d {{.*}} -> tensor<{{.*}}!quant.uniform<i8:f32
// GRAPH: npu.fully_connected {{.*}} -> tensor<1x10x!quant.uniform<i8:f32
// RUN: npu-compile %S/../../examples/tiny_resnet.onnx --precision int8 --calibration-table %t/int8.mlir.calibration.json --emit graph -o %t/again.mlir --quiet
// RUN: cmp %t/int8.mlir %t/again.mlir
// RUN: npu-run --reference %t/int8.mlir --input image=%t/image.npy --output %t/int8-out --quiet
// RUN: %python -c "import numpy as np; a = np.load('%t/int8-out/logits.npy').ravel().astype(np.float64); b = np.load('%t/ref/logits.npy').ravel().astype(np.float64); sqnr = 10 * np.log10((b ** 2).sum() / ((a - b) ** 2).sum()); assert sqnr >= 30, sqnr; assert a.argmax() == b.argmax(), (a, b)"
// RUN: npu-compile %S/../../examples/tiny_resnet.onnx --precision int8 --calibration-table %t/int8.mlir.calibration.json -o %t/int8.npub | FileCheck %s --check-prefix=INT8-ARTIFACT
// INT8-ARTIFACT: compiled {{.*}}tiny_resnet.onnx for edge (int8)
// RUN: npu-run %t/int8.npub --input image=%t/image.npy --output %t/int8-sim --quiet
// RUN: cmp %t/int8-sim/logits.npy %t/int8-out/logits.npy
// RUN: not npu-compile %S/../../examples/tiny_resnet.onnx --emit graph --report %t/graph.json -o %t/graph.mlir 2>&1 | FileCheck %s --check-prefix=GRAPH-REPORT
// GRAPH-REPORT: npu-compile: error: --report describes an artifact; it does not apply to --emit graph

// An unknown target names the presets.
// RUN: not npu-compile %S/../../examples/tiny_resnet.onnx -o %t/tpu.npub --target tpu 2>&1 | FileCheck %s --check-prefix=TARGET
// TARGET: npu-compile: error: unknown target 'tpu': give a preset (edge, server) or a target description file (.json)
// RUN: not test -e %t/tpu.npub

// A target file whose SRAM is too small for the stem convolution fails in
// the lowering, at the ONNX node, and leaves no artifact behind.
// RUN: npu-translate --print-target edge > %t/edge.json
// RUN: %python -c "import json; t = json.load(open('%t/edge.json')); t['name'] = 'small'; t['sram']['bytes'] = 4096; json.dump(t, open('%t/small.json', 'w'))"
// RUN: not npu-compile %S/../../examples/tiny_resnet.onnx -o %t/small.npub --target %t/small.json 2>&1 | FileCheck %s --check-prefix=SMALL
// SMALL: tiny_resnet.onnx: node '/conv1/Conv': error: cannot tile this convolution into 3584 bytes of SRAM with double buffering
// RUN: not test -e %t/small.npub
