package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class StoredBundleEntriesTest {

    private static final FhirContext FHIR = FhirContext.forR4();

    /** As HAPI's JPA storage writes a resource: no {@code *.meta}, versions stripped from references. */
    private static Bundle storedAndReadAsHapiDoes(Bundle bundle) {
        IParser parser = FHIR.newJsonParser().setDontEncodeElements(Set.of("*.meta"));
        return FHIR.newJsonParser().parseResource(Bundle.class, parser.encodeResourceToString(bundle));
    }

    private static Bundle collection() {
        Observation observation = new Observation();
        observation.setId("o1");
        observation.getMeta().setVersionId("3").addProfile("http://example.org/fhir/StructureDefinition/weight");
        observation.setSubject(new Reference("Patient/45/_history/2"));
        observation.addPerformer(new Reference("Practitioner/7"));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundle.addEntry().setFullUrl("http://example.org/fhir/Observation/o1").setResource(observation);
        return bundle;
    }

    @Test
    void withoutIt_hapiDropsTheEntriesMetaAndVersions() {
        Observation read = (Observation)
                storedAndReadAsHapiDoes(collection()).getEntryFirstRep().getResource();

        assertThat(read.getMeta().isEmpty()).isTrue();
        assertThat(read.getSubject().getReference()).isEqualTo("Patient/45");
    }

    @Test
    void theEntriesMetaAndVersionedReferences_comeBackAsSent() {
        StoredBundleEntries entries = new StoredBundleEntries(FHIR);
        Bundle sent = collection();
        String expected = FHIR.newJsonParser().encodeResourceToString(sent);

        entries.keep(sent);
        Bundle read = storedAndReadAsHapiDoes(sent);
        boolean versioned = entries.restore(read);

        assertThat(FHIR.newJsonParser().encodeResourceToString(read)).isEqualTo(expected);
        Observation restored = (Observation) read.getEntryFirstRep().getResource();
        assertThat(restored.getSubject().getReference()).isEqualTo("Patient/45/_history/2");
        assertThat(restored.getMeta().getVersionId()).isEqualTo("3");
        assertThat(versioned).as("a versioned reference was put back").isTrue();
    }

    @Test
    void aBundleSentWithoutVersionedReferences_leavesTheAnswerAsItIs() {
        StoredBundleEntries entries = new StoredBundleEntries(FHIR);
        Bundle sent = collection();
        ((Observation) sent.getEntryFirstRep().getResource()).setSubject(new Reference("Patient/45"));

        entries.keep(sent);

        assertThat(entries.restore(storedAndReadAsHapiDoes(sent))).isFalse();
    }
}
