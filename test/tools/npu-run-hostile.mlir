// npu-run on hostile input: clear errors, never a crash.
// RUN: rm -rf %t && mkdir -p %t && split-file %s %t
// RUN: %python -c "import numpy as np; np.save('%t/a.npy', np.array([-2**63, 7], np.int64)); np.save('%t/b.npy', np.array([-1, 0], np.int64)); np.save('%t/c.npy', np.array([-1, 2], np.int64))"

// A declaration has nothing to run.
// RUN: not npu-run --reference %t/declaration.mlir --output %t/out 2>&1 | FileCheck %s --check-prefix=DECL
// DECL: npu-run: error: @main is a declaration: there is no body to run

// INT64_MIN / -1 wraps (two's complement) instead of trapping.
// RUN: npu-run --reference %t/divide.mlir --input a=%t/a.npy --input b=%t/c.npy --output %t/out --quiet
// RUN: %python -c "import numpy as np; q = np.load('%t/out/q.npy'); assert q.tolist() == [-2**63, 3], q"
// Division by zero is an error that names the op.
// RUN: not npu-run --reference %t/divide.mlir --input a=%t/a.npy --input b=%t/b.npy --output %t/out 2>&1 | FileCheck %s --check-prefix=DIVZERO
// DIVZERO: node 'div1': error: 'npu.binary' op divides by zero at element 1

// Dynamic shapes cannot be fed.
// RUN: not npu-run --reference %t/dynamic.mlir --input x=%t/a.npy --output %t/out 2>&1 | FileCheck %s --check-prefix=DYNAMIC
// DYNAMIC: npu-run: error: @main has an argument or result of type tensor<?xi64>; npu-run feeds and writes statically shaped tensors only

// A tensor too large for the interpreter is refused before allocation.
// RUN: not npu-run --reference %t/huge.mlir --output %t/out 2>&1 | FileCheck %s --check-prefix=HUGE
// HUGE: error: has a tensor of 100000x100000 elements, more than the reference interpreter holds (2^30)

//--- declaration.mlir
func.func private @main(tensor<2xf32>) -> tensor<2xf32>

//--- divide.mlir
func.func @main(%a: tensor<2xi64> {npu.name = "a"}, %b: tensor<2xi64> {npu.name = "b"}) -> (tensor<2xi64> {npu.name = "q"}) {
  %q = npu.binary div %a, %b : (tensor<2xi64>, tensor<2xi64>) -> tensor<2xi64> loc("div1")
  return %q : tensor<2xi64>
}

//--- dynamic.mlir
func.func @main(%x: tensor<?xi64> {npu.name = "x"}) -> tensor<?xi64> {
  return %x : tensor<?xi64>
}

//--- huge.mlir
func.func @main() -> tensor<100000x100000xf32> {
  %c = npu.constant dense<1.0> : tensor<100000x100000xf32>
  return %c : tensor<100000x100000xf32>
}
