"""Checks the outputs of npu-run-types.mlir against values computed here."""
import sys

import numpy as np

out = sys.argv[1]
h = np.load(f"{out}/h_sum.npy")
assert h.dtype == np.float16, h.dtype
expected = (np.array([1.0, 2048.0, 0.1, 60000.0], np.float16).astype(np.float32) +
            np.array([4.8828125e-4, 1.0, 0.2, 10000.0], np.float16).astype(np.float32)
            ).astype(np.float16)
assert np.array_equal(h, expected), (h, expected)
assert h[0] == 1.0 and h[1] == 2048.0 and np.isinf(h[3]), h

i = np.load(f"{out}/i_sum.npy")
assert i.dtype == np.int8 and i.tolist() == [-128, 127, -56, 0], i

q = np.load(f"{out}/q_out.npy")
assert q.dtype == np.int8 and q.tolist() == [23, -37, 127, -128], q
print("ok")
