// Writes results.md (on standard output) from what benchmarks/run.sh measured in benchmarks/target:
// jmh.json, node.json, native.json, native-kernel-*.json, node-kernel-*.json, service-kernel-*.json (KernelCpu)
// (each NAME-ROUND.json, one per process), kernels/service-*.txt (KernelBench), install-*.json, heap.json. Fails if a kernel's checksum is not the same
// through the service (both ways), on V8 and natively. Usage: node report.mjs TARGET_DIR
import { readFileSync, readdirSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { join } from 'node:path';

const dir = process.argv[2];
const read = (f) => JSON.parse(readFileSync(join(dir, f), 'utf8'));
const sh = (cmd) => { try { return execSync(cmd, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim(); } catch { return '?'; } };
const javaVersion = () => execSync('java -version 2>&1', { encoding: 'utf8' }).trim().split('\n');

const jmh = read('jmh.json');
const v8 = read('node.json');
const native = read('native.json');
const heap = read('heap.json');
const installs = readdirSync(dir).filter((f) => /^install-.*\.json$/.test(f)).map(read);

// PowBench's b per engine (PowBench.B_COMPILED, B_INTERPRETER)
const POW_B = { compiled: 100_000_000, interpreter: 1_000_000 };

const f = (x, digits = 1) => (x === undefined || Number.isNaN(x) ? '–' : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const ratio = (x) => `${f(x, 2)}×`;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The JMH result of a benchmark method (short name, e.g. "CallBench.call"), with these params. */
function result(name, params = {}) {
  const r = jmh.find((x) => x.benchmark.endsWith('.' + name)
    && Object.entries(params).every(([k, v]) => x.params?.[k] === v));
  if (!r) throw new Error(`no JMH result for ${name} ${JSON.stringify(params)}`);
  const alloc = r.secondaryMetrics?.['gc.alloc.rate.norm']?.score;
  return { score: r.primaryMetric.score, error: r.primaryMetric.scoreError, unit: r.primaryMetric.scoreUnit, alloc,
    mode: r.mode, p50: r.primaryMetric.scorePercentiles?.['50.0'], samples: r.primaryMetric.rawDataHistogram
      ?.flat(2).reduce((count, [, n]) => count + n, 0) };
}

/** The host bundle's jar: SHA-256 and when it was built, since it may be older than the checked-out commit. */
function hostJar() {
  const jar = join(dir, 'bundles', 'wasm-host-bundle-0.1.0-SNAPSHOT.jar');
  return `wasm-host-bundle jar ${sh(`sha256sum ${jar} | cut -c1-12`)}…, built ${sh(`date -u -r ${jar} +%FT%TZ`)}`;
}

const out = [];
const p = (s = '') => out.push(s);

p('# wasmgi benchmark results');
p();
p(`Written by \`bash benchmarks/run.sh\` on ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}, at commit `
  + `${sh('git rev-parse --short HEAD')}${sh('git status --porcelain -- calc-bundle wasm-host-bundle launcher') ? ' (with local changes to the host)' : ''}. `
  + `The host measured: ${hostJar()} (copied from launcher/target/bundles when the run started; the commit is `
  + 'what was checked out, the jar is what was last built). '
  + 'Every figure below comes from this one run. JMH scores are the mean ± the 99.9 % confidence half-width '
  + '(one fork, few iterations: read them to about ±5 %) unless a table says median (p50); other figures are '
  + 'medians.');
p();
p('## Machine');
p();
p(`- ${sh('nproc')} CPUs (\`nproc\`), ${sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2")}, `
  + `${f(Number(sh("awk '/MemTotal/ {print $2}' /proc/meminfo")) / 1048576, 1)} GiB RAM, Linux ${sh('uname -r')}`);
p(`- ${javaVersion().join(' / ')}`);
p(`- node ${v8.node} (V8 ${v8.v8})`);
p(`- ${sh('clang --version').split('\n')[0]}`);
p(`- load average (1, 5, 15 min) when run.sh started: ${sh(`cut -d' ' -f1-3 ${join(dir, 'loadavg-start.txt')}`)}; `
  + `at the end: ${sh('cut -d" " -f1-3 /proc/loadavg')} (the benchmarks use both CPUs: anything else running shows as noise)`);
p();

// the kernel suite. CPU time: native-kernel-*.json, node-kernel-*.json, service-kernel-*.json, taken kernel by
// kernel in turn by run.sh. Wall time: KernelBench (JMH) beside the wall medians of the same native and V8 runs.
const KINDS = {
  sieve: 'byte stores over a large array (sieve of Eratosthenes)',
  matmul: 'strided loads (matrix multiply, naive i-j-k, int32)',
  crc32: 'table lookups (CRC-32, 256-entry table)',
  fib: 'call-heavy (recursive Fibonacci)',
  collatz: 'branchy 64-bit integer code (Collatz steps)',
  heapsort: 'compare-and-swap over an array (heapsort)',
  fnvmap: 'Rust: FNV-1a hashing, open-addressing hash map',
  qsort: 'indirect calls (the C library\'s qsort with a comparison function)',
  nbody: 'floating point, structure fields in memory (n-body simulation)',
};
const suite = readFileSync(new URL('kernels/kernels.txt', import.meta.url), 'utf8').split('\n')
  .filter((line) => line.trim() && !line.startsWith('#')).map((line) => line.trim().split(/\s+/)[0]);
/** The files PREFIX-NAME-ROUND.json of one engine and kernel: one per process run.sh started. */
const processesOf = (prefix, name) => {
  const files = readdirSync(dir).filter((f) => f.startsWith(`${prefix}-${name}-`) && f.endsWith('.json')).sort();
  if (files.length === 0) throw new Error(`${name}: no ${prefix}-${name}-*.json`);
  return files.map(read);
};
/** One engine's processes for a kernel, their timed calls pooled (the same number from each). */
const pooled = (name, processes) => {
  const cpuMs = processes.flatMap((x) => x.cpuMs);
  if (processes.some((x) => !Array.isArray(x.cpuMs))) throw new Error(`${name}: a process without cpuMs`);
  const results = new Set(processes.map((x) => x.result));
  const mean = (k) => (processes.some((x) => x[k] === null || x[k] === undefined) ? null
    : processes.reduce((sum, x) => sum + x[k], 0) / processes.length);
  return {
    processes, calls: cpuMs.length, result: results.size === 1 ? processes[0].result : [...results].join(' and '),
    cpuMedianMs: median(cpuMs), cpuMinMs: Math.min(...cpuMs),
    wallMedianMs: median(processes.map((x) => x.wallMedianMs ?? x.medianMs)),
    otherThreadsCpuMsPerCall: mean('otherThreadsCpuMsPerCall'),
    allocatedBytesPerCall: mean('allocatedBytesPerCall'),
    collections: processes.reduce((sum, x) => sum + (x.collections ?? 0), 0),
  };
};
const kernelRows = suite.map((name) => {
  const v8Processes = processesOf('node-kernel', name).map((run) => {
    if (run.cpuClock !== 'thread') throw new Error('kernels.mjs ran without thread_cpu.node: its CPU time is the whole process\'s');
    return run.kernels[name];
  });
  const v = { n: v8Processes[0].n, seed: v8Processes[0].seed, ...pooled(name, v8Processes) };
  const nat = pooled(name, processesOf('native-kernel', name));
  const svc = pooled(name, processesOf('service-kernel', name));
  const jmhRun = result('KernelBench.calc', { kernel: name });
  const jmhResult = Number(readFileSync(join(dir, 'kernels', `service-${name}.txt`), 'utf8').trim());
  if (svc.result !== v.result || jmhResult !== v.result || nat.result !== v.result) {
    throw new Error(`${name}: calc(${v.n}, ${v.seed}) = ${svc.result} through the service (KernelCpu), ${jmhResult} (KernelBench), ${v.result} on V8, ${nat.result} natively`);
  }
  return {
    name, n: v.n, seed: v.seed, checksum: v.result, v8: v, native: nat, service: svc, jmh: jmhRun,
    cpu: { service: svc.cpuMedianMs, v8: v.cpuMedianMs, native: nat.cpuMedianMs },
    cpuMin: { service: svc.cpuMinMs, v8: v.cpuMinMs, native: nat.cpuMinMs },
    wall: { service: jmhRun.p50, v8: v.wallMedianMs, native: nat.wallMedianMs },
  };
});
const geomean = (xs) => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
/** Per kernel a over b of one statistic, their geometric mean and the kernel with the highest. */
const compare = (stat, a, b) => {
  const ratios = kernelRows.map((r) => ({ name: r.name, x: r[stat][a] / r[stat][b] }));
  return { ratios, mean: geomean(ratios.map((r) => r.x)), worst: ratios.reduce((w, r) => (r.x > w.x ? r : w)) };
};
const cpuToV8 = compare('cpu', 'service', 'v8');
const cpuToNative = compare('cpu', 'service', 'native');
const cpuV8ToNative = compare('cpu', 'v8', 'native');
const minToV8 = compare('cpuMin', 'service', 'v8');
const wallToV8 = compare('wall', 'service', 'v8');
const wallToNative = compare('wall', 'service', 'native');
const wallV8ToNative = compare('wall', 'v8', 'native');
const perProcess = kernelRows[0].v8.processes[0].runs;
const processCount = kernelRows[0].v8.processes.length;
const sameCalls = kernelRows.every((r) => [r.v8, r.native, r.service].every((e) => e.processes.length === processCount
  && e.processes.every((x) => (x.runs ?? x.calls) === perProcess)));
const quote = (xs) => xs.map((r) => `${r.name} ${ratio(r.x)}`).join(', ');

p('## The kernel suite: real code through the service, on V8 and native');
p();
p(`**In CPU time, through the service, the suite takes ${ratio(cpuToV8.mean)} V8's time (geometric mean over ${kernelRows.length} kernels); `
  + `the worst kernel is ${cpuToV8.worst.name} at ${ratio(cpuToV8.worst.x)}.** `
  + `Against native: ${ratio(cpuToNative.mean)} (V8 against native: ${ratio(cpuV8ToNative.mean)}). `
  + `In wall time (JMH's median against V8's): ${ratio(wallToV8.mean)}, worst ${wallToV8.worst.name} at ${ratio(wallToV8.worst.x)}.`);
p();
p('### CPU time of the thread that runs the wasm, median per call');
p();
p('Each kernel is a plugin of `benchmarks/kernels/` (its committed `.wasm`, built by its `build.sh`), '
  + '`calc(n, seed)` with n and seed from `kernels.txt`. run.sh times one kernel at a time on the three engines '
  + 'in turn (native, V8, service), so that a kernel\'s three figures are seconds apart. Each figure is the '
  + `**median over ${sameCalls ? processCount * perProcess : 'N'} calls of the CPU time of the calling thread**, `
  + `${sameCalls ? perProcess : 'N'} in each of ${processCount} processes per engine, pooled, after warm-up. run.sh `
  + 'runs the three engines in turn, a fresh process each, that many rounds: the same code runs at a speed that '
  + 'differs from one process to the next (the same native binary runs nbody at 25 or 33 ms a call; what C2 '
  + 'makes of a kernel differs between JVMs), and the machine has slower and faster phases that each engine should '
  + 'meet alike. '
  + '*service*: `KernelCpu`, a JVM and a container per kernel, the kernel a plugin bundle served compiled, '
  + 'called through its CalcOperator service, timed with `ThreadMXBean.getCurrentThreadCpuTime` (the host runs '
  + 'the wasm on the calling thread); warm-up: at least 10 calls and 2 s, then until, over a batch of calls, '
  + 'the other threads (C2) used under 3 % of the calling thread\'s CPU and the calls were not getting faster. '
  + '*V8*: the same `.wasm` in node '
  + '(`kernels.mjs`), the main thread\'s CPU time (`CLOCK_THREAD_CPUTIME_ID` through a small addon), warm-up '
  + 'the same way. *Native*: the same source built for this machine (clang -O2; the Rust kernel with rustc -O), '
  + '`CLOCK_THREAD_CPUTIME_ID`, after 2 calls. CPU time leaves out what other processes take from the thread; '
  + 'it still counts what they cost it on the same CPU (caches refilled after a switch), so it moves with the '
  + 'load, less than wall time. The checksum is what calc returned: the same on all three engines and in JMH, '
  + 'or report.mjs fails.');
p();
p('| kernel | kind | n | service ms | V8 ms | native ms | service / V8 | service / native | V8 / native | checksum |');
p('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
kernelRows.forEach((r, i) => {
  p(`| ${r.name} | ${KINDS[r.name] ?? ''} | ${r.n.toLocaleString('en-US')} | ${f(r.cpu.service, 2)} | ${f(r.cpu.v8, 2)} | ${f(r.cpu.native, 2)} | ${ratio(cpuToV8.ratios[i].x)} | ${ratio(cpuToNative.ratios[i].x)} | ${ratio(cpuV8ToNative.ratios[i].x)} | ${r.checksum} |`);
});
p(`| **geometric mean** | | | | | | **${ratio(cpuToV8.mean)}** | ${ratio(cpuToNative.mean)} | ${ratio(cpuV8ToNative.mean)} | |`);
p();
p(`From the **minimum** CPU time per call of the same runs (the least disturbed call): service / V8 ${ratio(minToV8.mean)}, `
  + `worst ${minToV8.worst.name} at ${ratio(minToV8.worst.x)} (${quote(minToV8.ratios)}). `
  + 'Where median and minimum disagree much, the machine was busy: read the minimum too.');
p();
p('What else the same timed calls cost, and their wall time. *Others ms/call*: CPU time of the process\'s other '
  + 'threads while the timed calls ran (/proc/self/task/*/schedstat: the JIT compilers, the garbage collector, '
  + 'V8\'s background threads, the host\'s watchdog), per call: near 0 means the calling thread\'s CPU time is '
  + 'the whole cost. *B/call*: bytes the calling thread allocated per call (the service). *GCs*: collections '
  + 'during the timed calls. *Warm-up*: calls and seconds, and whether the other threads had gone quiet. '
  + 'Wall medians, others and B/call are over an engine\'s processes (median, means; GCs summed).');
p();
p('| kernel | CPU median ms per process: service; V8; native | CPU min ms: service / V8 / native | wall median ms: service / V8 / native | others ms/call: service / V8 | B/call | GCs | warm-up: service / V8 |');
p('|---|---|---|---|---|---:|---:|---|');
const warmOf = (w) => `${w.warmCalls} calls ${f(w.warmMs / 1000, 1)} s${w.settled ? '' : ' **not settled**'}`;
for (const r of kernelRows) {
  const s = r.service;
  const medians = (e) => e.processes.map((x) => f(x.cpuMedianMs, 2)).join(' / ');
  p(`| ${r.name} | ${medians(s)}; ${medians(r.v8)}; ${medians(r.native)} | ${f(s.cpuMinMs, 2)} / ${f(r.v8.cpuMinMs, 2)} / ${f(r.native.cpuMinMs, 2)} | ${f(s.wallMedianMs, 2)} / ${f(r.v8.wallMedianMs, 2)} / ${f(r.native.wallMedianMs, 2)} | ${s.otherThreadsCpuMsPerCall === null ? '?' : f(s.otherThreadsCpuMsPerCall, 2)} / ${f(r.v8.otherThreadsCpuMsPerCall, 2)} | ${f(s.allocatedBytesPerCall, 0)} | ${s.collections} | ${s.processes.map(warmOf).join(', ')} / ${r.v8.processes.map(warmOf).join(', ')} |`);
}
p();

p('### Wall time: JMH through the service');
p();
p('*Service*: `KernelBench`, JMH in sample mode (every call timed), one fork per kernel, 4 warm-up and 5 measured '
  + 'iterations of 1 s: the **median (p50) wall time per call**, and the mean ± its 99.9 % half-width. *V8* and '
  + '*native*: the median wall time of the same calls as the CPU-time table above (a few minutes earlier than '
  + 'JMH: wall-time ratios across phases move with the load). *B/call*: JMH\'s `-prof gc`, which counts every '
  + 'thread\'s allocations, the container\'s included, divided by the calls.');
p();
p('| kernel | service p50 ms | service mean ms | ± | calls sampled | B/call (all threads) | V8 ms | native ms | service / V8 | service / native | V8 / native |');
p('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
kernelRows.forEach((r, i) => {
  p(`| ${r.name} | ${f(r.jmh.p50, 2)} | ${f(r.jmh.score, 2)} | ${f(r.jmh.error, 2)} | ${r.jmh.samples ?? '–'} | ${f(r.jmh.alloc, 0)} | ${f(r.wall.v8, 2)} | ${f(r.wall.native, 2)} | ${ratio(wallToV8.ratios[i].x)} | ${ratio(wallToNative.ratios[i].x)} | ${ratio(wallV8ToNative.ratios[i].x)} |`);
});
p(`| **geometric mean** | | | | | | | | **${ratio(wallToV8.mean)}** | ${ratio(wallToNative.mean)} | ${ratio(wallV8ToNative.mean)} |`);
p();

// 1. one call
const floor = { add: result('FloorBench.javaAdd'), mul: result('FloorBench.javaMul') };
p('## 1. One `calc` call through the CalcOperator service');
p();
p('JMH, average time per call, from outside the framework through a MethodHandle bound once to the service\'s '
  + '`calc(long, long)`. The Java floor is a plain static Java method with the same contract (operands checked, '
  + 'result wrapped to u32), called through a handle of the same type in the same way. V8: the same module\'s '
  + '`calc` export called from a JavaScript loop in node (median of 9 rounds of 5 000 000 calls).');
p();
p('| call | ns/call | ± | allocated B/call | × Java floor | × V8, same export |');
p('|---|---:|---:|---:|---:|---:|');
for (const plugin of ['add', 'mul']) {
  for (const engine of ['compiled', 'interpreter']) {
    const r = result('CallBench.call', { plugin, engine });
    p(`| ${plugin}, ${engine} | ${f(r.score)} | ${f(r.error)} | ${f(r.alloc, 0)} | ${ratio(r.score / floor[plugin].score)} | ${ratio(r.score / v8.callNs[plugin].median)} |`);
  }
}
const mega = result('MegamorphicCallBench.callThreePlugins');
p(`| diagnostic: mul, compiled, three distinct mul plugins called in turn (the host's call site sees three compiled modules, not one) | ${f(mega.score)} | ${f(mega.error)} | ${f(mega.alloc, 0)} | ${ratio(mega.score / floor.mul.score)} | ${ratio(mega.score / v8.callNs.mul.median)} |`);
for (const plugin of ['add', 'mul']) {
  const r = floor[plugin];
  p(`| Java floor: ${plugin} as a static method, same handle call | ${f(r.score, 2)} | ${f(r.error, 2)} | ${f(r.alloc, 0)} | 1× | |`);
}
for (const plugin of ['add', 'mul']) {
  const r = result('ChicoryBench.call', { plugin });
  p(`| diagnostic: ${plugin} on bare Chicory, compiled, through its generic entry \`ExportFunction.apply\` (two \`long[]\` per call; the host enters the compiled function directly), no framework, pool or deadline | ${f(r.score)} | ${f(r.error)} | ${f(r.alloc, 0)} | ${ratio(r.score / floor[plugin].score)} | ${ratio(r.score / v8.callNs[plugin].median)} |`);
}
const direct = result('FloorBench.javaAddDirect');
p(`| Java add called directly (no handle): the handle's own cost is the difference | ${f(direct.score, 2)} | ${f(direct.error, 2)} | ${f(direct.alloc, 0)} | | |`);
const nano = result('FloorBench.nanoTime');
p(`| one \`System.nanoTime()\` (why the host times only one call in 64) | ${f(nano.score)} | ${f(nano.error)} | | | |`);
for (const plugin of ['add', 'mul']) {
  p(`| V8: ${plugin}'s \`calc\` from JavaScript | ${f(v8.callNs[plugin].median)} | | | | 1× |`);
}
p();

// 2. pow
const powRows = [];
for (const engine of ['compiled', 'interpreter']) {
  const r = result('PowBench.pow', { engine });
  const b = POW_B[engine];
  powRows.push({ name: `Chicory ${engine}, through the service (JMH)`, b, ms: r.score, err: r.error, perIter: (r.score * 1e6) / b });
}
{
  const r = result('PowNoUnrollBench.pow');
  powRows.push({ name: 'diagnostic: Chicory compiled, through the service, C2 loop unrolling off (-XX:LoopUnrollLimit=0)', b: POW_B.compiled, ms: r.score, err: r.error, perIter: (r.score * 1e6) / POW_B.compiled });
}
powRows.push({ name: `V8 (node ${v8.node}), median of ${v8.pow.runs} after 3 warm-up calls`, b: v8.pow.b, ms: v8.pow.medianMs, perIter: (v8.pow.medianMs * 1e6) / v8.pow.b });
powRows.push({ name: `native, clang -O2 (median of ${native.runs})`, b: native.b, ms: native.medianMs, perIter: (native.medianMs * 1e6) / native.b });
const v8Iter = powRows[3].perIter;
const nativeIter = powRows[4].perIter;
p('## 2. `pow(3, b)`: a loop of b multiplications');
p();
p('The interpreter runs b = 1 000 000 (b = 100 000 000 would take minutes); every ratio is per loop iteration, '
  + 'so it compares like with like. pow.c keeps clang to one multiplication per iteration (checked in the '
  + 'disassembly by run.sh); HotSpot\'s C2, unrolling the JVM bytecode Chicory emits, regroups the chain of '
  + 'multiplications by the loop-invariant `a` and does fewer dependent multiplications: the row with unrolling '
  + 'off is the same loop as V8 and native run.');
p();
p('| engine | b | ms per call | ± | ns per iteration | × V8 | × native |');
p('|---|---:|---:|---:|---:|---:|---:|');
for (const r of powRows) {
  p(`| ${r.name} | ${r.b.toLocaleString('en-US')} | ${f(r.ms)} | ${r.err === undefined ? '' : f(r.err)} | ${f(r.perIter, 3)} | ${ratio(r.perIter / v8Iter)} | ${ratio(r.perIter / nativeIter)} |`);
}
p();

// 3. install times
p('## 3. Install to service, per plugin');
p();
p('Milliseconds from `installBundle` to: *installed* (Felix has the bundle), *registered* (the CalcOperator '
  + 'service is registered: calls are answered from then on, by the interpreter until compiled code is ready), '
  + '*compiled serving* (`calc:plugins` shows the compiled engine and one call has returned on a compiled '
  + 'instance). *First*: the first install in a fresh JVM with empty caches. *Cold*: the same JVM, the disk '
  + 'cache emptied and the host bundle restarted (it forgets the modules it keeps in memory) before each '
  + 'install: a compilation. *Warm from disk*: the host bundle restarted before each install: the compiled '
  + 'classes come from the disk cache, as after a container restart. *Warm in memory*: a plain reinstall of the '
  + 'same module (an update, a reload for new configuration): parsed and compiled already; the first 20 (the '
  + 'install path still cold in the JIT, as in a container that installs a plugin now and then), and the last '
  + '20 of a long series (install path JIT-compiled). Each sample is undone (uninstall) before the next; '
  + 'medians.');
p();
p('| plugin | module | sample | n | installed | registered | compiled serving | engine shown |');
p('|---|---:|---|---:|---:|---:|---:|---|');
const installOf = {};
for (const ins of installs.sort((a, b) => a.plugin.localeCompare(b.plugin))) {
  const slices = {
    first: ins.first, cold: ins.cold, disk: ins.disk, memory: ins.memory.slice(0, 20), memoryLate: ins.memory.slice(-20),
  };
  const lateFrom = ins.memory.length - 19;
  for (const [kind, label] of [['first', 'first (fresh JVM)'], ['cold', 'cold (compiles)'],
    ['disk', 'warm from disk (host restarted)'], ['memory', 'warm in memory, reinstalls 1–20'],
    ['memoryLate', `warm in memory, reinstalls ${lateFrom}–${ins.memory.length}`]]) {
    const s = slices[kind];
    const m = (k) => median(s.map((x) => x[k]));
    installOf[`${ins.plugin}.${kind}`] = m('servingMs');
    p(`| ${ins.plugin} | ${f(ins.moduleBytes / 1024, 0)} KiB | ${label} | ${s.length} | ${f(m('installedMs'))} | ${f(m('registeredMs'))} | ${f(m('servingMs'))} | ${s[0].engine} |`);
  }
}
p();

// 4. throughput
const one = result('ThroughputBench.oneThread');
const two = result('ThroughputBench.twoThreads');
p('## 4. Throughput of one compiled mul service');
p();
p('| calling threads | calls/µs | ± | × one thread |');
p('|---:|---:|---:|---:|');
p(`| 1 | ${f(one.score, 2)} | ${f(one.error, 2)} | 1× |`);
p(`| 2 | ${f(two.score, 2)} | ${f(two.error, 2)} | ${ratio(two.score / one.score)} |`);
const alignedOne = result('ThroughputBench.oneThreadAligned');
const alignedTwo = result('ThroughputBench.twoThreadsAligned');
p(`| diagnostic: the same, every object 128-byte aligned (-XX:ObjectAlignmentInBytes=128), 1 | ${f(alignedOne.score, 2)} | ${f(alignedOne.error, 2)} | 1× |`);
p(`| diagnostic: the same, every object 128-byte aligned, 2 | ${f(alignedTwo.score, 2)} | ${f(alignedTwo.error, 2)} | ${ratio(alignedTwo.score / alignedOne.score)} |`);
const rawOne = result('ChicoryThroughputBench.oneThread');
const rawTwo = result('ChicoryThroughputBench.twoThreads');
p(`| diagnostic: bare Chicory, an instance per thread, 1 | ${f(rawOne.score, 2)} | ${f(rawOne.error, 2)} | 1× |`);
p(`| diagnostic: bare Chicory, an instance per thread, 2 | ${f(rawTwo.score, 2)} | ${f(rawTwo.error, 2)} | ${ratio(rawTwo.score / rawOne.score)} |`);
p();

// 5. heap
p('## 5. Heap per installed plugin');
p();
p(`${heap.plugins} copies of the mul bundle (distinct symbolic names, and distinct modules: a custom section each), each compiled and called once; heap used `
  + 'after full GCs, before and after, divided by the count (one copy was installed and called before the first '
  + 'measurement, so one-time costs are not counted). Metaspace holds each plugin\'s compiled classes.');
p();
p('| heap before | heap after | heap per plugin | metaspace per plugin | time until all compiled | one plugin in calc:plugins |');
p('|---:|---:|---:|---:|---:|---|');
p(`| ${f(heap.heapBeforeBytes / 1048576)} MiB | ${f(heap.heapAfterBytes / 1048576)} MiB | ${f(heap.heapPerPluginBytes / 1024, 0)} KiB | ${f(heap.metaspacePerPluginBytes / 1024, 0)} KiB | ${f(heap.allCompiledMs / 1000, 1)} s | \`${heap.line}\` |`);
p();
p('Where the heap per plugin is (growth per plugin by class, from the JVM\'s class histogram): '
  + heap.topClasses.slice(0, 6).map((c) => `\`${c.class}\` ${f(c.bytesPerPlugin / 1024, 0)} KiB`).join(', ') + '.');
p();

// targets
const powCompiled = powRows[0].perIter / v8Iter;
const powNoUnroll = powRows[2].perIter / v8Iter;
const callAdd = result('CallBench.call', { plugin: 'add', engine: 'compiled' }).score / v8.callNs.add.median;
const callMul = result('CallBench.call', { plugin: 'mul', engine: 'compiled' }).score / v8.callNs.mul.median;
const yes = (ok) => (ok ? 'yes' : '**no**');
p('## Targets');
p();
p('| target | measured | met |');
p('|---|---|---|');
p(`| kernel suite through the service: geometric mean ≤ 1.5× V8, no kernel above 2.5× (issue 11; CPU time, medians) | ${ratio(cpuToV8.mean)}, worst ${cpuToV8.worst.name} ${ratio(cpuToV8.worst.x)} (wall time, JMH p50: ${ratio(wallToV8.mean)}, worst ${wallToV8.worst.name} ${ratio(wallToV8.worst.x)}) | ${yes(cpuToV8.mean <= 1.5)}, ${yes(cpuToV8.worst.x <= 2.5)} |`);
p(`| pow compiled within 1.15× V8 | ${ratio(powCompiled)} (C2 unrolling off, the same loop: ${ratio(powNoUnroll)}) | ${yes(powCompiled <= 1.15)} (same loop: ${yes(powNoUnroll <= 1.15)}) |`);
p(`| one call, compiled, within 2× V8's call of the same export | add ${ratio(callAdd)}, mul ${ratio(callMul)} | ${yes(callAdd <= 2 && callMul <= 2)} |`);
for (const plugin of ['mul', 'pow']) {
  if (installOf[`${plugin}.memory`] === undefined) continue;
  const d = installOf[`${plugin}.disk`], w = installOf[`${plugin}.memory`], wl = installOf[`${plugin}.memoryLate`];
  const c = installOf[`${plugin}.cold`], c1 = installOf[`${plugin}.first`];
  p(`| C plugin ${plugin}: warm install under 20 ms, cold under 300 ms (compiled serving) | warm: from disk ${f(d)} ms, in memory ${f(w)} ms (JIT-warm: ${f(wl)} ms); cold ${f(c)} ms (first in a fresh JVM: ${f(c1)} ms) | warm: from disk ${yes(d < 20)}, in memory ${yes(w < 20)} (JIT-warm ${yes(wl < 20)}); cold ${yes(c < 300)} (fresh JVM ${yes(c1 < 300)}) |`);
}
p(`| 2 threads at least 1.7× one thread | ${ratio(two.score / one.score)} (objects 128-byte aligned: ${ratio(alignedTwo.score / alignedOne.score)}) | ${yes(two.score / one.score >= 1.7)} (aligned: ${yes(alignedTwo.score / alignedOne.score >= 1.7)}) |`);
p();
console.log(out.join('\n'));
