package dev.careflow.platform;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The examples of FHIR R4 ({@code hl7.fhir.r4.examples} 4.0.1, fetched from the npm registry by the build's
 * {@code r4-examples} step into {@code target/fhir-examples}), read straight from the package's tarball: each example
 * is {@code package/<Type>-<id>.json}, kept as the exact text the specification publishes.
 */
final class R4ExamplesPackage {

    static final Path TARBALL = Path.of("target", "fhir-examples", "hl7.fhir.r4.examples-4.0.1.tgz");

    private static final Pattern EXAMPLE = Pattern.compile("package/([A-Z][A-Za-z]+)-([A-Za-z0-9.\\-]{1,64})\\.json");

    record Example(String type, String id, String json) {
        String key() {
            return type + "/" + id;
        }
    }

    private R4ExamplesPackage() {}

    /** Every example of the given resource types, in the package's (alphabetical) order. */
    static List<Example> examples(Set<String> types) {
        if (!Files.isRegularFile(TARBALL)) {
            throw new IllegalStateException(TARBALL.toAbsolutePath()
                    + " is missing: the build's r4-examples step (npm pack hl7.fhir.r4.examples@4.0.1) did not run");
        }
        List<Example> examples = new ArrayList<>();
        try (InputStream file = new BufferedInputStream(Files.newInputStream(TARBALL));
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(file))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Matcher name = EXAMPLE.matcher(entry.getName());
                if (entry.isFile() && name.matches() && types.contains(name.group(1))) {
                    String json = new String(tar.readAllBytes(), StandardCharsets.UTF_8);
                    examples.add(new Example(name.group(1), name.group(2), json));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return examples;
    }
}
