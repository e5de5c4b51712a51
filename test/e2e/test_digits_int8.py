"""Issue 7's accuracy bar: a small CNN trained on scikit-learn's 8x8 digits
(examples/digits/train_digits.py, torch on the CPU, seeded) loses at most
0.5 points of held-out accuracy in int8 on the simulator, with every
calibration method, and its int8 logits are bit-exact to the int8
reference interpreter's.

examples/digits/evaluate.py does the work (train, calibrate, compile the
360-image test batch, simulate, run the reference) and reports JSON; this
test asserts on it.
"""

import json
import subprocess
import sys

from conftest import BUILD, REPO

MAX_LOSS_POINTS = 0.5


def test_digits_cnn_keeps_its_accuracy_in_int8(tmp_path):
    results_path = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, str(REPO / "examples" / "digits" / "evaluate.py"),
         str(tmp_path / "work"), "--bin", str(BUILD / "bin"), "--json", str(results_path)],
        capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    results = json.loads(results_path.read_text())
    assert results["test_images"] == 360
    fp32 = results["torch_fp32"]
    assert fp32 >= 90.0, f"the fp32 model itself trained badly: {fp32:.2f} %"
    assert results["fp16"]["accuracy"] >= fp32 - MAX_LOSS_POINTS
    assert set(results["methods"]) == {"minmax", "percentile", "entropy", "mse"}
    for method, r in results["methods"].items():
        assert r["accuracy"] >= fp32 - MAX_LOSS_POINTS, (
            f"{method}: {r['accuracy']:.2f} % in int8 against {fp32:.2f} % in fp32")
        assert r["logits_differing_from_reference"] == 0, method
