"""ResNet-18 in int8: calibrate, compile, run on the simulator, check accuracy.

    PYTHONPATH=build/python /usr/bin/python3 examples/walkthrough/resnet_int8.py

Calibration wants samples shaped like the model's input, one .npy per input
name, stacked on axis 0 (docs/quantization.md). Offline, with seeded random
weights, image-like random tensors stand in for a data set; with a real
model, use a few hundred real images, preprocessed as for inference.
"""

import time

from common import arguments, compare, np, zoo_model

import npu

args = arguments(__doc__.splitlines()[0])
model, inputs, expected = zoo_model(args.zoo, "resnet18")

# 1. Calibration samples: 8 "images" (normalized, as torchvision's transforms give).
samples = args.work / "resnet18-samples"
samples.mkdir(exist_ok=True)
rng = np.random.default_rng(0)
np.save(samples / "input.npy", rng.standard_normal((8, 3, 224, 224)).astype(np.float32))

# 2. Compile: entropy (KL) calibration; the table is saved for later compiles.
artifact = args.work / "resnet18-int8.npub"
result = npu.compile(model, artifact, target=args.target, precision="int8",
                     calibration=samples, calibration_method="entropy")
print(f"compiled in {result.seconds:.1f} s: {result.summary['commands']} commands, "
      f"calibration table {result.calibration_table}")

# 3. Run on the simulator.
session = npu.Session(artifact)
print(session)
start = time.perf_counter()
outputs = session.run(inputs)
wall = time.perf_counter() - start
stats = session.stats
print(f"simulated {stats['time_us']:.0f} us on '{stats['target']}' "
      f"(matrix engine busy {stats['queues']['matrix']['utilisation']:.0%}), "
      f"{stats['macs'] / 1e9:.2f} GMAC, simulator wall time {wall:.2f} s")

# 4. Against torch's fp32 output.
logits, reference = outputs["output"], expected["output"]
cosine, sqnr = compare(reference, logits)
top5, reference_top5 = np.argsort(-logits[0])[:5], np.argsort(-reference[0])[:5]
print(f"int8 vs fp32: cosine {cosine:.5f}, SQNR {sqnr:.1f} dB")
print(f"top-5 int8 {list(top5)}  fp32 {list(reference_top5)}")

# 5. A later compile reuses the table: no samples needed, same artifact.
again = npu.compile(model, args.work / "resnet18-int8-again.npub", target=args.target,
                    precision="int8", calibration_table=result.calibration_table)
same = (args.work / "resnet18-int8-again.npub").read_bytes() == artifact.read_bytes()
print(f"recompiled from the table in {again.seconds:.1f} s: identical artifact: {same}")
assert same and top5[0] == reference_top5[0] and sqnr > 25, "int8 accuracy regressed"
