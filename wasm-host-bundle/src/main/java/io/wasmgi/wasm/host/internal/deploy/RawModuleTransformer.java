package io.wasmgi.wasm.host.internal.deploy;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.apache.felix.fileinstall.ArtifactTransformer;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.log.LoggerFactory;

import io.wasmgi.wasm.host.internal.log.HostLog;
import io.wasmgi.wasm.host.internal.text.InertText;

/**
 * Lets Felix FileInstall deploy a raw {@code .wasm} dropped into the deploy folder: FileInstall hands the file
 * over, gets a plugin bundle back, and installs, updates or uninstalls it as the file comes, changes or goes.
 * The file is read as {@link BoundedModuleReader} reads anything: a FIFO, a device, a link to one, or a file
 * past the size limit is refused with one line naming it, and FileInstall leaves it alone.
 */
@Component(service = ArtifactTransformer.class)
public class RawModuleTransformer implements ArtifactTransformer {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LoggerFactory loggers;

    private final BoundedModuleReader reader = BoundedModuleReader.defaults();
    private final HostLog log = new HostLog(() -> loggers);

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
