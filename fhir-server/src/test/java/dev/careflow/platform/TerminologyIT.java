package dev.careflow.platform;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.careflow.CareflowIT;
import org.junit.jupiter.api.Test;

/** Careflow's own code systems, installed at start-up, answer the terminology operations. */
class TerminologyIT extends CareflowIT {

    private static final String CARE_TASK = "https://careflow.dev/fhir/CodeSystem/care-task";

    @Test
    void careTaskValueSet_expandsToTheTaskCodes() {
        fhir().get("/ValueSet/$expand?url=https://careflow.dev/fhir/ValueSet/care-task")
                .then()
                .statusCode(200)
                .body(
                        "expansion.contains.code",
                        hasItems(
                                "tcm-interactive-contact",
                                "tcm-face-to-face-visit",
                                "medication-reconciliation",
                                "follow-up-call",
                                "admission-notice",
                                "readmission-review"));
    }

    @Test
    void lookup_givesTheDisplayOfACareTaskCode() {
        fhir().get("/CodeSystem/$lookup?system=" + CARE_TASK + "&code=tcm-interactive-contact")
                .then()
                .statusCode(200)
                .body("parameter.find { it.name == 'name' }.valueString", org.hamcrest.Matchers.notNullValue())
                .body(
                        "parameter.find { it.name == 'display' }.valueString",
                        org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()));
    }

    @Test
    void validateCode_acceptsKnownAndRefusesUnknownCodes() {
        fhir().get("/CodeSystem/$validate-code?url=" + CARE_TASK + "&code=follow-up-call")
                .then()
                .statusCode(200)
                .body("parameter.find { it.name == 'result' }.valueBoolean", equalTo(true));
        fhir().get("/CodeSystem/$validate-code?url=" + CARE_TASK + "&code=not-a-task")
                .then()
                .statusCode(200)
                .body("parameter.find { it.name == 'result' }.valueBoolean", equalTo(false));
        fhir().get("/ValueSet/$validate-code?url=https://careflow.dev/fhir/ValueSet/care-programme"
                        + "&system=https://careflow.dev/fhir/CodeSystem/care-programme&code=tcm")
                .then()
                .statusCode(200)
                .body("parameter.find { it.name == 'result' }.valueBoolean", equalTo(true));
    }

    @Test
    void sdohDomains_areSearchableAsACodeSystem() {
        fhir().get("/CodeSystem?url=https://careflow.dev/fhir/CodeSystem/sdoh-domain")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body(
                        "entry[0].resource.concept.code",
                        hasItems("food-insecurity", "housing-instability", "transportation-insecurity"));
    }

    @Test
    void translate_mapsAnSdohDomainToTheGravityCategory() {
        fhir().get("/ConceptMap/$translate?url=https://careflow.dev/fhir/ConceptMap/sdoh-domain-to-gravity"
                        + "&system=https://careflow.dev/fhir/CodeSystem/sdoh-domain&code=food-insecurity")
                .then()
                .statusCode(200)
                .body("parameter.find { it.name == 'result' }.valueBoolean", equalTo(true))
                .body(
                        "parameter.find { it.name == 'match' }.part.find { it.name == 'concept' }.valueCoding.code",
                        equalTo("food-insecurity"));
    }
}
