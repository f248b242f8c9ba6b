package dev.careflow.populations;

import java.util.Arrays;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coding;

/**
 * The registries Careflow keeps, each one Group at a fixed id ({@code Group/registry-<code>}) coded in the
 * {@code care-registry} CodeSystem. Who belongs is decided by {@link RegistryRules}.
 */
public enum Registry {
    CHRONIC_1("chronic-1", "Chronic condition", "One or more chronic condition categories"),
    MCC_2("mcc-2", "Multiple chronic conditions (2+)", "Two or more distinct chronic condition categories"),
    MCC_3("mcc-3", "Multiple chronic conditions (3+)", "Three or more distinct chronic condition categories"),
    ELDERLY_ADL("elderly-adl", "Elderly with ADL dependency", "Aged 65 or more with a latest Katz ADL total below 6"),
    BEHAVIOURAL_HEALTH(
            "behavioural-health",
            "Behavioural health",
            "Latest PHQ-9 total 10 or more, latest GAD-7 total 10 or more, or an active ICD-10-CM F-code Condition"),
    RECENT_DISCHARGE(
            "recent-discharge",
            "Recently discharged",
            "A discharge home (a TCM EpisodeOfCare) 0 to 30 days before today"),
    HIGH_READMISSION_RISK(
            "high-readmission-risk",
            "High readmission risk",
            "Latest LACE index 10 or more, or latest HOSPITAL score 7 or more");

    public static final String CODE_SYSTEM = "https://careflow.dev/fhir/CodeSystem/care-registry";
    public static final String ID_PREFIX = "registry-";

    private final String code;
    private final String title;
    private final String rule;

    Registry(String code, String title, String rule) {
        this.code = code;
        this.title = title;
        this.rule = rule;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public String rule() {
        return rule;
    }

    /** The Group's id: {@code registry-<code>}. */
    public String groupId() {
        return ID_PREFIX + code;
    }

    /** The Group's reference: {@code Group/registry-<code>}. */
    public String groupReference() {
        return "Group/" + groupId();
    }

    public Coding coding() {
        return new Coding(CODE_SYSTEM, code, title);
    }

    /** The registry kept at a Group id, if it is one. */
    public static Optional<Registry> byGroupId(String id) {
        return Arrays.stream(values()).filter(r -> r.groupId().equals(id)).findFirst();
    }
}
