package dev.careflow.transitions.internal;

import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;

/**
 * Where a patient went on discharge ({@code Encounter.hospitalization.dischargeDisposition}), as TCM needs it: CMS
 * transitional care is for a return to a community setting (home, home health, assisted living, rest home, hospice at
 * home, left against advice); a transfer to another hospital, a skilled nursing, intermediate care, rehabilitation,
 * long-term care or psychiatric facility, or a death starts none. Pure rules, no storage.
 *
 * <p>Codes read: HL7 v2 table 0112 as US feeds send it (the NUBC patient discharge status codes, with or without the
 * leading zero: 01 home, 02 short-term hospital, 03 SNF, 04 ICF, 05 other institution, 06 home health, 07 against
 * advice, 09 admitted as inpatient, 20 expired, 21 court or law enforcement, 30 still a patient, 40-42 expired, 43
 * federal hospital, 50 hospice at home, 51 hospice facility, 61-66 swing bed, rehabilitation, long-term care, nursing,
 * psychiatric and critical access hospitals, 69/70 other institutions, 81-95 the same with a planned readmission), the
 * NUBC code systems Da Vinci examples use, and FHIR's {@code discharge-disposition} codes. A code not known here (or no
 * disposition) is taken as a return home, as before dispositions were read.
 */
public final class DischargeDispositions {

    public static final String V2_0112 = "http://terminology.hl7.org/CodeSystem/v2-0112";
    public static final String FHIR_DISCHARGE_DISPOSITION =
            "http://terminology.hl7.org/CodeSystem/discharge-disposition";

    /** The NUBC (table 0112) codes of a setting that is not the community, or of a death. */
    private static final Set<String> NOT_COMMUNITY = Set.of(
            "02", "03", "04", "05", "09", "20", "21", "30", "40", "41", "42", "43", "51", "61", "62", "63", "64", "65",
            "66", "69", "70", "82", "83", "84", "85", "87", "88", "89", "90", "91", "92", "93", "94", "95");

    /** FHIR's discharge-disposition codes of a setting that is not the community, or of a death. */
    private static final Set<String> FHIR_NOT_COMMUNITY =
            Set.of("hosp", "snf", "other-hcf", "long", "rehab", "psy", "exp");

    private DischargeDispositions() {}

    /** Why the encounter's disposition starts no TCM, or empty when it returns the patient to the community. */
    public static Optional<String> notToCommunity(Encounter encounter) {
        if (!encounter.hasHospitalization() || !encounter.getHospitalization().hasDischargeDisposition()) {
            return Optional.empty();
        }
        return notToCommunity(encounter.getHospitalization().getDischargeDisposition());
    }

    /** Why a disposition starts no TCM, or empty when it returns the patient to the community (or is not known). */
    public static Optional<String> notToCommunity(CodeableConcept disposition) {
        for (Coding coding : disposition.getCoding()) {
            String code = coding.getCode();
            if (code == null || code.isBlank()) {
                continue;
            }
            String trimmed = code.trim();
            boolean fhir = FHIR_DISCHARGE_DISPOSITION.equals(coding.getSystem());
            boolean out = fhir ? FHIR_NOT_COMMUNITY.contains(trimmed) : NOT_COMMUNITY.contains(nubc(trimmed));
            if (out) {
                return Optional.of("discharge disposition " + trimmed
                        + (coding.hasDisplay() ? " (" + coding.getDisplay() + ")" : "")
                        + " is not a return to a community setting");
            }
        }
        return Optional.empty();
    }

    /** A NUBC code as two digits ({@code 1} and {@code 01} alike). */
    static String nubc(String code) {
        return code.length() == 1 && Character.isDigit(code.charAt(0)) ? "0" + code : code;
    }
}
