package io.wasmgi.wasm.host.internal.deploy;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.apache.felix.fileinstall.ArtifactTransformer;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

import io.wasmgi.wasm.host.internal.log.HostLog;
import io.wasmgi.wasm.host.internal.text.InertText;

/**
 * Lets Felix FileInstall deploy a raw {@code .wasm} dropped into the deploy folder: FileInstall hands the file
 * over, gets a plugin bundle back, and installs, updates or uninstalls it as the file comes, changes or goes.
 * The file is read as {@link BoundedModuleReader} reads anything: a FIFO, a device, a link to one, or a file
 * past the size limit is refused with one line naming it, and FileInstall leaves it alone. The host registers it
 * only when it is wired to FileInstall's package (an optional import).
 */
public final class RawModuleTransformer implements ArtifactTransformer {

    private final BoundedModuleReader reader = BoundedModuleReader.defaults();
    private final HostLog log;

    private RawModuleTransformer(HostLog log) {
        this.log = log;
    }

    /** Offers the transformer to FileInstall; the caller unregisters it when the host stops. */
    public static ServiceRegistration<?> register(BundleContext context, HostLog log) {
        return context.registerService(ArtifactTransformer.class, new RawModuleTransformer(log), null);
    }

    @Override
    public boolean canHandle(File artifact) {
        return artifact.getName().toLowerCase(Locale.ROOT).endsWith(".wasm");
    }

    @Override
    public File transform(File artifact, File tmpDir) throws Exception {
        byte[] module;
        try {
            module = reader.read(artifact.toPath());
        } catch (ModuleReadException e) {
            log.warn("refused " + InertText.of(artifact.getName()) + " in the deploy folder: "
                    + InertText.of(e.getMessage()));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading " + artifact);
        }
        // a name of its own for every transformed file: file names that differ can make the same bundle name
        Path jar = Files.createTempFile(Files.createDirectories(tmpDir.toPath()), "raw-wasm-", ".jar");
        try (OutputStream out = Files.newOutputStream(jar)) {
            RawModuleBundles.wrap(
                    artifact.getName(), artifact.toURI().toString(), new ByteArrayInputStream(module), out);
        }
        return new TransformedJar(jar);
    }

    /**
     * FileInstall deletes the transformed file of a removed artifact twice (when it sees the file gone, then when
     * it uninstalls the bundle) and warns when the second delete fails: a file already gone counts as deleted.
     */
    private static final class TransformedJar extends File {

        private static final long serialVersionUID = 1L;

        TransformedJar(Path path) {
            super(path.toString());
        }

        @Override
        public boolean delete() {
            return super.delete() || !exists();
        }
    }
}
