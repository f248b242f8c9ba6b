package dev.careflow.careteam;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowIT;
import dev.careflow.Discharges;
import java.time.Instant;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/**
 * One clock in the care team's zone (America/New_York in the tests): across a UTC day boundary, {@code $tcm-status} and
 * the worklist agree on whether the TCM contact is overdue.
 */
class OneClockIT extends CareflowIT {

    /** Discharged on Monday 2 March 2026, New York time: the contact is due Wednesday 4 March. */
    private Bundle discharge(String mrn) {
        return Discharges.of(fhirContext, mrn, "2026-02-27T10:00:00-05:00", "2026-03-02T15:00:00-05:00");
    }

    private String contactState(String patient) {
        Parameters status = parse(
                Parameters.class,
                fhir().get("/" + patient + "/$tcm-status")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        Parameters.ParametersParameterComponent contact = status.getParameterFirstRep().getPart().stream()
                .filter(p -> p.getName().equals("deadline"))
                .filter(p -> p.getPart().stream()
                        .anyMatch(q -> q.getName().equals("code")
                                && q.getValue().primitiveValue().equals("tcm-interactive-contact")))
                .findFirst()
                .orElseThrow();
        assertThat(contact.getPart().stream()
                        .filter(p -> p.getName().equals("due"))
                        .findFirst()
                        .orElseThrow()
                        .getValue()
                        .primitiveValue())
                .isEqualTo("2026-03-04");
        return contact.getPart().stream()
                .filter(p -> p.getName().equals("state"))
                .findFirst()
                .orElseThrow()
                .getValue()
                .primitiveValue();
    }

    private String worklistCategory(IdType manager, String contactTask) {
        Bundle worklist = parse(
                Bundle.class,
                fhir().get("/Practitioner/" + manager.getIdPart() + "/$worklist")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        return worklist.getEntry().stream()
                .filter(e -> e.getResource()
                        .getIdElement()
                        .toUnqualifiedVersionless()
                        .getValue()
                        .equals(contactTask))
                .map(e -> ((Coding)
                                e.getExtensionByUrl("https://careflow.dev/fhir/StructureDefinition/worklist-category")
                                        .getValue())
                        .getCode())
                .findFirst()
                .orElseThrow();
    }

    @Test
    void acrossAUtcDayBoundary_tcmStatusAndTheWorklistAgreeOnOverdue() {
        // 03:00 UTC on 5 March is still 22:00 on 4 March in New York (set first, so that no overdue marking runs on the
        // real date meanwhile).
        clock.setInstant(Instant.parse("2026-03-05T03:00:00Z"));
        String mrn = "mrn-" + UUID.randomUUID();
        fhir().body(json(discharge(mrn))).post("/$process-message").then().statusCode(200);
        Patient patient = (Patient) client.search()
                .byUrl("Patient?identifier=" + TEST_SYSTEM + "|" + mrn)
                .returnBundle(Bundle.class)
                .execute()
                .getEntryFirstRep()
                .getResource();
        String patientId = patient.getIdElement().toUnqualifiedVersionless().getValue();
        IdType manager = (IdType) client.create()
                .resource(new Practitioner().addName(new HumanName().setFamily("Clock")))
                .execute()
                .getId()
                .toUnqualifiedVersionless();
        CareTeam team = new CareTeam();
        team.setStatus(CareTeam.CareTeamStatus.ACTIVE);
        team.setSubject(new Reference(patientId));
        team.addParticipant()
                .addRole(new CodeableConcept(
                        new Coding("https://careflow.dev/fhir/CodeSystem/care-team-role", "care-manager", null)))
                .setMember(new Reference(manager));
        client.create().resource(team).execute();
        Task contact = (Task) client.search()
                .byUrl("Task?patient=" + patientId
                        + "&code=https://careflow.dev/fhir/CodeSystem/care-task|tcm-interactive-contact")
                .returnBundle(Bundle.class)
                .execute()
                .getEntryFirstRep()
                .getResource();
        String contactId = contact.getIdElement().toUnqualifiedVersionless().getValue();

        // Due today, not overdue, everywhere.
        assertThat(contactState(patientId)).isEqualTo("open");
        assertThat(worklistCategory(manager, contactId)).isEqualTo("tcm-due-soon");

        // 06:00 UTC is 01:00 on 5 March in New York: overdue, everywhere.
        clock.setInstant(Instant.parse("2026-03-05T06:00:00Z"));
        assertThat(contactState(patientId)).isEqualTo("overdue");
        assertThat(worklistCategory(manager, contactId)).isEqualTo("overdue");
    }
}
