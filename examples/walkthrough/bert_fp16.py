"""A BERT-style encoder in fp16: compile, run, and see where the time goes.

    PYTHONPATH=build/python /usr/bin/python3 examples/walkthrough/bert_fp16.py

The zoo's encoder (scripts/gen_model_zoo.py) has token ids as input
(int64) and the last hidden state as output. Attention's Q x K^T and P x V
run on the matrix engine as batched products; softmax, LayerNorm and GELU
on the vector engine in fp16 (docs/quantization.md explains why they stay
fp16 in int8 models too).
"""

import collections

from common import arguments, compare, np, zoo_model

import npu

args = arguments(__doc__.splitlines()[0])
model, inputs, expected = zoo_model(args.zoo, "bert_encoder")
artifact = args.work / "bert-fp16.npub"
result = npu.compile(model, artifact, target=args.target, precision="fp16")
print(f"compiled in {result.seconds:.1f} s; DRAM: constants {result.summary['constant_bytes']} B, "
      f"activations {result.summary['activation_bytes']} B")

session = npu.Session(artifact)
print(session)
outputs = session.run(inputs, trace=True)
hidden, reference = outputs["last_hidden_state"], expected["last_hidden_state"]
cosine, sqnr = compare(reference, hidden)
print(f"fp16 vs torch fp32: cosine {cosine:.6f}, SQNR {sqnr:.1f} dB, "
      f"max abs error {np.abs(hidden.astype(np.float64) - reference).max():.2e}")

stats = session.stats
print(f"simulated {stats['time_us']:.1f} us; utilisation: " +
      ", ".join(f"{name} {q['utilisation']:.0%}" for name, q in stats["queues"].items()))
# Busy cycles per op kind: which engine work dominates.
busy = collections.Counter()
for event in session.trace:
    busy[f"{event['queue']}:{event['opcode']}"] += event["end_cycle"] - event["start_cycle"]
for kind, cycles in busy.most_common(6):
    print(f"  {kind:<20} {cycles:>10} busy cycles")
assert cosine > 0.999, "fp16 accuracy regressed"
