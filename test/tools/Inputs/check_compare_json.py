"""Recomputes npu-compare's figures from reference-interpreter layer dumps.

    check_compare_json.py COMPARE.json FP32_LAYERS_DIR GRAPH_LAYERS_DIR

COMPARE.json is an fp16 comparison; the layer dumps are those of `npu-run
--reference --dump-layers` on the ONNX model (fp32) and on the fp16 graph
`npu-compile --emit graph` writes. For every layer both dumps have, the
cosine, SQNR and largest error of the fp16 reference against fp32 must
equal the JSON's.
"""

import json
import pathlib
import sys

import numpy as np

report = json.load(open(sys.argv[1]))
fp32_dir, graph_dir = pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
assert report["precision"] == "fp16", report["precision"]
checked = 0
for layer in report["layers"]:
    stem = layer["layer"].strip("/").replace("/", "_") + ".npy"
    if not (fp32_dir / stem).exists() or not (graph_dir / stem).exists():
        continue
    expected = np.load(fp32_dir / stem).astype(np.float64).ravel()
    actual = np.load(graph_dir / stem).astype(np.float64).ravel()
    figures = layer["reference_vs_fp32"]
    cosine = actual.dot(expected) / np.linalg.norm(actual) / np.linalg.norm(expected)
    sqnr = 10 * np.log10((expected ** 2).sum() / ((actual - expected) ** 2).sum())
    assert abs(cosine - figures["cosine"]) < 1e-9, (layer, cosine)
    assert abs(sqnr - figures["sqnr_db"]) < 1e-6, (layer, sqnr)
    assert abs(np.abs(actual - expected).max() - figures["max_abs_error"]) < 1e-9, layer
    checked += 1
assert checked >= 10, f"only {checked} layers had dumps"
print(f"{checked} layers checked")
