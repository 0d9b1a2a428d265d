package io.wasmgi.bench;

import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceListener;

/**
 * Install-to-service time of one plugin (not JMH: each sample is one install). From {@code installBundle}:
 * <ul>
 * <li>installed: Felix has installed the bundle (copied into its storage), before it starts;
 * <li>registered: the CalcOperator service is registered (the interpreter can serve calls from then on);
 * <li>serving: calc:plugins shows the compiled engine and one call has returned (a compiled instance made).
 * </ul>
 * Samples: the first install in this fresh JVM with empty caches; then, in the same JVM: cold (the disk cache
 * emptied and the host bundle restarted, so that it forgets the modules it keeps in memory: a compilation);
 * warm from disk (the host restarted: the disk cache's compiled classes); warm in memory (a plain reinstall:
 * the module parsed and compiled already). Each install is undone (uninstall) before the next. Many
 * in-memory samples, so that the report can show the first ones (the install path not yet JIT-compiled, as in
 * a container that installs now and then) and the last ones.
 * Usage: {@code InstallTimes PLUGIN OUT.json [COLD [DISK [MEMORY]]]}.
 */
public final class InstallTimes {

    private InstallTimes() {}

    record Sample(double installedMs, double registeredMs, double servingMs, String engine) {}

    public static void main(String[] args) throws Exception {
        String plugin = args[0];
        Path out = Path.of(args[1]);
        int cold = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int disk = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int memory = args.length > 4 ? Integer.parseInt(args[4]) : 120;
        String bsn = "bench." + plugin;
        try (Bench bench = Bench.start(Map.of())) {
            // the module's own deadline, as the pow bundle sets it; harmless for the others
            Path jar = bench.pluginJar(plugin, bsn, Map.of("Wasm-Plugin-Timeout", "30s"));
            AtomicLong registeredAt = new AtomicLong();
            ServiceListener listener = event -> {
                if (event.getType() == ServiceEvent.REGISTERED) {
                    registeredAt.compareAndSet(0, System.nanoTime());
                }
            };
            bench.context.addServiceListener(
                    listener, "(&(objectClass=" + Bench.CALC_OPERATOR + ")(calc.operator.name=" + plugin + "))");

            // -Dwasmgi.install.firstAfterMs=N: the first install N ms after the container started, not at once
            // (a plugin installed later than the container's start finds the host warmed up)
            Thread.sleep(Long.getLong("wasmgi.install.firstAfterMs", 0));
            Sample first = sample(bench, plugin, bsn, jar, registeredAt, "compiled");
            List<Sample> colds = new ArrayList<>();
            for (int i = 0; i < cold; i++) {
                bench.clearCompiledCache();
                bench.restartHost();
                colds.add(sample(bench, plugin, bsn, jar, registeredAt, "compiled"));
            }
            List<Sample> fromDisk = new ArrayList<>();
            for (int i = 0; i < disk; i++) {
                bench.restartHost();
                fromDisk.add(sample(bench, plugin, bsn, jar, registeredAt, "compiled (cache hit)"));
            }
            List<Sample> inMemory = new ArrayList<>();
            for (int i = 0; i < memory; i++) {
                inMemory.add(sample(bench, plugin, bsn, jar, registeredAt, "compiled (in memory)"));
            }
            String json = String.format(
                    java.util.Locale.ROOT,
                    "{\"plugin\": \"%s\", \"moduleBytes\": %d,%n"
                            + " \"first\": %s,%n \"cold\": %s,%n \"disk\": %s,%n \"memory\": %s}%n",
                    plugin,
                    Files.size(Bench.module(plugin)),
                    json(List.of(first)),
                    json(colds),
                    json(fromDisk),
                    json(inMemory));
            Files.writeString(out, json);
            System.out.print(json);
        }
    }

    /** One install, timed; calc:plugins must then show {@code engine}, so that a sample is what it says. */
    private static Sample sample(
            Bench bench, String plugin, String bsn, Path jar, AtomicLong registeredAt, String engine) throws Exception {
        registeredAt.set(0);
        long start = System.nanoTime();
        Bundle bundle = bench.context.installBundle(jar.toUri().toString());
        long installed = System.nanoTime();
        bundle.start(); // the host loads the plugin on this thread, and registers its service
        bench.awaitEngine(bsn, "compiled", Duration.ofMinutes(2));
        MethodHandle calc = bench.calc(bundle);
        Bench.check(plugin, calc); // the first call on compiled code: a compiled instance is made
        long serving = System.nanoTime();
        String shown = bench.pluginsTable().get(bsn).replaceAll(".*KiB\\s+", "").trim();
        if (!shown.equals(engine)) {
            throw new IllegalStateException(bsn + ": expected '" + engine + "', calc:plugins says '" + shown + "'");
        }
        bundle.uninstall();
        return new Sample(
                (installed - start) / 1e6, (registeredAt.get() - start) / 1e6, (serving - start) / 1e6, shown);
    }

    private static String json(List<Sample> samples) {
        return samples.stream()
                .map(s -> String.format(
                        java.util.Locale.ROOT,
                        "{\"installedMs\": %.3f, \"registeredMs\": %.3f, \"servingMs\": %.3f, \"engine\": \"%s\"}",
                        s.installedMs(),
                        s.registeredMs(),
                        s.servingMs(),
                        s.engine()))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
