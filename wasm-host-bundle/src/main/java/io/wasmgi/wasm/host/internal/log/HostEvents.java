package io.wasmgi.wasm.host.internal.log;

import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The host's lifecycle and fault events, posted (asynchronously) through the OSGi Event Admin if one runs. Its
 * package is imported optionally: not wired, or without the service, nothing is posted and nothing fails. The
 * Event Admin's types are named only in {@link EventAdminPost}, loaded only when the import is wired.
 */
public final class HostEvents implements AutoCloseable {

    private static final String EVENT_ADMIN = "org.osgi.service.event.EventAdmin";

    /** Null when the host is not wired to the Event Admin's package. */
    private final ServiceTracker<Object, Object> admins;

    /** @param wired whether the framework wired the host's optional import of the Event Admin's package */
    public HostEvents(BundleContext context, boolean wired) {
        this.admins = wired ? new ServiceTracker<>(context, EVENT_ADMIN, null) : null;
        if (admins != null) {
            admins.open();
        }
    }

    /** Posts {@code properties} on {@code topic}; returns at once (Event Admin delivers on its own thread). */
    public void post(String topic, Map<String, Object> properties) {
        Object admin = admins == null ? null : admins.getService();
        if (admin == null) {
            return;
        }
        try {
            EventAdminPost.post(admin, topic, properties);
        } catch (ClassCastException | IllegalStateException | SecurityException e) {
            // an Event Admin stopping as we post: the event is lost, the caller goes on
        }
    }

    @Override
    public void close() {
        if (admins != null) {
            admins.close();
        }
    }
}
