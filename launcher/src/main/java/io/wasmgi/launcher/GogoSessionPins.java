package io.wasmgi.launcher;

import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;

/**
 * Keeps every Gogo session that has run a command strongly reachable while the framework runs.
 *
 * Why: Gogo runtime 1.1.6 holds its sessions in a WeakHashMap and, when it stops, copies the keys into an
 * array sized before the copy. If the GC clears a session in between (the console's, whose thread is gone
 * after Ctrl-D, end of input or exit), the array keeps a null, close() on it throws a NullPointerException
 * and Felix prints its stack trace on the way out (seen about once in 50 runs). Gogo shows each session to
 * its CommandSessionListener services before every command; the one registered here holds on to them.
 *
 * How: the listener interface lives in the Gogo runtime bundle, and Felix hides a service from a bundle
 * that cannot see the service's class loader; so the listener is a proxy made in the runtime's class
 * loader and registered by the runtime bundle itself, as it starts, before the console can run anything.
 */
final class GogoSessionPins implements SynchronousBundleListener {

    private static final String RUNTIME = "org.apache.felix.gogo.runtime";
    private static final String LISTENER = "org.apache.felix.service.command.CommandSessionListener";

    private final Set<Object> sessions = ConcurrentHashMap.newKeySet();

    static void register(BundleContext systemContext) {
        systemContext.addBundleListener(new GogoSessionPins());
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        if (event.getType() != BundleEvent.STARTING || !RUNTIME.equals(bundle.getSymbolicName())) {
            return;
        }
        Class<?> listener;
        try {
            listener = bundle.loadClass(LISTENER);
        } catch (ClassNotFoundException e) {
            return; // another Gogo: nothing to work around
        }
        Object proxy = Proxy.newProxyInstance(
                listener.getClassLoader(),
                new Class<?>[] {listener},
                (self, method, args) -> switch (method.getName()) {
                    case "beforeExecute" -> {
                        sessions.add(args[0]);
                        yield null;
                    }
                    case "equals" -> self == args[0];
                    case "hashCode" -> System.identityHashCode(self);
                    case "toString" -> "wasmgi Gogo session pins";
                    default -> null;
                });
        bundle.getBundleContext().registerService(LISTENER, proxy, null);
    }
}
