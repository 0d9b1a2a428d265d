package io.wasmgi.wasm.host.internal.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.function.Consumer;

import io.wasmgi.wasm.host.internal.text.InertText;

/**
 * A plugin's stdout or stderr: split into lines, each handed on with the plugin's name, and bounded so that a
 * plugin cannot exhaust memory or flood the console. A line longer than {@code maxLineBytes} is cut; past
 * {@code maxLinesPerSecond} lines are dropped, and how many is said once the next second starts. Every line
 * is made {@link InertText inert}: it starts with the plugin's prefix and no character of it can move the
 * cursor or change the terminal.
 */
public final class PluginOutput extends OutputStream {

    private final String prefix;
    private final Consumer<String> sink;
    private final int maxLineBytes;
    private final int maxLinesPerSecond;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean truncated;
    private long windowStart = System.nanoTime();
    private int linesInWindow;
    private long dropped;

    public PluginOutput(String prefix, Consumer<String> sink, int maxLineBytes, int maxLinesPerSecond) {
        this.prefix = prefix;
        this.sink = sink;
        this.maxLineBytes = maxLineBytes;
        this.maxLinesPerSecond = maxLinesPerSecond;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            emit();
        } else if (line.size() < maxLineBytes) {
            line.write(b);
        } else {
            truncated = true;
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int off, int len) {
        int end = off + len;
        int start = off;
        for (int i = off; i < end; i++) {
            if (bytes[i] == '\n') {
                append(bytes, start, i - start);
                emit();
                start = i + 1;
            }
        }
        append(bytes, start, end - start);
    }

    /** Keeps at most {@code maxLineBytes} of the current line; the rest is counted as cut, not stored. */
    private void append(byte[] bytes, int off, int len) {
        int room = Math.max(0, maxLineBytes - line.size());
        line.write(bytes, off, Math.min(room, len));
        truncated |= len > room;
    }

    @Override
    public synchronized void flush() {
        if (line.size() > 0) {
            emit();
        }
    }

    private void emit() {
        // inert: a plugin's escape sequences, carriage returns and bidi controls are shown, never obeyed
        String text = InertText.ofUtf8(line.toByteArray(), 0, line.size())
                + (truncated ? " [line cut at " + maxLineBytes + " bytes]" : "");
        line.reset();
        truncated = false;
        long now = System.nanoTime();
        if (now - windowStart >= 1_000_000_000L) {
            if (dropped > 0) {
                sink.accept(prefix + "[" + dropped + " lines dropped: more than " + maxLinesPerSecond + " a second]");
            }
            windowStart = now;
            linesInWindow = 0;
            dropped = 0;
        }
        if (linesInWindow++ < maxLinesPerSecond) {
            sink.accept(prefix + text);
        } else {
            dropped++;
        }
    }
}
