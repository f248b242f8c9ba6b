package dev.careflow.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.vocabulary.CodeSystems;
import java.util.List;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** PHQ-9 item 9 above zero reaches the care manager and the supervising clinician today, once. */
class SafetyEscalationServiceTest {

    @Test
    void item9AboveZero_raisesAnUrgentTaskForEachRecipient_andASafetyFlag() {
        AssessmentFixtures world = AssessmentFixtures.load("phq9-item9");

        world.storeAgain("phq9-item9");

        List<Task> tasks = world.all(Task.class);
        assertThat(tasks)
                .extracting(t -> t.getOwner().getReference())
                .containsExactlyInAnyOrder(
                        AssessmentFixtures.CARE_MANAGER.getReference(), AssessmentFixtures.SUPERVISOR.getReference());
        assertThat(tasks).allSatisfy(task -> {
            assertThat(task.getPriority()).isEqualTo(Task.TaskPriority.STAT);
            assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
            assertThat(task.getCode().hasCoding(CodeSystems.CARE_TASK, "safety-review"))
                    .isTrue();
            assertThat(task.getFocus().getReference()).isEqualTo("QuestionnaireResponse/phq9-item9");
            assertThat(task.getFor().getReference()).isEqualTo("Patient/p1");
            assertThat(task.getRestriction().getPeriod().getEndElement().getValueAsString())
                    .as("due today in the care team's zone")
                    .isEqualTo("2026-11-20");
            assertThat(task.getDescription()).contains("Several days");
        });
        Flag flag = world.all(Flag.class).get(0);
        assertThat(world.all(Flag.class)).hasSize(1);
        assertThat(flag.getStatus()).isEqualTo(Flag.FlagStatus.ACTIVE);
        assertThat(flag.getCategoryFirstRep().hasCoding(EscalationResources.FLAG_CATEGORY, "safety"))
                .isTrue();
        assertThat(flag.getSubject().getReference()).isEqualTo("Patient/p1");
    }

    @Test
    void storingTheResponseAgain_raisesNothingTwice() {
        AssessmentFixtures world = AssessmentFixtures.load("phq9-item9");

        world.storeAgain("phq9-item9");
        world.storeAgain("phq9-item9");

        assertThat(world.all(Task.class)).hasSize(2);
        assertThat(world.all(Flag.class)).hasSize(1);
    }

    @Test
    void aCorrectionWithoutTheSignal_cancelsOpenTasks_leavesWorkedOnesAlone_andRetiresTheFlag() {
        AssessmentFixtures world = AssessmentFixtures.load("phq9-item9");
        world.storeAgain("phq9-item9");
        Task started = world.all(Task.class).stream()
                .filter(t -> t.getOwner().getReference().equals(AssessmentFixtures.SUPERVISOR.getReference()))
                .findFirst()
                .orElseThrow();
        world.repository.update(started.setStatus(Task.TaskStatus.INPROGRESS));
        world.repository.update(started.setStatus(Task.TaskStatus.COMPLETED));

        QuestionnaireResponse corrected = world.response("phq9-item9");
        corrected.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED);
        corrected.getItem().stream().filter(i -> i.getLinkId().equals("phq9-9")).forEach(i -> i.getAnswerFirstRep()
                .setValue(new Coding(CodeSystems.LOINC, "LA6568-5", "Not at all")));
        world.store(corrected);

        assertThat(world.all(Task.class))
                .extracting(t -> t.getOwner().getReference(), Task::getStatus)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                AssessmentFixtures.CARE_MANAGER.getReference(), Task.TaskStatus.CANCELLED),
                        org.assertj.core.groups.Tuple.tuple(
                                AssessmentFixtures.SUPERVISOR.getReference(), Task.TaskStatus.COMPLETED));
        assertThat(world.all(Flag.class).get(0).getStatus()).isEqualTo(Flag.FlagStatus.ENTEREDINERROR);
    }
}
