// Times one ONNX model on ONNX Runtime's CPU execution provider (npm
// onnxruntime-node), for bench/pipeline.py's comparison with the simulator.
//
//   node time_model.mjs MODEL.onnx INPUTS.json RUNS THREADS
//
// INPUTS.json: [{"name": ..., "dtype": "float32" | "int64", "shape": [...]}].
// Prints one JSON line: {"median_ms", "min_ms", "runs", "threads", "version"}.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const ort = require("onnxruntime-node");
const [model, inputsFile, runsText, threadsText] = process.argv.slice(2);
const runs = Number(runsText ?? 10), threads = Number(threadsText ?? 1);
const specs = JSON.parse(readFileSync(inputsFile, "utf8"));

const session = await ort.InferenceSession.create(model, {
  executionProviders: ["cpu"],
  intraOpNumThreads: threads,
  interOpNumThreads: 1,
  graphOptimizationLevel: "all",
});
const feeds = {};
for (const spec of specs) {
  const count = spec.shape.reduce((a, b) => a * b, 1);
  let data;
  if (spec.dtype === "float32") {
    data = new Float32Array(count);
    for (let i = 0; i < count; ++i) data[i] = Math.sin(i) * 0.5;
  } else if (spec.dtype === "int64") {
    data = new BigInt64Array(count);
    for (let i = 0; i < count; ++i) data[i] = BigInt(i % 100);
  } else {
    throw new Error(`input '${spec.name}': dtype ${spec.dtype} is not supported here`);
  }
  feeds[spec.name] = new ort.Tensor(spec.dtype, data, spec.shape);
}
await session.run(feeds); // warm-up: allocations and kernel selection
const times = [];
for (let i = 0; i < runs; ++i) {
  const start = process.hrtime.bigint();
  await session.run(feeds);
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
}
times.sort((a, b) => a - b);
const version = require("onnxruntime-node/package.json").version;
console.log(JSON.stringify({
  median_ms: times[Math.floor(times.length / 2)], min_ms: times[0], runs, threads, version,
}));
