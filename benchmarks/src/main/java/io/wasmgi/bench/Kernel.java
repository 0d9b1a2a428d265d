package io.wasmgi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One kernel of benchmarks/kernels: its line of kernels.txt (name, n, seed) and its committed module. */
record Kernel(String name, long n, long seed) {

    static final Path DIR = Bench.ROOT.resolve("benchmarks/kernels");

    static Kernel named(String name) throws IOException {
        String[] line = Files.readAllLines(DIR.resolve("kernels.txt")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.trim().split("\\s+"))
                .filter(columns -> columns[0].equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + " is not in kernels.txt"));
        return new Kernel(name, Long.parseLong(line[1]), Long.parseLong(line[2]));
    }

    byte[] module() throws IOException {
        return Files.readAllBytes(DIR.resolve(name + "/" + name + ".wasm"));
    }
}
