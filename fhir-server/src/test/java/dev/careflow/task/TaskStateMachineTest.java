package dev.careflow.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class TaskStateMachineTest {

    private static final Set<TaskStatus> REAL = EnumSet.complementOf(EnumSet.of(TaskStatus.NULL));

    /** Every transition the machine allows, written out once more by hand from the FHIR diagram. */
    static Stream<Arguments> allowed() {
        return Stream.of(
                        "draft>requested",
                        "draft>ready",
                        "draft>cancelled",
                        "requested>received",
                        "requested>accepted",
                        "requested>rejected",
                        "requested>ready",
                        "requested>in-progress",
                        "requested>on-hold",
                        "requested>completed",
                        "requested>cancelled",
                        "received>accepted",
                        "received>rejected",
                        "received>ready",
                        "received>in-progress",
                        "received>on-hold",
                        "received>cancelled",
                        "accepted>ready",
                        "accepted>in-progress",
                        "accepted>on-hold",
                        "accepted>completed",
                        "accepted>cancelled",
                        "accepted>failed",
                        "ready>in-progress",
                        "ready>on-hold",
                        "ready>completed",
                        "ready>cancelled",
                        "ready>failed",
                        "in-progress>on-hold",
                        "in-progress>completed",
                        "in-progress>cancelled",
                        "in-progress>failed",
                        "on-hold>requested",
                        "on-hold>ready",
                        "on-hold>in-progress",
                        "on-hold>cancelled",
                        "on-hold>failed")
                .map(pair -> pair.split(">"))
                .map(pair -> Arguments.of(TaskStatus.fromCode(pair[0]), TaskStatus.fromCode(pair[1])));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("allowed")
    void allowedTransition_isAccepted(TaskStatus from, TaskStatus to) {
        assertThat(TaskStateMachine.allows(from, to)).isTrue();
        assertThat(TaskStateMachine.checkUpdate(task(from), withReason(task(to))))
                .isEmpty();
    }

    @Test
    void exactlyTheListedTransitionsAndEnteredInErrorAreAllowed() {
        Set<String> listed = new java.util.HashSet<>();
        allowed().forEach(a -> listed.add(a.get()[0] + ">" + a.get()[1]));
        for (TaskStatus from : REAL) {
            for (TaskStatus to : REAL) {
                boolean expected = from == to
                        || listed.contains(from + ">" + to)
                        || (to == TaskStatus.ENTEREDINERROR && from != TaskStatus.ENTEREDINERROR);
                assertThat(TaskStateMachine.allows(from, to))
                        .as(from.toCode() + " -> " + to.toCode())
                        .isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "completed, in-progress",
        "completed, requested",
        "cancelled, requested",
        "rejected, accepted",
        "failed, in-progress",
        "entered-in-error, requested",
        "draft, completed",
        "draft, in-progress",
        "in-progress, requested",
        "accepted, received",
        "in-progress, rejected"
    })
    void forbiddenTransition_isRefusedNamingBothStates(String from, String to) {
        var problems = TaskStateMachine.checkUpdate(
                task(TaskStatus.fromCode(from)), withReason(task(TaskStatus.fromCode(to))));

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).contains("'" + from + "'").contains("'" + to + "'");
    }

    @Test
    void finalStates_sayTheyAreFinalOrOnlyCorrectable() {
        assertThat(TaskStateMachine.checkUpdate(task(TaskStatus.ENTEREDINERROR), task(TaskStatus.REQUESTED)))
                .singleElement()
                .asString()
                .contains("'entered-in-error' is final");
        for (TaskStatus end :
                EnumSet.of(TaskStatus.COMPLETED, TaskStatus.CANCELLED, TaskStatus.REJECTED, TaskStatus.FAILED)) {
            assertThat(TaskStateMachine.isFinal(end)).as(end.toCode()).isTrue();
            assertThat(TaskStateMachine.next(end)).containsExactly(TaskStatus.ENTEREDINERROR);
        }
        assertThat(TaskStateMachine.isFinal(TaskStatus.ONHOLD)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"rejected", "cancelled", "failed", "on-hold"})
    void statesThatNeedAReason_areRefusedWithoutOne(String status) {
        TaskStatus to = TaskStatus.fromCode(status);
        TaskStatus from = to == TaskStatus.REJECTED ? TaskStatus.REQUESTED : TaskStatus.INPROGRESS;

        assertThat(TaskStateMachine.checkUpdate(task(from), task(to)))
                .singleElement()
                .asString()
                .contains("statusReason");
        assertThat(TaskStateMachine.checkUpdate(task(from), withReason(task(to))))
                .isEmpty();
    }

    @Test
    void keepingTheStatus_isAlwaysAllowed_evenWhenFinal() {
        for (TaskStatus status : REAL) {
            assertThat(TaskStateMachine.checkUpdate(withReason(task(status)), withReason(task(status))))
                    .as(status.toCode())
                    .isEmpty();
        }
        // A cancelled Task stored before the rule existed may still be annotated without a reason.
        assertThat(TaskStateMachine.checkUpdate(task(TaskStatus.CANCELLED), task(TaskStatus.CANCELLED)))
                .isEmpty();
    }

    @Test
    void creation_isAllowedInAnyState_butEndingsStillNeedTheirReason() {
        for (TaskStatus status : REAL) {
            assertThat(TaskStateMachine.checkCreate(withReason(task(status))))
                    .as(status.toCode())
                    .isEmpty();
        }
        for (TaskStatus status :
                EnumSet.of(TaskStatus.REJECTED, TaskStatus.CANCELLED, TaskStatus.FAILED, TaskStatus.ONHOLD)) {
            assertThat(TaskStateMachine.checkCreate(task(status)))
                    .as(status.toCode())
                    .singleElement()
                    .asString()
                    .contains("statusReason");
        }
    }

    @Test
    void creationWithoutStatus_isRefused_statusIsOneToOne() {
        assertThat(TaskStateMachine.checkCreate(new Task().setIntent(Task.TaskIntent.ORDER)))
                .singleElement()
                .asString()
                .contains("Task.status is required");
    }

    @Test
    void removingTheStatus_isRefusedFromEveryState_soNoFinalTaskIsReopened() {
        for (TaskStatus status : REAL) {
            assertThat(TaskStateMachine.checkUpdate(
                            withReason(task(status)), withReason(new Task().setIntent(Task.TaskIntent.ORDER))))
                    .as(status.toCode())
                    .singleElement()
                    .asString()
                    .contains("Task.status is required")
                    .contains("'" + status.toCode() + "'");
        }
    }

    @Test
    void aTaskStoredWithoutStatus_mayTakeOneOnItsNextWrite() {
        assertThat(TaskStateMachine.checkUpdate(new Task(), task(TaskStatus.REQUESTED)))
                .isEmpty();
    }

    private static Task task(TaskStatus status) {
        return new Task().setStatus(status).setIntent(Task.TaskIntent.ORDER);
    }

    private static Task withReason(Task task) {
        return task.setStatusReason(new CodeableConcept().setText("because"));
    }
}
