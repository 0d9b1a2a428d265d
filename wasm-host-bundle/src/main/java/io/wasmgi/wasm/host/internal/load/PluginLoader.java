package io.wasmgi.wasm.host.internal.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import org.osgi.framework.Bundle;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;

import io.wasmgi.calc.api.CalcException;
import io.wasmgi.wasm.host.internal.call.CallWatchdog;
import io.wasmgi.wasm.host.internal.call.InstancePool;
import io.wasmgi.wasm.host.internal.call.WasmCalcOperator;
import io.wasmgi.wasm.host.internal.compile.ModuleCompiler;
import io.wasmgi.wasm.host.internal.compile.RecentModules;
import io.wasmgi.wasm.host.internal.config.Engine;
import io.wasmgi.wasm.host.internal.config.SandboxLimits;
import io.wasmgi.wasm.host.internal.sandbox.DirectoryGrant;
import io.wasmgi.wasm.host.internal.sandbox.PluginOutput;
import io.wasmgi.wasm.host.internal.sandbox.Sandbox;
import io.wasmgi.wasm.host.internal.sandbox.WasiImports;

/**
 * Turns a plugin bundle's module into a running operator, checking everything that can be checked before a
 * caller ever sees it: size, well-formedness, the ABI's exports and signatures, imports, memory needs, and the
 * name and symbol the module reports.
 */
public final class PluginLoader implements AutoCloseable {

    private final int maxModuleBytes;
    private final CallWatchdog watchdog;
    private final Map<String, FunctionType> hostFunctions;
    private final ModuleCompiler compiler;
    private final RecentModules recent = new RecentModules(16);
    private final ModuleParser parser = new ModuleParser();
    private final Consumer<String> console;

    public PluginLoader(int maxModuleBytes, CallWatchdog watchdog, ModuleCompiler compiler, Consumer<String> console) {
        this.maxModuleBytes = maxModuleBytes;
        this.watchdog = watchdog;
        this.compiler = compiler;
        this.hostFunctions = WasiImports.provided();
        this.console = console;
    }

    /** Stops the parser's thread. */
    @Override
    public void close() {
        parser.close();
    }

    /** The module's bytes and their SHA-256. */
    @SuppressWarnings("ArrayRecordComponent") // handed from the reader to the parser, never compared
    public record ModuleBytes(byte[] bytes, String sha256) {}

    public ModuleBytes read(Bundle bundle, String path) throws PluginRefusedException {
        URL entry = bundle.getEntry(path);
        if (entry == null) {
            throw new PluginRefusedException("Wasm-Plugin names '" + path + "', which is not in the bundle");
        }
        byte[] bytes;
        try (InputStream in = entry.openStream()) {
            bytes = readAtMost(in, maxModuleBytes);
        } catch (IOException e) {
            throw new PluginRefusedException("cannot read " + path + ": " + e.getMessage(), e);
        }
        if (bytes.length == 0) {
            throw new PluginRefusedException(path + " is empty");
        }
        return new ModuleBytes(bytes, sha256(bytes));
    }

    /**
     * @param bundle how the plugin's bundle is named in messages, e.g. {@code "bundle 12, io.wasmgi.plugin.add"}
     * @param limits what the plugin may use, and its engine (compiled code is made in the background; the
     *               interpreter serves until then)
     * @param directory the directory granted to the plugin, if any
     * @throws PluginRefusedException if the module cannot be served, saying why
     */
    public WasmCalcOperator load(
            String bundle, ModuleBytes module, SandboxLimits limits, Optional<DirectoryGrant> directory)
            throws PluginRefusedException {
        boolean compile = limits.engine() == Engine.COMPILED;
        Optional<RecentModules.Known> known = recent.get(module.sha256());
        WasmModule parsed =
                known.isPresent() ? known.get().module() : parser.parse(module.bytes(), ModuleParser.DEADLINE);
        AbiCheck.check(parsed, hostFunctions);
        ModuleFeatures.check(parsed);
        recent.parsed(module.sha256(), parsed);
        MemoryLimits memory = memoryLimits(parsed, limits);

        Optional<Function<Instance, Machine>> compiled =
                compile ? known.map(RecentModules.Known::compiled) : Optional.empty();

        // the name and symbol first, from an instance of their own: the plugin's pool, its messages and its output
        // then carry its name from the start
        Identity identity = readNameAndSymbol(bundle, parsed, memory, directory, limits, compiled);
        String name = identity.name();
        String symbol = identity.symbol();
        String label = "plugin '" + name + "' (" + bundle + ")";
        Sandbox sandbox = new Sandbox(parsed, memory, output(name, ""), output(name, " stderr"), directory);
        compiled.ifPresent(machine -> sandbox.useCompiled(machine, "compiled (in memory)"));
        InstancePool pool = new InstancePool(label, sandbox, watchdog, limits.callTimeout(), limits.poolSize());
        if (compile && compiled.isEmpty()) {
            compiler.compileLater(parsed, sandbox, label, code -> recent.compiled(module.sha256(), parsed, code));
        }
        return new WasmCalcOperator(name, symbol, pool);
    }

    /**
     * Calls {@code name} and {@code operator} on an instance of its own, under the plugin's deadline; until then
     * messages and output speak of the module and its bundle.
     *
     * @return the name and the symbol, checked
     */
    private Identity readNameAndSymbol(
            String bundle,
            WasmModule parsed,
            MemoryLimits memory,
            Optional<DirectoryGrant> directory,
            SandboxLimits limits,
            Optional<Function<Instance, Machine>> compiled)
            throws PluginRefusedException {
        PluginOutput stdout = new PluginOutput("[" + bundle + "] ", console, 1024, 100);
        PluginOutput stderr = new PluginOutput("[" + bundle + " stderr] ", console, 1024, 100);
        Sandbox sandbox = new Sandbox(parsed, memory, stdout, stderr, directory);
        compiled.ifPresent(machine -> sandbox.useCompiled(machine, "compiled (in memory)"));
        InstancePool probe = new InstancePool("the module", sandbox, watchdog, limits.callTimeout(), 1);
        try {
            String name = probe.call(instance -> instance.readString("name", limits.maxStringBytes()));
            String symbol = probe.call(instance -> instance.readString("operator", limits.maxStringBytes()));
            VisibleText.checkName(name);
            VisibleText.checkSymbol(symbol);
            return new Identity(name, symbol);
        } catch (CalcException e) {
            throw new PluginRefusedException(e.getMessage(), e);
        } finally {
            probe.close();
        }
    }

    private record Identity(String name, String symbol) {}

    private PluginOutput output(String name, String stream) {
        return new PluginOutput("[plugin " + name + stream + "] ", console, 1024, 100);
    }

    /** The module's own initial size, and at most the sandbox's limit (or the module's own, if smaller). */
    private static MemoryLimits memoryLimits(WasmModule module, SandboxLimits limits) throws PluginRefusedException {
        MemoryLimits declared = module.memorySection()
                .filter(s -> s.memoryCount() > 0)
                .map(s -> s.getMemory(0).limits())
                .orElseThrow(() -> new PluginRefusedException("the module defines no memory"));
        int max = Math.min(declared.maximumPages(), limits.maxMemoryPages());
        if (declared.initialPages() > max) {
            throw new PluginRefusedException("the module needs " + declared.initialPages() + " pages of memory to"
                    + " start, more than its limit of " + max + " pages (" + max * 64 + " KiB)");
        }
        return new MemoryLimits(declared.initialPages(), max);
    }

    private static byte[] readAtMost(InputStream in, int max) throws IOException, PluginRefusedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + n > max) {
                throw new PluginRefusedException("the module is larger than the limit of " + max + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }
}
