package io.wasmgi.wasm.host.internal.compile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;

/** The compile tests' modules: a .wat of the test resources, its instances interpreted or compiled, a runaway call. */
final class WatModules {

    private WatModules() {}

    /** The module of a .wat resource of this package's tests, e.g. {@code /compile/loops.wat}. */
    static WasmModule parse(String resource) {
        try (InputStream in = WatModules.class.getResourceAsStream(resource)) {
            return parseText(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The module of a module's text. */
    static WasmModule parseText(String wat) {
        return Parser.parse(Wat2Wasm.parse(wat));
    }

    /** An instance of {@code module} in Chicory's interpreter. */
    static Instance interpreted(WasmModule module) {
        return Instance.builder(module).build();
    }

    /**
     * Calls {@code function} of {@code instance} on a thread of its own, interrupts that thread once the call has
     * run a while (in its loop by then, JIT-compiled or not) and asserts that the call ended on the interrupt.
     * The join's bound is liveness, not timing: the call must end.
     */
    static void assertStopsWhenInterrupted(Instance instance, String function, long... args)
            throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread caller = new Thread(() -> {
            started.countDown();
            try {
                instance.export(function).apply(args);
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        caller.start();
        started.await();
        Thread.sleep(200);
        caller.interrupt();
        caller.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(caller.isAlive(), function + " did not stop on the interrupt");
        assertInstanceOf(ChicoryInterruptedException.class, failure.get());
    }

    /** An instance of {@code module} as the host compiles it (rewritten), without the cache. */
    static Instance compiled(WasmModule module) {
        return Instance.builder(module)
                .withMachineFactory(ModuleCompiler.compileUncached(module))
                .build();
    }
}
