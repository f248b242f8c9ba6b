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

/** What a client sends comes back: versioned Provenance targets, and Bundles of the types a record keeps. */
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
}
