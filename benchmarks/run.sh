#!/usr/bin/env bash
# Runs every benchmark once and writes benchmarks/target/results.md (see docs/benchmarks.md):
# the kernel suite of benchmarks/kernels natively, on V8 and through the service, kernel by kernel, each call
# timed in the CPU time of the thread running it; the native and V8 baselines of pow; install times, heap per
# plugin; then JMH (the kernels through the service in wall time, call cost, pow, throughput).
# Builds what it needs first. About 12 minutes on a 2-core machine (it uses both cores: run it on a quiet one).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
out="$here/target"
cd "$root" # the benchmarks find launcher/target/bundles and plugins/*/*.wasm from here
started=$(date +%s)
mkdir -p "$out"
cat /proc/loadavg > "$out/loadavg-start.txt"
# the benchmarks use both CPUs: anything else running (a build) shows up as noise, so say so
if awk '{ exit !($1 > 0.7) }' /proc/loadavg; then
    echo "run.sh: the machine is busy (load $(cut -d' ' -f1 /proc/loadavg)): expect noisy figures" >&2
fi
step() { echo "== $(( $(date +%s) - started ))s: $*" >&2; }

step "build"
if [ ! -d launcher/target/bundles ]; then
    mvn -q -DskipTests install
fi
# the launcher artifact may be missing from the local repository even when its bundles folder exists
mvn -q -f benchmarks/pom.xml package || { mvn -q -DskipTests install && mvn -q -f benchmarks/pom.xml package; }
jar="$out/benchmarks.jar"
# A copy of the bundles: a build of the root while this runs must not change the code measured halfway.
rm -rf "$out/bundles" && cp -rp launcher/target/bundles "$out/bundles" # -p: keeps the build times
# JMH passes the -D on to its forks; KernelBench writes the checksums it got to $out/kernels
java=(java "-Dwasmgi.bundles=$out/bundles" "-Dwasmgi.kernels.out=$out/kernels")
rm -rf "$out/kernels" "$out"/native-kernel-*.json "$out"/node-kernel-*.json "$out"/service-kernel-*.json "$out/service-kernels.log"

step "native baseline"
mkdir -p "$out/native"
clang -O2 -o "$out/native/pow-native" plugins/pow/pow.c benchmarks/native/pow_bench.c
# the loop must stay one multiplication per iteration, as in the wasm module: no vector multiply, no unrolling
objdump -d --no-show-raw-insn "$out/native/pow-native" | awk '/<calc>:/,/^$/' > "$out/native/calc.s"
if [ "$(grep -c 'imul' "$out/native/calc.s")" != 1 ] || grep -q 'pmul' "$out/native/calc.s"; then
    echo "native calc is not a plain loop of one imul:" >&2; cat "$out/native/calc.s" >&2; exit 1
fi
wasm-objdump -d plugins/pow/pow.wasm | awk '/<calc>:/,/^$/' | sed '/func\[[0-9]*\] <name>/,$d' > "$out/native/calc.wasm.txt"
if [ "$(grep -c 'i32.mul' "$out/native/calc.wasm.txt")" != 1 ]; then
    echo "pow.wasm's calc is not a plain loop of one i32.mul:" >&2; cat "$out/native/calc.wasm.txt" >&2; exit 1
fi
"$out/native/pow-native" 3 100000000 9 > "$out/native.json"

# The kernel suite, natively: each kernel's own source built for this machine with -O2 and the harness
# kernel_bench.c; the Rust kernel as a static library with rustc -O (Debian's, which also builds its .wasm).
rustc_native=/usr/bin/rustc
[ -x "$rustc_native" ] || rustc_native=rustc
kernels=()
while read -r name n seed; do
    case "$name" in ''|'#'*) continue ;; esac
    kernels+=("$name")
    src="benchmarks/kernels/$name"
    if [ -f "$src/$name.c" ]; then
        clang -O2 -o "$out/native/$name" "$src/$name.c" benchmarks/native/kernel_bench.c -lm
    else
        "$rustc_native" --edition 2018 -O --crate-type staticlib --crate-name "$name" \
            -o "$out/native/lib$name.a" "$src/$name.rs"
        clang -O2 -o "$out/native/$name" benchmarks/native/kernel_bench.c "$out/native/lib$name.a" -lpthread -ldl -lm
    fi
done < benchmarks/kernels/kernels.txt
# node 20 has no per-thread CPU clock: a small addon reads CLOCK_THREAD_CPUTIME_ID for kernels.mjs
clang -O2 -shared -fPIC -I/usr/include/node -o "$out/native/thread_cpu.node" benchmarks/node/thread_cpu.c

step "V8 baseline (pow)"
node benchmarks/node/pow.mjs 9 > "$out/node.json"

# The suite in CPU time, kernel by kernel: native, V8 and the service (KernelCpu) in turn, each in a fresh
# process, KERNEL_PROCESSES rounds of the three (default 3), so that a kernel's figures are taken within seconds of
# each other and each engine meets the machine's slow and fast phases alike; report.mjs pools each engine's calls.
# One process is not enough on this kind of machine: the same native binary runs nbody at 25 or 33 ms a call
# from one process to the next, V8 at 27 or 36, and what C2 makes of a kernel differs between JVMs.
calls=21
processes=${KERNEL_PROCESSES:-3}
for name in "${kernels[@]}"; do
    step "kernel $name: native, V8, service, $processes rounds (CPU time)"
    read -r _ n seed < <(grep "^$name " benchmarks/kernels/kernels.txt)
    for round in $(seq 1 "$processes"); do
        "$out/native/$name" "$name" "$n" "$seed" "$calls" > "$out/native-kernel-$name-$round.json"
        node benchmarks/node/kernels.mjs "$calls" "$out/native/thread_cpu.node" "$name" > "$out/node-kernel-$name-$round.json"
        "${java[@]}" -cp "$jar" io.wasmgi.bench.KernelCpu "$name" "$calls" "$out/service-kernel-$name-$round.json" \
            >> "$out/service-kernels.log"
    done
done

step "install times"
rm -f "$out"/install-*.json
for plugin in add mul pow; do
    "${java[@]}" -cp "$jar" io.wasmgi.bench.InstallTimes "$plugin" "$out/install-$plugin.json" 5 20 120 > /dev/null
done

step "heap per plugin"
"${java[@]}" -cp "$jar" io.wasmgi.bench.HeapPerPlugin "$out/heap.json" 100 > /dev/null

step "JMH"
# one fork per benchmark and parameter set (KernelBench: one per kernel), settings in the classes' annotations;
# -prof gc adds bytes per call
"${java[@]}" -jar "$jar" -rf json -rff "$out/jmh.json" -prof gc 'io\.wasmgi\.bench\..*Bench' > "$out/jmh.log"

step "report"
# report.mjs fails if a kernel's checksum differs between the service, V8 and native
node benchmarks/report.mjs "$out" > "$out/results.md"
echo "run.sh took $(( $(date +%s) - started )) s." >> "$out/results.md"
step "done: $out/results.md"
