package io.wasmgi.karaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * docs/consuming.md is the example consumer: each code block under a {@code <!-- path -->} line is that file of
 * the repository, byte for byte, so that the guide builds and is tested as it is written. The docs name this
 * build's version, and README links them from its first screen.
 */
class ConsumingGuideTest {

    private static final Pattern FILE_BLOCK =
            Pattern.compile("<!-- ([\\w./-]+) -->\\n```\\w*\\n(.*?)```\\n", Pattern.DOTALL);

    private static final Pattern IN_BUILD_PARENT = Pattern.compile(
            "  <!-- only in wasmgi's own build [^\\n]*-->\\n  <parent>\\n.*?</parent>\\n", Pattern.DOTALL);

    private final Path root = Path.of(System.getProperty("wasmgi.root"));
    private final String version = System.getProperty("wasmgi.version");

    @Test
    void theGuidesCodeIsTheExampleConsumersFiles() throws IOException {
        Map<String, String> blocks = fileBlocks(Files.readString(root.resolve("docs/consuming.md")));
        assertEquals(
                List.of(
                        "bundles/example-consumer/pom.xml",
                        "bundles/example-consumer/src/main/java/io/wasmgi/example/consumer/SumCommand.java"),
                List.copyOf(blocks.keySet()));
        try (var sources = Files.walk(root.resolve("bundles/example-consumer/src"))) {
            assertEquals(
                    List.of("bundles/example-consumer/src/main/java/io/wasmgi/example/consumer/SumCommand.java"),
                    sources.filter(Files::isRegularFile)
                            .map(file -> root.relativize(file).toString())
                            .toList(),
                    "every source of the example is in the guide");
        }
        for (Map.Entry<String, String> block : blocks.entrySet()) {
            assertEquals(
                    asAUserWritesIt(Files.readString(root.resolve(block.getKey()))),
                    block.getValue(),
                    "docs/consuming.md's block for " + block.getKey());
        }
    }

    @Test
    void theGuideAndTheExampleNameThisBuildsVersionOfTheApi() throws IOException {
        String pom = Files.readString(root.resolve("bundles/example-consumer/pom.xml"));
        assertTrue(
                pom.contains("<artifactId>calc-bundle</artifactId>\n      <version>" + version + "</version>"),
                "the example compiles against calc-bundle " + version);
        assertTrue(Files.readString(root.resolve("docs/consuming.md"))
                .contains("`io.wasmgi:calc-bundle:" + version + "`"));
    }

    @Test
    void karafsThreeCommandsNameThisBuildsFeatures() throws IOException {
        String karaf = Files.readString(root.resolve("docs/karaf.md"));
        assertTrue(
                karaf.contains("karaf@root()> feature:repo-add mvn:io.wasmgi/wasmgi-features/" + version
                        + "/xml/features\nkaraf@root()> feature:install wasmgi-examples\nkaraf@root()> calc:demo\n"),
                "docs/karaf.md's three commands");
    }

    @Test
    void readmeLinksTheGuidesFromItsFirstScreen() throws IOException {
        String firstScreen =
                String.join("\n", Files.readAllLines(root.resolve("README.md")).subList(0, 40));
        assertTrue(firstScreen.contains("(docs/consuming.md)"), firstScreen);
        assertTrue(firstScreen.contains("(docs/karaf.md)"), firstScreen);
    }

    /**
     * The file, less the {@code <parent>} that only wasmgi's own build gives the example (its formatter and static
     * checks): the guide's pom stands alone.
     */
    private static String asAUserWritesIt(String file) {
        return IN_BUILD_PARENT.matcher(file).replaceFirst("");
    }

    private static Map<String, String> fileBlocks(String markdown) {
        Map<String, String> blocks = new LinkedHashMap<>();
        Matcher block = FILE_BLOCK.matcher(markdown);
        while (block.find()) {
            blocks.put(block.group(1), block.group(2));
        }
        return blocks;
    }
}
