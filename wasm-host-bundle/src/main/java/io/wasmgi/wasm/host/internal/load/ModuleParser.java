package io.wasmgi.wasm.host.internal.load;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;

import io.wasmgi.wasm.host.internal.text.ByteSize;
import io.wasmgi.wasm.host.internal.text.InertText;

/**
 * Parses and validates modules on a thread of the host's own, never on the thread that installs the plugin (the
 * shell's, FileInstall's or the framework's), and gives up waiting at a deadline: a pathological module (millions
 * of nested blocks) takes Chicory's parser tens of seconds, and the shell must answer long before that.
 *
 * <p>Chicory's parser cannot be interrupted: past the deadline the plugin is refused, and the parser thread
 * finishes the module it started, whose cost the module size limit bounds, before it takes the next one. One
 * thread, so that modules sent to wear the host down take at most one core between them.
 */
public final class ModuleParser implements AutoCloseable {

    /** Generous for any real module (a 6 MB Rust module with debug information parses in about 2 s). */
    static final Duration DEADLINE = Duration.ofSeconds(10);

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "wasmgi-parser");
        t.setDaemon(true);
        return t;
    });

    /**
     * @throws PluginRefusedException if the module is not valid wasm, or is not parsed within {@code deadline}
     */
    WasmModule parse(byte[] bytes, Duration deadline) throws PluginRefusedException {
        Future<WasmModule> parsed = worker.submit(() -> Parser.parse(bytes));
        try {
            return parsed.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            parsed.cancel(true);
            throw new PluginRefusedException("parsing the module (" + ByteSize.format(bytes.length) + ") took longer"
                    + " than " + deadline.toMillis() + " ms");
        } catch (InterruptedException e) {
            parsed.cancel(true);
            Thread.currentThread().interrupt();
            throw new PluginRefusedException("interrupted while the module was parsed");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof OutOfMemoryError) {
                throw new PluginRefusedException("parsing the module ran the JVM out of heap", cause);
            }
            String detail = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            throw new PluginRefusedException(
                    "not a valid wasm module: " + ParseFailure.explain(cause), InertText.of(detail, 300), cause);
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
