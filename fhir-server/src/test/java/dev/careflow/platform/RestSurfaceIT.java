package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.careflow.CareflowIT;
import io.restassured.response.Response;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** The REST interactions a FHIR client expects, over real HTTP. */
class RestSurfaceIT extends CareflowIT {

    @Test
    void patientCrud_createReadVersionedReadUpdateHistoryDelete() {
        String identifier = unique();
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(TEST_SYSTEM).setValue(identifier);
        patient.addName().setFamily("Okafor").addGiven("Ada");

        Response created = fhir().body(json(patient)).post("/Patient");
        created.then()
                .statusCode(201)
                .header("Location", containsString("/Patient/"))
                .header("ETag", equalTo("W/\"1\""));
        String id = parse(Patient.class, created.asString()).getIdElement().getIdPart();

        fhir().get("/Patient/" + id).then().statusCode(200).body("name[0].family", equalTo("Okafor"));

        patient.setId(id);
        patient.getNameFirstRep().setFamily("Okafor-Bello");
        fhir().body(json(patient)).put("/Patient/" + id).then().statusCode(200).header("ETag", equalTo("W/\"2\""));

        fhir().get("/Patient/" + id + "/_history/1").then().statusCode(200).body("name[0].family", equalTo("Okafor"));
        fhir().get("/Patient/" + id + "/_history/2")
                .then()
                .statusCode(200)
                .body("name[0].family", equalTo("Okafor-Bello"));
        Bundle history = parse(
                Bundle.class,
                fhir().get("/Patient/" + id + "/_history")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        assertThat(history.getType()).isEqualTo(Bundle.BundleType.HISTORY);
        assertThat(history.getEntry()).hasSize(2);

        fhir().delete("/Patient/" + id).then().statusCode(200);
        fhir().get("/Patient/" + id).then().statusCode(410);
    }

    @Test
    void conditionalCreate_withExistingMatch_returnsTheExistingResource() {
        String identifier = unique();
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(TEST_SYSTEM).setValue(identifier);
        String ifNoneExist = "identifier=" + TEST_SYSTEM + "|" + identifier;

        String first = fhir().header("If-None-Exist", ifNoneExist)
                .body(json(patient))
                .post("/Patient")
                .then()
                .statusCode(201)
                .extract()
                .header("Location");
        String second = fhir().header("If-None-Exist", ifNoneExist)
                .body(json(patient))
                .post("/Patient")
                .then()
                .statusCode(200)
                .extract()
                .header("Location");

        assertThat(second).isEqualTo(first);
        fhir().get("/Patient?identifier=" + TEST_SYSTEM + "|" + identifier)
                .then()
                .statusCode(200)
                .body("total", equalTo(1));
    }

    @Test
    void conditionalUpdateAndDelete_matchOnIdentifier() {
        String identifier = unique();
        String match = "identifier=" + TEST_SYSTEM + "|" + identifier;
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(TEST_SYSTEM).setValue(identifier);
        patient.addName().setFamily("Nakamura");

        fhir().body(json(patient)).put("/Patient?" + match).then().statusCode(201);
        patient.getNameFirstRep().setFamily("Nakamura-Smith");
        fhir().body(json(patient)).put("/Patient?" + match).then().statusCode(200);
        fhir().get("/Patient?" + match)
                .then()
                .body("total", equalTo(1))
                .body("entry[0].resource.name[0].family", equalTo("Nakamura-Smith"));

        fhir().delete("/Patient?" + match).then().statusCode(200);
        fhir().get("/Patient?" + match).then().body("total", equalTo(0));
    }

    @Test
    void updateWithStaleIfMatch_is412AndChangesNothing() {
        String id = createPatient("Stale").getIdPart();
        Patient current = parse(Patient.class, fhir().get("/Patient/" + id).asString());
        current.getNameFirstRep().setFamily("Fresh");
        fhir().header("If-Match", "W/\"1\"")
                .body(json(current))
                .put("/Patient/" + id)
                .then()
                .statusCode(200);

        current.getNameFirstRep().setFamily("Overwritten");
        Response stale =
                fhir().header("If-Match", "W/\"1\"").body(json(current)).put("/Patient/" + id);

        stale.then().statusCode(412).contentType(startsWith(FHIR_JSON));
        assertThat(parse(OperationOutcome.class, stale.asString())
                        .getIssueFirstRep()
                        .getSeverity())
                .isEqualTo(OperationOutcome.IssueSeverity.ERROR);
        fhir().get("/Patient/" + id).then().header("ETag", equalTo("W/\"2\"")).body("name[0].family", equalTo("Fresh"));
    }

    @Test
    void jsonPatch_changesOneElement() {
        String id = createPatient("Patchwork").getIdPart();
        fhir().contentType("application/json-patch+json")
                .body("[{\"op\":\"replace\",\"path\":\"/gender\",\"value\":\"male\"}]")
                .patch("/Patient/" + id)
                .then()
                .statusCode(200);
        fhir().get("/Patient/" + id)
                .then()
                .body("gender", equalTo("male"))
                .body("name[0].family", equalTo("Patchwork"));
    }

    @Test
    void fhirPathPatch_addsAnElement() {
        String id = createPatient("PathPatch").getIdPart();
        String patch =
                """
                {"resourceType":"Parameters","parameter":[{"name":"operation","part":[
                  {"name":"type","valueCode":"add"},
                  {"name":"path","valueString":"Patient"},
                  {"name":"name","valueString":"birthDate"},
                  {"name":"value","valueDate":"1950-03-04"}]}]}""";
        fhir().body(patch).patch("/Patient/" + id).then().statusCode(200);
        fhir().get("/Patient/" + id).then().body("birthDate", equalTo("1950-03-04"));
    }

    @Test
    void metaOperations_addAndReadTags() {
        String id = createPatient("Tagged").getIdPart();
        String meta =
                """
                {"resourceType":"Parameters","parameter":[{"name":"meta","valueMeta":{"tag":[
                  {"system":"https://careflow.dev/fhir/test-tag","code":"high-risk"}]}}]}""";
        fhir().body(meta).post("/Patient/" + id + "/$meta-add").then().statusCode(200);
        fhir().get("/Patient/" + id + "/$meta")
                .then()
                .statusCode(200)
                .body("parameter[0].valueMeta.tag.code", org.hamcrest.Matchers.hasItem("high-risk"));
    }

    @Test
    void validateOperation_reportsErrorsInsideA200() {
        // pat-1: a contact needs details or an organization.
        String invalid = "{\"resourceType\":\"Patient\",\"contact\":[{\"gender\":\"male\"}]}";
        Response response = fhir().body(invalid).post("/Patient/$validate");

        response.then().statusCode(200).body("resourceType", equalTo("OperationOutcome"));
        assertThat(parse(OperationOutcome.class, response.asString()).getIssue())
                .anySatisfy(issue -> {
                    assertThat(issue.getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
                    assertThat(issue.getDiagnostics()).contains("pat-1");
                });

        String valid = "{\"resourceType\":\"Patient\",\"gender\":\"female\"}";
        Response ok = fhir().body(valid).post("/Patient/$validate");
        ok.then().statusCode(200);
        assertThat(parse(OperationOutcome.class, ok.asString()).getIssue())
                .noneMatch(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR);
    }

    @Test
    void malformedJson_is400WithOperationOutcome() {
        Response response =
                fhir().body("{\"resourceType\":\"Patient\", \"name\": [").post("/Patient");
        response.then().statusCode(400).body("resourceType", equalTo("OperationOutcome"));
        assertThat(parse(OperationOutcome.class, response.asString())
                        .getIssueFirstRep()
                        .getDiagnostics())
                .isNotBlank();
    }

    @Test
    void unknownResourceType_is404WithOperationOutcome() {
        fhir().get("/CareWidget/123")
                .then()
                .statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"))
                .body("issue[0].diagnostics", containsString("CareWidget"));
    }

    @Test
    void readOfMissingResource_is404() {
        fhir().get("/Patient/does-not-exist-" + unique().substring(0, 8))
                .then()
                .statusCode(404)
                .body("resourceType", equalTo("OperationOutcome"));
    }

    @Test
    void responsesAreFhirJsonByDefault() {
        fhir().accept("*/*")
                .get("/Patient?_count=1")
                .then()
                .statusCode(200)
                .contentType(startsWith(FHIR_JSON))
                .body("resourceType", equalTo("Bundle"))
                .body("type", not(equalTo("history")));
    }
}
