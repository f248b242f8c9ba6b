package dev.careflow.transitions.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** An update changes only what it carries; a discharge is never reopened by a later notice. */
class StoredStateMergeTest {

    private static Patient storedPatient() {
        Patient patient = new Patient();
        patient.setId("Patient/7");
        patient.addIdentifier().setSystem("urn:mrn").setValue("1");
        patient.addName().setFamily("Okafor").addGiven("Ada");
        patient.addAddress().setCity("Springfield");
        patient.addTelecom().setValue("555-0101");
        patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1948-03-12"));
        return patient;
    }

    @Test
    void aPatientUpdate_replacesWhatItCarriesAndKeepsTheRest() {
        Patient incoming = new Patient();
        incoming.addIdentifier().setSystem("urn:ssn").setValue("999");
        incoming.addAddress().setCity("Peoria");

        Patient merged = StoredStateMerge.patient(storedPatient(), incoming);

        assertThat(merged.getIdElement().getIdPart()).isEqualTo("7");
        assertThat(merged.getAddress()).extracting(a -> a.getCity()).containsExactly("Peoria");
        assertThat(merged.getNameFirstRep().getFamily()).isEqualTo("Okafor");
        assertThat(merged.getTelecom()).hasSize(1);
        assertThat(merged.getBirthDateElement().getValueAsString()).isEqualTo("1948-03-12");
        assertThat(merged.getIdentifier()).extracting(i -> i.getValue()).containsExactlyInAnyOrder("1", "999");
    }

    @Test
    void anElementSentAsCleared_isRemovedAndTheMarkIsNotStored() {
        Patient incoming = new Patient();
        incoming.addExtension(StoredStateMerge.CLEARED_EXTENSION, new CodeType("address"));
        incoming.addExtension(StoredStateMerge.CLEARED_EXTENSION, new CodeType("telecom"));

        Patient merged = StoredStateMerge.patient(storedPatient(), incoming);

        assertThat(merged.getAddress()).isEmpty();
        assertThat(merged.getTelecom()).isEmpty();
        assertThat(merged.getExtension()).isEmpty();
        assertThat(merged.getNameFirstRep().getFamily()).isEqualTo("Okafor");
    }

    private static Encounter discharged() {
        Encounter encounter = new Encounter();
        encounter.setId("Encounter/9");
        encounter.setStatus(Encounter.EncounterStatus.FINISHED);
        encounter.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP", null));
        encounter
                .getPeriod()
                .setStartElement(new DateTimeType("2025-03-01T08:15:00-05:00"))
                .setEndElement(new DateTimeType("2025-03-04T10:00:00-05:00"));
        encounter
                .getHospitalization()
                .setDischargeDisposition(new CodeableConcept(new Coding("urn:v2-0112", "01", null)))
                .setAdmitSource(new CodeableConcept(new Coding("urn:v2-0023", "7", null)));
        return encounter;
    }

    @Test
    void anUpdateWithoutADischargeTime_neverReopensADischargedEncounter() {
        Encounter incoming = new Encounter();
        incoming.setStatus(Encounter.EncounterStatus.INPROGRESS);
        incoming.getPeriod().setStartElement(new DateTimeType("2025-03-01T08:15:00-05:00"));
        incoming.getHospitalization().setAdmitSource(new CodeableConcept(new Coding("urn:v2-0023", "1", null)));

        Encounter merged = StoredStateMerge.encounter(discharged(), incoming, false);

        assertThat(merged.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
        assertThat(merged.getPeriod().getEndElement().getValueAsString()).isEqualTo("2025-03-04T10:00:00-05:00");
        assertThat(merged.getHospitalization()
                        .getDischargeDisposition()
                        .getCodingFirstRep()
                        .getCode())
                .as("a backbone element is merged element by element")
                .isEqualTo("01");
        assertThat(merged.getHospitalization()
                        .getAdmitSource()
                        .getCodingFirstRep()
                        .getCode())
                .isEqualTo("1");
    }

    @Test
    void aCorrectedDischargeTime_replacesTheEnd() {
        Encounter incoming = new Encounter();
        incoming.setStatus(Encounter.EncounterStatus.FINISHED);
        incoming.getPeriod().setEndElement(new DateTimeType("2025-03-05T09:00:00-05:00"));

        Encounter merged = StoredStateMerge.encounter(discharged(), incoming, false);

        assertThat(merged.getPeriod().getEndElement().getValueAsString()).isEqualTo("2025-03-05T09:00:00-05:00");
        assertThat(merged.getPeriod().getStartElement().getValueAsString()).isEqualTo("2025-03-01T08:15:00-05:00");
    }

    @Test
    void anAdmittedEncounter_isDischargedByADischarge() {
        Encounter stored = discharged();
        stored.setStatus(Encounter.EncounterStatus.INPROGRESS);
        stored.getPeriod().setEndElement(null);
        Encounter incoming = new Encounter();
        incoming.setStatus(Encounter.EncounterStatus.FINISHED);
        incoming.getPeriod().setEndElement(new DateTimeType("2025-03-04T10:00:00-05:00"));

        Encounter merged = StoredStateMerge.encounter(stored, incoming, false);

        assertThat(merged.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
        assertThat(merged.getPeriod().hasEnd()).isTrue();
    }

    @Test
    void aCancelledDischarge_reopensTheEncounter() {
        Encounter incoming = new Encounter();
        incoming.setStatus(Encounter.EncounterStatus.INPROGRESS);

        Encounter merged = StoredStateMerge.encounter(discharged(), incoming, true);

        assertThat(merged.getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
        assertThat(merged.getPeriod().hasEnd()).isFalse();
        assertThat(merged.getPeriod().hasStart()).isTrue();
        assertThat(merged.getHospitalization().hasDischargeDisposition()).isFalse();
    }
}
