package dev.careflow.assessment;

import dev.careflow.vocabulary.CodeSystems;
import java.util.Optional;

/**
 * A need a screening can reveal, as the health-concern Condition Careflow records for it: ICD-10-CM code (the Z codes
 * of social needs), and for social needs the Careflow {@code sdoh-domain} (mapped to the Gravity SDOH category).
 */
public enum HealthConcern {
    FOOD_INSECURITY("Z59.41", "Food insecurity", "food-insecurity"),
    HOUSING_INSTABILITY("Z59.819", "Housing instability, housed, unspecified", "housing-instability"),
    HOMELESSNESS("Z59.00", "Homelessness unspecified", "homelessness"),
    INADEQUATE_HOUSING("Z59.10", "Inadequate housing, unspecified", "inadequate-housing"),
    TRANSPORTATION_INSECURITY("Z59.82", "Transportation insecurity", "transportation-insecurity"),
    FINANCIAL_INSECURITY("Z59.86", "Financial insecurity", "financial-insecurity"),
    UTILITY_INSECURITY("Z59.12", "Inadequate housing utilities", "utility-insecurity"),
    INTERPERSONAL_SAFETY(null, "Interpersonal safety concern", "interpersonal-safety"),
    DEPRESSION("F32.A", "Depression, unspecified", null),
    ANXIETY("F41.9", "Anxiety disorder, unspecified", null),
    ADL_DEPENDENCY("Z74.1", "Need for assistance with personal care", null);

    public static final String ICD10CM = CodeSystems.ICD_10_CM;
    public static final String SDOH_DOMAIN = "https://careflow.dev/fhir/CodeSystem/sdoh-domain";

    private final String icd10;
    private final String display;
    private final String sdohDomain;

    HealthConcern(String icd10, String display, String sdohDomain) {
        this.icd10 = icd10;
        this.display = display;
        this.sdohDomain = sdohDomain;
    }

    public Optional<String> icd10() {
        return Optional.ofNullable(icd10);
    }

    public String display() {
        return display;
    }

    /** The social-needs domain; empty for clinical concerns (depression, anxiety, ADL dependency). */
    public Optional<String> sdohDomain() {
        return Optional.ofNullable(sdohDomain);
    }

    /** A stable key, used in the identifiers of what a screening derives. */
    public String key() {
        return name().toLowerCase().replace('_', '-');
    }
}
