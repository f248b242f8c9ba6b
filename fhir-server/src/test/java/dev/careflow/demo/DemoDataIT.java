package dev.careflow.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.security.EmbeddedSecurityIT;
import io.restassured.RestAssured;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The demo data, seeded on the shared test server (where it is off) by calling the seeder as start-up does: the demo
 * care manager signs in and finds a worklist with TCM work, the discharged patient's TCM deadlines, and a second seeding
 * (a restart, another node) adds nothing.
 */
class DemoDataIT extends EmbeddedSecurityIT {

    @Autowired
    DemoData demo;

    @Test
    void seededOnce_careManagerSeesTcmWorkAndDeadlines() {
        demo.seed();
        String system = systemToken();
        List<String> before = counts(system);

        assertThat(demo.seed()).as("a second seeding").isFalse();

        assertThat(counts(system)).as("nothing added by the second seeding").isEqualTo(before);
        assertThat(before.get(0)).as("the caseload").isEqualTo("5");
        assertThat(Integer.parseInt(before.get(5)))
                .as("the screens' Observations")
                .isPositive();
        String carla = signIn("carla", "demo", "openid fhirUser user/*.cruds").getString("access_token");
        Bundle worklist = parse(
                Bundle.class,
                fhir(carla)
                        .get("/Practitioner/demo-care-manager/$worklist")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        List<Task> tasks = worklist.getEntry().stream()
                .filter(e -> e.getSearch().getMode() == Bundle.SearchEntryMode.MATCH)
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(Task.class::isInstance)
                .map(Task.class::cast)
                .toList();
        assertThat(tasks).isNotEmpty();
        assertThat(tasks)
                .extracting(t -> t.getCode().getCodingFirstRep().getCode())
                .contains("tcm-interactive-contact", "tcm-face-to-face-visit");
        // The open referral (not a worklist item until its performer rejects it) and the proposed plan.
        fhir(system)
                .get("/Task?focus=ServiceRequest/demo-referral&status=requested&_summary=count")
                .then()
                .statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(1));
        fhir(system)
                .get("/CarePlan?patient=Patient/demo-screened&status=draft&_summary=count")
                .then()
                .statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(1));

        Parameters status = parse(
                Parameters.class,
                fhir(carla)
                        .get("/Patient/demo-discharged/$tcm-status")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        assertThat(status.getParameter()).hasSize(1);
        assertThat(status.getParameterFirstRep().getPart())
                .filteredOn(p -> p.getName().equals("deadline"))
                .isNotEmpty()
                .allSatisfy(
                        d -> assertThat(d.getPart()).anyMatch(p -> p.getName().equals("due")));
    }

    /** Patients, CareTeams, Tasks, QuestionnaireResponses, CarePlans and Observations of the demo, in that order. */
    private List<String> counts(String token) {
        return List.of(
                        "Patient?identifier=" + DemoResources.SYSTEM + "|",
                        "CareTeam?participant=" + DemoResources.CARE_MANAGER,
                        "Task?patient=Patient/demo-discharged,Patient/demo-patient,Patient/demo-screened",
                        "QuestionnaireResponse?patient=Patient/demo-screened",
                        "CarePlan?patient=Patient/demo-screened",
                        "Observation?patient=Patient/demo-screened",
                        "Condition?patient=Patient/demo-screened,Patient/demo-discharged")
                .stream()
                .map(query -> RestAssured.given()
                        .baseUri(baseUrl())
                        .auth()
                        .oauth2(token)
                        .get("/" + query + "&_summary=count")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getString("total"))
                .toList();
    }
}
