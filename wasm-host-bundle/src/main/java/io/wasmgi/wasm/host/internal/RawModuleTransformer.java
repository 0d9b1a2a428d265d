package io.wasmgi.wasm.host.internal;

import java.io.File;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;

import org.apache.felix.fileinstall.ArtifactTransformer;
import org.osgi.service.component.annotations.Component;

/**
 * Lets Felix FileInstall deploy a raw {@code .wasm} dropped into the deploy folder: FileInstall hands the file
 * over, gets a plugin bundle back, and installs, updates or uninstalls it as the file comes, changes or goes.
 */
@Component(service = ArtifactTransformer.class)
public class RawModuleTransformer implements ArtifactTransformer {

    @Override
    public boolean canHandle(File artifact) {
        return artifact.getName().toLowerCase(java.util.Locale.ROOT).endsWith(".wasm");
    }

    @Override
    public File transform(File artifact, File tmpDir) throws Exception {
        File bundle = new File(tmpDir, RawModuleBundles.baseName(artifact.getName()) + ".jar");
        try (InputStream in = Files.newInputStream(artifact.toPath());
             OutputStream out = Files.newOutputStream(bundle.toPath())) {
            RawModuleBundles.wrap(artifact.getName(), artifact.toURI().toString(), in, out);
        }
        return bundle;
    }
}
