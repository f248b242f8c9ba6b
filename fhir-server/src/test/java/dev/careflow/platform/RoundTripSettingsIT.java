package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowIT;
import io.restassured.response.Response;
import java.util.Date;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * What a client sends comes back: versioned Provenance targets, Bundles of the types a record keeps, absolute
 * references to non-FHIR URLs.
 */
class RoundTripSettingsIT extends CareflowIT {

    @Test
    void provenanceTarget_keepsItsVersion() {
        IdType patient = createPatient("Versioned");
        Provenance provenance = new Provenance();
        provenance.addTarget(new Reference(patient.getValue() + "/_history/1"));
        provenance.setRecorded(new Date());
        provenance.addAgent().setWho(new Reference(patient));

        Response created = fhir().body(json(provenance)).post("/Provenance");
        created.then().statusCode(201);
        Provenance stored = parse(Provenance.class, created.asString());

        Provenance read = parse(
                Provenance.class,
                fhir().get("/Provenance/" + stored.getIdElement().getIdPart()).asString());
        assertThat(read.getTargetFirstRep().getReference()).isEqualTo(patient.getValue() + "/_history/1");
    }

    @Test
    void transactionAndSearchsetBundles_canBeStored() {
        for (Bundle.BundleType type : new Bundle.BundleType[] {
            Bundle.BundleType.TRANSACTION, Bundle.BundleType.SEARCHSET, Bundle.BundleType.BATCHRESPONSE
        }) {
            Bundle bundle = new Bundle().setType(type);
            Response response = fhir().body(json(bundle)).post("/Bundle");
            assertThat(response.statusCode())
                    .as(type + ": " + response.asString())
                    .isEqualTo(201);
        }
    }

    @Test
    void aResourceCreatedAtItsOwnId_mayReferToItself() {
        String id = "self-" + unique().substring(0, 8);
        String encounter =
                """
                {"resourceType":"Encounter","id":"%s","status":"finished",
                 "class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},
                 "partOf":{"reference":"Encounter/%s"}}"""
                        .formatted(id, id);

        Response created = fhir().body(encounter).put("/Encounter/" + id);

        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        Response read = fhir().get("/Encounter/" + id);
        assertThat(read.jsonPath().getString("partOf.reference")).isEqualTo("Encounter/" + id);
    }

    @Test
    void anExtensionOnlyRepeatingPrimitive_isKept() {
        String definition =
                """
                {"resourceType":"ActivityDefinition","status":"draft",
                 "timingTiming":{"_event":[{"extension":[
                   {"url":"http://example.org/fhir/StructureDefinition/when","valueString":"at discharge"}]}]}}""";

        Response created = fhir().body(definition).post("/ActivityDefinition");

        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        String id = created.jsonPath().getString("id");
        Response read = fhir().get("/ActivityDefinition/" + id);
        assertThat(read.jsonPath().getString("timingTiming._event[0].extension[0].valueString"))
                .isEqualTo("at discharge");
    }

    @Test
    void aStoredMessageBundle_keepsTheIdsOfItsUrnEntries() {
        String message =
                """
                {"resourceType":"Bundle","type":"message","timestamp":"2026-01-01T10:00:00Z",
                 "entry":[
                  {"fullUrl":"urn:uuid:267b18ce-3d37-4581-9baa-6fada338038b","resource":{
                    "resourceType":"MessageHeader","id":"267b18ce-3d37-4581-9baa-6fada338038b",
                    "eventCoding":{"system":"http://example.org/fhir/message-events","code":"admin-notify"},
                    "source":{"endpoint":"http://example.org/sender"}}},
                  {"fullUrl":"urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a","resource":{
                    "resourceType":"Patient","id":"pat1"}}]}""";

        Response created = fhir().body(message).post("/Bundle");

        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        Response read = fhir().get("/Bundle/" + created.jsonPath().getString("id"));
        assertThat(read.jsonPath().getList("entry.resource.id"))
                .containsExactly("267b18ce-3d37-4581-9baa-6fada338038b", "pat1");
    }

    @Test
    void absoluteReferencesToNonFhirUrls_areStoredAsSent() {
        IdType patient = createPatient("NonFhirUrl");
        String document = "https://records.example.org/documents/" + unique();
        String task =
                """
                {"resourceType":"Task","status":"requested","intent":"order",
                 "for":{"reference":"%s"},"focus":{"reference":"%s"}}"""
                        .formatted(patient.getValue(), document);
        String observation =
                """
                {"resourceType":"Observation","status":"final","code":{"text":"weight"},
                 "subject":{"reference":"https://ehr.example.org/people/123"}}""";

        Response createdTask = fhir().body(task).post("/Task");
        Response createdObservation = fhir().body(observation).post("/Observation");

        assertThat(createdTask.statusCode()).as(createdTask.asString()).isEqualTo(201);
        assertThat(createdObservation.statusCode())
                .as(createdObservation.asString())
                .isEqualTo(201);
        String id = createdTask.jsonPath().getString("id");
        assertThat(fhir().get("/Task/" + id).jsonPath().getString("focus.reference"))
                .isEqualTo(document);
        assertThat(fhir().get("/Observation/" + createdObservation.jsonPath().getString("id"))
                        .jsonPath()
                        .getString("subject.reference"))
                .isEqualTo("https://ehr.example.org/people/123");
        assertThat(fhir().queryParam("focus", document).get("/Task").jsonPath().getList("entry.resource.id"))
                .containsExactly(id);
    }
}
