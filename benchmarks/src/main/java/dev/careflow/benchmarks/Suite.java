package dev.careflow.benchmarks;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The performance suite: Synthea patients and a care-management layer on two servers started from the same jar on the
 * same PostgreSQL (Careflow as shipped, and plain HAPI JPA as the baseline), workloads W1 to W6 in alternating rounds,
 * PostgreSQL's own COPY ceiling, and a table and chart of it all.
 *
 * <pre>
 * ./mvnw -q -pl fhir-server -am package -DskipTests
 * ./mvnw -q -pl benchmarks exec:java -Dsize=quick      # smoke | quick | full
 * </pre>
 */
public final class Suite {

    private Suite() {}

    public static void main(String[] args) throws Exception {
        String size = System.getProperty("size", args.length > 0 ? args[0] : "quick");
        Path output = Path.of(System.getProperty("output", "target/benchmark"));
        Path jar = Path.of(System.getProperty("careflow.jar", "../fhir-server/target/careflow.jar"));
        String only = System.getProperty("workloads", "");
        Options options = Options.forSize(size, output, jar)
                .select(
                        only.isBlank() ? java.util.Set.of() : java.util.Set.of(only.split(",")),
                        Boolean.parseBoolean(System.getProperty("baseline", "true")))
                .durable(Boolean.parseBoolean(System.getProperty("durable", "true")));
        if (!System.getProperty("discharge.rate", "").isBlank()) {
            options = options.dischargeRate(Double.parseDouble(System.getProperty("discharge.rate")));
        }
        Report report = run(options);
        System.exit(report == null ? 1 : 0);
    }

    public static Report run(Options options) throws Exception {
        System.out.printf("Careflow benchmark, size %s: %s%n", options.size(), options);
        List<Path> bundles = SyntheaData.bundles(options);
        List<Path> shared = bundles.stream()
                .filter(p -> p.getFileName().toString().startsWith("hospital")
                        || p.getFileName().toString().startsWith("practitioner"))
                .toList();
        List<Path> patients = bundles.stream().filter(p -> !shared.contains(p)).toList();
        System.out.printf("Synthea: %d patient Bundles, %d shared Bundles%n", patients.size(), shared.size());

        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        Workloads workloads = new Workloads(http);
        Report report = new Report();
        report.facts.put("machine", Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java "
                + System.getProperty("java.version"));
        report.facts.put("data", patients.size() + " Synthea 3.3.0 patients (seed " + Options.SEED + ", "
                + options.yearsOfHistory() + " years of history); care layer of " + options.worklistPatients()
                + " patients, " + options.caseload() + " of them cm-0's");
        if (!System.getProperty("careflow.env", "").isBlank()) {
            report.facts.put("Careflow's extra environment", System.getProperty("careflow.env"));
        }
        if (options.runs("W4")) {
            report.facts.put("W4 offered load", options.dischargeRate() + " discharge messages/s, open loop");
        }
        report.facts.put("rounds", options.rounds() + " alternating rounds per workload, warm-up "
                + options.warmUp().toSeconds() + " s and " + options.measure().toSeconds() + " s measured each");

        Path work = options.output().resolve("servers").toAbsolutePath();
        int postgresPort = Server.freePort();
        Ceiling ceiling = new Ceiling(postgresPort);
        System.out.println("Starting Careflow (embedded PostgreSQL on port " + postgresPort + ")");
        report.facts.put("embedded PostgreSQL", options.durable()
                ? "durable, as shipped (fsync, full_page_writes and synchronous_commit on)"
                : "fsync off (-Ddurable=false: a throw-away cluster, for measuring what durability costs)");
        try (Server careflow = Server.careflow(options.jar(), work, postgresPort, options.durable())) {
            careflow.awaitReady(http, readyTimeout());
            try (ReadinessProbe probe = new ReadinessProbe(http, careflow)) {
                if (options.baseline()) {
                    ceiling.createDatabase("baseline");
                    System.out.println("Starting the baseline (plain HAPI JPA) on the same PostgreSQL");
                    try (Server baseline = Server.baseline(options.jar(), work, postgresPort)) {
                        baseline.awaitReady(http, readyTimeout());
                        measure(options, workloads, report, ceiling, List.of(baseline, careflow), shared, patients);
                    }
                } else {
                    measure(options, workloads, report, ceiling, List.of(careflow), shared, patients);
                }
                report.facts.put("Careflow's readiness probe", probe.summary());
            }
        }
        report.write(options);
        System.out.println();
        System.out.println(report.markdown(options));
        System.out.println("Written to " + options.output().toAbsolutePath());
        return report;
    }

    private static void measure(
            Options options,
            Workloads workloads,
            Report report,
            Ceiling ceiling,
            List<Server> servers,
            List<Path> shared,
            List<Path> patients)
            throws Exception {
        for (Server server : servers) {
            report.facts.put("start-up, launch to first 200 on /fhir/metadata (" + server.name + ")",
                    server.startup().toMillis() + " ms");
        }
        try {
            measureWorkloads(options, workloads, report, ceiling, servers, shared, patients);
        } finally {
            for (Server server : servers) {
                report.facts.put("memory (RSS of the server's JVM after the workloads, " + server.name + ")",
                        server.residentMegabytes() + " MiB");
            }
        }
    }

    private static void measureWorkloads(
            Options options,
            Workloads workloads,
            Report report,
            Ceiling ceiling,
            List<Server> servers,
            List<Path> shared,
            List<Path> patients)
            throws Exception {
        // W1: the shared Bundles first (not measured), then the patients in one slice per round.
        Map<String, String> databases = Map.of("careflow", "careflow", "baseline", "baseline");
        long[] rowsBefore = new long[servers.size()];
        for (int s = 0; s < servers.size(); s++) {
            Load.Result loaded = workloads.ingest(servers.get(s), shared, 1, "hospitals and practitioners");
            if (loaded.errors() > 0) {
                throw new IllegalStateException("shared Synthea Bundles refused: " + loaded.firstError());
            }
            rowsBefore[s] = ceiling.rowsInserted(databases.get(servers.get(s).name));
        }
        List<List<Path>> slices = slices(patients, options.rounds());
        long[] resources = new long[servers.size()];
        for (int round = 0; round < slices.size(); round++) {
            System.out.printf("W1 round %d/%d%n", round + 1, slices.size());
            for (Server server : ordered(servers, round)) {
                Load.Result result = workloads.ingest(server, slices.get(round), options.clients(), "W1");
                if (options.runs("W1")) {
                    report.add(Report.Workload.W1, server.name, result);
                }
                resources[servers.indexOf(server)] += result.units();
            }
        }
        for (int s = 0; s < servers.size(); s++) {
            long rows = ceiling.rowsInserted(databases.get(servers.get(s).name)) - rowsBefore[s];
            if (resources[s] > 0) {
                report.facts.put(
                        "rows written per ingested resource (" + servers.get(s).name + ")",
                        String.format(Locale.ROOT, "%.1f (%d rows for %d resources)", (double) rows / resources[s],
                                rows, resources[s]));
            }
        }

        if (options.only().equals(java.util.Set.of("W1"))) {
            return;
        }
        List<List<String>> ids = new ArrayList<>();
        ProgrammeWorkloads programmes = new ProgrammeWorkloads(workloads);
        for (Server server : servers) {
            List<String> synthea = workloads.syntheaPatients(server);
            if (synthea.isEmpty()) {
                throw new IllegalStateException(server.name + " holds no Synthea patient after W1");
            }
            ids.add(synthea);
            System.out.printf("Care-management layer on %s%n", server.name);
            workloads.careLayer(server, synthea, options);
            if (server.careflow && options.runs("W7")) {
                programmes.billingPractice(server, options.caseload());
            }
        }

        for (int round = 0; round < options.rounds(); round++) {
            System.out.printf("W2-W6 round %d/%d%n", round + 1, options.rounds());
            for (Server server : ordered(servers, round)) {
                List<String> patientIds = ids.get(servers.indexOf(server));
                if (options.runs("W6")) {
                    report.add(Report.Workload.W6, server.name, Load.closedLoop(
                            options.clients(), options.warmUp(), options.measure(), workloads.read(server, patientIds)));
                }
                if (options.runs("W2")) {
                    report.add(Report.Workload.W2, server.name, Load.closedLoop(
                            options.clients(), options.warmUp(), options.measure(), workloads.mix(server, patientIds)));
                }
                if (options.runs("W5")) {
                    report.add(Report.Workload.W5, server.name, Load.closedLoop(
                            1, options.warmUp(), options.measure(), workloads.everything(server, patientIds)));
                }
                if (server.careflow && options.runs("W3")) {
                    report.add(Report.Workload.W3, server.name, Load.closedLoop(
                            1, options.warmUp(), options.measure(), workloads.worklist(server)));
                }
                if (server.careflow && options.runs("W7")) {
                    report.add(Report.Workload.W7, server.name, Load.closedLoop(
                            1, options.warmUp(), options.measure(),
                            programmes.billingSummary(server, options.caseload())));
                }
                if (server.careflow && options.runs("W4")) {
                    report.add(Report.Workload.W4, server.name, Load.openLoop(
                            options.dischargeRate(), options.warmUp(), options.measure(), workloads.discharge(server)));
                }
            }
        }

        int copyRows = options.size().equals("smoke") ? 100_000 : 2_000_000;
        ceiling.createDatabase("bench_ceiling");
        double copy = ceiling.copyRowsPerSecond("bench_ceiling", copyRows);
        report.facts.put(
                "PostgreSQL COPY ceiling",
                String.format(Locale.ROOT, "%.0f rows/s into a table shaped like hfj_spidx_token with 3 indexes"
                        + " (%d rows)", copy, copyRows));
    }

    /** How long a server may take to start (-Dready.timeout=PT20M on a loaded machine; 10 minutes by default). */
    private static Duration readyTimeout() {
        return Duration.parse(System.getProperty("ready.timeout", "PT10M"));
    }

    /** Alternate which server goes first, so neither always runs on a warmer or cooler machine. */
    private static List<Server> ordered(List<Server> servers, int round) {
        if (round % 2 == 0) {
            return servers;
        }
        List<Server> reversed = new ArrayList<>(servers);
        java.util.Collections.reverse(reversed);
        return reversed;
    }

    private static List<List<Path>> slices(List<Path> patients, int rounds) {
        List<List<Path>> slices = new ArrayList<>();
        int per = (int) Math.ceil(patients.size() / (double) rounds);
        for (int i = 0; i < patients.size(); i += per) {
            slices.add(patients.subList(i, Math.min(patients.size(), i + per)));
        }
        return slices;
    }
}
