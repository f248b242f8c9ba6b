package dev.careflow.task;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.param.TokenParam;
import dev.careflow.platform.Stored;
import dev.careflow.testing.FixtureRepository;
import java.util.Arrays;
import java.util.List;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;

class OpenTasksTest {

    @Test
    void openStatuses_areThoseTheStateMachineLetsMoveOn() {
        assertThat(OpenTasks.statusTokens())
                .extracting(TokenParam::getValue)
                .containsExactly("draft", "requested", "received", "accepted", "ready", "in-progress", "on-hold");
    }

    @Test
    void searchAndPredicate_agree_onEveryStatus_andOnATaskWithoutOne() {
        FixtureRepository repository = FixtureRepository.empty();
        for (TaskStatus status : TaskStatus.values()) {
            Task task = new Task().setIntent(Task.TaskIntent.ORDER);
            task.setId(status == TaskStatus.NULL ? "none" : status.toCode());
            if (status != TaskStatus.NULL) {
                task.setStatus(status);
            }
            repository.with(task);
        }
        List<String> found = Stored.search(repository, Task.class, OpenTasks.query()).stream()
                .map(t -> t.getIdElement().getIdPart())
                .sorted()
                .toList();
        List<String> open = repository.all(Task.class).stream()
                .filter(OpenTasks::isOpen)
                .map(t -> t.getIdElement().getIdPart())
                .sorted()
                .toList();
        assertThat(found).isEqualTo(open).hasSize(7).doesNotContain("none");
        assertThat(Arrays.stream(TaskStatus.values()).filter(s -> OpenTasks.STATUSES.contains(s)))
                .noneMatch(TaskStateMachine::isFinal);
    }
}
