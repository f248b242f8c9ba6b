package dev.careflow.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Benchmark (not a test): a discharge notification to its TCM Tasks being searchable, at a fixed arrival rate.
 *
 * <p>Open loop: a message is due every 1/rate seconds whatever the server does, and latency is measured from when it was
 * due (no coordinated omission) to when {@code Task?patient=...} returns its three TCM Tasks. Each message is the Da
 * Vinci discharge example with a new patient, encounter and message id. A warm-up runs first and is not recorded.
 *
 * <pre>
 * ./mvnw -q -pl fhir-server exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.careflow.bench.DischargeLatencyBenchmark \
 *     -Dexec.args="http://localhost:8080/fhir 10 60 15"
 * </pre>
 *
 * Arguments: FHIR base URL, messages per second, measured seconds, warm-up seconds.
 */
public final class DischargeLatencyBenchmark {

    private DischargeLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        String base = args.length > 0 ? args[0] : "http://localhost:8080/fhir";
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 15;
        String template = template();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        authorize(http, base);
        System.out.printf("Warm-up: %d s at %.1f messages/s%n", warmUp, rate);
        run(http, base, template, rate, warmUp, null);
        Recorder recorder = new Recorder(3);
        System.out.printf("Measuring: %d s at %.1f messages/s%n", seconds, rate);
        Result result = run(http, base, template, rate, seconds, recorder);
        Histogram histogram = recorder.getIntervalHistogram();
        System.out.println();
        System.out.println(
                "| workload | messages | failed | throughput (msg/s) | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        System.out.printf(
                "| discharge → TCM Tasks searchable | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
                histogram.getTotalCount(),
                result.failed(),
                histogram.getTotalCount() / result.elapsedSeconds(),
                histogram.getValueAtPercentile(50) / 1000.0,
                histogram.getValueAtPercentile(95) / 1000.0,
                histogram.getValueAtPercentile(99) / 1000.0,
                histogram.getMaxValue() / 1000.0);
        System.exit(result.failed() == 0 ? 0 : 1);
    }

    record Result(int failed, double elapsedSeconds) {}

    private static Result run(
            HttpClient http, String base, String template, double rate, int seconds, Recorder recorder)
            throws InterruptedException {
        int total = (int) Math.round(rate * seconds);
        long intervalNanos = (long) (1_000_000_000L / rate);
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        ExecutorService workers = Executors.newFixedThreadPool(32);
        AtomicInteger failed = new AtomicInteger();
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * intervalNanos;
            clock.schedule(
                    () -> workers.submit(() -> {
                        try {
                            send(http, base, template);
                            if (recorder != null) {
                                recorder.recordValue((System.nanoTime() - due) / 1000);
                            }
                        } catch (Exception e) {
                            failed.incrementAndGet();
                            System.err.println("failed: " + e.getMessage());
                        }
                    }),
                    due - System.nanoTime(),
                    TimeUnit.NANOSECONDS);
        }
        clock.shutdown();
        clock.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
        workers.shutdown();
        workers.awaitTermination(120, TimeUnit.SECONDS);
        return new Result(failed.get(), (System.nanoTime() - start) / 1e9);
    }

    private static final ca.uhn.fhir.context.FhirContext FHIR = ca.uhn.fhir.context.FhirContext.forR4Cached();
    private static final String BENCH_SYSTEM = "https://careflow.dev/fhir/bench";

    /** The Da Vinci discharge example with a new message id, patient MRN and encounter identifier. */
    static String message(String template, String mrn) {
        org.hl7.fhir.r4.model.Bundle bundle =
                FHIR.newJsonParser().parseResource(org.hl7.fhir.r4.model.Bundle.class, template);
        bundle.getEntryFirstRep().getResource().setId(UUID.randomUUID().toString());
        for (org.hl7.fhir.r4.model.Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() instanceof org.hl7.fhir.r4.model.Patient patient) {
                patient.getIdentifier().clear();
                patient.addIdentifier().setSystem(BENCH_SYSTEM).setValue(mrn);
            } else if (entry.getResource() instanceof org.hl7.fhir.r4.model.Encounter encounter) {
                encounter.getIdentifier().clear();
                encounter.addIdentifier().setSystem(BENCH_SYSTEM + "/encounter").setValue("enc-" + mrn);
            }
        }
        return FHIR.newJsonParser().encodeResourceToString(bundle);
    }

    /** A hospital feed's token from the default run's embedded authorization server (demo client), if there is one. */
    private static String authorization = "";

    private static void authorize(HttpClient http, String base) throws IOException, InterruptedException {
        String server = base.endsWith("/fhir") ? base.substring(0, base.length() - "/fhir".length()) : base;
        HttpResponse<String> token = http.send(
                HttpRequest.newBuilder(URI.create(server + "/oauth2/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header(
                                "Authorization",
                                "Basic "
                                        + java.util.Base64.getEncoder()
                                                .encodeToString(
                                                        "careflow-demo:demo-secret".getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=system/*.cruds"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        java.util.regex.Matcher access = java.util.regex.Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"")
                .matcher(token.body());
        authorization = token.statusCode() == 200 && access.find() ? "Bearer " + access.group(1) : "";
        System.out.println(authorization.isEmpty() ? "No token: the server is open" : "Using a demo client token");
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder request) {
        return authorization.isEmpty() ? request : request.header("Authorization", authorization);
    }

    private static void send(HttpClient http, String base, String template) throws IOException, InterruptedException {
        String mrn = UUID.randomUUID().toString();
        String message = message(template, mrn);
        HttpResponse<String> posted = http.send(
                authorized(HttpRequest.newBuilder(URI.create(base + "/$process-message")))
                        .header("Content-Type", "application/fhir+json")
                        .POST(HttpRequest.BodyPublishers.ofString(message))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (posted.statusCode() != 200) {
            throw new IOException("$process-message answered " + posted.statusCode() + ": " + posted.body());
        }
        HttpResponse<String> tasks = http.send(
                authorized(HttpRequest.newBuilder(URI.create(base + "/Task?patient.identifier=" + BENCH_SYSTEM + "%7C"
                                + mrn + "&code=https://careflow.dev/fhir/CodeSystem/care-task%7C&_summary=count")))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (tasks.statusCode() != 200 || !tasks.body().replace(" ", "").contains("\"total\":3")) {
            throw new IOException("the TCM Tasks are not searchable: " + tasks.body());
        }
    }

    private static String template() throws IOException {
        try (InputStream in = DischargeLatencyBenchmark.class.getResourceAsStream(
                "/fixtures/transitions/davinci/discharge-notification-message-bundle-01.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
