package dev.careflow.programs.enrolment;

import dev.careflow.vocabulary.CodeSystems;
import org.hl7.fhir.r4.model.Coding;

/**
 * The three levels of Advanced Primary Care Management (HCPCS, CY 2025 Medicare Physician Fee Schedule final rule,
 * CMS-1807-F, section II.G): by the number of chronic conditions and Qualified Medicare Beneficiary status.
 */
public enum ApcmLevel {
    /** Level 1: no more than one chronic condition. */
    G0556("APCM level 1: no more than one chronic condition"),
    /** Level 2: two or more chronic conditions. */
    G0557("APCM level 2: two or more chronic conditions"),
    /** Level 3: two or more chronic conditions and a Qualified Medicare Beneficiary. */
    G0558("APCM level 3: two or more chronic conditions, Qualified Medicare Beneficiary");

    private final String display;

    ApcmLevel(String display) {
        this.display = display;
    }

    public String display() {
        return display;
    }

    public Coding coding() {
        return new Coding(CodeSystems.HCPCS, name(), display);
    }

    public static ApcmLevel of(int chronicCategories, boolean qualifiedMedicareBeneficiary) {
        if (chronicCategories <= 1) {
            return G0556;
        }
        return qualifiedMedicareBeneficiary ? G0558 : G0557;
    }
}
