// The reference interpreter's element-type semantics: f16 storage rounds to
// half after every op (ties to even), integers wrap, int8 requantization is
// integer-only. Values are checked with numpy after the run.

// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/h.npy', np.array([1.0, 2048.0, 0.1, 60000.0], np.float16)); np.save('%t/i.npy', np.array([127, -128, 100, 5], np.int8)); np.save('%t/q.npy', np.array([10, -20, 127, -128], np.int8))"
// RUN: npu-run --reference %s --input h=%t/h.npy --input i=%t/i.npy --input q=%t/q.npy --output %t/out --quiet
// RUN: %python %S/Inputs/check_types.py %t/out

func.func @main(%h: tensor<4xf16> {npu.name = "h"}, %i: tensor<4xi8> {npu.name = "i"},
                %q: tensor<4x!quant.uniform<i8:f32, 0.5>> {npu.name = "q"})
    -> (tensor<4xf16> {npu.name = "h_sum"}, tensor<4xi8> {npu.name = "i_sum"},
        tensor<4x!quant.uniform<i8:f32, 0.25:3>> {npu.name = "q_out"}) {
  // f16: 1 + 2^-11 is a tie that rounds to 1; 2048 + 1 rounds to 2048;
  // 60000 + 10000 overflows to inf.
  %e = npu.constant dense<[4.8828125e-4, 1.0, 0.2, 10000.0]> : tensor<4xf16>
  %hs = npu.binary add %h, %e : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  // i8: 127 + 1 wraps to -128, -128 - 1 (+ -1) wraps to 127.
  %one = npu.constant dense<[1, -1, 100, -5]> : tensor<4xi8>
  %is = npu.binary add %i, %one : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  // q (scale 0.5) to scale 0.25, zero point 3: q * 2 + 3, saturated.
  %qo = npu.requantize %q : (tensor<4x!quant.uniform<i8:f32, 0.5>>) -> tensor<4x!quant.uniform<i8:f32, 0.25:3>>
  return %hs, %is, %qo : tensor<4xf16>, tensor<4xi8>, tensor<4x!quant.uniform<i8:f32, 0.25:3>>
}
