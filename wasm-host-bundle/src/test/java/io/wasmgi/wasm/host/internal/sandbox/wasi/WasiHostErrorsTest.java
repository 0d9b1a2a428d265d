package io.wasmgi.wasm.host.internal.sandbox.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmRuntimeException;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;

import io.wasmgi.calc.api.CalcException;
import io.wasmgi.calc.api.CalcException.Reason;
import io.wasmgi.wasm.host.internal.call.Faults;

/**
 * Whatever a WASI host function throws, the plugin's caller sees a plain wasm fault naming the function, in one
 * line: a JVM error (out of memory, stack overflow) or an unexpected exception never escapes as itself.
 */
class WasiHostErrorsTest {

    static Stream<Supplier<Throwable>> failures() {
        return Stream.of(
                () -> new OutOfMemoryError("Java heap space"),
                StackOverflowError::new,
                () -> new IllegalStateException("descriptor table\nin a bad state"),
                () -> new NegativeArraySizeException("-2147483648"),
                () -> new WasmRuntimeException("Unhandled descriptor: x"));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void aHostFunctionFailureBecomesAOneLineWasmFaultNamingTheFunction(Supplier<Throwable> failure) {
        FunctionType type = FunctionType.of(
                new ValType[] {ValType.I32, ValType.I32, ValType.I32, ValType.I32}, new ValType[] {ValType.I32});
        HostFunction failing = new HostFunction("wasi_snapshot_preview1", "fd_write", type, (instance, args) -> {
            Throwable t = failure.get();
            if (t instanceof Error) {
                throw (Error) t;
            }
            throw (RuntimeException) t;
        });
        Instance instance = Instance.builder(WasiHarness.module("callwrite"))
                .withImportValues(ImportValues.builder()
                        .addFunction(GuardedHostFunction.of(failing, WasiGuard.NONE))
                        .build())
                .build();

        WasmRuntimeException fault = assertThrows(
                WasmRuntimeException.class, () -> instance.export("calc").apply(1, 2));
        assertTrue(fault.getMessage().startsWith("WASI fd_write failed: "), fault.getMessage());
        assertFalse(fault.getMessage().contains("\n"), fault.getMessage());

        CalcException reported = Faults.translate("plugin 'p'", fault, false, Duration.ofSeconds(1));
        assertEquals(Reason.FAULT, reported.reason());
        assertTrue(
                reported.getMessage().startsWith("plugin 'p' failed: WASI fd_write failed: "), reported.getMessage());
        assertFalse(reported.getMessage().contains("\n"), reported.getMessage());
        System.out.println(reported.getMessage());
    }

    @ParameterizedTest
    @MethodSource("failures")
    void onATimedOutCallAnyFailureIsReportedAsTheDeadline(Supplier<Throwable> failure) {
        CalcException reported = Faults.translate("plugin 'p'", failure.get(), true, Duration.ofMillis(300));
        assertEquals(Reason.TIMEOUT, reported.reason());
        assertEquals("plugin 'p' ran past its 300 ms deadline and was stopped", reported.getMessage());
    }
}
