package io.wasmgi.wasm.host.internal.compile;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.WasmModule;

import io.wasmgi.wasm.host.internal.module.ModuleExports;

/**
 * Finds the JVM method that Chicory's compiler made of a module's {@code calc} export,
 * {@code static int func_N(int, int, Memory, Instance)}, and makes a {@link CalcFunction} that calls it: a
 * class of four instructions, generated beside the compiled code. Chicory's generic entry
 * ({@code ExportFunction.apply}) boxes the operands and the result into two fresh {@code long[]} and dispatches
 * through a switch over every function of the module, which costs more than a multiplication (measured in
 * docs/benchmarks.md); the direct entry allocates nothing, and the JIT can inline the plugin's code into the
 * caller's.
 *
 * <p>This relies on how the compiler of the Chicory embedded in this bundle lays out its classes (the
 * machine's {@code FuncGroup_k} classes). Where the method is not found, or the module uses garbage-collected
 * types (whose store Chicory sweeps only between calls through its generic entry), there is no direct entry and
 * calls take the generic one, which is always correct. {@code CompiledCalcTest} fails if this Chicory's layout
 * no longer matches.
 *
 * <p>One per module; the look-up runs once per compiled machine class (it is a {@link ClassValue}), so the
 * entry lives exactly as long as the compiled classes it calls.
 */
public final class CompiledCalc extends ClassValue<Optional<CalcFunction>> {

    private static final MethodType CALC_TYPE =
            MethodType.methodType(int.class, int.class, int.class, Memory.class, Instance.class);
    private static final String ENTRY_CLASS = "WasmgiCalcFunction";

    /** The function index of {@code calc}, or -1 where there must be no direct entry. */
    private final int functionIndex;

    public CompiledCalc(WasmModule module) {
        this.functionIndex = usesGcTypes(module) ? -1 : ModuleExports.functionIndex(module, "calc");
    }

    /** The direct entry of {@code calc} in this compiled machine, if there is one. */
    public Optional<CalcFunction> of(Machine machine) {
        return functionIndex < 0 ? Optional.empty() : get(machine.getClass());
    }

    /** Synchronized: two threads making the first instances of one module at once define the entry class once. */
    @Override
    protected synchronized Optional<CalcFunction> computeValue(Class<?> machineClass) {
        ClassLoader loader = machineClass.getClassLoader();
        if (loader == null || loader == Machine.class.getClassLoader()) {
            return Optional.empty(); // Chicory's own interpreter, not generated code
        }
        String functionName = "func_" + functionIndex;
        for (int group = 0; ; group++) {
            Class<?> groupClass;
            try {
                groupClass = Class.forName(machineClass.getName() + "FuncGroup_" + group, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                return Optional.empty();
            }
            Optional<Method> method = Arrays.stream(groupClass.getDeclaredMethods())
                    .filter(m -> m.getName().equals(functionName))
                    .filter(m -> Modifier.isStatic(m.getModifiers()))
                    .filter(m -> CALC_TYPE.equals(MethodType.methodType(m.getReturnType(), m.getParameterTypes())))
                    .findFirst();
            if (method.isPresent()) {
                return entryTo(method.get());
            }
        }
    }

    /**
     * A class that calls {@code function}, in the package and class loader of the compiled code: defined once
     * per compiled module, and found there by later sandboxes of the same module (a reinstall, kept in memory).
     */
    private static Optional<CalcFunction> entryTo(Method function) {
        Class<?> owner = function.getDeclaringClass();
        String entryName = owner.getPackageName() + "." + ENTRY_CLASS;
        try {
            Class<?> entry;
            try {
                entry = Class.forName(entryName, false, owner.getClassLoader());
            } catch (ClassNotFoundException notYet) {
                entry = MethodHandles.privateLookupIn(owner, MethodHandles.lookup())
                        .defineClass(entryClass(entryName.replace('.', '/'), function));
            }
            return Optional.of((CalcFunction) entry.getConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code name} (internal form) implementing {@link CalcFunction} by a static call of {@code function}. */
    private static byte[] entryClass(String name, Method function) {
        String owner = Type.getInternalName(function.getDeclaringClass());
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(
                Opcodes.V11,
                Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER,
                name,
                null,
                "java/lang/Object",
                new String[] {Type.getInternalName(CalcFunction.class)});
        MethodVisitor init = writer.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        String descriptor = CALC_TYPE.toMethodDescriptorString();
        MethodVisitor calc = writer.visitMethod(Opcodes.ACC_PUBLIC, "calc", descriptor, null, null);
        calc.visitCode();
        calc.visitVarInsn(Opcodes.ILOAD, 1);
        calc.visitVarInsn(Opcodes.ILOAD, 2);
        calc.visitVarInsn(Opcodes.ALOAD, 3);
        calc.visitVarInsn(Opcodes.ALOAD, 4);
        calc.visitMethodInsn(Opcodes.INVOKESTATIC, owner, function.getName(), descriptor, false);
        calc.visitInsn(Opcodes.IRETURN);
        calc.visitMaxs(0, 0);
        calc.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }

    /** Chicory lists a struct or array type as a null function type. */
    private static boolean usesGcTypes(WasmModule module) {
        return Arrays.stream(module.typeSection().types()).anyMatch(Objects::isNull);
    }
}
