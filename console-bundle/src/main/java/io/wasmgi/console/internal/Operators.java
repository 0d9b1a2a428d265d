package io.wasmgi.console.internal;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import io.wasmgi.calc.api.CalcOperator;

/**
 * The {@link CalcOperator} services, looked up at each request (they come and go): listed, and called by symbol,
 * the highest ranked winning as the API says.
 */
final class Operators {

    private final BundleContext context;

    Operators(BundleContext context) {
        this.context = context;
    }

    JsonArray list() {
        JsonArray array = new JsonArray();
        ServiceReference<?>[] refs = references();
        Arrays.sort(refs, Comparator.reverseOrder());
        for (ServiceReference<?> ref : refs) {
            JsonObject json = new JsonObject();
            json.addProperty("name", String.valueOf(ref.getProperty(CalcOperator.NAME_PROPERTY)));
            json.addProperty("symbol", String.valueOf(ref.getProperty(CalcOperator.SYMBOL_PROPERTY)));
            json.addProperty(
                    "bundleId", ref.getBundle() == null ? -1 : ref.getBundle().getBundleId());
            Object ranking = ref.getProperty("service.ranking");
            json.addProperty("ranking", ranking instanceof Integer ? (Integer) ranking : 0);
            array.add(json);
        }
        return array;
    }

    /**
     * @throws IllegalArgumentException if no operator has the symbol, or an operand is out of range
     * @throws io.wasmgi.calc.api.CalcException if the operator failed
     */
    long calc(long a, String symbol, long b) {
        ServiceReference<?> best = null;
        for (ServiceReference<?> ref : references()) {
            if (Objects.equals(symbol, ref.getProperty(CalcOperator.SYMBOL_PROPERTY))
                    && (best == null || ref.compareTo(best) > 0)) {
                best = ref;
            }
        }
        Object service = best == null ? null : context.getService(best);
        if (!(service instanceof CalcOperator)) {
            if (service != null) {
                context.ungetService(best);
            }
            throw new IllegalArgumentException(
                    "no operator has the symbol '" + symbol.replaceAll("[^\\x21-\\x7e]", "?") + "'");
        }
        try {
            return ((CalcOperator) service).calc(a, b);
        } finally {
            context.ungetService(best);
        }
    }

    private ServiceReference<?>[] references() {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(CalcOperator.class.getName(), null);
            return refs == null ? new ServiceReference<?>[0] : refs;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // no filter
        }
    }
}
