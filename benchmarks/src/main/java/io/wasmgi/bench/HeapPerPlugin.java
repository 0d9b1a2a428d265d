package io.wasmgi.bench;

import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.ObjectName;

import org.osgi.framework.Bundle;

/**
 * Heap per installed plugin: 100 copies of the mul module under distinct symbolic names, each made distinct by a
 * custom section of its own (the host shares the parsed and compiled module between identical modules, which
 * would flatter the figure), each served compiled and called once (so each holds what a used plugin holds:
 * its compiled classes and one warm instance).
 * Heap used after a full GC, before and after, divided by 100; metaspace (the compiled classes) likewise.
 * One copy is installed and called before the first measurement, so that one-time costs (the compiler's own
 * classes, the first compilation) are not counted per plugin. The classes that grew most, from the JVM's
 * class histogram, say where the bytes are. Usage: {@code HeapPerPlugin OUT.json [N]}.
 */
public final class HeapPerPlugin {

    private HeapPerPlugin() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        try (Bench bench = Bench.start(Map.of())) {
            bench.serving("mul", "compiled", Map.of());
            long heapBefore = heapAfterGc();
            long metaBefore = metaspace();
            Map<String, Long> histogramBefore = histogram();

            List<Bundle> bundles = new ArrayList<>();
            // The container refuses an install that would pass its memory budget (half the heap): 100 copies of
            // the default 16 MiB x 2 instances would. mul's memory is 128 KiB whatever its maximum: 1 MiB each.
            Map<String, String> small = Map.of("Wasm-Plugin-Memory-Max", "1MiB");
            for (int i = 0; i < n; i++) {
                bundles.add(bench.install(bench.distinctCopyJar("mul", i, small)));
            }
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                bench.awaitEngine("bench.mul.copy" + i, "compiled", Duration.ofMinutes(5));
            }
            double allCompiledMs = (System.nanoTime() - start) / 1e6;
            for (Bundle bundle : bundles) {
                MethodHandle calc = bench.calc(bundle);
                Bench.check("mul", calc);
            }
            String line = bench.pluginsTable().get("bench.mul.copy0");
            long heapAfter = heapAfterGc();
            long metaAfter = metaspace();
            Map<String, Long> histogramAfter = histogram();
            StringBuilder top = new StringBuilder();
            histogramAfter.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue() - histogramBefore.getOrDefault(e.getKey(), 0L)))
                    .sorted((x, y) -> Long.compare(y.getValue(), x.getValue()))
                    .limit(12)
                    .forEach(e -> top.append(top.length() == 0 ? "" : ", ")
                            .append(String.format(
                                    Locale.ROOT,
                                    "{\"class\": \"%s\", \"bytesPerPlugin\": %d}",
                                    e.getKey(),
                                    e.getValue() / n)));

            String json = String.format(
                    Locale.ROOT,
                    "{\"plugins\": %d, \"heapBeforeBytes\": %d, \"heapAfterBytes\": %d,"
                            + " \"heapPerPluginBytes\": %d, \"metaspacePerPluginBytes\": %d, \"allCompiledMs\": %.1f,"
                            + " \"line\": \"%s\",%n \"topClasses\": [%s]}%n",
                    n,
                    heapBefore,
                    heapAfter,
                    (heapAfter - heapBefore) / n,
                    (metaAfter - metaBefore) / n,
                    allCompiledMs,
                    line.trim().replaceAll("\\s+", " "),
                    top);
            Files.writeString(out, json);
            System.out.print(json);
        }
    }

    /** Heap in use after full collections, once it stops shrinking. */
    private static long heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return now;
            }
            used = now;
        }
        return used;
    }

    /** Bytes per class on the heap (the JVM's GC.class_histogram, which collects first). */
    private static Map<String, Long> histogram() throws Exception {
        String text = (String) ManagementFactory.getPlatformMBeanServer()
                .invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"),
                        "gcClassHistogram",
                        new Object[] {new String[0]},
                        new String[] {String[].class.getName()});
        Map<String, Long> bytes = new HashMap<>();
        for (String row : text.split("\\R")) {
            String[] columns = row.trim().split("\\s+"); // "1:  instances  bytes  class (module)"
            if (columns.length >= 4 && columns[0].endsWith(":")) {
                bytes.merge(columns[3], Long.parseLong(columns[2]), Long::sum);
            }
        }
        return bytes;
    }

    private static long metaspace() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().equals("Metaspace")) { // includes the compressed class space
                used += pool.getUsage().getUsed();
            }
        }
        return used;
    }
}
