package dev.careflow.vocabulary;

/**
 * The canonical URLs of the code systems Careflow writes and reads, in one place. Careflow's own are defined in the
 * {@code terminology} package ({@code VocabularyTest} checks each one there); the others are HL7's, LOINC's and
 * the ICD-10-CM's published URLs.
 */
public final class CodeSystems {

    private CodeSystems() {}

    /** Careflow's care-management work items (Task.code). */
    public static final String CARE_TASK = "https://careflow.dev/fhir/CodeSystem/care-task";

    /** Careflow's Task business statuses (overdue, escalated, ...). */
    public static final String TASK_BUSINESS_STATUS = "https://careflow.dev/fhir/CodeSystem/task-business-status";

    /** Careflow's ADL assessment items. */
    public static final String ADL_ITEM = "https://careflow.dev/fhir/CodeSystem/adl-item";

    /** FHIR's Task codes (fulfill, approve, ...). */
    public static final String TASK_CODE = "http://hl7.org/fhir/CodeSystem/task-code";

    public static final String LOINC = "http://loinc.org";
    public static final String SNOMED = "http://snomed.info/sct";
    public static final String ICD_10_CM = "http://hl7.org/fhir/sid/icd-10-cm";
    public static final String UCUM = "http://unitsofmeasure.org";

    public static final String CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
    public static final String CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status";
    public static final String CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category";

    public static final String V3_DATA_OPERATION = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";
    public static final String V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public static final String PROVENANCE_PARTICIPANT_TYPE =
            "http://terminology.hl7.org/CodeSystem/provenance-participant-type";

    /** HL7 v2 table 0003 (event type) and 0023 (admit source). */
    public static final String V2_0003 = "http://terminology.hl7.org/CodeSystem/v2-0003";

    public static final String V2_0023 = "http://terminology.hl7.org/CodeSystem/v2-0023";

    /** The SDOH Clinical Care IG's temporary codes. */
    public static final String SDOHCC_TEMPORARY_CODES =
            "http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes";

    /** HL7's Goal achievement statuses (in-progress, improving, achieved, ...). */
    public static final String GOAL_ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement";

    /** US Core's CarePlan category ({@code assess-plan}). */
    public static final String US_CORE_CAREPLAN_CATEGORY = "http://hl7.org/fhir/us/core/CodeSystem/careplan-category";

    /** HL7's example List codes ({@code medications}: a medication list). */
    public static final String LIST_EXAMPLE_USE = "http://terminology.hl7.org/CodeSystem/list-example-use-codes";

    /**
     * Da Vinci Unsolicited Notifications' event codes (hl7.fhir.us.davinci-alerts): referenced, not republished; the
     * validator warns on its codes instead of refusing them ({@code platform.ReferencedCodeSystems}).
     */
    public static final String DAVINCI_NOTIFICATION_EVENT =
            "http://hl7.org/fhir/us/davinci-alerts/CodeSystem/notification-event";

    /** Careflow's care programmes (ccm, complex-ccm, pcm, tcm, apcm, bhi, cocm, rpm, ...): EpisodeOfCare.type. */
    public static final String CARE_PROGRAMME = "https://careflow.dev/fhir/CodeSystem/care-programme";

    /** AMA's CPT codes (billing: 99490, 99495, ...). */
    public static final String CPT = "http://www.ama-assn.org/go/cpt";

    /** HCPCS Level II (terminology.hl7.org's URL): APCM's G0556-G0558. */
    public static final String HCPCS = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";

    /** FHIR R4's Consent scopes ({@code treatment} for a care-management programme). */
    public static final String CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope";

    /** FHIR R4's Coverage class types ({@code subplan}: where Careflow reads the CMS dual status code). */
    public static final String COVERAGE_CLASS = "http://terminology.hl7.org/CodeSystem/coverage-class";
}
