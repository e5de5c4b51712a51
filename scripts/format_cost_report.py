#!/usr/bin/env python3
"""Turns the remarks of `npu-opt --npu-report-cost=per-op` into a table.

Reads the diagnostics on stdin; prints one row per op (its ONNX node, op kind,
MACs, vector ops, compulsory bytes, MACs per byte) and the function totals.
Errors and warnings are passed through so nothing is hidden; the source
excerpts MLIR prints under each diagnostic are dropped.
"""

import re
import sys

OP_REMARK = re.compile(
    r"remark: (?P<kind>[a-z_0-9]+)(?: '(?P<node>[^']*)')?: "
    r"(?P<macs>\d+) MACs, (?P<vector>\d+) vector ops, (?P<bytes>\d+) bytes$")
SUMMARY = re.compile(r'remark: .*@(?P<func>[\w.$-]+): (?P<rest>.*)$')


def human(n):
    for unit, scale in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if n >= scale:
            return f"{n / scale:.2f}{unit}"
    return str(n)


def main():
    rows, summaries, passthrough = [], [], []
    for line in sys.stdin:
        line = line.rstrip("\n")
        if (m := OP_REMARK.search(line)):
            rows.append(m)
        elif (m := SUMMARY.search(line)):
            summaries.append(m)
        elif " error: " in line or " warning: " in line:
            passthrough.append(line)
    for line in passthrough:
        print(line)
    if rows:
        width = max(len(m["node"] or "?") for m in rows)
        print(f"{'ONNX node':<{width}}  {'op':<18} {'MACs':>9} {'vector':>9} "
              f"{'bytes':>9} {'MACs/B':>7}")
        for m in rows:
            macs, nbytes = int(m["macs"]), int(m["bytes"])
            intensity = f"{macs / nbytes:.2f}" if nbytes else "-"
            print(f"{m['node'] or '?':<{width}}  {m['kind']:<18} {human(macs):>9} "
                  f"{human(int(m['vector'])):>9} {human(nbytes):>9} {intensity:>7}")
    for m in summaries:
        print(f"total @{m['func']}: {m['rest']}")
    return 1 if passthrough and not rows else 0


if __name__ == "__main__":
    sys.exit(main())
