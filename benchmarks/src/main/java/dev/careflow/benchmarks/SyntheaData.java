package dev.careflow.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.mitre.synthea.engine.Generator;
import org.mitre.synthea.export.Exporter;
import org.mitre.synthea.helpers.Config;

/**
 * Synthea patients (Synthea 3.3.0 from Maven Central, fixed seed and reference time) as FHIR R4 transaction Bundles:
 * the hospitals' and practitioners' Bundles first (the patients' Bundles refer to them conditionally), then one
 * Bundle per patient. Generated once per size and kept under the output folder.
 */
final class SyntheaData {

    /** 2026-01-01T00:00:00Z: the same patients whatever day the suite runs. */
    private static final long REFERENCE_TIME = 1_767_225_600_000L;

    private SyntheaData() {}

    static List<Path> bundles(Options options) throws IOException {
        Path directory = options.output()
                .resolve("synthea-" + options.syntheaPatients() + "-" + options.yearsOfHistory() + "y")
                .toAbsolutePath();
        Path done = directory.resolve(".complete");
        if (!Files.exists(done)) {
            generate(options, directory);
            Files.writeString(done, "seed " + Options.SEED);
        }
        Path fhir = directory.resolve("fhir");
        List<Path> shared = new ArrayList<>();
        List<Path> patients = new ArrayList<>();
        try (Stream<Path> files = Files.list(fhir)) {
            for (Path file : files.sorted(Comparator.comparing(Path::toString)).toList()) {
                String name = file.getFileName().toString();
                if (!name.endsWith(".json")) {
                    continue;
                }
                if (name.startsWith("hospitalInformation") || name.startsWith("practitionerInformation")) {
                    shared.add(file);
                } else {
                    patients.add(file);
                }
            }
        }
        shared.sort(Comparator.comparing(p -> p.getFileName().toString().startsWith("practitioner") ? 1 : 0));
        List<Path> all = new ArrayList<>(shared);
        all.addAll(patients);
        return all;
    }

    private static void generate(Options options, Path directory) throws IOException {
        Files.createDirectories(directory);
        System.out.printf(
                "Generating %d Synthea patients (seed %d, %d years of history) into %s%n",
                options.syntheaPatients(), Options.SEED, options.yearsOfHistory(), directory);
        Config.set("exporter.baseDirectory", directory + "/");
        Config.set("exporter.fhir.export", "true");
        Config.set("exporter.fhir.transaction_bundle", "true");
        Config.set("exporter.hospital.fhir.export", "true");
        Config.set("exporter.practitioner.fhir.export", "true");
        Config.set("exporter.fhir.bulk_data", "false");
        Config.set("exporter.csv.export", "false");
        Config.set("exporter.ccda.export", "false");
        Config.set("exporter.text.export", "false");
        Config.set("exporter.metadata.export", "false");
        Config.set("exporter.years_of_history", String.valueOf(options.yearsOfHistory()));
        Config.set("generate.log_patients.detail", "none");
        Generator.GeneratorOptions generator = new Generator.GeneratorOptions();
        generator.population = options.syntheaPatients();
        generator.seed = Options.SEED;
        generator.clinicianSeed = Options.SEED;
        generator.referenceTime = REFERENCE_TIME;
        generator.threadPoolSize = Math.max(1, Runtime.getRuntime().availableProcessors());
        new Generator(generator, new Exporter.ExporterRuntimeOptions()).run();
    }
}
