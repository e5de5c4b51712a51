"""Checks a precision table written by npu-compile --precision mixed.

    check_precision_table.py TABLE MIN_SQNR_DB FP16_BUDGET GRAPH

* every layer has a measured SQNR, its MACs and a choice;
* the fp16 layers all measure below the threshold and their MACs fit the
  budget's share of all;
* the choice is greedy, worst first: each candidate left in int8 would
  have overflowed the budget when its turn came;
* the graph has as many float products as the table has fp16 layers.
"""

import json
import re
import sys

table_path, threshold, budget, graph_path = sys.argv[1], float(sys.argv[2]), \
    float(sys.argv[3]), sys.argv[4]
table = json.load(open(table_path))
assert table["format"] == "npu-precision-table", table
layers = table["layers"]
total = sum(entry["macs"] for entry in layers.values())
assert total > 0
for name, entry in layers.items():
    assert entry["precision"] in ("int8", "fp16"), (name, entry)
    assert isinstance(entry["sqnr_db"], float) and entry["sqnr_db"] > 0, (name, entry)
fp16 = {n: e for n, e in layers.items() if e["precision"] == "fp16"}
assert fp16, "the budget admits at least the smallest candidate"
assert all(e["sqnr_db"] < threshold for e in fp16.values()), fp16
assert sum(e["macs"] for e in fp16.values()) <= budget * total

spent = 0
for name, entry in sorted(layers.items(), key=lambda item: item[1]["sqnr_db"]):
    if entry["sqnr_db"] >= threshold:
        assert entry["precision"] == "int8", (name, entry)
        continue
    fits = spent + entry["macs"] <= budget * total
    assert (entry["precision"] == "fp16") == fits, (name, entry, spent)
    if fits:
        spent += entry["macs"]
int8_share = 1 - spent / total
assert abs(table["int8_mac_share"] - int8_share) < 1e-9, table["int8_mac_share"]

graph = open(graph_path).read()
products = re.findall(r"= npu\.(?:conv2d|fully_connected) .*-> tensor<([^>]*)>", graph)
floats = [p for p in products if "quant.uniform" not in p]
assert len(products) == len(layers), products
assert len(floats) == len(fp16), (floats, fp16)
print(f"{len(fp16)} of {len(layers)} layers fp16, {100 * int8_share:.1f} % of MACs int8")
