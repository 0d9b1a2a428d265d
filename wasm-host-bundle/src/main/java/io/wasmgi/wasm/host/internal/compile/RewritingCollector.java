package io.wasmgi.wasm.host.internal.compile;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.dylibso.chicory.compiler.internal.ClassCollector;
import com.dylibso.chicory.compiler.internal.ClassLoadingCollector;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;

/**
 * Where Chicory's compiler hands over each class it generates: the class is rewritten ({@link CodeRewrite})
 * before Chicory's own collector defines it, so that the classes loaded and
 * the classes stored in the disk cache are the rewritten ones.
 */
final class RewritingCollector implements ClassCollector {

    private final ClassLoadingCollector loading = new ClassLoadingCollector();
    /** Call sites the module's classes may still get: shared by the collectors of one compilation. */
    private final AtomicInteger siteBudget;
    /** Methods of the module that may still be split: shared as well. */
    private final AtomicInteger splitBudget;
    /** The functions the module's tables can hold. */
    private final IndirectCalls.Targets targets;

    private int indirectPaths;
    private int helperCalls;
    private int minMaxSelects;
    private int backEdges;
    private int lateInlined;
    private int splitParts;

    /**
     * @param siteBudget the module's budget of call sites, shared by every collector of its compilation
     * @param splitBudget the module's budget of methods split, shared likewise
     * @param targets the functions the module's tables can hold
     */
    RewritingCollector(AtomicInteger siteBudget, AtomicInteger splitBudget, IndirectCalls.Targets targets) {
        this.siteBudget = siteBudget;
        this.splitBudget = splitBudget;
        this.targets = targets;
    }

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
        indirectPaths += other.indirectPaths;
        helperCalls += other.helperCalls;
        minMaxSelects += other.minMaxSelects;
        backEdges += other.backEdges;
        lateInlined += other.lateInlined;
        splitParts += other.splitParts;
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

    /** Cases and other-instance paths dropped from {@code call_indirect}'s bridges in the classes collected so far. */
    int indirectPaths() {
        return indirectPaths;
    }

    /** Calls of Chicory's helpers replaced in the classes collected so far. */
    int helperCalls() {
        return helperCalls;
    }

    /** Selects made a minimum or a maximum in the classes collected so far. */
    int minMaxSelects() {
        return minMaxSelects;
    }

    /** Back-edge checks rewritten in the classes collected so far. */
    int backEdges() {
        return backEdges;
    }

    /** Memory accesses of large methods made late-inlined call sites in the classes collected so far. */
    int lateInlined() {
        return lateInlined;
    }

    /** Parts that methods too large for the JIT were split into, in the classes collected so far. */
    int splitParts() {
        return splitParts;
    }

    private byte[] rewritten(byte[] bytes) {
        CodeRewrite.Rewritten rewritten =
                CodeRewrite.rewrite(bytes, Math.max(0, siteBudget.get()), Math.max(0, splitBudget.get()), targets);
        siteBudget.addAndGet(-rewritten.lateInlined());
        splitBudget.addAndGet(-rewritten.splitMethods());
        indirectPaths += rewritten.indirectPaths();
        helperCalls += rewritten.helperCalls();
        minMaxSelects += rewritten.minMaxSelects();
        backEdges += rewritten.backEdges();
        lateInlined += rewritten.lateInlined();
        splitParts += rewritten.splitParts();
        return rewritten.bytes();
    }
}
