package dev.careflow.transitions;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.Connection;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import dev.careflow.CareflowIT;
import io.restassured.RestAssured;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** HL7 v2 ADT over a real MLLP socket and over HTTP, into the same notification pipeline. */
class Hl7v2IT extends CareflowIT {

    private static final String CARE_TASK = "https://careflow.dev/fhir/CodeSystem/care-task";
    private static final String MRN_SYSTEM = "urn:careflow:v2:assigning-authority:HOSP";

    @Autowired
    MllpListener mllp;

    /** Each test's patient is a different person: a social security number of its own. */
    private static String ssn(String mrn) {
        return String.format(
                "9%02d-%02d-%04d",
                Math.abs(mrn.hashCode()) % 100,
                10 + Math.abs(mrn.hashCode() / 100) % 90,
                Math.abs(mrn.hashCode() / 10000) % 10000);
    }

    private static String adt(String trigger, String version, String controlId, String mrn, String pv1Tail) {
        return String.join(
                        "\r",
                        "MSH|^~\\&|EPIC|GENHOSP^2.16.840.1.113883.3.1^ISO|CAREFLOW|CF|20250305120000-0500||ADT^"
                                + trigger + "|" + controlId + "|P|" + version,
                        "EVN|" + trigger + "|20250305120000-0500",
                        "PID|1||" + mrn + "^^^HOSP^MR~" + ssn(mrn)
                                + "^^^SSA^SS||Okafor^Ada^N||19480312|F|||12 Elm St^^Springfield^IL^62701^USA||(217)555-0101",
                        "PV1|1|I|4W^401^A^GENHOSP||||1234567890^Nguyen^Linh^^^^^^NPI|||||||7|||||V" + mrn
                                + "|||||||||||||||||" + pv1Tail,
                        "DG1|1||I50.9^Heart failure, unspecified^I10||20250301|A",
                        "DG1|2||E11.22^Type 2 diabetes mellitus with diabetic chronic kidney disease^I10||20250301|A",
                        "IN1|1|MCR-A^Medicare Part A|MEDICARE^^^CMS|Medicare||||||||||||||||||||||||||||||||1EG4TE5MK73")
                + "\r";
    }

    /** PV1-36 disposition, then PV1-44 admit and PV1-45 discharge (fields 36 to 45). */
    private static String visit(String disposition, String admit, String discharge) {
        return disposition + "||||||||" + admit + "|" + (discharge == null ? "" : discharge);
    }

    private Message sendOverMllp(String er7) throws Exception {
        try (HapiContext context = new DefaultHapiContext()) {
            context.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
            context.setValidationContext(ValidationContextFactory.noValidation());
            Connection connection = context.newClient("localhost", mllp.port(), false);
            try {
                return connection
                        .getInitiator()
                        .sendAndReceive(context.getPipeParser().parse(er7));
            } finally {
                connection.close();
            }
        }
    }

    private String sendOverHttp(String er7) {
        return RestAssured.given()
                .baseUri("http://localhost:" + port)
                .contentType("x-application/hl7-v2+er7")
                .body(er7.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .post("/hl7v2")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    private static String msa(String ack, int field) {
        for (String segment : ack.split("\r")) {
            if (segment.startsWith("MSA|")) {
                String[] fields = segment.split("\\|", -1);
                return fields.length > field ? fields[field] : "";
            }
        }
        return null;
    }

    private <T extends Resource> List<T> search(Class<T> type, String query) {
        Bundle bundle = parse(
                Bundle.class,
                fhir().get("/" + query).then().statusCode(200).extract().asString());
        return bundle.getEntry().stream().map(e -> type.cast(e.getResource())).toList();
    }

    private String patientId(String mrn) {
        List<Patient> patients = search(Patient.class, "Patient?identifier=" + MRN_SYSTEM + "|" + mrn);
        assertThat(patients).hasSize(1);
        return patients.get(0).getIdElement().toUnqualifiedVersionless().getValue();
    }

    @Test
    void admitOverMllp_isAcknowledgedAaAndStoresPatientAndEncounter() throws Exception {
        String mrn = "M" + UUID.randomUUID().toString().substring(0, 8);
        Message ack = sendOverMllp(adt("A01", "2.5.1", "C-" + mrn, mrn, visit("", "20250301081500-0500", null)));

        Terser terser = new Terser(ack);
        assertThat(terser.get("MSA-1")).isEqualTo("AA");
        assertThat(terser.get("MSA-2")).isEqualTo("C-" + mrn);
        String patient = patientId(mrn);
        Patient stored = search(Patient.class, "Patient?_id=" + patient.substring("Patient/".length()))
                .get(0);
        assertThat(stored.getNameFirstRep().getFamily()).isEqualTo("Okafor");
        assertThat(stored.getBirthDateElement().getValueAsString()).isEqualTo("1948-03-12");
        assertThat(stored.getIdentifier()).extracting(i -> i.getValue()).contains(mrn, ssn(mrn));
        List<Encounter> encounters = search(Encounter.class, "Encounter?patient=" + patient);
        assertThat(encounters).hasSize(1);
        assertThat(encounters.get(0).getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
        assertThat(encounters.get(0).getClass_().getCode()).isEqualTo("IMP");
        assertThat(encounters.get(0).getPeriod().getStartElement().getValueAsString())
                .isEqualTo("2025-03-01T08:15:00-05:00");
        assertThat(search(Condition.class, "Condition?patient=" + patient))
                .extracting(c -> c.getCode().getCodingFirstRep().getCode())
                .containsExactlyInAnyOrder("I50.9", "E11.22");
        assertThat(search(Coverage.class, "Coverage?beneficiary=" + patient)).hasSize(1);
    }

    @Test
    void dischargeOverHttp_startsTcmWithDeadlinesFromTheLocalDischargeDate() {
        String mrn = "M" + UUID.randomUUID().toString().substring(0, 8);
        sendOverMllpQuietly(adt("A01", "2.5.1", "A-" + mrn, mrn, visit("", "20250301081500-0500", null)));

        // Discharged Friday 7 March 2025 at 23:30 in UTC-5 (Saturday in UTC): contact due Tuesday 11 March.
        String ack = sendOverHttp(
                adt("A03", "2.3", "D-" + mrn, mrn, visit("01", "20250301081500-0500", "20250307233000-0500")));

        assertThat(msa(ack, 1)).isEqualTo("AA");
        String patient = patientId(mrn);
        Encounter encounter =
                search(Encounter.class, "Encounter?patient=" + patient).get(0);
        assertThat(encounter.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
        assertThat(encounter
                        .getHospitalization()
                        .getDischargeDisposition()
                        .getCodingFirstRep()
                        .getCode())
                .isEqualTo("01");
        List<Task> contact =
                search(Task.class, "Task?patient=" + patient + "&code=" + CARE_TASK + "|tcm-interactive-contact");
        assertThat(contact).hasSize(1);
        assertThat(contact.get(0).getRestriction().getPeriod().getEndElement().getValueAsString())
                .isEqualTo("2025-03-11");
        // LACE: 6 days (4) + emergency admit source 7 (3) + Charlson CHF 1 + complicated diabetes 2 (3) + 0 = 10:
        // high complexity, visit within 7 days.
        List<Task> visit =
                search(Task.class, "Task?patient=" + patient + "&code=" + CARE_TASK + "|tcm-face-to-face-visit");
        assertThat(visit.get(0).getRestriction().getPeriod().getEndElement().getValueAsString())
                .isEqualTo("2025-03-14");
    }

    @Test
    void duplicateControlId_isAcknowledgedAaAndNotProcessedTwice() {
        String mrn = "M" + UUID.randomUUID().toString().substring(0, 8);
        String discharge =
                adt("A03", "2.4", "DUP-" + mrn, mrn, visit("01", "20250301081500-0500", "20250304100000-0500"));
        assertThat(msa(sendOverHttp(discharge), 1)).isEqualTo("AA");
        String patient = patientId(mrn);
        int tasks = search(Task.class, "Task?patient=" + patient).size();

        assertThat(msa(sendOverHttp(discharge), 1)).isEqualTo("AA");

        assertThat(search(Task.class, "Task?patient=" + patient)).hasSize(tasks);
    }

    @Test
    void unsupportedTrigger_isRejectedArWithTheReason() {
        String mrn = "M" + UUID.randomUUID().toString().substring(0, 8);
        String ack = sendOverHttp(adt("A05", "2.5", "R-" + mrn, mrn, visit("", "20250301081500-0500", null)));

        assertThat(msa(ack, 1)).isEqualTo("AR");
        assertThat(msa(ack, 2)).isEqualTo("R-" + mrn);
        assertThat(msa(ack, 3)).contains("A05");
        assertThat(ack).contains("ERR|");
        assertThat(search(Patient.class, "Patient?identifier=" + MRN_SYSTEM + "|" + mrn))
                .isEmpty();
    }

    @Test
    void missingPatientIdentifier_isRejectedAndStoresNothing() {
        String mrn = "M" + UUID.randomUUID().toString().substring(0, 8);
        String message = adt("A01", "2.5", "N-" + mrn, mrn, visit("", "20250301081500-0500", null))
                .replace("PID|1||" + mrn + "^^^HOSP^MR~" + ssn(mrn) + "^^^SSA^SS|", "PID|1|||");
        String ack = sendOverHttp(message);
        assertThat(msa(ack, 1)).isEqualTo("AR");
        assertThat(msa(ack, 3)).contains("PID-3");
    }

    @Test
    void garbage_isRejectedWithAnAck() throws Exception {
        String ack = sendOverHttp("this is not HL7");
        assertThat(ack).startsWith("MSH|");
        assertThat(msa(ack, 1)).isEqualTo("AR");
    }

    private void sendOverMllpQuietly(String er7) {
        try {
            assertThat(new Terser(sendOverMllp(er7)).get("MSA-1")).isEqualTo("AA");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
