package io.wasmgi.launcher;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Calls services of the running framework from outside it. The API classes live in the framework's bundles,
 * not on the test's class path, so calls go through reflection on the service object.
 */
final class Services {

    static final String CALC_OPERATOR = "io.wasmgi.calc.api.CalcOperator";

    private Services() {}

    static List<ServiceReference<?>> find(BundleContext context, String type, String filter) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(type, filter);
            return refs == null ? List.of() : List.of(refs);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static List<ServiceReference<?>> operators(BundleContext context) {
        return new ArrayList<>(find(context, CALC_OPERATOR, null));
    }

    static ServiceReference<?> operator(BundleContext context, String symbol) {
        List<ServiceReference<?>> refs = find(context, CALC_OPERATOR, "(calc.operator.symbol=" + escape(symbol) + ")");
        // the natural order of service references puts the highest ranked last
        return refs.stream()
                .max(Comparable::compareTo)
                .orElseThrow(() -> new AssertionError("no operator service for '" + symbol + "'"));
    }

    /** Escapes a value for an LDAP filter: {@code *} alone would be a presence test. */
    static String escape(String value) {
        return value.replaceAll("([\\\\*()])", "\\\\$1");
    }

    /** Calls {@code method} on the service; an exception thrown by the service is rethrown as it is. */
    static Object call(BundleContext context, ServiceReference<?> ref, String method, Object... args) throws Exception {
        Object service = context.getService(ref);
        if (service == null) {
            throw new IllegalStateException("service " + ref + " is gone");
        }
        try {
            for (Method m : service.getClass().getMethods()) {
                if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                    m.setAccessible(true);
                    return m.invoke(service, args);
                }
            }
            throw new NoSuchMethodException(method + " on " + service.getClass());
        } catch (InvocationTargetException e) {
            throw (Exception) e.getCause();
        } finally {
            context.ungetService(ref);
        }
    }

    /** {@code calc(a, b)} of the operator serving {@code symbol}. */
    static long calc(BundleContext context, String symbol, long a, long b) throws Exception {
        return (Long) call(context, operator(context, symbol), "calc", a, b);
    }
}
