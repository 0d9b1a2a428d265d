// The V8 baseline of the kernel suite: each benchmarks/kernels/NAME/NAME.wasm (the committed module the
// service runs) instantiated in node, calc(n, seed) of kernels.txt called until V8 serves it optimised, then
// timed RUNS times. V8 compiles a module with Liftoff first and tiers a hot function up to TurboFan in the
// background; a call already running stays in Liftoff code (no on-stack replacement for wasm), so warm-up is
// whole calls: at least 10 and at least 2 s (as KernelCpu does for the service).
// Each timed call is measured in the CPU time of the main thread, the one running the wasm (the addon
// thread_cpu.node, built by run.sh: node 20 has no per-thread CPU clock), and in wall time. The CPU time the
// process's other threads (V8's compiler and GC threads, libuv's pool) used while the timed calls ran is read
// from /proc/self/task/*/schedstat: it should be about 0 once V8 has tiered up. Without the addon, the CPU
// time is process.cpuUsage() (every thread, user + system, µs), said so by "cpuClock": "process".
// Prints one JSON object: per kernel the checksum and the median and min ms of each clock.
// Usage: node kernels.mjs [RUNS [THREAD_CPU_ADDON]]
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { loadCalc, median } from './wasi.mjs';

const kernelsDir = new URL('../kernels/', import.meta.url);
const RUNS = Number(process.argv[2] ?? 21);
const WARM_CALLS = 10;
const WARM_MS = 2000;
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`RUNS must be a positive integer, not ${process.argv[2]}`);
const addon = process.argv[3] ?? fileURLToPath(new URL('../target/native/thread_cpu.node', import.meta.url));
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

let cpuClock = 'thread';
let cpuMs;
if (existsSync(addon)) {
  cpuMs = createRequire(import.meta.url)(addon).threadCpuMs;
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
  .map((line) => { const [name, n, seed] = line.trim().split(/\s+/); return { name, n: Number(n), seed: Number(seed) }; });

const kernels = {};
for (const { name, n, seed } of suite) {
  const calc = loadCalc(readFileSync(new URL(`${name}/${name}.wasm`, kernelsDir)));
  const result = calc(n, seed) >>> 0; // calc returns an i32: read it unsigned, as the ABI means
  const check = (r) => { if ((r >>> 0) !== result) throw new Error(`${name}: calc(${n}, ${seed}) gave ${result}, then ${r >>> 0}`); };
  const warmStart = nowMs();
  let warmCalls = 0;
  for (; warmCalls < WARM_CALLS || nowMs() - warmStart < WARM_MS; warmCalls++) check(calc(n, seed));
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
    n, seed, result, warmCalls, runs: RUNS,
    cpuMedianMs: median(cpu), cpuMinMs: Math.min(...cpu),
    medianMs: median(ms), minMs: Math.min(...ms),
    otherThreadsCpuMsPerCall: others / RUNS,
  };
}
console.log(JSON.stringify({ node: process.version, v8: process.versions.v8, cpuClock, kernels }, null, 1));
