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

    /** Careflow: the Consent a programme's EpisodeOfCare was enrolled under (valueReference(Consent)). */
    public static final String PROGRAMME_CONSENT = "https://careflow.dev/fhir/StructureDefinition/programme-consent";

    /** Careflow: the practitioner who bills a programme's EpisodeOfCare (valueReference(Practitioner)). */
    public static final String BILLING_PRACTITIONER =
            "https://careflow.dev/fhir/StructureDefinition/billing-practitioner";

    /**
     * Careflow: why a Group member belongs to a registry (repeating, complex: {@code reason} valueCodeableConcept, for a
     * chronic-condition registry the condition category; {@code detail} valueReference, the resource that shows it).
     */
    public static final String REGISTRY_EVIDENCE = "https://careflow.dev/fhir/StructureDefinition/registry-evidence";
}
