package io.wasmgi.console.internal;

import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

import com.google.gson.JsonElement;

/**
 * The cluster bundle's view, when it runs: tracked by class name, so that the console needs neither the cluster
 * bundle nor its API package (an optional import) and never loads a class of it while that package is not wired
 * to this bundle. Without it the cluster's API answers 404.
 */
final class ClusterSource implements AutoCloseable {

    static final String VIEW = "io.wasmgi.cluster.api.ClusterView";

    private final ServiceTracker<Object, Object> tracker;

    ClusterSource(BundleContext context) {
        tracker = new ServiceTracker<>(context, VIEW, null);
        tracker.open();
    }

    /** {@code /cluster/members}, {@code /cluster/plugins} or {@code /cluster/config} as JSON. */
    JsonElement get(String what) {
        Object view = tracker.getService();
        if (view == null || !apiWired()) {
            throw new ApiServlet.BadRequest(
                    404, "this container runs no cluster (start it with --cluster NAME, see docs/cluster.md)");
        }
        return ClusterJson.of(view, what); // loaded only now, the API being there
    }

    private static boolean apiWired() {
        try {
            Class.forName(VIEW, false, ClusterSource.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public void close() {
        tracker.close();
    }
}
