package io.wasmgi.wasm.host.internal.log;

import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The OSGi Log service's {@code LoggerFactory}, followed as it comes and goes. The host imports the log package
 * optionally: when the framework gave it no wire to that package, nothing is tracked and the host reports on the
 * console. The service is named by a string, so that this class loads without the package.
 */
public final class LogServiceTracker implements Supplier<HostLog.Sink>, AutoCloseable {

    static final String LOGGER_FACTORY = "org.osgi.service.log.LoggerFactory";

    private final ServiceTracker<Object, Object> tracker;

    private LogServiceTracker(ServiceTracker<Object, Object> tracker) {
        this.tracker = tracker;
    }

    /** @param packageWired whether the host's bundle is wired to {@code org.osgi.service.log} */
    public static LogServiceTracker open(BundleContext context, boolean packageWired) {
        if (!packageWired) {
            return new LogServiceTracker(null);
        }
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, LOGGER_FACTORY, null);
        tracker.open();
        return new LogServiceTracker(tracker);
    }

    @Override
    public HostLog.Sink get() {
        Object factory = tracker == null ? null : tracker.getService();
        return factory == null ? null : OsgiLogSink.of(factory);
    }

    @Override
    public void close() {
        if (tracker != null) {
            tracker.close();
        }
    }
}
