package dev.careflow.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.testing.FixtureRepository;
import dev.careflow.vocabulary.CodeSystems;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** The overdue job on a fixed Friday morning in New York (2026-11-20, 10:00). */
class OverdueTasksTest {

    private static final Clock FRIDAY_10AM =
            Clock.fixed(Instant.parse("2026-11-20T15:00:00Z"), ZoneId.of("America/New_York"));

    private final FixtureRepository repository = FixtureRepository.load("task/overdue");
    private final OverdueTasks overdue = new OverdueTasks(repository, FRIDAY_10AM);

    @Test
    void marksOpenTasksPastTheirDeadline_once() {
        assertThat(overdue.markAll()).isEqualTo(3);
        assertThat(overdue.markAll()).isZero();

        List<String> marked = repository.all(Task.class).stream()
                .filter(TaskDue::isMarkedOverdue)
                .map(t -> t.getIdElement().getIdPart())
                .toList();
        assertThat(marked).containsExactlyInAnyOrder("late", "sender-status", "due-this-morning", "already-marked");
        assertThat(task("already-marked").getMeta().getVersionId()).isEqualTo("1");
        assertThat(task("due-today").hasBusinessStatus()).isFalse();
        assertThat(task("done-late").hasBusinessStatus()).isFalse();
    }

    @Test
    void addsOverdueBesideTheSendersBusinessStatus_keepingTheirTextAndCoding() {
        overdue.markAll();

        Task task = task("sender-status");
        assertThat(task.getBusinessStatus().getText()).isEqualTo("Waiting for the patient to call back");
        assertThat(task.getBusinessStatus().hasCoding("https://ehr.example.org/task-status", "awaiting-callback"))
                .isTrue();
        assertThat(task.getBusinessStatus().hasCoding(CodeSystems.TASK_BUSINESS_STATUS, TaskDue.OVERDUE))
                .isTrue();
        assertThat(task.getBusinessStatus().getCoding()).hasSize(2);
    }

    @Test
    void markingTwice_addsOneCoding() {
        Task task = task("late");
        TaskDue.markOverdue(task);
        TaskDue.markOverdue(task);
        assertThat(task.getBusinessStatus().getCoding()).hasSize(1);
    }

    private Task task(String id) {
        return repository.read(Task.class, new org.hl7.fhir.r4.model.IdType("Task", id));
    }
}
