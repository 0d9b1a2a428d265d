package io.wasmgi.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

import io.wasmgi.launcher.Container;

/**
 * One running container for a benchmark, in a folder of its own that is deleted on close: this build's bundles
 * (system property wasmgi.bundles, by default launcher/target/bundles) without the console, plugin bundles written from the committed modules, and a Gogo
 * session to read {@code calc:plugins}, which is where the engine serving a plugin shows.
 *
 * <p>The API classes live inside the framework, so operators are called through a {@link MethodHandle} bound
 * once to the service's {@code CalcOperator.calc(long, long)}: the cheapest call from outside the framework.
 */
final class Bench implements AutoCloseable {

    static final String CALC_OPERATOR = "io.wasmgi.calc.api.CalcOperator";
    /** The type of every calc handle, the Java floor's included: (long, long) long. */
    static final MethodType CALC = MethodType.methodType(long.class, long.class, long.class);

    /** The repository root; run.sh runs from there. */
    static final Path ROOT =
            Path.of(System.getProperty("wasmgi.root", ".")).toAbsolutePath().normalize();

    final Path work;
    final Container container;
    final BundleContext context;
    private final Object session;
    private final Method execute;
    private final ByteArrayOutputStream shellOut = new ByteArrayOutputStream();

    private Bench(Path work, Container container) throws Exception {
        this.work = work;
        this.container = container;
        this.context = container.context();
        ServiceReference<?> ref = context.getServiceReference("org.apache.felix.service.command.CommandProcessor");
        if (ref == null) {
            throw new IllegalStateException("Gogo's CommandProcessor is not there");
        }
        Object processor = context.getService(ref);
        session = processor
                .getClass()
                .getMethod("createSession", InputStream.class, OutputStream.class, OutputStream.class)
                .invoke(
                        processor,
                        new ByteArrayInputStream(new byte[0]),
                        new PrintStream(shellOut, true, StandardCharsets.UTF_8),
                        new PrintStream(shellOut, true, StandardCharsets.UTF_8));
        execute = session.getClass().getMethod("execute", CharSequence.class);
        execute.setAccessible(true);
    }

    /** Starts a container with a fresh storage. */
    static Bench start(Map<String, String> config) throws Exception {
        Path work = Files.createTempDirectory("wasmgi-bench");
        // The console (gogo.jline + jline) reads standard input and stops the framework at its end: left out.
        // Gogo's runtime stays, for calc:plugins.
        Path bundles = Files.createDirectories(work.resolve("bundles"));
        Path built = Path.of(System.getProperty(
                "wasmgi.bundles", ROOT.resolve("launcher/target/bundles").toString()));
        try (Stream<Path> jars = Files.list(built)) {
            for (Path jar : (Iterable<Path>) jars::iterator) {
                String name = jar.getFileName().toString();
                if (name.endsWith(".jar") && !name.startsWith("jline-") && !name.contains("gogo.jline")) {
                    Files.createSymbolicLink(bundles.resolve(name), jar.toAbsolutePath());
                }
            }
        }
        return new Bench(work, Container.start(bundles, work.resolve("storage"), new HashMap<>(config)));
    }

    /** Path of a committed plugin module, e.g. plugins/mul/mul.wasm. */
    static Path module(String plugin) {
        return ROOT.resolve("plugins/" + plugin + "/" + plugin + ".wasm");
    }

    /**
     * Writes a plugin bundle as the plugin poms do (the module at the root, Wasm-Plugin naming it) under the
     * symbolic name {@code bsn}, with extra manifest headers (engine, timeout).
     */
    Path pluginJar(String plugin, String bsn, Map<String, String> headers) throws IOException {
        return pluginJar(plugin, bsn, headers, Files.readAllBytes(module(plugin)));
    }

    /** A plugin bundle holding {@code moduleBytes} as {@code plugin}'s module. */
    Path pluginJar(String plugin, String bsn, Map<String, String> headers, byte[] moduleBytes) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", bsn);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Wasm-Plugin", plugin + ".wasm");
        headers.forEach(main::putValue);
        Path jar = work.resolve(bsn + ".jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry(plugin + ".wasm"));
            out.write(moduleBytes);
            out.closeEntry();
        }
        return jar;
    }

    /**
     * Copy {@code i} of {@code plugin}'s bundle, symbolic name {@code bench.PLUGIN.copyI}, its module made distinct
     * by a custom section holding the copy's number: the same code under another SHA-256, so that the host shares
     * nothing between copies (it keeps one parsed and compiled module per SHA-256). {@code headers}: extra
     * manifest headers, as for {@link #pluginJar}.
     */
    Path distinctCopyJar(String plugin, int i, Map<String, String> headers) throws IOException {
        byte[] name = "wasmgi.bench.copy".getBytes(StandardCharsets.UTF_8);
        byte[] payload = Integer.toString(i).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream module = new ByteArrayOutputStream();
        module.writeBytes(Files.readAllBytes(module(plugin)));
        module.write(0); // a custom section: id, size (under 128: one byte), name, payload
        module.write(1 + name.length + payload.length);
        module.write(name.length);
        module.writeBytes(name);
        module.writeBytes(payload);
        return pluginJar(plugin, "bench." + plugin + ".copy" + i, headers, module.toByteArray());
    }

    /** Installs and starts a bundle, as the shell's {@code start file:...} does. */
    Bundle install(Path jar) throws Exception {
        Bundle bundle = context.installBundle(jar.toUri().toString());
        bundle.start();
        return bundle;
    }

    /**
     * Installs {@code plugin} to run on {@code engine} ("compiled" or "interpreter"), waits until that engine
     * serves it, checks one call, and returns the bound calc handle.
     */
    MethodHandle serving(String plugin, String engine, Map<String, String> headers) throws Exception {
        Map<String, String> all = new HashMap<>(headers);
        if (engine.equals("interpreter")) {
            all.put("Wasm-Plugin-Engine", "interpreter");
        } else if (!engine.equals("compiled")) {
            throw new IllegalArgumentException("engine " + engine);
        }
        String bsn = "bench." + plugin + "." + engine;
        Bundle bundle = install(pluginJar(plugin, bsn, all));
        awaitEngine(bsn, engine, Duration.ofMinutes(2));
        MethodHandle calc = calc(bundle);
        check(plugin, calc);
        return calc;
    }

    /** calc(6, 7) must give the plugin's answer. */
    static void check(String plugin, MethodHandle calc) {
        long expected = switch (plugin) {
            case "add" -> 13;
            case "mul" -> 42;
            case "pow" -> 279_936;
            default -> throw new IllegalArgumentException(plugin);
        };
        long got = call(calc, 6, 7);
        if (got != expected) {
            throw new IllegalStateException(plugin + ": calc(6, 7) = " + got + ", expected " + expected);
        }
    }

    /** {@code calc(a, b)} through a bound handle, an operator's exception rethrown unchecked. */
    static long call(MethodHandle calc, long a, long b) {
        try {
            return (long) calc.invokeExact(a, b);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** A handle on the calc method of the CalcOperator service that {@code plugin} registered. */
    MethodHandle calc(Bundle plugin) throws ReflectiveOperationException {
        ServiceReference<?>[] refs = plugin.getRegisteredServices();
        for (ServiceReference<?> ref : refs == null ? new ServiceReference<?>[0] : refs) {
            if (List.of((String[]) ref.getProperty("objectClass")).contains(CALC_OPERATOR)) {
                Object service = context.getService(ref);
                // the interface as the host bundle sees it: the one the service implements
                Class<?> api = service.getClass().getClassLoader().loadClass(CALC_OPERATOR);
                return MethodHandles.publicLookup()
                        .findVirtual(api, "calc", CALC)
                        .bindTo(service);
            }
        }
        throw new IllegalStateException(plugin.getSymbolicName() + " registered no CalcOperator (refused?): "
                + pluginsTable().getOrDefault(plugin.getSymbolicName(), "not listed"));
    }

    /** calc:plugins, as a map from bundle symbolic name to its line. */
    Map<String, String> pluginsTable() {
        Map<String, String> lines = new HashMap<>();
        // not on shellOut itself: Gogo writes to it from a pipe thread of its own while this one waits
        synchronized (session) {
            shellOut.reset();
            try {
                execute.invoke(session, "calc:plugins");
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("calc:plugins failed", e);
            }
            for (String line : shellOut.toString(StandardCharsets.UTF_8).split("\\R")) {
                String[] columns = line.trim().split("\\s+");
                if (columns.length > 2) {
                    lines.put(columns[1], line);
                }
            }
        }
        return lines;
    }

    /** Whether the line of calc:plugins shows {@code engine} serving ("compiled" also matches a cache hit). */
    static boolean serves(String line, String engine) {
        return line != null && line.contains(" active ") && line.contains(engine);
    }

    /** Waits until calc:plugins shows {@code engine} serving {@code bsn}; polls every 0.2 ms. */
    void awaitEngine(String bsn, String engine, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        String line = null;
        while (System.nanoTime() < end) {
            line = pluginsTable().get(bsn);
            if (serves(line, engine)) {
                return;
            }
            if (line != null && line.contains("refused")) {
                break;
            }
            LockSupport.parkNanos(200_000);
        }
        throw new IllegalStateException(bsn + " is not served by " + engine + ": " + line);
    }

    /** The host bundle's cache of compiled modules on disk (its data area), emptied to force a compilation. */
    void clearCompiledCache() throws IOException {
        Path compiled = hostBundle().getDataFile("compiled").toPath();
        try (Stream<Path> files = Files.walk(compiled)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    Files.delete(f);
                }
            }
        }
    }

    /** Stops and starts the host bundle: it forgets the modules it keeps in memory; the disk cache stays. */
    void restartHost() throws Exception {
        Bundle host = hostBundle();
        host.stop();
        host.start();
        // the host's component activates on SCR's thread: wait for its shell command
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                pluginsTable();
                return;
            } catch (IllegalStateException notYet) {
                if (System.nanoTime() > end) {
                    throw notYet;
                }
                LockSupport.parkNanos(1_000_000);
            }
        }
    }

    private Bundle hostBundle() {
        for (Bundle bundle : context.getBundles()) {
            if ("io.wasmgi.wasm.host".equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new IllegalStateException("no wasm host bundle");
    }

    @Override
    public void close() {
        try {
            session.getClass().getMethod("close").invoke(session);
        } catch (ReflectiveOperationException ignored) {
            // the framework goes anyway
        }
        container.close();
        try (Stream<Path> files = Files.walk(work)) {
            for (Path f : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            System.err.println("cannot delete " + work + ": " + e.getMessage());
        }
    }
}
