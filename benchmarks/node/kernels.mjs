// The V8 baseline of the kernel suite: each benchmarks/kernels/NAME/NAME.wasm (the committed module the
// service runs) instantiated in node, calc(n, seed) of kernels.txt called until V8 serves it optimised, then
// timed RUNS times. V8 compiles a module with Liftoff first and tiers a hot function up to TurboFan in the
// background; a call already running stays in Liftoff code (no on-stack replacement for wasm), so warm-up is
// whole calls: at least 10 and 2 s, and then until, over a batch of at least 5 calls and 0.5 s, V8's other
// threads (its compilers) used under 3 % of the main thread's CPU time and the calls' median was not 5 % below
// the best batch's before (still getting faster), or 20 s in all ("settled": false); as KernelCpu warms the
// service.
// Each timed call is measured in the CPU time of the main thread, the one running the wasm (the addon
// thread_cpu.node, built by run.sh: node 20 has no per-thread CPU clock), and in wall time. The CPU time the
// process's other threads (V8's compiler and GC threads, libuv's pool) used while the timed calls ran is read
// from /proc/self/task/*/schedstat: it should be about 0 once V8 has tiered up. Without the addon, the CPU
// time is process.cpuUsage() (every thread, user + system, µs), said so by "cpuClock": "process".
// Prints one JSON object: per kernel the checksum and the median and min ms of each clock.
// Usage: node kernels.mjs [RUNS [THREAD_CPU_ADDON [KERNEL]]] (KERNEL: that kernel of kernels.txt only)
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCalc, median } from './wasi.mjs';

const kernelsDir = new URL('../kernels/', import.meta.url);
const RUNS = Number(process.argv[2] ?? 21);
const WARM_CALLS = 10;
const WARM_MS = 2000;
const SETTLED_SHARE = 0.03;
const IMPROVING = 0.05;
const BATCH_CALLS = 5;
const BATCH_MS = 500;
const WARM_MAX_MS = 20000;
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`RUNS must be a positive integer, not ${process.argv[2]}`);
const only = process.argv[4];
const addon = process.argv[3] || fileURLToPath(new URL('../target/native/thread_cpu.node', import.meta.url));
const round = (x) => Math.round(x * 1000) / 1000;
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

let cpuClock = 'thread';
let cpuMs;
if (existsSync(addon)) {
  cpuMs = createRequire(import.meta.url)(resolve(addon)).threadCpuMs;
} else {
  cpuClock = 'process';
  cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e3; };
  console.error(`kernels.mjs: no ${addon}: CPU time is the whole process's (process.cpuUsage)`);
}

// ns on CPU of each of this process's threads but the main one (the first field of schedstat)
const mainTid = readlinkSync('/proc/thread-self').split('/').pop();
const otherThreadsCpuMs = () => {
  let ns = 0;
  for (const tid of readdirSync('/proc/self/task')) {
    if (tid === mainTid) continue;
    try { ns += Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]); } catch { /* gone */ }
  }
  return ns / 1e6;
};

const suite = readFileSync(new URL('kernels.txt', kernelsDir), 'utf8').split('\n')
  .filter((line) => line.trim() && !line.startsWith('#'))
  .map((line) => { const [name, n, seed] = line.trim().split(/\s+/); return { name, n: Number(n), seed: Number(seed) }; })
  .filter(({ name }) => only === undefined || name === only);
if (suite.length === 0) throw new Error(`${only} is not in kernels.txt`);

const kernels = {};
for (const { name, n, seed } of suite) {
  const calc = loadCalc(readFileSync(new URL(`${name}/${name}.wasm`, kernelsDir)));
  const result = calc(n, seed) >>> 0; // calc returns an i32: read it unsigned, as the ABI means
  const check = (r) => { if ((r >>> 0) !== result) throw new Error(`${name}: calc(${n}, ${seed}) gave ${result}, then ${r >>> 0}`); };
  const warmStart = nowMs();
  let warmCalls = 0;
  let settled = false;
  let best = Infinity;
  for (;;) {
    const othersBefore = otherThreadsCpuMs();
    const cpuBefore = cpuMs();
    const batchStart = nowMs();
    const batch = [];
    while (batch.length < BATCH_CALLS || nowMs() - batchStart < BATCH_MS) {
      const c = cpuMs();
      check(calc(n, seed));
      batch.push(cpuMs() - c);
    }
    warmCalls += batch.length;
    const quiet = cpuClock === 'thread' && otherThreadsCpuMs() - othersBefore <= SETTLED_SHARE * (cpuMs() - cpuBefore);
    settled = quiet && median(batch) >= (1 - IMPROVING) * best;
    best = Math.min(best, median(batch));
    const warmMs = nowMs() - warmStart;
    if ((warmCalls >= WARM_CALLS && warmMs >= WARM_MS && settled) || warmMs >= WARM_MAX_MS) break;
  }
  const warmMs = nowMs() - warmStart;
  const ms = [];
  const cpu = [];
  const othersStart = otherThreadsCpuMs();
  for (let i = 0; i < RUNS; i++) {
    const t = nowMs();
    const c = cpuMs();
    const r = calc(n, seed);
    cpu.push(cpuMs() - c);
    ms.push(nowMs() - t);
    check(r);
  }
  const others = otherThreadsCpuMs() - othersStart;
  kernels[name] = {
    n, seed, result, warmCalls, warmMs: round(warmMs), settled, runs: RUNS,
    cpuMedianMs: round(median(cpu)), cpuMinMs: round(Math.min(...cpu)),
    medianMs: round(median(ms)), minMs: round(Math.min(...ms)),
    otherThreadsCpuMsPerCall: round(others / RUNS),
    // every call, sorted: run.sh runs each kernel in several processes and report.mjs pools their calls
    cpuMs: cpu.map(round).sort((a, b) => a - b),
  };
}
console.log(JSON.stringify({ node: process.version, v8: process.versions.v8, cpuClock, kernels }, null, 1));
