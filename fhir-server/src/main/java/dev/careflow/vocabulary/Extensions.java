package dev.careflow.vocabulary;

/** The extension URLs Careflow writes and reads, in one place. */
public final class Extensions {

    private Extensions() {}

    /** FHIR core: the Goal(s) a resource (a Task, a ServiceRequest) works towards. */
    public static final String PERTAINS_TO_GOAL = "http://hl7.org/fhir/StructureDefinition/resource-pertainsToGoal";

    /** Careflow: a PlanDefinition goal target whose range is counted from the patient's latest value of the measure. */
    public static final String TARGET_RELATIVE_TO_LATEST =
            "https://careflow.dev/fhir/StructureDefinition/target-relative-to-latest";

    /** Careflow: how long an outreach attempt (a Communication) took, a Duration in UCUM minutes. */
    public static final String OUTREACH_DURATION = "https://careflow.dev/fhir/StructureDefinition/outreach-duration";
}
