package io.wasmgi.cluster.internal;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;

import io.wasmgi.cluster.api.ClusterPlugin;
import io.wasmgi.cluster.api.ClusterView;
import io.wasmgi.cluster.api.MemberInfo;
import io.wasmgi.cluster.api.NotAMemberException;
import io.wasmgi.cluster.api.Placement;
import io.wasmgi.wasm.host.api.PluginHost;
import io.wasmgi.wasm.host.api.PluginHostException;
import io.wasmgi.wasm.host.api.PluginState;
import io.wasmgi.wasm.host.api.PluginView;

/**
 * This container as a member of a wasmgi cluster (the {@code cluster:*} commands are {@link ClusterCommands}).
 *
 * <p>The cluster's plugins are modules in a Hazelcast map keyed by SHA-256 (with a backup on another member);
 * every member writes each one as {@code NAME.wasm} into a folder of its own that FileInstall watches, and the
 * wasm host makes a plugin of it, as it does for the deploy folder. Each member publishes, from its host's
 * {@link PluginHost} view, which cluster plugins it serves and which its host refused and why, so any member
 * can tell where each plugin serves; the entry of a member that leaves goes with it. The host configuration set
 * with {@code cluster:config} is a fourth map, applied by every member. All engine work runs on one thread of
 * this component's, never on a framework thread.
 */
@Component(
        service = ClusterMember.class,
        immediate = true,
        configurationPid = ClusterMember.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class ClusterMember {

    static final String PID = "io.wasmgi.cluster";
    static final String SHA256_PROPERTY = "wasm.module.sha256";
    private static final String FILEINSTALL_FACTORY = "org.apache.felix.fileinstall";
    private static final long RECONCILE_SECONDS = 5;
    private static final long PUBLISH_SECONDS = 2;
    /** How long a joining member waits for its wasm host, to apply the cluster's configuration before ready. */
    private static final long HOST_WAIT_MILLIS = 20_000;

    @Reference
    private ConfigurationAdmin configurationAdmin;

    // optional and dynamic: the host may come after this component, or restart, without the member leaving
    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PluginHost host;

    private final ClusterConfig clusterConfig = new ClusterConfig();
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
    private volatile ScheduledFuture<?> periodicPublish;
    private ServiceRegistration<ClusterView> viewRegistration;

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
            registerView(); // a console says why
            return;
        }
        if (settings == null) {
            notMember = "clustering is off (start with --cluster NAME, or configure PID " + PID + ")";
            return; // no view: a console shows no cluster
        }
        registerView();
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
        try {
            if (viewRegistration != null) {
                viewRegistration.unregister();
            }
        } catch (IllegalStateException alreadyGone) {
            // the framework unregisters a stopping bundle's services itself
        }
        if (servingListener != null) {
            context.removeServiceListener(servingListener);
        }
        worker.execute(() -> {
            HazelcastInstance member = engine;
            engine = null;
            if (member != null) {
                try {
                    PublishedStates.withdraw(member);
                } catch (RuntimeException e) {
                    // the cluster is going too: nothing to withdraw from
                }
                member.shutdown(); // hands its partitions to the others before it goes
            }
        });
        for (ScheduledFuture<?> periodic : new ScheduledFuture<?>[] {periodicReconcile, periodicPublish}) {
            if (periodic != null) {
                periodic.cancel(false);
            }
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

    /** The {@link ClusterView} service, while clustering is configured (member or not yet). */
    private void registerView() {
        viewRegistration = context.registerService(ClusterView.class, new View(), null);
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
            member.getMap(EngineConfig.CONFIG).addEntryListener(new ConfigChanges(), false);
            PublishedStates.forgetDeparted(member, this::submit);
            engine = member;
            int written = reconcile(member);
            applyConfiguration(member, awaitHost());
            watch = watchFolder();
            servingListener = event -> publishSoon();
            context.addServiceListener(servingListener, "(" + SHA256_PROPERTY + "=*)");
            publish(member);
            periodicReconcile = worker.scheduleWithFixedDelay(
                    this::reconcileQuietly, RECONCILE_SECONDS, RECONCILE_SECONDS, TimeUnit.SECONDS);
            // a refusal registers no service: what the host refused is seen at the next publication
            periodicPublish = worker.scheduleWithFixedDelay(
                    this::publishQuietly, PUBLISH_SECONDS, PUBLISH_SECONDS, TimeUnit.SECONDS);
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

    private final class ConfigChanges
            implements EntryAddedListener<Object, Object>,
                    EntryUpdatedListener<Object, Object>,
                    EntryRemovedListener<Object, Object> {
        @Override
        public void entryAdded(EntryEvent<Object, Object> event) {
            submit(ClusterMember.this::applyConfigurationQuietly);
        }

        @Override
        public void entryUpdated(EntryEvent<Object, Object> event) {
            submit(ClusterMember.this::applyConfigurationQuietly);
        }

        @Override
        public void entryRemoved(EntryEvent<Object, Object> event) {
            submit(ClusterMember.this::applyConfigurationQuietly);
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
        applyConfigurationQuietly();
        sweepDepartedStates(member);
    }

    /** The folder made to hold exactly the cluster's modules: the map is the truth, events only make it sooner. */
    private int reconcile(HazelcastInstance member) throws IOException {
        IMap<Object, Object> modules = member.getMap(EngineConfig.MODULES);
        Set<String> shas = ClusterEntries.moduleKeys(member, ignored -> {});
        Map<String, Object> nameBySha =
                member.<String, Object>getMap(EngineConfig.NAMES).getAll(shas);
        Map<String, String> wanted = new TreeMap<>();
        for (String sha : shas) {
            Object name = nameBySha.get(sha);
            if (ClusterEntries.isName(name)) { // a file name on this machine: only of the shape this bundle writes
                wanted.merge((String) name, sha, (a, b) -> a.compareTo(b) >= 0 ? a : b); // the same everywhere
            }
        }
        return folder.reconcile(wanted, sha -> ClusterEntries.module(modules.get(sha), sha));
    }

    /** The host, once it is there (it may start after this component), or null after a while. */
    private PluginHost awaitHost() {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HOST_WAIT_MILLIS);
        PluginHost h = host;
        while (h == null && System.nanoTime() < end) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            h = host;
        }
        return h;
    }

    private void applyConfigurationQuietly() {
        HazelcastInstance member = engine;
        PluginHost h = host;
        if (member != null && h != null) {
            try {
                applyConfiguration(member, h);
            } catch (RuntimeException e) {
                System.err.println("wasmgi: cluster: cannot apply the cluster's configuration: " + oneLine(e));
            }
        }
    }

    /** The cluster's host configuration applied to this member's host (each value once, when it changes). */
    private void applyConfiguration(HazelcastInstance member, PluginHost h) {
        if (h == null) {
            System.err.println(
                    "wasmgi: cluster: no wasm host here: the cluster's configuration is applied once" + " it starts");
            return;
        }
        Consumer<String> say = line -> System.err.println("wasmgi: cluster: " + line);
        clusterConfig.apply(h, ClusterConfig.read(member.getMap(EngineConfig.CONFIG), say), say);
    }

    private void sweepDepartedStates(HazelcastInstance member) {
        try {
            PublishedStates.sweep(member);
        } catch (RuntimeException e) {
            // the member is leaving
        }
    }

    private void publishQuietly() {
        HazelcastInstance member = engine;
        if (member != null) {
            publish(member);
        }
    }

    /**
     * This member's state of each cluster plugin, from its host: serving, refused (and why), or (not said)
     * still installing. Written only when it changed.
     */
    private void publish(HazelcastInstance member) {
        PluginHost h = host;
        try {
            Map<String, MemberStates.Entry> mine = new TreeMap<>();
            if (h != null) {
                Set<String> shas = ClusterEntries.moduleKeys(member, ignored -> {});
                Map<String, Object> names =
                        member.<String, Object>getMap(EngineConfig.NAMES).getAll(shas);
                List<PluginView> views = h.plugins();
                for (String sha : shas) {
                    MemberStates.Entry entry = stateOf(sha, names.get(sha), views);
                    if (entry != null) {
                        mine.put(sha, entry);
                    }
                }
            }
            PublishedStates.publish(member, MemberStates.encode(mine));
        } catch (IllegalStateException e) {
            // the bundle is stopping
        } catch (RuntimeException e) {
            System.err.println("wasmgi: cluster: cannot publish this member's state of the plugins: " + oneLine(e));
        }
    }

    /**
     * Where the module {@code sha} stands with this member's host: serving if a plugin of that module serves;
     * refused if one was refused (a module the host could not even read has no SHA-256: then the plugin bundle
     * made of the cluster file, {@code wasm.NAME}, is the one); null while neither.
     */
    static MemberStates.Entry stateOf(String sha, Object name, List<PluginView> views) {
        MemberStates.Entry refused = null;
        for (PluginView view : views) {
            boolean ours = sha.equals(view.sha256())
                    || (view.sha256() == null
                            && ClusterEntries.isName(name)
                            && ("wasm." + name).equals(view.symbolicName()));
            if (!ours) {
                continue;
            }
            if (view.state() == PluginState.SERVING) {
                return new MemberStates.Entry(Placement.State.SERVING, null);
            }
            refused = new MemberStates.Entry(Placement.State.REFUSED, view.refusal());
        }
        return refused;
    }

    /** The cluster's facts now, or why there are none. */
    ClusterFacts facts() {
        return ClusterFacts.read(engineOrRefuse());
    }

    /** The cluster's name; only asked of a member. */
    String clusterName() {
        engineOrRefuse();
        return settings.name();
    }

    private HazelcastInstance engineOrRefuse() {
        HazelcastInstance member = engine;
        if (member == null) {
            throw new NotAMemberException(notMember);
        }
        return member;
    }

    /** What {@link #store} did: the module's SHA-256, and whether it replaced another module of that name. */
    record Stored(String sha256, boolean replacedPrevious) {}

    /** Stores a module in the cluster, under its name: one cluster plugin per name, a new module replaces. */
    Stored store(ModuleSource.Module module) {
        HazelcastInstance member = engineOrRefuse();
        String sha = sha256(module.bytes());
        IMap<Object, Object> modules = member.getMap(EngineConfig.MODULES);
        IMap<Object, Object> names = member.getMap(EngineConfig.NAMES);
        List<Object> replaced = new ArrayList<>();
        for (Map.Entry<Object, Object> e : names.entrySet()) {
            if (module.name().equals(e.getValue()) && !sha.equals(e.getKey())) {
                replaced.add(e.getKey());
            }
        }
        names.put(sha, module.name()); // the name first: a member that sees the module finds its name
        modules.put(sha, module.bytes());
        for (Object old : replaced) {
            modules.remove(old);
            names.remove(old);
        }
        return new Stored(sha, !replaced.isEmpty());
    }

    /** Removes the cluster plugin of that name; false if there is none. */
    boolean remove(String name) {
        HazelcastInstance member = engineOrRefuse();
        IMap<Object, Object> modules = member.getMap(EngineConfig.MODULES);
        IMap<Object, Object> names = member.getMap(EngineConfig.NAMES);
        boolean removed = false;
        for (Map.Entry<Object, Object> e : names.entrySet()) {
            if (name.equals(e.getValue())) {
                modules.remove(e.getKey());
                names.remove(e.getKey());
                removed = true;
            }
        }
        return removed;
    }

    /** The host configuration set cluster-wide; entries that fail their checks are said to {@code problems}. */
    Map<String, String> configuration(Consumer<String> problems) {
        return ClusterConfig.read(engineOrRefuse().getMap(EngineConfig.CONFIG), problems);
    }

    /**
     * Sets (or, with a null value, removes) one key of the host configuration on every member. This member's
     * host checks it first, as {@code calc:config} does: a value it refuses never reaches the cluster.
     *
     * @return what this member's host said of it
     * @throws IllegalArgumentException with the one-line reason the key or value is refused
     * @throws IllegalStateException if this member has no wasm host to check it
     * @throws PluginHostException if this member's host refused it
     */
    List<String> configure(String key, String value) throws PluginHostException {
        HazelcastInstance member = engineOrRefuse();
        PluginHost h = host;
        if (h == null) {
            throw new IllegalStateException("the wasm host is not running here");
        }
        String problem = ClusterConfig.problem(key, value == null ? "-" : value);
        IMap<Object, Object> cluster = member.getMap(EngineConfig.CONFIG);
        if (problem == null && value != null && !cluster.containsKey(key) && cluster.size() >= ClusterConfig.MAX_KEYS) {
            problem = "the cluster already holds " + ClusterConfig.MAX_KEYS + " keys";
        }
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        List<String> notes = clusterConfig.setLocally(h, key, value);
        if (value == null) {
            cluster.delete(key);
        } else {
            cluster.set(key, value);
        }
        return notes;
    }

    /** The cluster's facts, as a service for other bundles (the web console). */
    private final class View implements ClusterView {
        @Override
        public String name() {
            ClusterSettings s = settings;
            if (s == null || engine == null) {
                throw new NotAMemberException(notMember);
            }
            return s.name();
        }

        @Override
        public List<MemberInfo> members() {
            return List.copyOf(facts().members());
        }

        @Override
        public List<ClusterPlugin> plugins() {
            return List.copyOf(facts().plugins());
        }

        @Override
        public Map<String, String> configuration() {
            return Map.copyOf(ClusterMember.this.configuration(p -> {}));
        }
    }

    static String address(Member m) {
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

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return printable(message.replaceAll("\\s*\\R\\s*", " "));
    }

    /** At most 200 characters of plain ASCII: what is echoed of a user's or another member's text. */
    static String printable(String s) {
        String cut = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
