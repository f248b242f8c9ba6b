package dev.careflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every request made with a token leaves an AuditEvent, found by entity, patient, agent, date, subtype, outcome. */
class AuditTrailIT extends EmbeddedSecurityIT {

    private JsonPath events(String token, String query) {
        return fhir(token)
                .get("/AuditEvent?" + query + "&_count=200")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void whoReadAndChangedThisTask_isAnsweredByAnEntitySearch() {
        String staff = signIn("nurse", "demo", "openid fhirUser user/*.cruds").getString("access_token");
        String feed = feedToken();
        String task = create(
                feed,
                "Task",
                "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\","
                        + "\"for\":{\"reference\":\"Patient/" + PATIENT + "\"}}");
        for (int i = 0; i < 5; i++) {
            fhir(staff).get("/Task/" + task).then().statusCode(200);
        }
        String body = fhir(staff).get("/Task/" + task).then().extract().asString();
        fhir(staff)
                .body(body.replace("\"requested\"", "\"accepted\""))
                .put("/Task/" + task)
                .then()
                .statusCode(200);

        JsonPath found = events(feed, "entity=Task/" + task);
        List<String> subtypes = found.getList("entry.resource.collect { it.subtype[0].code }", String.class);
        assertThat(subtypes.stream().filter("read"::equals).count())
                .as("every read")
                .isGreaterThanOrEqualTo(6);
        assertThat(subtypes).contains("create", "update");
        assertThat(events(feed, "entity=Task/" + task + "&agent=Practitioner/nurse&subtype=update")
                        .getList("entry"))
                .hasSize(1);
        assertThat(events(
                                feed,
                                "entity=Task/" + task + "&date=ge"
                                        + LocalDate.now().minusDays(1))
                        .getList("entry"))
                .isNotEmpty();
    }

    @Test
    void aRefusedRead_namesThePatientAndTheResourceRefused() {
        String feed = feedToken();
        String other = create(feed, "Patient", "{\"resourceType\":\"Patient\"}");
        String observation = create(
                feed,
                "Observation",
                "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"weight\"},"
                        + "\"subject\":{\"reference\":\"Patient/" + other + "\"}}");
        String patientToken = signIn("pat", "demo", "openid fhirUser launch/patient patient/*.rs")
                .getString("access_token");

        fhir(patientToken).get("/Observation/" + observation).then().statusCode(403);

        JsonPath refused = events(feed, "patient=Patient/" + other + "&outcome=4");
        assertThat(refused.getList("entry")).isNotEmpty();
        assertThat(refused.getList("entry.resource.entity.what.reference").toString())
                .contains("Observation/" + observation);
        assertThat(refused.getList("entry.resource.agent.who.reference").toString())
                .contains("Patient/" + PATIENT);
    }

    @Test
    void anOperation_namesThePatientsItReturned() {
        String staff = signIn("nurse", "demo", "openid fhirUser user/*.cruds").getString("access_token");
        String feed = feedToken();
        String patient = create(feed, "Patient", "{\"resourceType\":\"Patient\"}");

        fhir(staff).get("/Patient/" + patient + "/$everything").then().statusCode(200);

        assertThat(events(feed, "patient=Patient/" + patient + "&subtype=operation")
                        .getList("entry"))
                .isNotEmpty();
    }
}
