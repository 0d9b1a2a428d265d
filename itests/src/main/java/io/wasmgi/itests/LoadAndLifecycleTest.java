package io.wasmgi.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

import io.wasmgi.calc.api.CalcException;
import io.wasmgi.calc.api.CalcOperator;
import io.wasmgi.testsupport.PluginJars;

/** Many callers at once, plugins swapped under load, and hundreds of install cycles without leaks. */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class LoadAndLifecycleTest extends FrameworkTest {

    @Test
    void pluginBundlesRequireTheExtenderAndOneForAnotherMajorVersionIsLeftAlone() throws Exception {
        Bundle add = installPlugin("add");
        String required = add.getHeaders("").get("Require-Capability");
        assertTrue(required != null && required.contains("osgi.extender=io.wasmgi.wasm"), String.valueOf(required));
        assertEquals(3L, calc("+", 1, 2), "wired to this host, and served by it");

        byte[] future = PluginJars.bundle(
                "plugin.for.host2",
                Fixtures.pluginModule("mul"),
                Map.of(
                        "Require-Capability",
                        "osgi.extender;filter:=\"(&(osgi.extender=io.wasmgi.wasm)(version>=2.0.0))\""));
        Bundle unresolved = context.installBundle("itests:plugin.for.host2", new ByteArrayInputStream(future));
        assertThrows(
                BundleException.class,
                unresolved::start,
                "a plugin for a host of another major version does not resolve here");
        assertFalse(serves("*"));
        assertFalse(shell.out("calc:plugins").contains("plugin.for.host2"), "and the host leaves it alone");
    }

    @Test
    void eightThreadsGetOnlyRightAnswers() throws Exception {
        installPlugin("add");
        installPlugin("mul");
        CalcOperator add = operator("+");
        CalcOperator mul = operator("*");
        int threads = 8;
        int calls = 100_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> wrong = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                wrong.add(pool.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    long errors = 0;
                    for (int i = 0; i < calls; i++) {
                        long a = random.nextLong(1L << 32);
                        long b = random.nextLong(1L << 32);
                        errors += add.calc(a, b) == ((a + b) & 0xFFFF_FFFFL) ? 0 : 1;
                        errors += mul.calc(a, b) == ((a * b) & 0xFFFF_FFFFL) ? 0 : 1;
                    }
                    return errors;
                }));
            }
            for (Future<Long> f : wrong) {
                assertEquals(0L, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void updateUninstallAndInstallUnderLoadNeverGiveAWrongAnswer() throws Exception {
        Bundle add = installPlugin("add");
        byte[] addJar = Fixtures.pluginJar("add");
        Set<Thread> threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong right = new AtomicLong();
        AtomicLong gone = new AtomicLong();
        Map<String, Long> wrong = new ConcurrentHashMap<>();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            done.add(callers.submit(() -> {
                while (running.get()) {
                    long a = ThreadLocalRandom.current().nextLong(1L << 32);
                    long b = ThreadLocalRandom.current().nextLong(1L << 32);
                    ServiceReference<CalcOperator> ref = lookUpPlus();
                    CalcOperator op = ref == null ? null : context.getService(ref);
                    if (op == null) {
                        gone.incrementAndGet();
                        continue;
                    }
                    try {
                        long r = op.calc(a, b);
                        if (r == ((a + b) & 0xFFFF_FFFFL)) {
                            right.incrementAndGet();
                        } else {
                            wrong.put(a + "+" + b, r);
                        }
                    } catch (CalcException e) {
                        if (e.reason() == CalcException.Reason.GONE) {
                            gone.incrementAndGet();
                        } else {
                            wrong.put(e.toString(), -1L);
                        }
                    } catch (RuntimeException e) {
                        wrong.put(e.toString(), -1L);
                    } finally {
                        ungetQuietly(ref);
                    }
                }
                return null;
            }));
        }
        try {
            for (int i = 0; i < 30; i++) {
                add.update(new ByteArrayInputStream(addJar));
                if (i % 3 == 0) {
                    add.uninstall();
                    add = installPlugin("add");
                }
                Thread.sleep(20);
            }
        } finally {
            running.set(false);
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            callers.shutdown();
            assertTrue(callers.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertEquals(Map.of(), wrong, "wrong answers or unexpected failures");
        assertTrue(right.get() > 0, "some calls were answered");
        System.out.println("hot swap under load: " + right.get() + " right answers, no wrong one; " + gone.get()
                + " lookups or calls found no '+' while it was being swapped, and were told so");
        assertEquals(List.of(), threadsLeftBehind(threadsBefore), "no thread left behind");
    }

    private void ungetQuietly(ServiceReference<CalcOperator> ref) {
        try {
            if (ref != null) {
                context.ungetService(ref);
            }
        } catch (IllegalStateException | IllegalArgumentException serviceOrBundleGone) {
            // the plugin went away between the call and now
        }
    }

    /** Threads alive now that were not before, once those on their way out have ended (a few seconds at most). */
    private static List<String> threadsLeftBehind(Set<Thread> before) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            List<String> left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !before.contains(t))
                    // Event Admin's pool of delivery threads, made at its first events: a fixed number, not a leak
                    .filter(t -> !t.getName().startsWith("EventAdminThread"))
                    .map(Thread::getName)
                    .sorted()
                    .toList();
            if (left.isEmpty() || System.nanoTime() > end) {
                return left;
            }
            Thread.sleep(50);
        }
    }

    /**
     * The '+' service, or null if there is none now. Felix 7.0.5 can throw a NullPointerException from
     * getServiceReferences when the providing bundle is uninstalled between its snapshot of the registry and
     * its class-space check (Util.getWire on a null revision): a lookup race in the framework, answered here
     * as "not there".
     */
    private ServiceReference<CalcOperator> lookUpPlus() {
        try {
            return operatorsServing("+").stream().findFirst().orElse(null);
        } catch (NullPointerException felixLookupRace) {
            return null;
        }
    }

    @Test
    void fiveHundredInstallCyclesLeaveNoLeak() throws Exception {
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        cycles(wiring, 50); // warm up: class loading, JIT, caches
        long heapBefore = usedHeapAfterGc();
        int threadsBefore = Thread.activeCount();
        long filesBefore = openFiles();

        List<WeakReference<ClassLoader>> loaders = cycles(wiring, 500);

        long heapAfter = usedHeapAfterGc();
        int threadsAfter = Thread.activeCount();
        long filesAfter = openFiles();
        System.out.printf(
                "500 install/uninstall cycles: heap %d -> %d KiB, threads %d -> %d, open files %d -> %d%n",
                heapBefore / 1024, heapAfter / 1024, threadsBefore, threadsAfter, filesBefore, filesAfter);
        assertTrue(heapAfter <= heapBefore * 1.1 + 2 * 1024 * 1024, "heap grew: " + heapBefore + " -> " + heapAfter);
        assertTrue(threadsAfter <= threadsBefore * 1.1 + 1, "threads grew: " + threadsBefore + " -> " + threadsAfter);
        assertTrue(filesAfter <= filesBefore * 1.1 + 2, "open files grew: " + filesBefore + " -> " + filesAfter);
        for (WeakReference<ClassLoader> loader : loaders) {
            assertNull(loader.get(), "an uninstalled plugin's class loader is still reachable");
        }
    }

    /**
     * Installs, calls and uninstalls the add plugin {@code n} times through the test bundle's own context: the
     * injected one keeps every bundle installed and every service got during a test, to clean them up after it,
     * which would be the leak measured here (on Equinox, an uninstalled bundle's object holds all its state).
     */
    private List<WeakReference<ClassLoader>> cycles(FrameworkWiring wiring, int n) throws Exception {
        BundleContext own = FrameworkUtil.getBundle(LoadAndLifecycleTest.class).getBundleContext();
        byte[] jar = Fixtures.pluginJar("add");
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Bundle bundle = own.installBundle("itests:cycle", new ByteArrayInputStream(jar));
            bundle.start();
            ServiceReference<CalcOperator> ref = own.getServiceReference(CalcOperator.class);
            try {
                assertEquals(3L, own.getService(ref).calc(1, 2));
            } finally {
                own.ungetService(ref);
            }
            loaders.add(new WeakReference<>(bundle.adapt(BundleWiring.class).getClassLoader()));
            bundle.uninstall();
        }
        refresh(wiring);
        return loaders;
    }

    private static void refresh(FrameworkWiring wiring) throws InterruptedException {
        CountDownLatch refreshed = new CountDownLatch(1);
        wiring.refreshBundles(null, event -> refreshed.countDown());
        assertTrue(refreshed.await(60, TimeUnit.SECONDS));
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    /** The process's open file descriptors (Linux), or 0 where that is not known. */
    private static long openFiles() throws IOException {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return 0;
        }
        try (Stream<Path> open = Files.list(fds)) {
            return open.count();
        }
    }
}
