package io.wasmgi.wasm.host.internal.call;

import io.wasmgi.calc.api.CalcOperator;

/** A wasm plugin, seen as a {@link CalcOperator}: every call runs on a pooled, sandboxed instance. */
public final class WasmCalcOperator implements CalcOperator, AutoCloseable {

    private final String name;
    private final String symbol;
    private final InstancePool pool;

    public WasmCalcOperator(String name, String symbol, InstancePool pool) {
        this.name = name;
        this.symbol = symbol;
        this.pool = pool;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String symbol() {
        return symbol;
    }

    @Override
    public long calc(long a, long b) {
        CalcOperator.requireUnsigned32(a);
        CalcOperator.requireUnsigned32(b);
        return pool.calc(a, b);
    }

    public InstancePool pool() {
        return pool;
    }

    /** New calls fail as gone, and calls in flight are stopped: the plugin is going away. */
    public void stop() {
        pool.stop();
    }

    /** New calls fail as gone; calls in flight finish (the plugin is being replaced). */
    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "wasm operator " + name + " (" + symbol + ")";
    }
}
