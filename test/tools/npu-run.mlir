// npu-run --reference: inputs and outputs as .npy named after the model's
// inputs and outputs, and an error that names the input or the op otherwise.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.array([[-1.5, 0.5, 2.0], [3.0, -0.25, 0.0]], np.float32)); np.save('%t/idx.npy', np.array([2, -1], np.int64)); np.save('%t/bad_idx.npy', np.array([3, 0], np.int64)); np.save('%t/x_int.npy', np.zeros((2, 3), np.int64)); np.save('%t/x_shape.npy', np.zeros((3, 2), np.float32))"

// A run writes every output and reports it.
// RUN: npu-run --reference %s --input x=%t/x.npy --input idx=%t/idx.npy --output %t/out | FileCheck %s --check-prefix=RAN
// RUN: %python -c "import numpy as np; y = np.load('%t/out/y.npy'); g = np.load('%t/out/picked.npy'); assert y.dtype == np.float32 and (y == [[0, 0.5, 2], [3, 0, 0]]).all(), y; assert (g == [[2.0, 2.0], [0.0, 0.0]]).all(), g"
// RAN-DAG: y f32 2x3 min 0.00 max 3.00 mean 0.92 -> {{.*}}y.npy
// RAN-DAG: picked f32 2x2 min 0.00 max 2.00
// RUN: test -f %t/out/y.npy

// RUN: not npu-run --reference %s --input x=%t/x.npy --output %t/out 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: npu-run: error: missing input 'idx' (i64 2): give --input idx=file.npy

// RUN: not npu-run --reference %s --input x=%t/x_int.npy --input idx=%t/idx.npy --output %t/out 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: npu-run: error: input 'x': expects dtype float32, got int64

// RUN: not npu-run --reference %s --input x=%t/x_shape.npy --input idx=%t/idx.npy --output %t/out 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: npu-run: error: input 'x': expects shape 2x3, got 3x2

// RUN: not npu-run --reference %s --input z=%t/x.npy --output %t/out 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: npu-run: error: the model has no input 'z' (inputs: x, idx)

// RUN: not npu-run --reference %s --input x=%t/missing.npy --input idx=%t/idx.npy --output %t/out 2>&1 | FileCheck %s --check-prefix=NOFILE
// NOFILE: npu-run: error: input 'x': .npy file '{{.*}}missing.npy' cannot be read

// Run-time faults name the op's ONNX node.
// RUN: not npu-run --reference %s --input x=%t/x.npy --input idx=%t/bad_idx.npy --output %t/out 2>&1 | FileCheck %s --check-prefix=RANGE
// RANGE: node 'gather1': error: 'npu.gather' op gathers index 3 (element 0 of the indices) from axis 1 of size 3

// Without --reference npu-run runs compiled artifacts; a model is refused.
// RUN: not npu-run %s --input x=%t/x.npy --output %t/out 2>&1 | FileCheck %s --check-prefix=NOSIM
// NOSIM: npu-run: error: '{{.*}}npu-run.mlir' is a model, not a compiled artifact: run it on the reference interpreter with --reference
// RUN: not npu-run --reference %s --input x=%t/x.npy --output %t/out --stats 2>&1 | FileCheck %s --check-prefix=REFSTATS
// REFSTATS: npu-run: error: --stats and --trace report simulated runs

func.func @main(%x: tensor<2x3xf32> {npu.name = "x"}, %idx: tensor<2xi64> {npu.name = "idx"})
    -> (tensor<2x3xf32> {npu.name = "y"}, tensor<2x2xf32> {npu.name = "picked"}) {
  %y = npu.unary relu %x : (tensor<2x3xf32>) -> tensor<2x3xf32> loc("relu1")
  %g = npu.gather %x, %idx {axis = 1} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<2x2xf32> loc("gather1")
  return %y, %g : tensor<2x3xf32>, tensor<2x2xf32>
}
