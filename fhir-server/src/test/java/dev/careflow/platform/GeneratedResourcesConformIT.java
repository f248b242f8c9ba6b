package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowIT;
import dev.careflow.Discharges;
import dev.careflow.Screenings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * Careflow's own writes conform to Careflow's profiles: a discharge notification (TCM plan and Tasks), a positive
 * PHQ-9 (derived concerns, safety work) and a persisted plan proposal (plan, Goals, requests, Tasks) are run, and
 * every CarePlan, Goal, Task and ServiceRequest they generated is {@code $validate}d against the Careflow profile of
 * its type. (The services' writes are not re-validated on every store — see {@code WriteOrigin} — so this test is what
 * holds them to the profiles.)
 */
class GeneratedResourcesConformIT extends CareflowIT {

    private static final String PROFILES = "https://careflow.dev/fhir/StructureDefinition/";
    private static final Map<String, String> PROFILE_OF_TYPE = Map.of(
            "CarePlan", PROFILES + "careflow-careplan",
            "Goal", PROFILES + "careflow-goal",
            "Task", PROFILES + "careflow-task",
            "ServiceRequest", PROFILES + "careflow-servicerequest");

    @Test
    void everyResourceTheFeaturesGenerate_validatesAgainstItsCareflowProfile() {
        String mrn = unique();
        fhir().body(json(Discharges.of(fhirContext, mrn, "2026-11-20T08:00:00Z", "2026-11-24T10:00:00Z")))
                .post("/$process-message")
                .then()
                .statusCode(200);
        IdType patient = client.search()
                .forResource(Patient.class)
                .where(Patient.IDENTIFIER.exactly().systemAndIdentifier(TEST_SYSTEM, mrn))
                .returnBundle(Bundle.class)
                .execute()
                .getEntryFirstRep()
                .getResource()
                .getIdElement()
                .toUnqualifiedVersionless();
        new Screenings(client)
                .store(new Screenings(client).phq9(patient, new int[] {2, 2, 2, 2, 1, 1, 1, 1, 1}, "2026-11-25"));
        fhir().body("{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"persist\",\"valueBoolean\":true}]}")
                .post("/Patient/" + patient.getIdPart() + "/$propose-care-plan")
                .then()
                .statusCode(200);

        List<String> checked = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Map.Entry<String, String> type : PROFILE_OF_TYPE.entrySet()) {
            String search = "/" + type.getKey() + "?" + ("Goal".equals(type.getKey()) ? "subject" : "patient") + "="
                    + patient.getValue() + "&_count=100";
            Bundle found = parse(
                    Bundle.class,
                    fhir().get(search).then().statusCode(200).extract().asString());
            for (Bundle.BundleEntryComponent entry : found.getEntry()) {
                Resource resource = entry.getResource();
                checked.add(resource.getIdElement().toUnqualifiedVersionless().getValue());
                OperationOutcome outcome = parse(
                        OperationOutcome.class,
                        fhir().body(json(resource))
                                .queryParam("profile", type.getValue())
                                .post("/" + type.getKey() + "/$validate")
                                .then()
                                .extract()
                                .asString());
                outcome.getIssue().stream()
                        .filter(i -> i.getSeverity() == OperationOutcome.IssueSeverity.ERROR
                                || i.getSeverity() == OperationOutcome.IssueSeverity.FATAL)
                        .forEach(i -> errors.add(resource.getIdElement()
                                        .toUnqualifiedVersionless()
                                        .getValue() + " " + i.getDiagnostics() + " @ " + i.getExpression()));
            }
        }

        assertThat(checked)
                .as("resources generated")
                .anyMatch(id -> id.startsWith("Task/"))
                .anyMatch(id -> id.startsWith("CarePlan/"))
                .anyMatch(id -> id.startsWith("Goal/"));
        assertThat(errors).as("validation errors against Careflow's profiles").isEmpty();
    }
}
