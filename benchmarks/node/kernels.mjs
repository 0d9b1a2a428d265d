// The V8 baseline of the kernel suite: each benchmarks/kernels/NAME/NAME.wasm (the committed module the
// service runs) instantiated in node, calc(n, seed) of kernels.txt called until V8 serves it optimised, then
// timed RUNS times. V8 compiles a module with Liftoff first and tiers a hot function up to TurboFan in the
// background; a call already running stays in Liftoff code (no on-stack replacement for wasm), so warm-up is
// whole calls: at least 5 and at least 1 s. Prints one JSON object: per kernel the checksum, median and min ms.
// Usage: node kernels.mjs [RUNS]
import { readFileSync } from 'node:fs';
import { loadCalc, median } from './wasi.mjs';

const kernelsDir = new URL('../kernels/', import.meta.url);
const RUNS = Number(process.argv[2] ?? 11);
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

const suite = readFileSync(new URL('kernels.txt', kernelsDir), 'utf8').split('\n')
  .filter((line) => line.trim() && !line.startsWith('#'))
  .map((line) => { const [name, n, seed] = line.trim().split(/\s+/); return { name, n: Number(n), seed: Number(seed) }; });

const kernels = {};
for (const { name, n, seed } of suite) {
  const calc = loadCalc(readFileSync(new URL(`${name}/${name}.wasm`, kernelsDir)));
  const result = calc(n, seed) >>> 0; // calc returns an i32: read it unsigned, as the ABI means
  const check = (r) => { if ((r >>> 0) !== result) throw new Error(`${name}: calc(${n}, ${seed}) gave ${result}, then ${r >>> 0}`); };
  const warmStart = nowMs();
  for (let i = 0; i < 5 || nowMs() - warmStart < 1000; i++) check(calc(n, seed));
  const ms = [];
  for (let i = 0; i < RUNS; i++) {
    const t = nowMs();
    const r = calc(n, seed);
    ms.push(nowMs() - t);
    check(r);
  }
  kernels[name] = { n, seed, result, runs: RUNS, medianMs: median(ms), minMs: Math.min(...ms) };
}
console.log(JSON.stringify({ node: process.version, v8: process.versions.v8, kernels }, null, 1));
