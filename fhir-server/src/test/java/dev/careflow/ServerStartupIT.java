package dev.careflow;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.CapabilityStatement;
import org.junit.jupiter.api.Test;

class ServerStartupIT extends CareflowIT {

    @Test
    void metadata_listsResourcesAndCareflowProfiles() {
        String body = fhir().get("/metadata").then().statusCode(200).extract().asString();
        CapabilityStatement capabilities = parse(CapabilityStatement.class, body);
        assertThat(capabilities.getFhirVersion().toCode()).isEqualTo("4.0.1");
        assertThat(capabilities.getRestFirstRep().getResource())
                .extracting(r -> r.getType())
                .contains("Patient", "CarePlan", "Goal", "Task", "ServiceRequest", "Questionnaire",
                        "QuestionnaireResponse", "Encounter", "EpisodeOfCare", "RiskAssessment");
    }
}
