package io.wasmgi.wasm.host.internal.log;

import java.util.Map;
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The host's lifecycle and fault events, posted (asynchronously) through the OSGi Event Admin if one runs. Its
 * package is imported optionally: without it, or without the service, nothing is posted and nothing fails. The
 * Event Admin's types are named only in {@link EventAdminPost}, loaded once a service is there.
 */
public final class HostEvents implements AutoCloseable {

    private static final String EVENT_ADMIN = "org.osgi.service.event.EventAdmin";

    private final ServiceTracker<Object, Object> admins;
    private final Consumer<String> warnings;
    private volatile boolean unusable;

    public HostEvents(BundleContext context, Consumer<String> warnings) {
        this.warnings = warnings;
        this.admins = new ServiceTracker<>(context, EVENT_ADMIN, null);
        admins.open();
    }

    /** Posts {@code properties} on {@code topic}; returns at once (Event Admin delivers on its own thread). */
    public void post(String topic, Map<String, Object> properties) {
        if (unusable) {
            return;
        }
        Object admin = admins.getService();
        if (admin == null) {
            return;
        }
        try {
            EventAdminPost.post(admin, topic, properties);
        } catch (NoClassDefFoundError | ClassCastException notWired) {
            // an Event Admin installed after the host resolved: its package is not wired to us until a refresh
            unusable = true;
            warnings.accept("the host cannot post events: the Event Admin's package is not wired to it ("
                    + notWired.getClass().getSimpleName() + "); refresh the host bundle");
        } catch (RuntimeException e) {
            // an Event Admin stopping as we post: the event is lost, the caller goes on
        }
    }

    @Override
    public void close() {
        admins.close();
    }
}
