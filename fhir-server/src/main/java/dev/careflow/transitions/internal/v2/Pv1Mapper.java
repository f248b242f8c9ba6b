package dev.careflow.transitions.internal.v2;

import static dev.careflow.transitions.internal.v2.V2Fields.*;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.util.Terser;
import dev.careflow.transitions.internal.DischargeDispositions;
import dev.careflow.vocabulary.CodeSystems;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;

/** PV1 as the Encounter, its attending Practitioner and its Location (HL7 v2-to-FHIR IG, segment PV1). */
final class Pv1Mapper {

    static final String V2_0004 = "http://terminology.hl7.org/CodeSystem/v2-0004";
    static final String ACT_PRIORITY = "http://terminology.hl7.org/CodeSystem/v3-ActPriority";
    static final String PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    static final String US_NPI = "http://hl7.org/fhir/sid/us-npi";

    /**
     * PV1-2 patient class to v3 ActCode, per the v2-to-FHIR ConceptMap table-hl70004-to-v3-actcode: only E, I, O and P
     * have an ActCode; the others (R recurring, B obstetrics, C commercial account, N not applicable, U unknown, and
     * local codes) stay v2-0004 codes, which are never inpatient and never start TCM.
     */
    private static final Map<String, String> PATIENT_CLASS = Map.of("E", "EMER", "I", "IMP", "O", "AMB", "P", "PRENC");

    /** The codes of HL7 table 0004; a sender's local patient class gets a code system of its own. */
    private static final java.util.Set<String> TABLE_0004 =
            java.util.Set.of("B", "C", "E", "I", "N", "O", "P", "R", "U");

    static final String LOCAL_PATIENT_CLASS = "urn:careflow:v2:local-code:patient-class";

    private Pv1Mapper() {}

    static Encounter encounter(String trigger, Segment pv1, ZoneId defaultZone) throws HL7Exception {
        Encounter encounter = new Encounter();
        String admitted = Hl7Time.toFhir(get(pv1, 44, 1), defaultZone, "PV1-44 admit time");
        boolean cancelled = "A11".equals(trigger) || "A13".equals(trigger);
        // A cancel admit or cancel discharge may repeat PV1-45, the discharge it withdraws; a transfer (A02) to another
        // unit or facility is not a discharge either, whatever PV1-45 says.
        String discharged = cancelled || "A02".equals(trigger)
                ? null
                : Hl7Time.toFhir(get(pv1, 45, 1), defaultZone, "PV1-45 discharge time");
        if ("A03".equals(trigger) && discharged == null) {
            throw new AdtMappingException(
                    ErrorCode.REQUIRED_FIELD_MISSING, "PV1-45 (discharge date/time) is empty in an A03 discharge");
        }
        encounter.setStatus(
                "A11".equals(trigger)
                        ? Encounter.EncounterStatus.CANCELLED
                        : "A03".equals(trigger) || discharged != null
                                ? Encounter.EncounterStatus.FINISHED
                                : Encounter.EncounterStatus.INPROGRESS);
        String patientClass = get(pv1, 2, 1);
        if (patientClass == null) {
            throw new AdtMappingException(ErrorCode.REQUIRED_FIELD_MISSING, "PV1-2 (patient class) is empty");
        }
        encounter.setClass_(encounterClass(patientClass));
        addVisitNumber(encounter, pv1);
        if (admitted != null) {
            encounter.getPeriod().setStartElement(new DateTimeType(admitted));
        }
        if (discharged != null) {
            encounter.getPeriod().setEndElement(new DateTimeType(discharged));
        }
        String admissionType = get(pv1, 4, 1);
        if (admissionType != null) {
            encounter.setPriority(new CodeableConcept(
                    "E".equals(admissionType)
                            ? new Coding(ACT_PRIORITY, "EM", "emergency")
                            : new Coding(ACT_PRIORITY, "R", "routine")));
        }
        String admitSource = get(pv1, 14, 1);
        if (admitSource != null) {
            encounter
                    .getHospitalization()
                    .setAdmitSource(new CodeableConcept(new Coding(CodeSystems.V2_0023, admitSource, null)));
        }
        String disposition = get(pv1, 36, 1);
        if (disposition != null) {
            encounter
                    .getHospitalization()
                    .setDischargeDisposition(
                            new CodeableConcept(new Coding(DischargeDispositions.V2_0112, disposition, null)));
        }
        return encounter;
    }

    /** PV1-2 as Encounter.class: a v3 ActCode where the ConceptMap has one, else the v2 (or the sender's local) code. */
    static Coding encounterClass(String patientClass) {
        String actCode = PATIENT_CLASS.get(patientClass);
        return actCode != null
                ? new Coding(CodeSystems.V3_ACT_CODE, actCode, null)
                : new Coding(TABLE_0004.contains(patientClass) ? V2_0004 : LOCAL_PATIENT_CLASS, patientClass, null);
    }

    /** PV1-19 (visit number) as the Encounter's identifier, in its assigning authority. */
    private static void addVisitNumber(Encounter encounter, Segment pv1) throws HL7Exception {
        String visit = get(pv1, 19, 1);
        if (visit != null) {
            String authority = firstNonBlank(get(pv1, 19, 4), "visit");
            encounter
                    .addIdentifier()
                    .setSystem(authority(authority) + ":visit")
                    .setValue(visit)
                    .setType(new CodeableConcept(new Coding(V2_0203, "VN", "Visit number")));
        }
    }

    static Practitioner practitioner(Segment pv1) throws HL7Exception {
        String id = Terser.get(pv1, 7, 0, 1, 1);
        String family = Terser.get(pv1, 7, 0, 2, 1);
        if (id == null && family == null) {
            return null;
        }
        Practitioner practitioner = new Practitioner();
        if (id != null) {
            String authority = Terser.get(pv1, 7, 0, 9, 1);
            practitioner
                    .addIdentifier()
                    .setSystem(
                            "NPI".equalsIgnoreCase(authority)
                                    ? US_NPI
                                    : authority(firstNonBlank(authority, "practitioner")))
                    .setValue(id);
        }
        HumanName name = practitioner.addName().setFamily(family);
        String given = Terser.get(pv1, 7, 0, 3, 1);
        if (given != null) {
            name.addGiven(given);
        }
        return practitioner;
    }

    static Location location(Segment pv1, String facility, String organizationUrl) throws HL7Exception {
        String pointOfCare = Terser.get(pv1, 3, 0, 1, 1);
        String room = Terser.get(pv1, 3, 0, 2, 1);
        String bed = Terser.get(pv1, 3, 0, 3, 1);
        if (pointOfCare == null && room == null && bed == null) {
            return null;
        }
        String building = firstNonBlank(Terser.get(pv1, 3, 0, 4, 1), facility);
        Location location = new Location();
        location.setName(String.join(
                " ",
                List.of(
                                building,
                                pointOfCare == null ? "" : pointOfCare,
                                room == null ? "" : room,
                                bed == null ? "" : bed)
                        .stream()
                        .filter(s -> !s.isBlank())
                        .toList()));
        location.addIdentifier()
                .setSystem(authority(building) + ":location")
                .setValue(String.join(
                        "^", firstNonBlank(pointOfCare, ""), firstNonBlank(room, ""), firstNonBlank(bed, "")));
        location.setManagingOrganization(new Reference(organizationUrl));
        return location;
    }
}
