package dev.careflow.task;

import dev.careflow.vocabulary.CodeSystems;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Task;

/**
 * Careflow's care-management work items: the codes of CodeSystem {@code care-task} in the {@code terminology} package
 * ({@code CareTaskTest} checks both agree), used as {@code Task.code}.
 */
public enum CareTask {
    TCM_INTERACTIVE_CONTACT("tcm-interactive-contact", "TCM interactive contact"),
    TCM_FACE_TO_FACE_VISIT("tcm-face-to-face-visit", "TCM face-to-face visit"),
    MEDICATION_RECONCILIATION("medication-reconciliation", "Medication reconciliation"),
    FOLLOW_UP_CALL("follow-up-call", "Follow-up call"),
    ADMISSION_NOTICE("admission-notice", "Admission notice"),
    READMISSION_REVIEW("readmission-review", "Readmission review"),
    RE_REFERRAL("re-referral", "Re-referral"),
    REFERRAL_FOLLOW_UP("referral-follow-up", "Referral follow-up"),
    CARE_PLAN_REVIEW("care-plan-review", "Care plan review"),
    COMPLETE_ASSESSMENT("complete-assessment", "Complete assessment"),
    PATIENT_EDUCATION("patient-education", "Patient education"),
    POSITIVE_SCREEN_REVIEW("positive-screen-review", "Positive screen review"),
    SAFETY_REVIEW("safety-review", "Urgent safety review");

    /** The Tasks of transitional care management: the interactive contact, the visit, the reconciliation. */
    public static final Set<CareTask> TCM =
            EnumSet.of(TCM_INTERACTIVE_CONTACT, TCM_FACE_TO_FACE_VISIT, MEDICATION_RECONCILIATION);

    private final String code;
    private final String display;

    CareTask(String code, String display) {
        this.code = code;
        this.display = display;
    }

    public String code() {
        return code;
    }

    public String display() {
        return display;
    }

    /** This code as a Coding of {@link CodeSystems#CARE_TASK}. */
    public Coding coding() {
        return new Coding(CodeSystems.CARE_TASK, code, display);
    }

    /** This code as a {@code Task.code}. */
    public CodeableConcept concept() {
        return new CodeableConcept(coding());
    }

    /** Whether the concept carries this code. */
    public boolean in(CodeableConcept concept) {
        return concept.hasCoding(CodeSystems.CARE_TASK, code);
    }

    /** The care-task code of a Task, if it has one. */
    public static Optional<CareTask> of(Task task) {
        return Arrays.stream(values()).filter(c -> c.in(task.getCode())).findFirst();
    }

    /** The code, if it is one of care-task. */
    public static Optional<CareTask> ofCode(String code) {
        return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
    }

    /** Whether the Task is one of the TCM Tasks. */
    public static boolean isTcm(Task task) {
        return TCM.stream().anyMatch(c -> c.in(task.getCode()));
    }
}
