package io.wasmgi.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;

/**
 * Diagnostic, not a target: one compiled call of the export on a bare Chicory instance, no framework, no
 * service, no pool, no deadline: what {@link CallBench} costs on top of Chicory is the host's share.
 * The call is the host's own (PluginInstance.calc): apply(a, b), the first result read as unsigned.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ChicoryBench {

    @Param({"add", "mul"})
    String plugin;

    long a = 6;
    long b = 7;

    private Raw raw;

    /** A compiled instance of a plugin's module and its WASI context (to close). */
    record Raw(WasiPreview1 wasi, ExportFunction calc) {}

    static Raw instantiate(String plugin) throws IOException {
        WasmModule module = Parser.parse(Bench.module(plugin));
        WasiPreview1 wasi = WasiPreview1.builder().build(); // an empty environment, as the host's
        Instance instance = Instance.builder(module)
                .withImportValues(ImportValues.builder()
                        .addFunction(wasi.toHostFunctions())
                        .build())
                .withMachineFactory(MachineFactoryCompiler.compile(module))
                .build();
        ExportFunction calc = instance.export("calc");
        if (calc.apply(6, 7)[0] != (plugin.equals("add") ? 13 : 42)) {
            throw new IllegalStateException(plugin + ": wrong answer");
        }
        return new Raw(wasi, calc);
    }

    @Setup
    public void start() throws IOException {
        raw = instantiate(plugin);
    }

    @Benchmark
    public long call() {
        return Integer.toUnsignedLong((int) raw.calc().apply(a, b)[0]);
    }

    @TearDown
    public void close() {
        raw.wasi().close();
    }
}
