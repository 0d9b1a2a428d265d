package io.wasmgi.wasm.host.internal.compile;

import java.util.Map;
import java.util.function.Function;

import com.dylibso.chicory.compiler.internal.ClassCollector;
import com.dylibso.chicory.compiler.internal.ClassLoadingCollector;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;

/**
 * Where Chicory's compiler hands over each class it generates: the back-edge checks are rewritten
 * ({@link BackEdgeChecks}) before Chicory's own collector defines the class, so that the classes loaded and
 * the classes stored in the disk cache are the rewritten ones.
 */
final class RewritingCollector implements ClassCollector {

    private final ClassLoadingCollector loading = new ClassLoadingCollector();
    private int backEdges;

    @Override
    public String mainClassName() {
        return loading.mainClassName();
    }

    @Override
    public void putMainClass(String className, byte[] bytes) {
        loading.putMainClass(className, rewritten(bytes));
    }

    @Override
    public void put(String name, byte[] data) {
        loading.put(name, rewritten(data));
    }

    /** The compiler moves classes from a collector of this kind (made by the same factory): rewritten already. */
    @Override
    public void putAll(ClassCollector collector) {
        if (!(collector instanceof RewritingCollector other)) {
            throw new IllegalArgumentException(
                    "not a rewriting collector: " + collector.getClass().getName());
        }
        loading.putAll(other.loading);
        backEdges += other.backEdges;
    }

    @Override
    public Map<String, byte[]> classBytes() {
        return loading.classBytes();
    }

    @Override
    public byte[] resolve(Class<?> clazz) {
        return loading.resolve(clazz);
    }

    Function<Instance, Machine> machineFactory() {
        return loading.machineFactory();
    }

    /** Back-edge checks rewritten in the classes collected so far. */
    int backEdges() {
        return backEdges;
    }

    private byte[] rewritten(byte[] bytes) {
        BackEdgeChecks.Rewritten rewritten = BackEdgeChecks.rewrite(bytes);
        backEdges += rewritten.backEdges();
        return rewritten.bytes();
    }
}
