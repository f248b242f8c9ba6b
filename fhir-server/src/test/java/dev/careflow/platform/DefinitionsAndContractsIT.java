package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowIT;
import io.restassured.response.Response;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Practitioner;
import org.junit.jupiter.api.Test;

/**
 * Careflow's package resources are stored at their own ids and found by canonical URL, the CapabilityStatement points at
 * them, and Careflow's operations are held to their OperationDefinitions (undeclared and missing parameters named).
 */
class DefinitionsAndContractsIT extends CareflowIT {

    private static final String WORKLIST = "https://careflow.dev/fhir/OperationDefinition/worklist";

    @Test
    void packageResources_areReadableAtTheirOwnIds() {
        fhir().get("/OperationDefinition/worklist").then().statusCode(200);
        Bundle byId = client.search()
                .byUrl("OperationDefinition?_id=worklist")
                .returnBundle(Bundle.class)
                .execute();
        assertThat(byId.getEntry()).hasSize(1);
        fhir().get("/CodeSystem/care-task").then().statusCode(200);
        fhir().get("/StructureDefinition/careflow-goal").then().statusCode(200);
        fhir().get("/ValueSet/notification-event").then().statusCode(200);
    }

    @Test
    void operationDefinitions_areFoundByCanonicalUrl_andListedInTheCapabilityStatement() {
        Bundle found = client.search()
                .byUrl("OperationDefinition?url=" + WORKLIST)
                .returnBundle(Bundle.class)
                .execute();
        assertThat(found.getEntry()).hasSize(1);
        OperationDefinition worklist =
                (OperationDefinition) found.getEntryFirstRep().getResource();
        assertThat(worklist.getIdElement().getIdPart()).isEqualTo("worklist");

        CapabilityStatement capabilities =
                client.capabilities().ofType(CapabilityStatement.class).execute();
        List<String> practitionerOperations = capabilities.getRestFirstRep().getResource().stream()
                .filter(r -> "Practitioner".equals(r.getType()))
                .flatMap(r -> r.getOperation().stream())
                .map(o -> o.getDefinition())
                .toList();
        assertThat(practitionerOperations).contains(WORKLIST);
    }

    @Test
    void undeclaredParameter_is400NamingIt() {
        String practitioner =
                client.create().resource(new Practitioner()).execute().getId().getIdPart();

        Response response = fhir().get("/Practitioner/" + practitioner + "/$worklist?anything=x");

        response.then().statusCode(400);
        assertDiagnostics(response, "'anything'");
        fhir().get("/Practitioner/" + practitioner + "/$worklist?priority=urgent")
                .then()
                .statusCode(200);
    }

    @Test
    void missingRequiredParameter_is400NamingIt() {
        Response message = fhir().body("{\"resourceType\":\"Parameters\"}").post("/$process-message");
        message.then().statusCode(400);
        assertDiagnostics(message, "'content'");

        Response populate = fhir().get("/Questionnaire/phq-9/$populate");
        populate.then().statusCode(400);
        assertDiagnostics(populate, "'subject'");
    }

    private static void assertDiagnostics(Response response, String text) {
        OperationOutcome outcome = OperationOutcomes.parse(response.asString());
        assertThat(outcome.getIssue())
                .anySatisfy(issue -> assertThat(issue.getDiagnostics()).contains(text));
    }
}
