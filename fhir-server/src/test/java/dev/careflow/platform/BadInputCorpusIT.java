package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowIT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A corpus of bad input over REST, transactions and Careflow's operations (the HL7 v2 routes have their own). Each case
 * must be answered 4xx with an OperationOutcome in JSON, with neither SQL nor a Java exception nor HTML in it, and
 * must store nothing. The tally of statuses is printed at the end (the 5xx count is the figure to watch).
 */
class BadInputCorpusIT extends CareflowIT {

    private static final Pattern SQL = Pattern.compile(
            "(?i)(insert into|delete from|\\bselect\\b[^\"]{0,200}\\bfrom\\b|SQLSTATE|\\bERROR: |could not execute"
                    + "|\\bHFJ_|org\\.postgresql|org\\.hibernate|violates)");
    /** A stack trace, or a raw Java exception passed through as the message. */
    private static final Pattern JAVA = Pattern.compile(
            "(java\\.lang\\.\\w+Exception|\\tat |\\.java:\\d+\\)|NumberFormatException|ClassCastException"
                    + "|IndexOutOfBounds)");

    private static final Map<Integer, Integer> TALLY = new ConcurrentHashMap<>();
    private static final List<String> FIVE_HUNDREDS = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static final List<String> TYPES = List.of(
            "Patient",
            "Observation",
            "Task",
            "Encounter",
            "CarePlan",
            "ServiceRequest",
            "Condition",
            "Practitioner",
            "Goal",
            "QuestionnaireResponse");

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** One bad request; {@code writes} the resource types whose counts must not change. */
    record Case(
            String name,
            String method,
            String path,
            String contentType,
            String body,
            Map<String, String> headers,
            Set<String> writes) {

        static Case get(String path) {
            return new Case("GET " + path, "GET", path, null, null, Map.of(), Set.of());
        }

        static Case post(String path, String body, String... writes) {
            return new Case(
                    "POST " + path + " " + abbreviate(body), "POST", path, FHIR_JSON, body, Map.of(), Set.of(writes));
        }

        static Case put(String path, String body, String... writes) {
            return new Case(
                    "PUT " + path + " " + abbreviate(body), "PUT", path, FHIR_JSON, body, Map.of(), Set.of(writes));
        }

        Case as(String contentType) {
            return new Case(name + " as " + contentType, method, path, contentType, body, headers, writes);
        }

        Case header(String name, String value) {
            Map<String, String> all = new LinkedHashMap<>(headers);
            all.put(name, value);
            return new Case(this.name + " [" + name + "]", method, path, contentType, body, all, writes);
        }

        private static String abbreviate(String text) {
            return text == null ? "" : text.length() > 90 ? text.substring(0, 90) + "..." : text;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyBadInput_is4xxWithAnOperationOutcome_noSqlNoStackTrace_andStoresNothing() {
        String patient = createPatient("Corpus").getIdPart();
        String practitioner = createPractitioner();
        String completedTask = createCompletedTask(patient);
        List<Case> corpus = corpus(patient, practitioner, completedTask);
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(200);
        return corpus.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    @org.junit.jupiter.api.Test
    void conditionalCreateRace_losersGetAConflictWithoutSql_andOneResourceIsStored() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 5; round++) {
                String identifier = unique();
                String body = "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"" + TEST_SYSTEM
                        + "\",\"value\":\"" + identifier + "\"}]}";
                Case create = Case.post("Patient", body)
                        .header("If-None-Exist", "identifier=" + TEST_SYSTEM + "|" + identifier);
                List<java.util.concurrent.Future<HttpResponse<String>>> responses = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    responses.add(pool.submit(() -> send(create)));
                }
                for (java.util.concurrent.Future<HttpResponse<String>> future : responses) {
                    HttpResponse<String> response = future.get();
                    assertThat(response.statusCode()).as(response.body()).isIn(200, 201, 409, 412);
                    assertThat(SQL.matcher(response.body()).find())
                            .as(response.body())
                            .isFalse();
                }
                String found = http.send(
                                HttpRequest.newBuilder(URI.create(baseUrl() + "/Patient?identifier=" + TEST_SYSTEM
                                                + "%7C" + identifier + "&_summary=count"))
                                        .header("Accept", FHIR_JSON)
                                        .header("Authorization", "Bearer " + systemToken())
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                assertThat(parse(org.hl7.fhir.r4.model.Bundle.class, found).getTotal())
                        .isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @AfterAll
    static void printTally() {
        System.out.println(
                "Bad-input corpus: " + TALLY.values().stream().mapToInt(i -> i).sum() + " cases, statuses "
                        + new TreeMap<>(TALLY) + ", 5xx: " + FIVE_HUNDREDS.size() + " " + FIVE_HUNDREDS);
    }

    private void check(Case c) throws Exception {
        Map<String, Integer> before = counts(c.writes());
        HttpResponse<String> response = send(c);
        int status = response.statusCode();
        TALLY.merge(status, 1, Integer::sum);
        if (status >= 500) {
            FIVE_HUNDREDS.add(status + " " + c.name());
        }
        String body = response.body();
        assertThat(status).as("status of %s: %s", c.name(), body).isBetween(400, 499);
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .as("content type of %s", c.name())
                .contains("json");
        assertThat(body).as("no HTML").doesNotContain("<html").doesNotContain("<!doctype");
        OperationOutcome outcome = OperationOutcomes.parse(body);
        assertThat(outcome.getIssue()).as("issues of %s", c.name()).isNotEmpty();
        assertThat(outcome.getIssueFirstRep().getSeverity())
                .isIn(OperationOutcome.IssueSeverity.ERROR, OperationOutcome.IssueSeverity.FATAL);
        assertThat(SQL.matcher(body).find()).as("SQL in %s: %s", c.name(), body).isFalse();
        assertThat(JAVA.matcher(body).find())
                .as("Java internals in %s: %s", c.name(), body)
                .isFalse();
        assertThat(counts(c.writes())).as("counts after %s", c.name()).isEqualTo(before);
    }

    private HttpResponse<String> send(Case c) throws Exception {
        String url = c.path().startsWith("/") ? "http://localhost:" + port + c.path() : baseUrl() + "/" + c.path();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", FHIR_JSON);
        if (c.contentType() != null) {
            request.header("Content-Type", c.contentType() + ";charset=UTF-8");
        }
        if (c.headers().keySet().stream().noneMatch("Authorization"::equalsIgnoreCase)) {
            request.header("Authorization", "Bearer " + systemToken());
        }
        c.headers().forEach(request::header);
        HttpRequest.BodyPublisher body = c.body() == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(c.body().getBytes(StandardCharsets.UTF_8));
        request.method(c.method(), body);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private Map<String, Integer> counts(Set<String> types) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        for (String type : types) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/" + type + "?_summary=count"))
                            .header("Accept", FHIR_JSON)
                            .header("Authorization", "Bearer " + systemToken())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            counts.put(
                    type,
                    parse(org.hl7.fhir.r4.model.Bundle.class, response.body()).getTotal());
        }
        return counts;
    }

    private String createPractitioner() {
        Practitioner practitioner = new Practitioner();
        practitioner.addIdentifier().setSystem(TEST_SYSTEM).setValue(unique());
        practitioner.addName().setFamily("Corpus");
        return client.create().resource(practitioner).execute().getId().getIdPart();
    }

    private String createCompletedTask(String patient) {
        Task task = new Task();
        task.setStatus(Task.TaskStatus.COMPLETED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setFor(new Reference(new IdType("Patient", patient)));
        task.setCode(new CodeableConcept().setText("Corpus"));
        return client.create().resource(task).execute().getId().getIdPart();
    }

    static List<Case> corpus(String patient, String practitioner, String completedTask) {
        List<Case> cases = new ArrayList<>();
        searches(cases);
        readsAndIds(cases, patient);
        operations(cases, patient, practitioner);
        bodies(cases, patient);
        transactions(cases, completedTask);
        container(cases);
        return cases;
    }

    /** Every type with each bad search parameter: control characters, paging out of range, unknown modifiers. */
    private static void searches(List<Case> cases) {
        List<String> bad = List.of(
                "_id=%00",
                "_id=a%00b",
                "_tag=a%00b",
                "_source=%01",
                "_offset=-1",
                "_offset=2147483647",
                "_count=abc",
                "_count=-5",
                "_count=99999999999",
                "_id:banana=x",
                "_tag:banana=x",
                "_lastUpdated=notadate",
                "_lastUpdated=gt2026-13-45");
        for (String type : TYPES) {
            for (String query : bad) {
                cases.add(Case.get(type + "?" + query));
            }
        }
        cases.add(Case.get("Patient?name=%00"));
        cases.add(Case.get("Patient?name=a%00b"));
        cases.add(Case.get("Patient?name:banana=x"));
        cases.add(Case.get("Patient?family:startswith=x"));
        cases.add(Case.get("Patient?birthdate=2026-99"));
        cases.add(Case.get("Patient?name=x&_count=abc"));
        cases.add(Case.get("Observation?subject:Banana=x"));
        cases.add(Case.get("Task?due=notadate"));
        cases.add(Case.get("Banana?x=1"));
        cases.add(Case.get("?_getpages=nonexistent-page&_getpagesoffset=-1"));
        cases.add(Case.get("Patient/_search?name=%00").header("X-Case", "post-search"));
    }

    private static void readsAndIds(List<Case> cases, String patient) {
        for (String version : List.of("99999999999999999999", "abc", "-1", "0", "1.5")) {
            cases.add(Case.get("Patient/" + patient + "/_history/" + version));
        }
        for (String type : List.of("Patient", "Task", "Observation", "CarePlan")) {
            cases.add(Case.get(type + "/a%00b"));
            cases.add(Case.get(type + "/..%2F..%2Fetc%2Fpasswd"));
            cases.add(Case.get(type + "/does-not-exist-" + type.toLowerCase()));
        }
        cases.add(Case.get("..%2F..%2Fetc%2Fpasswd"));
        cases.add(Case.get("Patient/" + "x".repeat(100)));
        cases.add(Case.get("Patient/" + patient + "/_history?_count=abc"));
        cases.add(Case.get("Patient/" + patient + "/_history?_since=notadate"));
        cases.add(Case.get("Patient/_history?_count=-1"));
        cases.add(Case.get("_history?_offset=-1"));
    }

    private static void operations(List<Case> cases, String patient, String practitioner) {
        String everything = "Patient/" + patient + "/$everything";
        for (String query :
                List.of("_count=abc", "_count=-1", "_offset=-1", "_offset=2147483647", "_since=bad", "_type=Banana")) {
            cases.add(Case.get(everything + "?" + query));
        }
        String worklist = "Practitioner/" + practitioner + "/$worklist";
        for (String query : List.of(
                "due-before=abc",
                "due-before=2026-13-01",
                "priority=bogus",
                "_count=abc",
                "_count=0",
                "_count=100000",
                "_offset=-1",
                "_offset=2147483647",
                "code=%00",
                "patient=%00")) {
            cases.add(Case.get(worklist + "?" + query));
        }
        cases.add(Case.get("Practitioner/" + practitioner + "/$caseload?_count=abc"));
        cases.add(Case.get("Patient/" + patient + "/$tcm-status?_count=abc"));
        cases.add(Case.get("Patient/does-not-exist/$tcm-status"));
        cases.add(Case.get("Questionnaire/does-not-exist/$populate?subject=Patient/" + patient));
        cases.add(Case.get("Questionnaire/phq-9/$populate?subject=%00"));
        cases.add(Case.post("Patient/does-not-exist/$propose-care-plan", "", "CarePlan", "Goal", "ServiceRequest"));
        cases.add(Case.post("CarePlan/does-not-exist/$progress", "", "Goal", "Provenance"));
        cases.add(Case.post("CarePlan/does-not-exist/$revise", "", "CarePlan", "Provenance"));
        cases.add(Case.get("QuestionnaireResponse/does-not-exist/$extract"));
        cases.add(Case.post("QuestionnaireResponse/$extract", "{\"resourceType\":\"Patient\"}"));
        cases.add(Case.post(
                "$process-message", "{\"resourceType\":\"Bundle\",\"type\":\"collection\"}", "Patient", "Encounter"));
        cases.add(Case.post(
                "$process-message",
                "{\"resourceType\":\"Bundle\",\"type\":\"message\",\"entry\":[]}",
                "Patient",
                "Encounter"));
        cases.add(Case.post("$process-message", "not json", "Patient", "Encounter"));
        cases.add(Case.get("ValueSet/$expand?url=%00"));
        cases.add(Case.get("CodeSystem/$lookup?system=http://loinc.org&code=%00"));
        cases.add(Case.get("ConceptMap/$translate?code=%00"));
        cases.add(Case.post("Patient/$validate", "{"));
        cases.add(Case.post("Patient/" + patient + "/$meta-add", "{\"resourceType\":\"Parameters\",\"banana\":1}"));
        cases.add(Case.get("Patient/" + patient + "/$banana"));
        cases.add(Case.post("$diff", "{}"));
    }

    /** Every type with each bad body: NUL, a lone surrogate, an unknown element, wrong JSON types, not FHIR at all. */
    private static void bodies(List<Case> cases, String patient) {
        for (String type : List.of(
                "Patient",
                "Observation",
                "Encounter",
                "CarePlan",
                "Practitioner",
                "Condition",
                "Goal",
                "ServiceRequest")) {
            String start = "{\"resourceType\":\"" + type + "\",";
            // What HAPI's parser accepts even with its strict error handler is refused by FhirJsonShape and the
            // XML namespace check: a number where a string belongs, an array for one value, a date with a time.
            for (String body : List.of(
                    start + "\"language\":123}",
                    start + "\"language\":[\"en\"]}",
                    start + "\"meta\":[{}]}",
                    start + "\"meta\":{\"lastUpdated\":\"yesterday\"}}",
                    start + "\"language\":\"en\\u0000\"}",
                    start + "\"language\":\"en\\ud800\"}",
                    start + "\"implicitRules\":\"a\\u0001b\"}",
                    start + "\"banana\":1}",
                    start + "\"language\":\"en\",\"language\":\"fr\"}",
                    start + "\"language\":\"en\"} trailing",
                    start + "/* comment */ \"language\":\"en\"}",
                    "{\"resourceType\":\"Banana\"}",
                    "{",
                    "{'resourceType':'" + type + "'}",
                    "")) {
                cases.add(Case.post(type, body, type));
            }
            cases.add(Case.post(type, "<" + type + " xmlns=\"http://hl7.org/fhir\"><banana/></" + type + ">", type)
                    .as("application/fhir+xml"));
            cases.add(Case.put(type + "/a%00b", start + "\"id\":\"a\"}", type));
            cases.add(Case.post(type, "<" + type + "><language value=\"en\"/></" + type + ">", type)
                    .as("application/fhir+xml"));
        }
        String patientStart = "{\"resourceType\":\"Patient\",";
        cases.add(Case.post("Patient", patientStart + "\"name\":\"Smith\"}", "Patient"));
        cases.add(Case.post("Patient", patientStart + "\"gender\":\"banana\"}", "Patient"));
        cases.add(Case.post("Patient", patientStart + "\"birthDate\":\"1970-01-01T10:00:00Z\"}", "Patient"));
        cases.add(Case.post("Patient", patientStart + "\"active\":\"true\"}", "Patient"));
        cases.add(Case.post("Patient", patientStart + "\"name\":{\"family\":\"Smith\"}}", "Patient"));
        cases.add(Case.post("Patient", patientStart + "\"name\":[{\"family\":\"a\\u0000b\"}]}", "Patient"));
        cases.add(Case.post("Patient", patientStart + "\"name\":[{\"family\":\"a\\ud800b\"}]}", "Patient"));
        cases.add(Case.post(
                "Patient", "{\"resourceType\":\"Observation\",\"status\":\"final\"}", "Patient", "Observation"));
        cases.add(Case.put("Patient/" + patient, patientStart + "\"id\":\"someone-else\"}", "Patient"));
        cases.add(Case.put(
                "Patient/" + patient,
                patientStart + "\"id\":\"" + patient + "\",\"name\":[{\"family\":\"a\\u0000b\"}]}",
                "Patient"));
        cases.add(Case.put("Patient?name:banana=x", patientStart + "\"active\":true}", "Patient"));
        cases.add(Case.put("Patient?_id:missing=false", patientStart + "\"active\":true}", "Patient"));
        cases.add(Case.post("Patient", patientStart + "\"active\":true}", "Patient")
                .header("If-None-Exist", "_id:missing=false"));
        cases.add(Case.post("Patient", patientStart + "\"active\":true}", "Patient")
                .header("If-None-Exist", "name=a%00b"));
        cases.add(Case.post(
                "Task",
                "{\"resourceType\":\"Task\",\"intent\":\"order\",\"for\":{\"reference\":\"Patient/" + patient + "\"}}",
                "Task"));
        cases.add(new Case(
                "PATCH malformed JSON Patch",
                "PATCH",
                "Patient/" + patient,
                "application/json-patch+json",
                "[{\"op\":\"banana\"}]",
                Map.of(),
                Set.of("Patient")));
        cases.add(new Case(
                "PATCH NUL",
                "PATCH",
                "Patient/" + patient,
                "application/json-patch+json",
                "[{\"op\":\"add\",\"path\":\"/language\",\"value\":\"a\\u0000\"}]",
                Map.of(),
                Set.of("Patient")));
        cases.add(new Case("DELETE a%00b", "DELETE", "Patient/a%00b", null, null, Map.of(), Set.of("Patient")));
    }

    private static void transactions(List<Case> cases, String completedTask) {
        String patient = "{\"resourceType\":\"Patient\",\"active\":true}";
        List<String> entries = List.of(
                entry(patient, "\"method\":\"POST\",\"url\":\"Patient\",\"ifNoneExist\":\"Patient?_id:missing=false\""),
                entry(patient, "\"method\":\"POST\",\"url\":\"Patient\",\"ifNoneExist\":\"Patient?name=a%00b\""),
                entry(patient, "\"method\":\"POST\",\"url\":\"Patient\",\"ifNoneExist\":\"Patient?name:banana=x\""),
                entry(patient, "\"method\":\"POST\",\"url\":\"Patient\",\"ifNoneExist\":\"Patient?_count=abc\""),
                entry(
                        "{\"resourceType\":\"Patient\",\"id\":\"someone-else\"}",
                        "\"method\":\"PUT\",\"url\":\"Patient/corpus-put-" + java.util.UUID.randomUUID() + "\""),
                entry(
                        "{\"resourceType\":\"Patient\",\"language\":\"a\\u0000b\"}",
                        "\"method\":\"POST\",\"url\":\"Patient\""),
                entry(
                        "{\"resourceType\":\"Patient\",\"language\":\"a\\ud800b\"}",
                        "\"method\":\"POST\",\"url\":\"Patient\""),
                entry("{\"resourceType\":\"Patient\",\"banana\":1}", "\"method\":\"POST\",\"url\":\"Patient\""),
                entry(
                        "{\"resourceType\":\"Patient\",\"birthDate\":\"1970-01-01T10:00:00Z\"}",
                        "\"method\":\"POST\",\"url\":\"Patient\""),
                entry("{\"resourceType\":\"Patient\",\"name\":\"Smith\"}", "\"method\":\"POST\",\"url\":\"Patient\""),
                entry(patient, "\"method\":\"PUT\",\"url\":\"Patient\""),
                entry(patient, "\"method\":\"PUT\",\"url\":\"Patient?name:banana=x\""),
                entry(patient, "\"method\":\"BANANA\",\"url\":\"Patient\""),
                entry(patient, "\"method\":\"POST\",\"url\":\"Banana\""),
                entry(
                        "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"},"
                                + "\"subject\":{\"reference\":\"urn:uuid:9f1c0a4e-0000-4000-8000-000000000000\"}}",
                        "\"method\":\"POST\",\"url\":\"Observation\""),
                entry("{\"resourceType\":\"Task\",\"intent\":\"order\"}", "\"method\":\"POST\",\"url\":\"Task\""),
                entry(
                        "{\"resourceType\":\"Task\",\"id\":\"" + completedTask
                                + "\",\"status\":\"in-progress\",\"intent\":\"order\"}",
                        "\"method\":\"PUT\",\"url\":\"Task/" + completedTask + "\""),
                entry(
                        "{\"resourceType\":\"Task\",\"id\":\"" + completedTask + "\",\"intent\":\"order\"}",
                        "\"method\":\"PUT\",\"url\":\"Task/" + completedTask + "\""));
        for (String bad : entries) {
            // Each bad entry after a good one: the good one must not be stored either.
            String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
                    + entry(patient, "\"method\":\"POST\",\"url\":\"Patient\"") + "," + bad + "]}";
            cases.add(Case.post("", bundle, "Patient", "Observation", "Task"));
        }
        cases.add(Case.post("", "{\"resourceType\":\"Bundle\",\"type\":\"collection\"}", "Patient"));
        cases.add(Case.post(
                "",
                "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":" + patient + "}]}",
                "Patient"));
        cases.add(Case.post(
                "",
                "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
                        + "{\"fullUrl\":\"urn:uuid:1\",\"resource\":" + patient
                        + ",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}},"
                        + "{\"fullUrl\":\"urn:uuid:1\",\"resource\":" + patient
                        + ",\"request\":{\"method\":\"POST\",\"url\":\"Patient\"}}]}",
                "Patient"));
        cases.add(Case.post("", "{\"resourceType\":\"Patient\"}", "Patient"));
        cases.add(Case.post("", "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":{}}", "Patient"));
    }

    private static String entry(String resource, String request) {
        return "{\"resource\":" + resource + ",\"request\":{" + request + "}}";
    }

    /** What the servlet container answers itself, and Spring's error page. */
    private static void container(List<Case> cases) {
        cases.add(Case.get("Patient?name=" + "a".repeat(20_000)));
        cases.add(Case.get("Patient").header("X-Padding", "a".repeat(20_000)));
        cases.add(Case.get("/error"));
        cases.add(Case.get("/fhir/Patient/%2e%2e%2f%2e%2e%2f"));
        cases.add(Case.get("/fhir/Patient%00"));
    }
}
