package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.CareflowIT;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The reference index read from HAPI's tables answers as reading the resources does: stored (two, sorted: HAPI's index
 * keeps no element order, so the Practitioner listed first comes second), external, contained and missing references,
 * a deleted resource, an unknown id, and a reference changed by an update.
 */
class ReferenceIndexIT extends CareflowIT {

    private static final String PATH = "Patient.generalPractitioner";

    @Autowired
    private IRepository repository;

    @Autowired
    private ReferenceIndex index;

    private String put(org.hl7.fhir.r4.model.Resource resource) {
        client.update().resource(resource).execute();
        return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
    }

    private static Patient patient(String id, Reference... practitioners) {
        Patient patient = new Patient();
        patient.setId(id);
        patient.addName().setFamily("Ñúñez, \"O'Brien\"");
        for (Reference practitioner : practitioners) {
            patient.addGeneralPractitioner(practitioner);
        }
        return patient;
    }

    @Test
    void hapisLinkTable_answersAsTheResourcesDo() {
        String u = unique();
        Practitioner gp = new Practitioner();
        gp.setId("ri-gp-" + u);
        String practitioner = put(gp);
        Organization clinic = new Organization().setName("Clinic, North");
        clinic.setId("ri-org-" + u);
        String organization = put(clinic);
        String both = put(patient("ri-both-" + u, new Reference(practitioner), new Reference(organization)));
        String external = put(patient("ri-ext-" + u, new Reference("https://other.example.org/fhir/Practitioner/9")));
        Patient withContained = patient("ri-contained-" + u, new Reference("#gp"));
        Practitioner contained = new Practitioner();
        contained.setId("gp");
        contained.addName().setFamily("Contained");
        withContained.addContained(contained);
        String containedOnly = put(withContained);
        String none = put(patient("ri-none-" + u));
        String deleted = put(patient("ri-deleted-" + u, new Reference(practitioner)));
        client.delete().resourceById(new org.hl7.fhir.r4.model.IdType(deleted)).execute();
        String changed = put(patient("ri-changed-" + u, new Reference(organization)));
        put(patient("ri-changed-" + u, new Reference(practitioner)));
        List<String> asked = List.of(both, external, containedOnly, none, deleted, changed, "Patient/ri-unknown-" + u);

        Map<String, List<String>> fromHapi = index.of("Patient", PATH, asked);

        assertThat(fromHapi)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        both, List.of(organization, practitioner),
                        external, List.of("https://other.example.org/fhir/Practitioner/9"),
                        containedOnly, List.of(),
                        none, List.of(),
                        changed, List.of(practitioner)));
        assertThat(fromHapi).isEqualTo(ReferenceIndex.fromResources(repository).of("Patient", PATH, asked));
        assertThat(index.of("Patient", PATH, List.of())).isEmpty();
    }
}
