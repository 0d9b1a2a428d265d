package io.wasmgi.wasm.host.internal.text;

/** A size as people write it in a configuration and read it in a message. */
public final class ByteSize {

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private ByteSize() {}

    /** {@code 16MiB}, {@code 64KiB}, {@code 1.5GiB}, {@code 100B}. */
    public static String format(long bytes) {
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return value == Math.rint(value) ? (long) value + UNITS[unit] : String.format("%.1f%s", value, UNITS[unit]);
    }
}
