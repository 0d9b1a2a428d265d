package io.wasmgi.wasm.host.internal.compile;

import java.lang.invoke.CallSite;
import java.lang.invoke.ConstantCallSite;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import io.wasmgi.wasm.host.internal.sandbox.FlatMemoryAccesses;

/**
 * The bootstrap of the {@code invokedynamic} instructions {@link LateInlinedCalls} puts in the compiled code:
 * each is bound for good to the helper it replaced, a memory access with a flat memory's path in front
 * ({@link FlatMemoryAccesses}). Public because the compiled classes are defined by Chicory's
 * class loader, a child of this bundle's; nothing else calls it.
 */
public final class CompiledCallSites {

    private CompiledCallSites() {}

    /**
     * @param target the helper the call site stood for, resolved by the JVM with the compiled class's own access
     * @throws java.lang.invoke.WrongMethodTypeException if the site's type is not the helper's
     */
    public static CallSite constant(MethodHandles.Lookup caller, String name, MethodType type, MethodHandle target) {
        return new ConstantCallSite(
                FlatMemoryAccesses.withFlatPath(name, target).asType(type));
    }
}
