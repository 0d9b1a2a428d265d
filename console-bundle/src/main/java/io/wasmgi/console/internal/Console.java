package io.wasmgi.console.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.util.tracker.ServiceTracker;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.Servlet;

import io.wasmgi.wasm.host.api.PluginEvents;
import io.wasmgi.wasm.host.api.PluginHost;

/**
 * The web console: the dashboard at {@code /wasmgi/}, the API under {@code /wasmgi/api/}, the metrics at
 * {@code /metrics}, as Servlet Whiteboard servlets (the API shows the cluster too, when the cluster bundle runs), and an Event Admin handler that feeds the API's event stream
 * and the metrics. Where the HTTP server listens (loopback by default) is the launcher's choice; once it is
 * known, the console's address, with its token in the fragment, is printed once.
 */
@Component(immediate = true)
public class Console {

    private static final String PATTERN = "osgi.http.whiteboard.servlet.pattern";
    private static final String RUNTIME = "org.osgi.service.servlet.runtime.HttpServiceRuntime";
    private static final String ENDPOINT = "osgi.http.endpoint";

    @Reference
    private PluginHost host;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final EventStream stream = new EventStream();
    private ServiceTracker<Object, Object> runtimes;
    private ClusterSource cluster;

    @Activate
    void activate(BundleContext context) {
        ConsoleToken token = ConsoleToken.of(context.getProperty(ConsoleToken.PROPERTY));
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        registry.register(new PluginMetrics(host));
        LoadTimes loads = new LoadTimes();
        registry.register(loads);

        cluster = new ClusterSource(context);
        servlet(context, "/wasmgi/api/*", new ApiServlet(token, host, new Operators(context), stream, cluster));
        servlet(context, "/wasmgi/*", new DashboardServlet(context.getBundle()));
        servlet(context, "/metrics", new MetricsServlet(registry));

        Dictionary<String, Object> topics = new Hashtable<>();
        topics.put(EventConstants.EVENT_TOPIC, PluginEvents.TOPIC_PREFIX + "*");
        EventHandler handler = event -> {
            stream.publish(JsonViews.event(event).toString());
            observeLoad(loads, event);
        };
        registrations.add(context.registerService(EventHandler.class, handler, topics));

        runtimes = new ServiceTracker<>(context, RUNTIME, null) {
            private final AtomicBoolean said = new AtomicBoolean();

            @Override
            public Object addingService(ServiceReference<Object> reference) {
                String endpoint = endpoint(reference.getProperty(ENDPOINT));
                if (endpoint != null && said.compareAndSet(false, true)) {
                    System.out.println("wasmgi console: " + endpoint + "wasmgi/#token=" + token.value());
                }
                return reference;
            }
        };
        runtimes.open();
    }

    @Deactivate
    void deactivate() {
        runtimes.close();
        cluster.close();
        stream.close();
        for (ServiceRegistration<?> registration : registrations) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework unregisters a stopping bundle's services itself
            }
        }
        registrations.clear();
    }

    private void servlet(BundleContext context, String pattern, Servlet servlet) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(PATTERN, pattern);
        registrations.add(context.registerService(Servlet.class, servlet, properties));
    }

    private static void observeLoad(LoadTimes loads, Event event) {
        Object nanos = event.getProperty(PluginEvents.LOAD_NANOS);
        if (nanos instanceof Long) {
            loads.observe(event.getTopic().equals(PluginEvents.REFUSED), (Long) nanos / 1e9);
        }
    }

    /** The first http endpoint the runtime names, ending in a slash; null if none. */
    private static String endpoint(Object property) {
        Object[] values = property instanceof String[] ? (String[]) property : new Object[] {property};
        for (Object value : values) {
            if (value instanceof String && ((String) value).startsWith("http://")) {
                String url = (String) value;
                return url.endsWith("/") ? url : url + "/";
            }
        }
        return null;
    }
}
