package dev.careflow.transitions.internal.v2;

import static dev.careflow.transitions.internal.v2.V2Fields.*;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.util.Terser;
import java.time.ZoneId;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;

/** PID as a Patient (HL7 v2-to-FHIR IG, segment PID to Patient): identifiers, names, birth date, sex, address, phones. */
final class PidMapper {

    private PidMapper() {}

    static Patient patient(Segment pid, ZoneId defaultZone) throws HL7Exception {
        Patient patient = new Patient();
        patient.getIdentifier().addAll(identifiers(pid, 3));
        if (patient.getIdentifier().isEmpty()) {
            throw new AdtMappingException(ErrorCode.REQUIRED_FIELD_MISSING, "PID-3 has no identifier");
        }
        for (int rep = 0; rep < pid.getField(5).length; rep++) {
            String family = Terser.get(pid, 5, rep, 1, 1);
            String given = Terser.get(pid, 5, rep, 2, 1);
            if (family == null && given == null) {
                continue;
            }
            HumanName name = patient.addName().setFamily(family);
            if (given != null) {
                name.addGiven(given);
            }
            String middle = Terser.get(pid, 5, rep, 3, 1);
            if (middle != null) {
                name.addGiven(middle);
            }
        }
        String birth = Hl7Time.toFhir(get(pid, 7, 1), defaultZone, "PID-7");
        if (birth != null) {
            patient.setBirthDateElement(new DateType(birth.substring(0, Math.min(10, birth.length()))));
        }
        String sex = get(pid, 8, 1);
        if (sex != null) {
            patient.setGender(
                    switch (sex) {
                        case "M" -> Enumerations.AdministrativeGender.MALE;
                        case "F" -> Enumerations.AdministrativeGender.FEMALE;
                        case "O", "A", "N" -> Enumerations.AdministrativeGender.OTHER;
                        default -> Enumerations.AdministrativeGender.UNKNOWN;
                    });
        }
        if (cleared(pid, 11)) {
            markCleared(patient, "address");
        }
        if (cleared(pid, 13)) {
            markCleared(patient, "telecom");
        }
        if (!cleared(pid, 11)) {
            addAddresses(patient, pid);
        }
        if (!cleared(pid, 13)) {
            addPhones(patient, pid, 13, ContactPoint.ContactPointUse.HOME);
        }
        addPhones(patient, pid, 14, ContactPoint.ContactPointUse.WORK);
        return patient;
    }

    /** PID-11 (each repetition) as the patient's addresses. */
    static void addAddresses(Patient patient, Segment pid) throws HL7Exception {
        for (int rep = 0; rep < pid.getField(11).length; rep++) {
            String line = Terser.get(pid, 11, rep, 1, 1);
            String city = Terser.get(pid, 11, rep, 3, 1);
            if (line == null && city == null) {
                continue;
            }
            Address address = patient.addAddress().setCity(city);
            if (line != null) {
                address.addLine(line);
            }
            address.setState(Terser.get(pid, 11, rep, 4, 1))
                    .setPostalCode(Terser.get(pid, 11, rep, 5, 1))
                    .setCountry(Terser.get(pid, 11, rep, 6, 1));
        }
    }

    static void addPhones(Patient patient, Segment pid, int field, ContactPoint.ContactPointUse use)
            throws HL7Exception {
        for (int rep = 0; rep < pid.getField(field).length; rep++) {
            String number = firstNonBlank(Terser.get(pid, field, rep, 1, 1), Terser.get(pid, field, rep, 12, 1));
            String area = Terser.get(pid, field, rep, 6, 1);
            String local = Terser.get(pid, field, rep, 7, 1);
            if (number == null && local != null) {
                number = (area == null ? "" : "(" + area + ") ") + local;
            }
            if (number != null) {
                patient.addTelecom()
                        .setSystem(ContactPoint.ContactPointSystem.PHONE)
                        .setValue(number)
                        .setUse(use);
            }
        }
    }
}
