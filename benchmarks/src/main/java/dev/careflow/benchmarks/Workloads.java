package dev.careflow.benchmarks;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/** The six workloads, each against one server, and the data they need. */
final class Workloads {

    static final String SYNTHEA = "https://github.com/synthetichealth/synthea";
    static final String BENCH = "https://careflow.dev/fhir/bench";
    private static final String CARE_TASK = "https://careflow.dev/fhir/CodeSystem/care-task";
    private static final String CARE_TEAM_ROLE = "https://careflow.dev/fhir/CodeSystem/care-team-role";
    static final int CARE_MANAGERS = 10;

    private final HttpClient http;
    private final String dischargeTemplate;

    Workloads(HttpClient http) throws IOException {
        this.http = http;
        try (InputStream in = Workloads.class.getResourceAsStream("/discharge-notification.json")) {
            this.dischargeTemplate = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // ---- requests

    String send(Server server, HttpRequest.Builder request, int... expected) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (int status : expected.length == 0 ? new int[] {200} : expected) {
            if (response.statusCode() == status) {
                return response.body();
            }
        }
        String body = response.body();
        throw new IOException(server.name + " answered " + response.statusCode() + ": "
                + body.substring(0, Math.min(400, body.length())));
    }

    String get(Server server, String path) throws IOException, InterruptedException {
        return send(server, server.request(path).GET());
    }

    String post(Server server, String path, String body) throws IOException, InterruptedException {
        return write(server, "POST", path, body);
    }

    String put(Server server, String path, String body) throws IOException, InterruptedException {
        return write(server, "PUT", path, body);
    }

    private String write(Server server, String method, String path, String body)
            throws IOException, InterruptedException {
        return send(
                server,
                server.request(path)
                        .header("Content-Type", "application/fhir+json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body)),
                200,
                201);
    }

    // ---- W1: transaction ingest

    /** Posts the Bundles with {@code clients} concurrent clients; units are the resources (entries) stored. */
    Load.Result ingest(Server server, List<Path> bundles, int clients, String label) throws InterruptedException {
        ConcurrentLinkedQueue<Path> queue = new ConcurrentLinkedQueue<>(bundles);
        Recorder recorder = new Recorder(3);
        AtomicLong resources = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong done = new AtomicLong();
        StringBuilder firstError = new StringBuilder();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            pool.submit(() -> {
                Path bundle;
                while ((bundle = queue.poll()) != null) {
                    long begin = System.nanoTime();
                    try {
                        String json = Files.readString(bundle);
                        int entries = JsonParser.parseString(json)
                                .getAsJsonObject()
                                .getAsJsonArray("entry")
                                .size();
                        post(server, "", json);
                        recorder.recordValue((System.nanoTime() - begin) / 1000);
                        resources.addAndGet(entries);
                    } catch (Exception e) {
                        errors.incrementAndGet();
                        synchronized (firstError) {
                            if (firstError.length() == 0) {
                                firstError.append(bundle.getFileName()).append(": ").append(e.getMessage());
                            }
                        }
                    }
                    long finished = done.incrementAndGet();
                    if (finished % 10 == 0 || finished == bundles.size()) {
                        System.out.printf(
                                "  %s %s: %d/%d bundles, %d resources, %.0f resources/s%n",
                                server.name,
                                label,
                                finished,
                                bundles.size(),
                                resources.get(),
                                resources.get() / ((System.nanoTime() - start) / 1e9));
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(12, TimeUnit.HOURS);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Load.Result(
                bundles.size() - errors.get(),
                resources.get(),
                errors.get(),
                seconds,
                recorder.getIntervalHistogram(),
                firstError.toString());
    }

    /** The ids of the Synthea patients a server holds. */
    List<String> syntheaPatients(Server server) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        String next = "/Patient?identifier=" + encode(SYNTHEA + "|") + "&_elements=id&_count=500";
        while (next != null) {
            JsonObject page = JsonParser.parseString(get(server, next)).getAsJsonObject();
            if (page.has("entry")) {
                for (JsonElement entry : page.getAsJsonArray("entry")) {
                    ids.add(entry.getAsJsonObject()
                            .getAsJsonObject("resource")
                            .get("id")
                            .getAsString());
                }
            }
            next = null;
            if (page.has("link")) {
                for (JsonElement link : page.getAsJsonArray("link")) {
                    if ("next".equals(link.getAsJsonObject().get("relation").getAsString())) {
                        next = link.getAsJsonObject().get("url").getAsString();
                    }
                }
            }
        }
        return ids;
    }

    // ---- the care-management layer

    /**
     * Care managers {@code cm-0..9}; for every patient (the Synthea ones, then made-up ones up to
     * {@code worklistPatients}) an active CareTeam with a care manager, an active CarePlan, a Goal and two open Tasks
     * due around today. The first {@code caseload} patients are {@code cm-0}'s. Stored with PUT, so a rerun changes
     * nothing.
     */
    void careLayer(Server server, List<String> synthea, Options options) throws IOException, InterruptedException {
        JsonArray managers = new JsonArray();
        for (int m = 0; m < CARE_MANAGERS; m++) {
            managers.add(entry("Practitioner/cm-" + m, "{\"resourceType\":\"Practitioner\",\"id\":\"cm-" + m
                    + "\",\"active\":true,\"name\":[{\"family\":\"Manager " + m + "\",\"given\":[\"Care\"]}]}"));
        }
        post(server, "", transaction(managers));
        int total = Math.max(options.worklistPatients(), synthea.size());
        LocalDate today = LocalDate.now();
        JsonArray entries = new JsonArray();
        for (int i = 0; i < total; i++) {
            String patient;
            if (i < synthea.size()) {
                patient = synthea.get(i);
            } else {
                patient = "wl-" + i;
                entries.add(entry("Patient/" + patient, "{\"resourceType\":\"Patient\",\"id\":\"" + patient
                        + "\",\"identifier\":[{\"system\":\"" + BENCH + "\",\"value\":\"" + patient + "\"}],"
                        + "\"name\":[{\"family\":\"Worklist" + i + "\",\"given\":[\"Pat\"]}],\"gender\":\"female\","
                        + "\"birthDate\":\"1950-01-01\"}"));
            }
            String manager = "cm-" + (i < options.caseload() ? 0 : 1 + i % (CARE_MANAGERS - 1));
            String key = "b" + i;
            entries.add(entry("CareTeam/" + key, "{\"resourceType\":\"CareTeam\",\"id\":\"" + key
                    + "\",\"status\":\"active\",\"subject\":{\"reference\":\"Patient/" + patient + "\"},"
                    + "\"participant\":[{\"role\":[{\"coding\":[{\"system\":\"" + CARE_TEAM_ROLE
                    + "\",\"code\":\"care-manager\"}]}],\"member\":{\"reference\":\"Practitioner/" + manager
                    + "\"}}]}"));
            entries.add(entry("CarePlan/" + key, "{\"resourceType\":\"CarePlan\",\"id\":\"" + key
                    + "\",\"status\":\"active\",\"intent\":\"plan\",\"title\":\"Care plan\","
                    + "\"subject\":{\"reference\":\"Patient/" + patient + "\"},"
                    + "\"careTeam\":[{\"reference\":\"CareTeam/" + key + "\"}],"
                    + "\"goal\":[{\"reference\":\"Goal/" + key + "\"}]}"));
            entries.add(entry("Goal/" + key, "{\"resourceType\":\"Goal\",\"id\":\"" + key
                    + "\",\"lifecycleStatus\":\"active\",\"description\":{\"text\":\"Fewer emergency visits\"},"
                    + "\"subject\":{\"reference\":\"Patient/" + patient + "\"}}"));
            for (int t = 0; t < 2; t++) {
                String code = t == 0 ? "follow-up-call" : "care-plan-review";
                LocalDate due = today.plusDays((i * 7L + t * 3L) % 29 - 14);
                entries.add(entry("Task/" + key + "-" + t, "{\"resourceType\":\"Task\",\"id\":\"" + key + "-" + t
                        + "\",\"status\":\"requested\",\"intent\":\"order\",\"priority\":\"routine\","
                        + "\"code\":{\"coding\":[{\"system\":\"" + CARE_TASK + "\",\"code\":\"" + code + "\"}]},"
                        + "\"for\":{\"reference\":\"Patient/" + patient + "\"},"
                        + "\"basedOn\":[{\"reference\":\"CarePlan/" + key + "\"}],"
                        + "\"owner\":{\"reference\":\"Practitioner/" + manager + "\"},"
                        + "\"authoredOn\":\"" + today.minusDays(30) + "\","
                        + "\"restriction\":{\"period\":{\"end\":\"" + due + "\"}}}"));
            }
            if ((i + 1) % 25 == 0 || i == total - 1) {
                post(server, "", transaction(entries));
                entries = new JsonArray();
                if ((i + 1) % 500 == 0 || i == total - 1) {
                    System.out.printf("  %s care layer: %d/%d patients%n", server.name, i + 1, total);
                }
            }
        }
    }

    static JsonObject entry(String url, String resource) {
        JsonObject entry = new JsonObject();
        entry.add("resource", JsonParser.parseString(resource));
        JsonObject request = new JsonObject();
        request.addProperty("method", "PUT");
        request.addProperty("url", url);
        entry.add("request", request);
        return entry;
    }

    static String transaction(JsonArray entries) {
        JsonObject bundle = new JsonObject();
        bundle.addProperty("resourceType", "Bundle");
        bundle.addProperty("type", "transaction");
        bundle.add("entry", entries);
        return bundle.toString();
    }

    // ---- W2: create / read / update / search mix

    Load.Operation mix(Server server, List<String> patients) {
        return client -> {
            String patient = pick(patients);
            switch (ThreadLocalRandom.current().nextInt(4)) {
                case 0 -> post(
                        server,
                        "/Observation",
                        "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":"
                                + "\"http://loinc.org\",\"code\":\"8867-4\",\"display\":\"Heart rate\"}]},"
                                + "\"subject\":{\"reference\":\"Patient/" + patient + "\"},"
                                + "\"effectiveDateTime\":\"2026-11-01T10:00:00Z\",\"valueQuantity\":{\"value\":"
                                + (60 + ThreadLocalRandom.current().nextInt(40))
                                + ",\"unit\":\"/min\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"/min\"}}");
                case 1 -> get(server, "/Patient/" + patient);
                case 2 -> {
                    String id = "w2-" + client + "-" + ThreadLocalRandom.current().nextInt(20);
                    put(
                            server,
                            "/Patient/" + id,
                            "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"identifier\":[{\"system\":\""
                                    + BENCH + "\",\"value\":\"" + id + "\"}],\"name\":[{\"family\":\"Mix\"}],"
                                    + "\"telecom\":[{\"system\":\"phone\",\"value\":\"555-" + System.nanoTime() % 10000
                                    + "\"}]}");
                }
                default -> get(server, "/Observation?subject=Patient/" + patient + "&_count=10");
            }
            return 1;
        };
    }

    // ---- W3: a care manager's worklist

    Load.Operation worklist(Server server) {
        return client -> {
            get(server, "/Practitioner/cm-0/$worklist?_count=20");
            return 1;
        };
    }

    // ---- W4: discharge message to its TCM Tasks searchable

    Load.Operation discharge(Server server) {
        return client -> {
            String mrn = UUID.randomUUID().toString();
            post(server, "/$process-message", dischargeMessage(mrn));
            String tasks = get(
                    server,
                    "/Task?patient.identifier=" + encode(BENCH + "|" + mrn) + "&code=" + encode(CARE_TASK + "|")
                            + "&_summary=count");
            if (!tasks.replace(" ", "").contains("\"total\":3")) {
                throw new IOException("the TCM Tasks are not searchable: " + tasks);
            }
            return 1;
        };
    }

    /** The Da Vinci discharge example with a new message id, patient MRN and encounter identifier. */
    String dischargeMessage(String mrn) {
        JsonObject bundle = JsonParser.parseString(dischargeTemplate).getAsJsonObject();
        JsonArray entries = bundle.getAsJsonArray("entry");
        entries.get(0).getAsJsonObject().getAsJsonObject("resource").addProperty("id", UUID.randomUUID().toString());
        for (JsonElement element : entries) {
            JsonObject resource = element.getAsJsonObject().getAsJsonObject("resource");
            String type = resource.get("resourceType").getAsString();
            if (type.equals("Patient") || type.equals("Encounter")) {
                JsonArray identifier = new JsonArray();
                JsonObject value = new JsonObject();
                value.addProperty("system", type.equals("Patient") ? BENCH : BENCH + "/encounter");
                value.addProperty("value", type.equals("Patient") ? mrn : "enc-" + mrn);
                identifier.add(value);
                resource.add("identifier", identifier);
            }
        }
        bundle.remove("identifier");
        return bundle.toString();
    }

    // ---- W5 and W6

    Load.Operation everything(Server server, List<String> patients) {
        return client -> {
            get(server, "/Patient/" + pick(patients) + "/$everything?_count=100");
            return 1;
        };
    }

    Load.Operation read(Server server, List<String> patients) {
        return client -> {
            get(server, "/Patient/" + pick(patients));
            return 1;
        };
    }

    private static String pick(List<String> ids) {
        return ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
