package dev.careflow.worklist;

/** Why an item is on a care manager's worklist, most urgent first (Careflow CodeSystem {@code worklist-category}). */
public enum WorkCategory {
    SAFETY_ALERT("safety-alert", "Safety alert"),
    OVERDUE("overdue", "Overdue"),
    TCM_DUE_SOON("tcm-due-soon", "TCM deadline within 24 hours"),
    DUE_TODAY("due-today", "Due today"),
    NEW_DISCHARGE("new-discharge", "New discharge"),
    POSITIVE_SCREEN("positive-screen", "Positive screen no active care plan addresses"),
    REJECTED_REFERRAL("rejected-referral", "Rejected referral"),
    CONSENT_MISSING("consent-missing", "Programme without consent"),
    ELIGIBLE_NOT_ENROLLED("eligible-not-enrolled", "Eligible, not enrolled"),
    UPCOMING("upcoming", "Upcoming");

    public static final String SYSTEM = "https://careflow.dev/fhir/CodeSystem/worklist-category";

    private final String code;
    private final String display;

    WorkCategory(String code, String display) {
        this.code = code;
        this.display = display;
    }

    public String code() {
        return code;
    }

    public String display() {
        return display;
    }
}
