package dev.careflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * CCM requires that the patient has a copy of his plan of care: {@code CarePlan/[id]/$document} with a patient's token
 * answers for his own plans and refuses anyone else's exactly as it refuses an unknown plan (403, nothing disclosed);
 * staff tokens reach every plan by their CarePlan scopes, as every read of theirs does (a token without a CarePlan
 * scope is refused: {@code OperationGrantsTest}).
 */
class PlanDocumentAccessIT extends EmbeddedSecurityIT {

    private String plan(String feed, String patient) {
        return create(
                feed,
                "CarePlan",
                "{\"resourceType\":\"CarePlan\",\"status\":\"active\",\"intent\":\"plan\",\"title\":\"Plan of care\","
                        + "\"subject\":{\"reference\":\"Patient/" + patient + "\"}}");
    }

    @Test
    void aPatient_getsHisOwnPlanDocument_andNotAnothersNorAnUnknownOne() {
        String feed = feedToken();
        fhir(feed)
                .body("{\"resourceType\":\"Patient\",\"id\":\"" + PATIENT + "\"}")
                .put("/Patient/" + PATIENT)
                .then()
                .statusCode(Matchers.anyOf(Matchers.is(200), Matchers.is(201)));
        String other = create(feed, "Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Other\"}]}");
        String own = plan(feed, PATIENT);
        String theirs = plan(feed, other);
        // The test app is registered for patient/*.rs (a grant is what was asked for and registered, exactly).
        String patient = signIn("pat", "demo", "openid fhirUser launch/patient patient/*.rs")
                .getString("access_token");

        JsonPath document = fhir(patient)
                .get("/CarePlan/" + own + "/$document")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(document.getString("resourceType")).isEqualTo("Bundle");
        assertThat(document.getString("type")).isEqualTo("document");
        assertThat(document.getString("entry[0].resource.resourceType")).isEqualTo("Composition");

        String refusedTheirs = fhir(patient)
                .get("/CarePlan/" + theirs + "/$document")
                .then()
                .statusCode(403)
                .extract()
                .asString();
        String refusedUnknown = fhir(patient)
                .get("/CarePlan/no-such-plan-" + unique() + "/$document")
                .then()
                .statusCode(403)
                .extract()
                .asString();
        assertThat(refusedTheirs)
                .as("nothing of the other patient's plan is disclosed")
                .doesNotContain(other)
                .doesNotContain("Plan of care");
        assertThat(refusedUnknown).doesNotContain("Plan of care");
    }

    @Test
    void anotherCareManager_readsAnyPlanDocument_byHisCarePlanScope() {
        String feed = feedToken();
        String someone = create(feed, "Patient", "{\"resourceType\":\"Patient\"}");
        String plan = plan(feed, someone);

        String manager = signIn("carla", "demo", "openid fhirUser user/*.cruds").getString("access_token");
        fhir(manager).get("/CarePlan/" + plan + "/$document").then().statusCode(200);
    }
}
