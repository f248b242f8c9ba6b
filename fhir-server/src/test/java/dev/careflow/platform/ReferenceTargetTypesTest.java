package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class ReferenceTargetTypesTest {

    private final ReferenceTargetTypes check = new ReferenceTargetTypes(FhirContext.forR4Cached());

    @Test
    void aReferenceToAType_itsElementDoesNotAllow_isAProblem() {
        Patient patient = new Patient();
        patient.setManagingOrganization(new Reference("Observation/1"));
        assertThat(check.problems(patient))
                .containsExactly("Invalid reference found at path 'Patient.managingOrganization'. Resource type"
                        + " 'Observation' is not valid for this path");

        patient.setManagingOrganization(new Reference("http://other.example.org/fhir/Observation/1"));
        assertThat(check.problems(patient)).hasSize(1);
    }

    @Test
    void absoluteNonFhirUrls_allowedTypes_andAnyTargets_areNot() {
        Patient patient = new Patient();
        patient.setManagingOrganization(new Reference("http://example.org/registry/orgs/42"));
        patient.addGeneralPractitioner(new Reference("Practitioner/7"));
        patient.addLink().setOther(new Reference("RelatedPerson/3"));
        assertThat(check.problems(patient)).isEmpty();

        DocumentReference document = new DocumentReference();
        document.getContext().addRelated(new Reference("Observation/1"));
        document.setSubject(new Reference("urn:uuid:8b2a4e2e-5d4b-4f0e-9a53-6d1f6f3c2a11"));
        assertThat(check.problems(document)).isEmpty();
    }
}
