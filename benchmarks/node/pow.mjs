// The V8 baseline: the same committed modules run by Node's V8, for benchmarks/run.sh.
//   pow:      calc(3, 100000000) timed RUNS times after a few warm-up calls (V8 starts a function in its
//             baseline compiler, Liftoff, and swaps in TurboFan code for later calls); median ms.
//   add, mul: the cost of one call of the calc export from JavaScript, ns per call, median of rounds.
// Prints one JSON object. Usage: node pow.mjs [RUNS]
import { readFileSync } from 'node:fs';
import { loadCalc, median } from './wasi.mjs';

const root = new URL('../../', import.meta.url);
const RUNS = Number(process.argv[2] ?? 9);

function load(plugin) {
  return loadCalc(readFileSync(new URL(`plugins/${plugin}/${plugin}.wasm`, root)));
}

const nowNs = () => Number(process.hrtime.bigint());

// 3^b mod 2^32, by squaring: the answer every engine must give
function powMod32(a, b) {
  let r = 1n, x = BigInt(a), e = BigInt(b);
  const m = (1n << 32n) - 1n;
  while (e > 0n) {
    if (e & 1n) r = (r * x) & m;
    x = (x * x) & m;
    e >>= 1n;
  }
  return Number(r);
}

const pow = load('pow');
const B = 100_000_000;
const expected = powMod32(3, B);
const powMs = [];
for (let i = 0; i < 3 + RUNS; i++) {
  const t = nowNs();
  const r = pow(3, B) >>> 0; // calc returns an i32: read it unsigned, as the ABI means
  const ms = (nowNs() - t) / 1e6;
  if (r !== expected) throw new Error(`pow(3, ${B}) = ${r}, expected ${expected}`);
  if (i >= 3) powMs.push(ms);
}

// one call from JS, in a loop whose result is used; the loop's own cost is part of it, as in JMH
function perCall(calc, calls) {
  let acc = 0;
  const t = nowNs();
  for (let i = 0; i < calls; i++) acc = (acc + calc(i, 7)) | 0;
  const ns = (nowNs() - t) / calls;
  if (acc === 0.5) console.error('never'); // keeps acc alive
  return ns;
}
const callNs = {};
for (const plugin of ['add', 'mul']) {
  const calc = load(plugin);
  if ((calc(6, 7) >>> 0) !== (plugin === 'add' ? 13 : 42)) throw new Error(`${plugin}: wrong answer`);
  const rounds = [];
  for (let i = 0; i < 2 + RUNS; i++) {
    const ns = perCall(calc, 5_000_000);
    if (i >= 2) rounds.push(ns);
  }
  callNs[plugin] = { median: median(rounds), min: Math.min(...rounds) };
}

console.log(JSON.stringify({
  node: process.version,
  v8: process.versions.v8,
  pow: { a: 3, b: B, result: expected, runs: RUNS, medianMs: median(powMs), minMs: Math.min(...powMs) },
  callNs,
}, null, 1));
