package io.wasmgi.wasm.host.internal.compile;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.wasmgi.wasm.host.internal.sandbox.FlatMemoryAccesses;

/**
 * The bootstrap of the {@code invokedynamic} instructions {@link LateInlinedCalls} puts in the compiled code:
 * each is bound for good to the helper it replaced, a memory access with a flat memory's path in front
 * ({@link FlatMemoryAccesses}). Public because the compiled classes are defined by Chicory's
 * class loader, a child of this bundle's; nothing else calls it.
 */
public final class CompiledCallSites {

    /**
     * Per compiled class, each helper's bound handle, built once for all its sites: a guarded access is a tree of
     * method handles of about 800 bytes, which a module of 2^15 sites ({@link LateInlinedCalls#MAX_SITES_PER_MODULE})
     * would otherwise hold 25 MB of. Kept with the class (a {@link ClassValue}), so it goes when the module's
     * classes go.
     */
    private static final ClassValue<Map<MethodHandle, MethodHandle>> BOUND = new ClassValue<>() {
        @Override
        protected Map<MethodHandle, MethodHandle> computeValue(Class<?> compiled) {
            return new ConcurrentHashMap<>();
        }
    };

    private CompiledCallSites() {}

    /**
     * @param target the helper the call site stood for, resolved by the JVM with the compiled class's own access
     *     (one object for every site of the class that names it: the class's constant)
     * @throws java.lang.invoke.WrongMethodTypeException if the site's type is not the helper's
     */
    public static CallSite constant(MethodHandles.Lookup caller, String name, MethodType type, MethodHandle target) {
        MethodHandle bound = BOUND.get(caller.lookupClass())
                .computeIfAbsent(target, helper -> FlatMemoryAccesses.withFlatPath(name, helper));
        return new ConstantCallSite(bound.asType(type));
    }
}
