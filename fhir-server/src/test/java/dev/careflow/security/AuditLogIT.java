package dev.careflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The audit log (careflow.audit.store=log): concurrent requests share commits, yet each request's audit is stored
 * before its answer; AuditEvent search and read are served from the log, with the SMART rules, refusing what it
 * cannot answer with 400.
 */
class AuditLogIT extends EmbeddedSecurityIT {

    private JsonPath events(String token, String query) {
        return fhir(token)
                .get("/AuditEvent?" + query)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** Follows a link of a Bundle as written: its parameters are already escaped (no second encoding). */
    private JsonPath follow(String token, String link) {
        return fhir(token)
                .urlEncodingEnabled(false)
                .get(link)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static String link(JsonPath bundle, String relation) {
        return bundle.getString("link.find { it.relation == '" + relation + "' }.url");
    }

    @Test
    void concurrentReads_eachFindItsAuditTheMomentItIsAnswered() throws Exception {
        String feed = feedToken();
        List<String> patients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            patients.add(create(feed, "Patient", "{\"resourceType\":\"Patient\"}"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<Object>>> found = new ArrayList<>();
            for (String patient : patients) {
                found.add(pool.submit(() -> {
                    fhir(feed).get("/Patient/" + patient).then().statusCode(200);
                    // No wait: the answer went out after the audit's commit.
                    return events(feed, "entity=Patient/" + patient + "&subtype=read")
                            .getList("entry");
                }));
            }
            for (Future<List<Object>> entries : found) {
                assertThat(entries.get()).as("the read's AuditEvent").hasSize(1);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void aSearchByPatient_returnsOnlyThatPatientsEvents_andAPatientTokenOnlyItsOwn() {
        String feed = feedToken();
        String first = create(feed, "Patient", "{\"resourceType\":\"Patient\"}");
        String second = create(feed, "Patient", "{\"resourceType\":\"Patient\"}");
        fhir(feed).get("/Patient/" + first).then().statusCode(200);
        fhir(feed).get("/Patient/" + second).then().statusCode(200);

        List<String> named = events(feed, "patient=Patient/" + first + "&_count=100")
                .getList("entry.resource.entity.what.reference.flatten()", String.class);
        assertThat(named).contains("Patient/" + first).doesNotContain("Patient/" + second);

        String patientToken = signIn("pat", "demo", "openid fhirUser launch/patient patient/*.rs")
                .getString("access_token");
        fhir(patientToken).get("/Patient/" + PATIENT).then().statusCode(200);
        JsonPath own = events(patientToken, "_count=100");
        assertThat(own.getList("entry")).isNotEmpty();
        for (Object event : own.getList("entry.resource")) {
            assertThat(event.toString())
                    .as("every event names the token's patient")
                    .contains("Patient/" + PATIENT);
        }
        fhir(patientToken).get("/AuditEvent?patient=Patient/" + first).then().statusCode(403);
    }

    @Test
    void readById_pages_counts_andRefusals() {
        String feed = feedToken();
        String patient = create(feed, "Patient", "{\"resourceType\":\"Patient\"}");
        for (int i = 0; i < 3; i++) {
            fhir(feed).get("/Patient/" + patient).then().statusCode(200);
        }
        JsonPath page = events(feed, "entity=Patient/" + patient + "&subtype=read&_count=2");
        assertThat(page.getList("entry")).hasSize(2);
        String next = link(page, "next");
        assertThat(next).as("a next page").isNotNull();
        assertThat(follow(feed, next).getList("entry")).hasSize(1);
        assertThat(events(feed, "entity=Patient/" + patient + "&subtype=read&_summary=count")
                        .getInt("total"))
                .isEqualTo(3);

        String id = page.getString("entry[0].resource.id");
        assertThat(fhir(feed)
                        .get("/AuditEvent/" + id)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getString("id"))
                .isEqualTo(id);
        fhir(feed).get("/AuditEvent/not-a-uuid").then().statusCode(404);
        fhir(feed).get("/AuditEvent?date=yesterday").then().statusCode(400);
        fhir(feed).get("/AuditEvent?site=x").then().statusCode(400);
        fhir(feed).get("/AuditEvent?_sort=outcome").then().statusCode(400);
        int refused = fhir(feed)
                .body("{\"resourceType\":\"AuditEvent\"}")
                .post("/AuditEvent")
                .then()
                .extract()
                .statusCode();
        assertThat(refused).as("the log is append-only for the server alone").isBetween(400, 499);
    }

    @Test
    void nextLinks_walkEveryEventOnce_withPreviousLinks_andNoNextOnTheLastPage() {
        String feed = feedToken();
        String patient = create(feed, "Patient", "{\"resourceType\":\"Patient\"}");
        for (int i = 0; i < 5; i++) {
            fhir(feed).get("/Patient/" + patient).then().statusCode(200);
        }
        String query = "entity=Patient/" + patient + "&subtype=read";
        JsonPath whole = events(feed, query + "&_count=100");
        List<String> all = whole.getList("entry.resource.id", String.class);
        assertThat(all).hasSize(5).doesNotHaveDuplicates();
        assertThat(whole.getInt("total")).isEqualTo(5);

        JsonPath page = events(feed, query + "&_count=2");
        assertThat(link(page, "previous")).as("no page before the first").isNull();
        List<String> seen = new ArrayList<>(page.getList("entry.resource.id", String.class));
        List<Integer> sizes = new ArrayList<>(List.of(seen.size()));
        for (String next = link(page, "next"); next != null; next = link(page, "next")) {
            assertThat(sizes).as("pages followed").hasSizeLessThan(5);
            assertThat(next).contains("_offset=" + seen.size()).contains("_count=2");
            page = follow(feed, next);
            assertThat(link(page, "previous"))
                    .as("a page before page " + (sizes.size() + 1))
                    .isNotNull();
            List<String> ids = page.getList("entry.resource.id", String.class);
            sizes.add(ids.size());
            seen.addAll(ids);
        }
        assertThat(sizes).containsExactly(2, 2, 1);
        assertThat(seen).as("every event once, in order").containsExactlyElementsOf(all);
        assertThat(page.getInt("total")).as("the total on the last page").isEqualTo(5);
        List<String> back = follow(feed, link(page, "previous")).getList("entry.resource.id", String.class);
        assertThat(back).containsExactlyElementsOf(all.subList(2, 4));
    }
}
