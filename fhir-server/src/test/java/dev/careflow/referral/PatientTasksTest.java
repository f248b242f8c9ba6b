package dev.careflow.referral;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

class PatientTasksTest {

    private static Task task(String system, String code, String owner) {
        Task task = new Task();
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setCode(new CodeableConcept(new Coding(system, code, null)));
        task.setFor(new Reference("Patient/7"));
        if (owner != null) {
            task.setOwner(new Reference(owner));
        }
        return task;
    }

    @Test
    void aPatientTaskOwnedByThePatientOrARelatedPerson_isFine() {
        assertThat(PatientTasks.check(task(PatientTasks.GRAVITY, "make-contact", "Patient/7")))
                .isEmpty();
        assertThat(PatientTasks.check(task(PatientTasks.GRAVITY, "review-material", "RelatedPerson/3")))
                .isEmpty();
    }

    @Test
    void aPatientTaskOwnedBySomeoneElse_isRefusedNamingBoth() {
        assertThat(PatientTasks.check(task(PatientTasks.GRAVITY, "general-information", "Practitioner/1")))
                .singleElement()
                .asString()
                .contains("Patient/7")
                .contains("Practitioner/1");
        assertThat(PatientTasks.check(task(PatientTasks.GRAVITY, "make-contact", null)))
                .singleElement()
                .asString()
                .contains("no one");
    }

    @Test
    void aQuestionnaireTask_namesItsQuestionnaire_andOnCompletionItsResponse() {
        Task task = task(PatientTasks.SDC, "complete-questionnaire", "Patient/7");
        assertThat(PatientTasks.check(task)).singleElement().asString().contains("Questionnaire to fill in");

        task.addInput()
                .setType(new CodeableConcept().setText("questionnaire"))
                .setValue(new CanonicalType("http://loinc.org/q/88121-9"));
        assertThat(PatientTasks.check(task)).isEmpty();

        task.setStatus(Task.TaskStatus.COMPLETED);
        assertThat(PatientTasks.check(task)).singleElement().asString().contains("QuestionnaireResponse");
        task.addOutput()
                .setType(new CodeableConcept().setText("response"))
                .setValue(new Reference("QuestionnaireResponse/9"));
        assertThat(PatientTasks.check(task)).isEmpty();
    }

    @Test
    void otherTasks_areNotItsConcern() {
        assertThat(PatientTasks.check(task("https://careflow.dev/fhir/CodeSystem/care-task", "follow-up-call", null)))
                .isEmpty();
    }
}
