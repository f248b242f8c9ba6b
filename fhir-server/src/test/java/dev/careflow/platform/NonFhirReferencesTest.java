package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.Set;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class NonFhirReferencesTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @Test
    void anAbsoluteUrlNamingNoResource_isNonFhir() {
        assertThat(NonFhirReferences.isNonFhirUrl(FHIR, "https://records.example.org/documents/4711"))
                .isTrue();
        assertThat(NonFhirReferences.isNonFhirUrl(FHIR, "https://example.org/report.pdf"))
                .isTrue();
        assertThat(NonFhirReferences.isNonFhirUrl(FHIR, "urn:oid:1.2.3")).isFalse();
    }

    @Test
    void fhirReferences_areLeftToHapi() {
        assertThat(NonFhirReferences.isNonFhirUrl(FHIR, "http://example.org/fhir/Patient/23"))
                .isFalse();
        assertThat(NonFhirReferences.isNonFhirUrl(FHIR, "Patient/23")).isFalse();
        assertThat(NonFhirReferences.isNonFhirUrl(FHIR, "http://example.org/fhir/Patient?identifier=x|1"))
                .isFalse();
        assertThat(NonFhirReferences.isNonFhirUrl(FHIR, null)).isFalse();
    }

    @Test
    void theLogicalPatterns_holdHapisAndTheUrlsOfTheWriteInProgress() {
        Set<String> patterns = NonFhirReferences.logicalReferences(Set.of("http://hl7.org/fhir/ValueSet/*"));
        Observation observation = new Observation();
        observation.setSubject(new Reference("https://ehr.example.org/people/123"));
        observation.addPerformer(new Reference("http://example.org/fhir/Practitioner/9"));

        new NonFhirReferences(FHIR).created(observation);

        assertThat(patterns)
                .contains("http://hl7.org/fhir/ValueSet/*", "https://ehr.example.org/people/123")
                .doesNotContain("http://example.org/fhir/Practitioner/9");
    }
}
