package io.wasmgi.cluster.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;

/**
 * This container as a member of a wasmgi cluster, and the {@code cluster:*} shell commands.
 *
 * <p>The cluster's plugins are modules in a Hazelcast map keyed by SHA-256 (with a backup on another member);
 * every member writes each one as {@code NAME.wasm} into a folder of its own that FileInstall watches, and the
 * wasm host makes a plugin of it, as it does for the deploy folder. Each member publishes which modules it
 * serves (the {@code wasm.module.sha256} property of its operator services), so any member can tell where each
 * plugin serves. All engine work runs on one thread of this component's, never on a framework thread.
 */
@Component(
        service = ClusterMember.class,
        immediate = true,
        configurationPid = ClusterMember.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {
            "osgi.command.scope=cluster",
            "osgi.command.function=members",
            "osgi.command.function=load",
            "osgi.command.function=unload",
            "osgi.command.function=plugins"
        })
public class ClusterMember {

    static final String PID = "io.wasmgi.cluster";
    static final String SHA256_PROPERTY = "wasm.module.sha256";
    private static final String FILEINSTALL_FACTORY = "org.apache.felix.fileinstall";
    private static final long RECONCILE_SECONDS = 5;

    @Reference
    private ConfigurationAdmin configurationAdmin;

    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wasmgi-cluster");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean reconcilePending = new AtomicBoolean();
    private final AtomicBoolean publishPending = new AtomicBoolean();
    // held so that the level set on it stays (java.util.logging keeps loggers weakly)
    private final Logger engineLog = Logger.getLogger("com.hazelcast");
    private final Level engineLogLevel = engineLog.getLevel();

    private BundleContext context;
    private ClusterSettings settings;
    private ModuleFolder folder;
    private ServiceListener servingListener;
    private volatile HazelcastInstance engine;
    private volatile String notMember = "not a cluster member yet";
    private volatile Configuration watch;
    private volatile ScheduledFuture<?> periodicReconcile;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        this.context = context;
        try {
            settings = ClusterSettings.from(key -> {
                Object value = properties.get(key);
                return value != null ? String.valueOf(value) : context.getProperty("wasmgi.cluster." + key);
            });
        } catch (IllegalArgumentException e) {
            notMember = "not a cluster member: " + e.getMessage();
            System.err.println("wasmgi: cluster: " + e.getMessage() + "; this container runs alone");
            return;
        }
        if (settings == null) {
            notMember = "clustering is off (start with --cluster NAME, or configure PID " + PID + ")";
            return;
        }
        folder = new ModuleFolder(
                context.getDataFile("modules").toPath(),
                context.getDataFile("incoming").toPath());
        // the engine's own warnings (JVM flags it would like, socket options) are not the console's business;
        // what matters to a user this component says in one line
        engineLog.setLevel(Level.SEVERE);
        worker.execute(this::join);
    }

    @Deactivate
    void deactivate() {
        if (servingListener != null) {
            context.removeServiceListener(servingListener);
        }
        worker.execute(() -> {
            HazelcastInstance member = engine;
            engine = null;
            if (member != null) {
                try {
                    member.getMap(EngineConfig.SERVING)
                            .remove(member.getCluster()
                                    .getLocalMember()
                                    .getUuid()
                                    .toString());
                } catch (RuntimeException e) {
                    // the cluster is going too: nothing to withdraw from
                }
                member.shutdown(); // hands its partitions to the others before it goes
            }
        });
        ScheduledFuture<?> periodic = periodicReconcile;
        if (periodic != null) {
            periodic.cancel(false);
        }
        worker.shutdown();
        try {
            if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Configuration w = watch;
        if (w != null) {
            try {
                w.delete();
            } catch (IOException | IllegalStateException e) {
                // Config Admin is going as well
            }
        }
        engineLog.setLevel(engineLogLevel);
    }

    /** Joins (or starts) the cluster, writes every cluster module, lets FileInstall watch them, says so. */
    private void join() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        HazelcastInstance member;
        try {
            // Hazelcast finds its own services through the context class loader
            thread.setContextClassLoader(Hazelcast.class.getClassLoader());
            member = Hazelcast.newHazelcastInstance(EngineConfig.of(settings, Hazelcast.class.getClassLoader()));
        } catch (RuntimeException e) {
            notMember = "not a cluster member: " + oneLine(e);
            System.err.println("wasmgi: cluster: cannot join " + settings.name() + ": " + oneLine(e));
            return;
        } finally {
            thread.setContextClassLoader(previous);
        }
        try {
            IMap<String, byte[]> modules = member.getMap(EngineConfig.MODULES);
            modules.addEntryListener(new ModuleChanges(), false);
            engine = member;
            int written = reconcile(member);
            watch = watchFolder();
            servingListener = event -> publishSoon();
            context.addServiceListener(servingListener, "(" + SHA256_PROPERTY + "=*)");
            publish(member);
            periodicReconcile = worker.scheduleWithFixedDelay(
                    this::reconcileQuietly, RECONCILE_SECONDS, RECONCILE_SECONDS, TimeUnit.SECONDS);
            System.out.println("wasmgi: cluster: member of " + settings.name() + " at "
                    + address(member.getCluster().getLocalMember()) + " ("
                    + member.getCluster().getMembers().size() + " members), " + written
                    + " cluster plugins written: ready");
        } catch (RejectedExecutionException e) { // the bundle stopped while joining
            engine = null;
            member.shutdown();
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            notMember = "not a cluster member: " + oneLine(e);
            System.err.println("wasmgi: cluster: cannot take part in " + settings.name() + ": " + oneLine(e));
            engine = null;
            member.shutdown();
        }
    }

    /** FileInstall watches the modules folder: a factory configuration of its own, for .wasm files only. */
    private Configuration watchFolder() throws IOException {
        Configuration configuration =
                configurationAdmin.getFactoryConfiguration(FILEINSTALL_FACTORY, "wasmgi.cluster", "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("felix.fileinstall.dir", folder.folder().toString());
        properties.put("felix.fileinstall.filter", ".*\\.wasm");
        properties.put("felix.fileinstall.poll", "500");
        properties.put("felix.fileinstall.noInitialDelay", "true");
        properties.put("felix.fileinstall.disableNio2", "true");
        properties.put("felix.fileinstall.log.level", "2");
        configuration.update(properties);
        return configuration;
    }

    private final class ModuleChanges
            implements EntryAddedListener<String, byte[]>,
                    EntryUpdatedListener<String, byte[]>,
                    EntryRemovedListener<String, byte[]> {
        @Override
        public void entryAdded(EntryEvent<String, byte[]> event) {
            reconcileSoon();
        }

        @Override
        public void entryUpdated(EntryEvent<String, byte[]> event) {
            reconcileSoon();
        }

        @Override
        public void entryRemoved(EntryEvent<String, byte[]> event) {
            reconcileSoon();
        }
    }

    private void reconcileSoon() {
        if (reconcilePending.compareAndSet(false, true)) {
            submit(() -> {
                reconcilePending.set(false);
                reconcileQuietly();
            });
        }
    }

    private void publishSoon() {
        if (publishPending.compareAndSet(false, true)) {
            submit(() -> {
                publishPending.set(false);
                HazelcastInstance member = engine;
                if (member != null) {
                    publish(member);
                }
            });
        }
    }

    private void submit(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException e) {
            // stopping: the member leaves the cluster anyway
        }
    }

    private void reconcileQuietly() {
        HazelcastInstance member = engine;
        if (member == null) {
            return;
        }
        try {
            reconcile(member);
        } catch (IOException | RuntimeException e) {
            System.err.println("wasmgi: cluster: cannot write the cluster's modules: " + oneLine(e));
        }
    }

    /** The folder made to hold exactly the cluster's modules: the map is the truth, events only make it sooner. */
    private int reconcile(HazelcastInstance member) throws IOException {
        IMap<String, byte[]> modules = member.getMap(EngineConfig.MODULES);
        IMap<String, String> names = member.getMap(EngineConfig.NAMES);
        Set<String> shas = new TreeSet<>(modules.keySet());
        Map<String, String> nameBySha = names.getAll(shas);
        Map<String, String> wanted = new TreeMap<>();
        for (String sha : shas) {
            String name = nameBySha.get(sha);
            if (name != null) {
                wanted.merge(name, sha, (a, b) -> a.compareTo(b) >= 0 ? a : b); // one per name, the same everywhere
            }
        }
        return folder.reconcile(wanted, modules::get);
    }

    /** This member's view: the SHA-256 of every module it serves, for cluster:plugins anywhere. */
    private void publish(HazelcastInstance member) {
        Set<String> serving = new TreeSet<>();
        try {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(" + SHA256_PROPERTY + "=*)");
            if (refs != null) {
                for (ServiceReference<?> ref : refs) {
                    serving.add(String.valueOf(ref.getProperty(SHA256_PROPERTY)));
                }
            }
            member.<String, String>getMap(EngineConfig.SERVING)
                    .put(member.getCluster().getLocalMember().getUuid().toString(), String.join(",", serving));
        } catch (InvalidSyntaxException | IllegalStateException e) {
            // the bundle is stopping
        } catch (RuntimeException e) {
            System.err.println("wasmgi: cluster: cannot publish what this member serves: " + oneLine(e));
        }
    }

    @Descriptor("list the cluster's members: id, address, since when, how many cluster plugins each serves")
    public void members() {
        HazelcastInstance member = engine;
        PrintStream out = System.out;
        if (member == null) {
            System.err.println("cluster: " + notMember);
            return;
        }
        Set<String> clusterShas =
                member.<String, byte[]>getMap(EngineConfig.MODULES).keySet();
        Map<String, String> serving = new HashMap<>(member.<String, String>getMap(EngineConfig.SERVING));
        out.printf("%-36s %-21s %-30s %s%n", "ID", "ADDRESS", "SINCE", "SERVING");
        for (Member m : member.getCluster().getMembers()) {
            Set<String> its = shas(serving.get(m.getUuid().toString()));
            its.retainAll(clusterShas);
            out.printf(
                    "%-36s %-21s %-30s %d of %d%s%n",
                    m.getUuid(),
                    address(m),
                    m.getAttribute(EngineConfig.SINCE),
                    its.size(),
                    clusterShas.size(),
                    m.localMember() ? "  (this member)" : "");
        }
    }

    @Descriptor("store a raw .wasm module in the cluster: every member installs and serves it")
    public void load(@Descriptor("a path such as plugins/sub/sub.wasm, or a URL") String source) {
        HazelcastInstance member = engine;
        String shown = printable(source);
        if (member == null) {
            System.err.println("cluster: cannot load " + shown + ": " + notMember);
            return;
        }
        ModuleSource.Module module;
        try {
            module = ModuleSource.read(source);
        } catch (NoSuchFileException e) {
            System.err.println("cluster: cannot load " + shown + ": no such file");
            return;
        } catch (IOException | RuntimeException e) {
            System.err.println("cluster: cannot load " + shown + ": " + oneLine(e));
            return;
        } catch (InterruptedException e) {
            System.err.println("cluster: stopped loading " + shown + ": interrupted");
            return;
        }
        String sha = sha256(module.bytes());
        IMap<String, byte[]> modules = member.getMap(EngineConfig.MODULES);
        IMap<String, String> names = member.getMap(EngineConfig.NAMES);
        // one cluster plugin per name: a new module under a name in use replaces the old one
        List<String> replaced = new ArrayList<>();
        for (Map.Entry<String, String> e : names.entrySet()) {
            if (e.getValue().equals(module.name()) && !e.getKey().equals(sha)) {
                replaced.add(e.getKey());
            }
        }
        names.put(sha, module.name()); // the name first: a member that sees the module finds its name
        modules.put(sha, module.bytes());
        for (String old : replaced) {
            modules.remove(old);
            names.remove(old);
        }
        System.out.println("cluster: stored plugin '" + module.name() + "' (sha256:" + sha.substring(0, 12) + ", "
                + module.bytes().length + " bytes) in cluster " + settings.name()
                + (replaced.isEmpty() ? "" : ", replacing the previous module") + "; every member installs it");
    }

    @Descriptor("remove a cluster plugin: every member uninstalls it")
    public void unload(@Descriptor("the plugin's name, as cluster:plugins shows it") String name) {
        HazelcastInstance member = engine;
        if (member == null) {
            System.err.println("cluster: cannot unload: " + notMember);
            return;
        }
        IMap<String, byte[]> modules = member.getMap(EngineConfig.MODULES);
        IMap<String, String> names = member.getMap(EngineConfig.NAMES);
        int removed = 0;
        for (Map.Entry<String, String> e : names.entrySet()) {
            if (e.getValue().equals(name)) {
                modules.remove(e.getKey());
                names.remove(e.getKey());
                removed++;
            }
        }
        if (removed == 0) {
            System.err.println("cluster: no cluster plugin is named '" + printable(name) + "'");
        } else {
            System.out.println("cluster: removed plugin '" + name + "' from cluster " + settings.name()
                    + "; every member uninstalls it");
        }
    }

    @Descriptor("list the cluster's plugins and on which members each serves")
    public void plugins() {
        HazelcastInstance member = engine;
        PrintStream out = System.out;
        if (member == null) {
            System.err.println("cluster: " + notMember);
            return;
        }
        Set<String> shas = member.<String, byte[]>getMap(EngineConfig.MODULES).keySet();
        if (shas.isEmpty()) {
            out.println("No cluster plugin is loaded (cluster:load PATH|URL loads one).");
            return;
        }
        Map<String, String> names =
                member.<String, String>getMap(EngineConfig.NAMES).getAll(shas);
        Map<String, String> serving = new HashMap<>(member.<String, String>getMap(EngineConfig.SERVING));
        Collection<Member> members = member.getCluster().getMembers();
        Map<String, String> byName = new TreeMap<>();
        for (String sha : shas) {
            byName.put(names.getOrDefault(sha, "?") + " " + sha, sha);
        }
        for (String sha : byName.values()) {
            List<String> not = new ArrayList<>();
            for (Member m : members) {
                if (!shas(serving.get(m.getUuid().toString())).contains(sha)) {
                    not.add(address(m));
                }
            }
            out.printf(
                    "%-20s sha256:%s  serving on %d of %d members%s%n",
                    names.getOrDefault(sha, "?"),
                    sha.substring(0, 12),
                    members.size() - not.size(),
                    members.size(),
                    not.isEmpty()
                            ? ""
                            : "; not serving on " + String.join(", ", not)
                                    + " (refused, or still installing: calc:plugins there says which)");
        }
    }

    private static Set<String> shas(String published) {
        Set<String> shas = new TreeSet<>();
        if (published != null && !published.isEmpty()) {
            shas.addAll(List.of(published.split(",")));
        }
        return shas;
    }

    private static String address(Member m) {
        return m.getAddress().getHost() + ":" + m.getAddress().getPort();
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return printable(message.replaceAll("\\s*\\R\\s*", " "));
    }

    private static String printable(String s) {
        String cut = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
