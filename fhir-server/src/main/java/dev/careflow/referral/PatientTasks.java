package dev.careflow.referral;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Task;

/**
 * Patient-facing Tasks (Gravity SDOH): work the patient does, such as contacting a food bank ({@code make-contact}),
 * reading material ({@code review-material}), noting information ({@code general-information}) or filling in a
 * questionnaire ({@code complete-questionnaire}). Such a Task is for the patient and owned by the patient (or a
 * RelatedPerson acting for them); a questionnaire task names the Questionnaire to fill in, and once completed, the
 * QuestionnaireResponse.
 */
public final class PatientTasks {

    static final String GRAVITY = dev.careflow.vocabulary.CodeSystems.SDOHCC_TEMPORARY_CODES;
    static final String SDC = "http://hl7.org/fhir/uv/sdc/CodeSystem/temp";
    static final Set<String> GRAVITY_CODES = Set.of("make-contact", "review-material", "general-information");

    private PatientTasks() {}

    /** A Task with one of the patient-facing codes. */
    public static boolean isPatientTask(Task task) {
        return task.getCode().getCoding().stream().anyMatch(PatientTasks::isPatientCode);
    }

    private static boolean isPatientCode(Coding coding) {
        return (GRAVITY.equals(coding.getSystem()) && GRAVITY_CODES.contains(coding.getCode()))
                || (SDC.equals(coding.getSystem()) && "complete-questionnaire".equals(coding.getCode()));
    }

    /** What is wrong with this patient-facing Task, or nothing (and nothing for any other Task). */
    public static List<String> check(Task task) {
        if (!isPatientTask(task)) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        String patient = task.getFor().getReference();
        String owner = task.getOwner().getReference();
        if (patient == null || !patient.startsWith("Patient/")) {
            problems.add("A patient task (" + code(task) + ") must be for a Patient (Task.for)");
        } else if (owner == null || !(same(owner, patient) || owner.startsWith("RelatedPerson/"))) {
            problems.add("A patient task (" + code(task) + ") must be owned by its patient " + patient
                    + " or a RelatedPerson acting for them, not " + (owner == null ? "no one" : owner));
        }
        if ("complete-questionnaire".equals(code(task))) {
            boolean namesQuestionnaire = task.getInput().stream()
                    .anyMatch(i -> i.getValue() != null
                            && (i.getValue().fhirType().equals("canonical")
                                    || i.getValue().fhirType().equals("uri")
                                    || i.getValue().fhirType().equals("url")));
            if (!namesQuestionnaire) {
                problems.add("A complete-questionnaire task names the Questionnaire to fill in as an input"
                        + " (valueCanonical)");
            }
            boolean answered = task.getOutput().stream()
                    .anyMatch(o -> o.getValue() instanceof org.hl7.fhir.r4.model.Reference r
                            && r.getReferenceElement().getResourceType() != null
                            && r.getReferenceElement().getResourceType().equals("QuestionnaireResponse"));
            if (task.getStatus() == Task.TaskStatus.COMPLETED && !answered) {
                problems.add("A completed complete-questionnaire task points at the QuestionnaireResponse as an"
                        + " output");
            }
        }
        return problems;
    }

    private static String code(Task task) {
        return task.getCode().getCoding().stream()
                .filter(PatientTasks::isPatientCode)
                .map(Coding::getCode)
                .findFirst()
                .orElse("");
    }

    private static boolean same(String reference, String other) {
        return new IdType(reference)
                .toUnqualifiedVersionless()
                .getValue()
                .equals(new IdType(other).toUnqualifiedVersionless().getValue());
    }
}
