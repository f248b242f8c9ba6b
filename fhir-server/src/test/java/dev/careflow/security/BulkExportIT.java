package dev.careflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * FHIR Bulk Data export, HAPI's, as a backend service uses it: kick-off (202 and a status URL under the server's base),
 * bounded polling (202 with {@code X-Progress}, then the manifest), the ndjson files; only backend services' tokens,
 * only for the types their scopes cover; a Group's export carries its members' resources and nothing else.
 */
class BulkExportIT extends EmbeddedSecurityIT {

    private static final String CODES = "https://careflow.dev/fhir/test-bulk-export";
    private static final long WAIT_MILLIS = 240_000;

    /** Starts an export; returns its status URL. */
    private String kickOff(String token, String path) {
        Response started = fhir(token)
                .urlEncodingEnabled(false)
                .header("Prefer", "respond-async")
                .get(path);
        assertThat(started.statusCode()).as(started.asString()).isEqualTo(202);
        String status = started.header("Content-Location");
        assertThat(status).startsWith(base() + "/fhir/$export-poll-status?_jobId=");
        return status;
    }

    private static Response get(String token, String url) {
        return RestAssured.given()
                .urlEncodingEnabled(false)
                .auth()
                .oauth2(token)
                .get(url);
    }

    /** Polls the status URL (bounded) until the manifest comes. */
    private static JsonPath manifest(String token, String status) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (true) {
            Response poll = get(token, status);
            if (poll.statusCode() == 200) {
                return poll.jsonPath();
            }
            assertThat(poll.statusCode()).as(poll.asString()).isEqualTo(202);
            assertThat(poll.header("X-Progress")).isNotBlank();
            if (System.currentTimeMillis() > deadline) {
                fail("The export did not finish within " + WAIT_MILLIS / 1000 + " s: " + poll.header("X-Progress"));
            }
            Thread.sleep(500);
        }
    }

    /** Every line of every file of the manifest, by resource type. */
    private static Map<String, List<String>> lines(String token, JsonPath manifest) {
        Map<String, List<String>> byType = new java.util.TreeMap<>();
        for (Map<String, String> output : manifest.<Map<String, String>>getList("output")) {
            Response file = get(token, output.get("url"));
            assertThat(file.statusCode()).as(output.get("url")).isEqualTo(200);
            byType.computeIfAbsent(output.get("type"), t -> new ArrayList<>())
                    .addAll(file.asString().lines().filter(l -> !l.isBlank()).toList());
        }
        return byType;
    }

    private String patientWithObservation(String feed, String code) {
        String patient = create(feed, "Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Bulk\"}]}");
        create(feed, "Observation", observation(patient, code));
        return patient;
    }

    private static String observation(String patient, String code) {
        return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"" + CODES
                + "\",\"code\":\"" + code + "\"}]},\"subject\":{\"reference\":\"Patient/" + patient + "\"}}";
    }

    @Test
    void groupExport_carriesItsMembersResourcesAndNothingElse() throws InterruptedException {
        String feed = feedToken();
        String code = "g-" + unique();
        String first = patientWithObservation(feed, code);
        String second = patientWithObservation(feed, code);
        String outsider = patientWithObservation(feed, code);
        String group = create(
                feed,
                "Group",
                "{\"resourceType\":\"Group\",\"type\":\"person\",\"actual\":true,\"member\":["
                        + "{\"entity\":{\"reference\":\"Patient/" + first + "\"}},"
                        + "{\"entity\":{\"reference\":\"Patient/" + second + "\"}}]}");

        String status = kickOff(feed, "/Group/" + group + "/$export?_type=Patient,Observation");
        JsonPath manifest = manifest(feed, status);

        assertThat(manifest.getBoolean("requiresAccessToken")).isTrue();
        assertThat(manifest.getString("transactionTime")).isNotBlank();
        assertThat(manifest.getList("output.url", String.class))
                .allMatch(url -> url.startsWith(base() + "/fhir/Binary/"));
        Map<String, List<String>> lines = lines(feed, manifest);
        assertThat(lines.keySet()).containsExactly("Observation", "Patient");
        assertThat(lines.get("Patient")).hasSize(2);
        assertThat(lines.get("Observation")).hasSize(2);
        String all = String.join("\n", lines.get("Patient")) + String.join("\n", lines.get("Observation"));
        assertThat(all).contains("\"" + first + "\"", "Patient/" + second).doesNotContain(outsider);
        assertThat(lines.get("Observation")).allMatch(line -> line.startsWith("{\"resourceType\":\"Observation\""));

        // The export is audited, naming the Group.
        assertThat(fhir(feed)
                        .get("/AuditEvent?entity=Group/" + group + "&subtype=operation")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("entry"))
                .isNotEmpty();
        // The files are a backend service's: a person's token with every user scope reads none, nor polls.
        String staff = signIn("nurse", "demo", "openid fhirUser user/*.cruds").getString("access_token");
        for (String url : manifest.getList("output.url", String.class)) {
            assertThat(get(staff, url).statusCode()).isEqualTo(403);
        }
        assertThat(get(staff, status).statusCode()).isEqualTo(403);
    }

    @Test
    void systemExport_takesTypeSinceTypeFilterAndOutputFormat() throws InterruptedException {
        String feed = feedToken();
        String code = "s-" + unique();
        String since = Instant.now().minusSeconds(60).toString();
        patientWithObservation(feed, code);
        patientWithObservation(feed, code);
        patientWithObservation(feed, "other-" + code);

        String status = kickOff(
                feed,
                "/$export?_type=Observation&_outputFormat=application/fhir%2Bndjson&_since=" + since
                        + "&_typeFilter=Observation%3Fcode%3D" + CODES + "%7C" + code);
        Map<String, List<String>> lines = lines(feed, manifest(feed, status));

        assertThat(lines.keySet()).containsExactly("Observation");
        assertThat(lines.get("Observation")).hasSize(2).allMatch(line -> line.contains("\"" + code + "\""));
    }

    @Test
    void aNarrowBackendService_exportsAndReadsOnlyItsTypes_andPeopleNothing() throws InterruptedException {
        String feed = feedToken();
        String family = "Narrow" + unique().substring(0, 8);
        String patient =
                create(feed, "Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}");
        create(feed, "Observation", observation(patient, "n-" + unique()));
        String reader = clientCredentials("reader", "reader-secret", "system/Patient.rs")
                .getString("access_token");

        fhir(reader)
                .header("Prefer", "respond-async")
                .get("/$export?_type=Observation")
                .then()
                .statusCode(403);
        fhir(reader).header("Prefer", "respond-async").get("/$export").then().statusCode(403);
        String status = kickOff(reader, "/Patient/$export?_type=Patient&_typeFilter=Patient%3Ffamily%3D" + family);
        Map<String, List<String>> lines = lines(reader, manifest(reader, status));
        assertThat(lines.get("Patient")).singleElement().asString().contains("\"" + patient + "\"");

        String staff = signIn("nurse", "demo", "openid fhirUser user/*.cruds").getString("access_token");
        String own = signIn("pat", "demo", "openid fhirUser launch/patient patient/*.rs")
                .getString("access_token");
        for (String token : List.of(staff, own)) {
            for (String path : List.of("/$export", "/Patient/$export", "/Patient/" + PATIENT + "/$export")) {
                fhir(token).header("Prefer", "respond-async").get(path).then().statusCode(403);
            }
        }
    }

    @Test
    void aDelete_cancelsAnExport() {
        String feed = feedToken();
        String status = kickOff(feed, "/$export?_type=Patient");

        Response cancelled = RestAssured.given()
                .urlEncodingEnabled(false)
                .auth()
                .oauth2(feed)
                .delete(status);

        assertThat(cancelled.statusCode()).as(cancelled.asString()).isEqualTo(202);
        assertThat(cancelled.asString()).containsIgnoringCase("cancel");
    }
}
