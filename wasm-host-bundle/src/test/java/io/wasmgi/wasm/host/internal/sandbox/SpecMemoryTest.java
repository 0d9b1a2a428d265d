package io.wasmgi.wasm.host.internal.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ByteBufferMemory;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.ImportGlobal;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.Value;

/**
 * The WebAssembly spec's tests of memory (loads, stores, alignment, byte order, growth, traps, data segments and
 * the bulk operations) run with {@link FlatMemory} in Chicory's interpreter and in its compiled engine: every
 * {@code assert_return}, {@code assert_trap}, {@code assert_uninstantiable} and action must hold. The same
 * commands run with Chicory's {@link ByteBufferMemory} beside it, printed for comparison only.
 *
 * <p>The corpus is not in this repository. Point {@code -Dwasmgi.spec.dir} at a directory of the spec testsuite's
 * {@code .wast} files (github.com/WebAssembly/testsuite at 3a04b2cf, November 2022: the wasm 2.0 tests that wabt
 * 1.0.32 reads) and have wabt's {@code wast2json} on the path; without either, this is skipped. Validation
 * ({@code assert_invalid}, {@code assert_malformed}) is not the memory's business and is not run.
 */
class SpecMemoryTest {

    private static final List<String> FILES = List.of(
            "address",
            "align",
            "bulk",
            "data",
            "endianness",
            "float_memory",
            "load",
            "memory",
            "memory_copy",
            "memory_fill",
            "memory_grow",
            "memory_init",
            "memory_redundancy",
            "memory_size",
            "memory_trap",
            "store");

    static Stream<Arguments> files() {
        return FILES.stream().flatMap(f -> Stream.of(Arguments.of(f, false), Arguments.of(f, true)));
    }

    @ParameterizedTest(name = "{0}, compiled {1}")
    @MethodSource("files")
    void flatMemoryPassesTheSpecTests(String file, boolean compiled, @TempDir Path work)
            throws IOException, InterruptedException {
        String dir = System.getProperty("wasmgi.spec.dir");
        assumeTrue(dir != null, "-Dwasmgi.spec.dir not set");
        Path wast = Path.of(dir, file + ".wast");
        assumeTrue(Files.isRegularFile(wast), "no " + wast);
        Path json = work.resolve(file + ".json");
        Process wast2json;
        try {
            wast2json = new ProcessBuilder("wast2json", wast.toString(), "-o", json.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException noWabt) {
            assumeTrue(false, "no wast2json: " + noWabt.getMessage());
            return;
        }
        String output = new String(wast2json.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(wast2json.waitFor(60, TimeUnit.SECONDS) && wast2json.exitValue() == 0, output);

        @SuppressWarnings("unchecked")
        List<Object> commands =
                (List<Object>) ((Map<String, Object>) SpecJson.parse(Files.readString(json))).get("commands");
        Result flat = new Runner(work, compiled, FlatMemory::new).run(commands);
        Result paged = new Runner(work, compiled, ByteBufferMemory::new).run(commands);
        System.out.printf(
                "spec %-17s %-11s flat: %4d passed, %d failed; Chicory's paged: %4d passed, %d failed %s%n",
                file,
                compiled ? "compiled" : "interpreter",
                flat.passed,
                flat.failures.size(),
                paged.passed,
                paged.failures.size(),
                paged.failures.isEmpty() ? "" : paged.failures);
        assertEquals(List.of(), flat.failures, file);
        assertTrue(flat.passed > 0, "nothing ran in " + file);
    }

    private static final class Result {
        int passed;
        final List<String> failures = new ArrayList<>();
    }

    /** Runs one file's commands with one engine and one kind of memory. */
    private static final class Runner {
        private final Path work;
        private final boolean compiled;
        private final Function<MemoryLimits, Memory> memories;
        private final Result result = new Result();
        private Instance current;

        Runner(Path work, boolean compiled, Function<MemoryLimits, Memory> memories) {
            this.work = work;
            this.compiled = compiled;
            this.memories = memories;
        }

        @SuppressWarnings("unchecked")
        Result run(List<Object> commands) {
            for (Object c : commands) {
                Map<String, Object> command = (Map<String, Object>) c;
                String type = (String) command.get("type");
                String where = "line " + command.get("line") + " " + type;
                try {
                    switch (type) {
                        case "module":
                            current = null;
                            current = instantiate((String) command.get("filename"));
                            pass();
                            break;
                        case "assert_return":
                            expectReturn(where, invoke((Map<String, Object>) command.get("action")), (List<Object>)
                                    command.get("expected"));
                            break;
                        case "action":
                            invoke((Map<String, Object>) command.get("action"));
                            pass();
                            break;
                        case "assert_trap":
                        case "assert_exhaustion":
                            expectTrap(
                                    where,
                                    (String) command.get("text"),
                                    () -> invoke((Map<String, Object>) command.get("action")));
                            break;
                        case "assert_uninstantiable":
                        case "assert_unlinkable":
                            expectTrap(where, null, () -> instantiate((String) command.get("filename")));
                            break;
                        default: // assert_invalid, assert_malformed: validation, not memory
                            break;
                    }
                } catch (RuntimeException | AssertionError e) {
                    result.failures.add(where + ": " + e);
                }
            }
            return result;
        }

        private void pass() {
            result.passed++;
        }

        private Instance instantiate(String filename) {
            WasmModule module = Parser.parse(work.resolve(filename));
            ImportValues imports = ImportValues.builder()
                    .addMemory(new ImportMemory("spectest", "memory", memories.apply(new MemoryLimits(1, 2))))
                    .addGlobal(new ImportGlobal("spectest", "global_i32", new GlobalInstance(Value.i32(666))))
                    .build();
            Instance.Builder builder =
                    Instance.builder(module).withImportValues(imports).withMemoryFactory(memories);
            if (compiled) {
                builder.withMachineFactory(MachineFactoryCompiler.compile(module));
            }
            return builder.build();
        }

        @SuppressWarnings("unchecked")
        private long[] invoke(Map<String, Object> action) {
            if (current == null) {
                throw new IllegalStateException("no module");
            }
            List<Object> args = (List<Object>) action.get("args");
            long[] values = new long[args.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = Long.parseUnsignedLong((String) ((Map<String, Object>) args.get(i)).get("value"));
            }
            return current.export((String) action.get("field")).apply(values);
        }

        @SuppressWarnings("unchecked")
        private void expectReturn(String where, long[] actual, List<Object> expected) {
            for (int i = 0; i < expected.size(); i++) {
                Map<String, Object> value = (Map<String, Object>) expected.get(i);
                String type = (String) value.get("type");
                String text = (String) value.get("value");
                long got = actual[i];
                boolean same;
                if (text.startsWith("nan:")) {
                    same = type.equals("f32")
                            ? Float.isNaN(Float.intBitsToFloat((int) got))
                            : Double.isNaN(Double.longBitsToDouble(got));
                } else if (type.equals("i32") || type.equals("f32")) {
                    same = (int) got == (int) Long.parseUnsignedLong(text);
                } else {
                    same = got == Long.parseUnsignedLong(text);
                }
                if (!same) {
                    throw new AssertionError(where + ": result " + i + " " + type + " " + Long.toUnsignedString(got)
                            + ", expected " + text);
                }
            }
            pass();
        }

        private void expectTrap(String where, String text, Runnable action) {
            try {
                action.run();
            } catch (RuntimeException | StackOverflowError e) {
                boolean oob = text != null && text.contains("out of bounds memory access");
                String message = String.valueOf(e.getMessage());
                if (oob && !message.contains("out of bounds memory access")) {
                    throw new AssertionError(where + ": expected '" + text + "', got " + e);
                }
                pass();
                return;
            }
            throw new AssertionError(where + ": expected a trap ('" + text + "')");
        }
    }
}
