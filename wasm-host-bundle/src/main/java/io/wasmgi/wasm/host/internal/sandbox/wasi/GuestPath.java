package io.wasmgi.wasm.host.internal.sandbox.wasi;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.dylibso.chicory.runtime.Instance;

/**
 * A path a plugin passed to a {@code path_*} function, resolved the way Chicory will resolve it (lexically:
 * {@code .} dropped, {@code ..} taking back the component before it) against the directory of its dirfd: the
 * components from the granted directory's root, or the errno that refuses it.
 *
 * <p>Refused: a path longer than {@link #PATH_MAX} bytes ({@code ENAMETOOLONG}), outside memory ({@code EFAULT}),
 * not UTF-8 or holding a NUL ({@code EINVAL}), absolute, or with a {@code ..} that climbs above the dirfd's
 * directory ({@code EPERM}; Chicory refuses that too).
 */
public record GuestPath(List<String> components, int errno) {

    /** The longest path a plugin may pass, in bytes: PATH_MAX of wasi-libc (and Linux). */
    static final int PATH_MAX = 4096;

    static GuestPath refused(int errno) {
        return new GuestPath(List.of(), errno);
    }

    boolean isRefused() {
        return errno != Errno.SUCCESS;
    }

    /**
     * @param base the components of the dirfd's directory, from the grant's root
     */
    static GuestPath resolve(Instance instance, List<String> base, long pointerArg, long lengthArg) {
        long address = GuestMemory.u32(pointerArg);
        long length = GuestMemory.u32(lengthArg);
        if (length > PATH_MAX) {
            return refused(Errno.ENAMETOOLONG);
        }
        if (!GuestMemory.fits(instance, address, length)) {
            return refused(Errno.EFAULT);
        }
        byte[] bytes = instance.memory().readBytes((int) address, (int) length);
        for (byte b : bytes) {
            if (b == 0) {
                return refused(Errno.EINVAL);
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return refused(Errno.EINVAL);
        }
        return lexically(base, text);
    }

    /** {@code text} against {@code base}, as {@code Path.normalize()} would, never above {@code base}. */
    static GuestPath lexically(List<String> base, String text) {
        if (text.startsWith("/")) {
            return refused(Errno.EPERM);
        }
        List<String> components = new ArrayList<>(base);
        for (String name : text.split("/")) {
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (components.size() == base.size()) {
                    return refused(Errno.EPERM);
                }
                components.remove(components.size() - 1);
            } else {
                components.add(name);
            }
        }
        return new GuestPath(List.copyOf(components), Errno.SUCCESS);
    }
}
