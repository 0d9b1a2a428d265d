package io.wasmgi.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the build put what the integration tests run: the bundles folder, the launcher jar, the plugins. */
final class TestPaths {

    private TestPaths() {}

    static Path bundles() {
        return existing(Paths.get(System.getProperty("wasmgi.bundles", "target/bundles")));
    }

    static Path launcherJar() {
        return existing(Paths.get(System.getProperty("wasmgi.jar", "target/wasmgi.jar")));
    }

    /** The repository root: the launcher module's parent. */
    static Path repository() {
        return existing(Paths.get("").toAbsolutePath().getParent().resolve("pom.xml"))
                .getParent();
    }

    static Path plugin(String name) {
        return existing(repository().resolve("plugins/" + name + "/target/" + name + "-plugin.jar"));
    }

    static Path pluginModule(String name) {
        return existing(repository().resolve("plugins/" + name + "/" + name + ".wasm"));
    }

    private static Path existing(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalStateException(path.toAbsolutePath() + " is missing: run the build first (mvn verify)");
        }
        return path.toAbsolutePath();
    }
}
