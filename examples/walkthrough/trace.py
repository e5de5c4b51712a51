"""A trace of a run, for Perfetto: where each engine spends its cycles.

    PYTHONPATH=build/python /usr/bin/python3 examples/walkthrough/trace.py

Open the written JSON at https://ui.perfetto.dev (Open trace file) or in
chrome://tracing: one track per queue (dma0, dma1, matrix, vector), one
slice per command named after its opcode and ONNX node; time is in
simulated microseconds. npu-run --trace FILE writes the same.
"""

import collections

from common import REPO, arguments, np

import npu

args = arguments(__doc__.splitlines()[0])
artifact = args.work / "tiny.npub"
npu.compile(REPO / "examples" / "tiny_resnet.onnx", artifact, target=args.target)
session = npu.Session(artifact)
session.run({"image": np.random.default_rng(0).standard_normal((1, 3, 64, 64))
             .astype(np.float32)}, trace=True)
path = args.work / "tiny.trace.json"
session.write_trace(path)
print(f"wrote {path}: {len(session.trace)} commands over {session.stats['time_us']:.1f} "
      f"simulated us; open it at https://ui.perfetto.dev")
per_node = collections.Counter()
for event in session.trace:
    per_node[event["node"] or "(no node)"] += event["end_cycle"] - event["start_cycle"]
print("busiest ONNX nodes (busy cycles, all engines):")
for node, cycles in per_node.most_common(5):
    print(f"  {node:<40} {cycles}")
