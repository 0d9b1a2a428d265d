package io.wasmgi.wasm.host.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

import io.wasmgi.calc.api.CalcException;
import io.wasmgi.wasm.host.api.CallTimes;
import io.wasmgi.wasm.host.api.ConfigChange;
import io.wasmgi.wasm.host.api.Limit;
import io.wasmgi.wasm.host.api.PluginHost;
import io.wasmgi.wasm.host.api.PluginHostException;
import io.wasmgi.wasm.host.api.PluginHostException.Problem;
import io.wasmgi.wasm.host.api.PluginState;
import io.wasmgi.wasm.host.api.PluginView;
import io.wasmgi.wasm.host.internal.call.InstancePool;
import io.wasmgi.wasm.host.internal.config.SandboxLimits;
import io.wasmgi.wasm.host.internal.config.Setting;
import io.wasmgi.wasm.host.internal.deploy.BoundedModuleReader;
import io.wasmgi.wasm.host.internal.deploy.ModuleReadException;
import io.wasmgi.wasm.host.internal.deploy.PluginBundleCheck;
import io.wasmgi.wasm.host.internal.deploy.WasmMagic;
import io.wasmgi.wasm.host.internal.text.ByteSize;
import io.wasmgi.wasm.host.internal.text.InertText;

/**
 * The {@link PluginHost} service: the tracker's statuses as views, and installs, removals and configuration
 * changes through the same code as {@code calc:load} ({@link RawModuleLoad}) and {@code calc:config}
 * ({@link HostSettings}). Changes are made one at a time.
 */
final class PluginHostService implements PluginHost {

    /** An uploaded module's name: a plain file name, so that its bundle's names come out as they would from a file. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Uploads live at locations of their own, so that a path or URL loaded by calc:load is never updated by one. */
    private static final String LOCATION = "wasmgi-upload:";

    private final BundleContext context;
    private final Map<Long, PluginStatus> statuses;
    private final HostSettings settings;
    private final PluginTracker plugins;
    private final BoundedModuleReader reader = BoundedModuleReader.defaults();

    PluginHostService(BundleContext context, PluginTracker plugins, HostSettings settings) {
        this.context = context;
        this.plugins = plugins;
        this.statuses = plugins.statuses();
        this.settings = settings;
    }

    @Override
    public List<PluginView> plugins() {
        return statuses.values().stream()
                .sorted(Comparator.comparingLong(PluginStatus::bundleId))
                .map(PluginHostService::view)
                .toList();
    }

    @Override
    public Optional<PluginView> plugin(long bundleId) {
        return Optional.ofNullable(statuses.get(bundleId)).map(PluginHostService::view);
    }

    @Override
    public int maxUploadBytes() {
        return reader.maxBytes();
    }

    @Override
    public synchronized PluginView installModule(String name, byte[] module) {
        checkSize(module);
        try {
            WasmMagic.check(module);
        } catch (ModuleReadException e) {
            throw new PluginHostException(Problem.INVALID, InertText.of(e.getMessage()));
        }
        String fileName = name == null ? "module-" + sha256(module).substring(0, 12) + ".wasm" : name;
        if (!NAME.matcher(fileName).matches()) {
            throw new PluginHostException(
                    Problem.INVALID,
                    "the name '" + InertText.of(fileName, 80) + "' is not a file name of 1 to 64 of [A-Za-z0-9._-]");
        }
        RawModuleLoad load = new RawModuleLoad(context, statuses, reader, System.out, System.err);
        try {
            return served(load.put(fileName, LOCATION + fileName, fileName, module));
        } catch (PluginHostException e) {
            throw e;
        } catch (Exception e) {
            throw new PluginHostException(
                    Problem.INVALID,
                    "cannot install " + fileName + ": " + InertText.of(String.valueOf(e.getMessage())));
        }
    }

    @Override
    public synchronized PluginView installBundle(byte[] jar) {
        checkSize(jar);
        try {
            PluginBundleCheck.check(jar);
        } catch (ModuleReadException e) {
            throw new PluginHostException(Problem.INVALID, "not a wasm plugin bundle: " + e.getMessage());
        }
        String location = LOCATION + "bundle-" + sha256(jar);
        Bundle existing = context.getBundle(location);
        if (existing != null) {
            return plugin(existing.getBundleId())
                    .orElseThrow(() -> new PluginHostException(
                            Problem.REFUSED, "this bundle is installed already, as bundle " + existing.getBundleId()));
        }
        RawModuleLoad load = new RawModuleLoad(context, statuses, reader, System.out, System.err);
        try {
            Bundle bundle = context.installBundle(location, new java.io.ByteArrayInputStream(jar));
            return served(load.started("the bundle", bundle));
        } catch (PluginHostException e) {
            throw e;
        } catch (BundleException e) {
            throw new PluginHostException(
                    Problem.INVALID, "cannot install the bundle: " + InertText.of(String.valueOf(e.getMessage())));
        } catch (Exception e) {
            throw new PluginHostException(
                    Problem.REFUSED, "cannot start the bundle: " + InertText.of(String.valueOf(e.getMessage())));
        }
    }

    @Override
    public synchronized void remove(long bundleId) {
        Bundle bundle = statuses.containsKey(bundleId) ? context.getBundle(bundleId) : null;
        if (bundle == null) {
            throw new PluginHostException(Problem.NOT_FOUND, "no plugin bundle has the id " + bundleId);
        }
        try {
            bundle.uninstall();
        } catch (BundleException | IllegalStateException e) {
            throw new PluginHostException(
                    Problem.UNAVAILABLE,
                    "cannot uninstall bundle " + bundleId + ": " + InertText.of(String.valueOf(e.getMessage())));
        }
    }

    @Override
    public Map<String, String> configuration() {
        return plugins.configuration().values();
    }

    @Override
    public ConfigChange configure(String key, String value) {
        synchronized (this) {
            return settings.set(key, value);
        }
    }

    private void checkSize(byte[] bytes) {
        if (bytes.length > reader.maxBytes()) {
            throw new PluginHostException(
                    Problem.INVALID, "it is larger than " + ByteSize.format(reader.maxBytes()) + "; nothing was read");
        }
    }

    private PluginView served(RawModuleLoad.Outcome outcome) {
        if (!outcome.serving()) {
            throw new PluginHostException(Problem.REFUSED, outcome.line());
        }
        return plugin(outcome.bundle().getBundleId())
                .orElseThrow(() -> new PluginHostException(Problem.REFUSED, "the plugin went away as it started"));
    }

    static PluginView view(PluginStatus status) {
        if (!status.isActive()) {
            Map<CalcException.Reason, Long> none = new EnumMap<>(CalcException.Reason.class);
            for (CalcException.Reason reason : CalcException.Reason.values()) {
                none.put(reason, 0L);
            }
            return new PluginView(
                    status.bundleId(),
                    status.bundleName(),
                    null,
                    null,
                    PluginState.REFUSED,
                    status.refusal(),
                    status.sha256(),
                    null,
                    List.of(),
                    0,
                    none,
                    new CallTimes(0, 0, 0, 0, List.of()),
                    0,
                    0,
                    status.loadNanos());
        }
        InstancePool pool = status.operator().pool();
        return new PluginView(
                status.bundleId(),
                status.bundleName(),
                status.operator().name(),
                status.operator().symbol(),
                PluginState.SERVING,
                null,
                status.sha256(),
                pool.engine(),
                limits(status.limits()),
                pool.calls(),
                pool.faultsByReason(),
                pool.times(),
                pool.idleMemoryBytes(),
                pool.memoryLimitBytes(),
                status.loadNanos());
    }

    private static List<Limit> limits(SandboxLimits limits) {
        List<Limit> list = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            if (setting.perPlugin()) {
                list.add(new Limit(
                        setting.key, limits.value(setting), limits.origins().get(setting)));
            }
        }
        return list;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }
}
