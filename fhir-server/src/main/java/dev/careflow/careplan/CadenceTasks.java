package dev.careflow.careplan;

import dev.careflow.task.TaskDue;
import dev.careflow.vocabulary.CodeSystems;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.Optional;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * The Tasks a cadence raises and when they are due (pure): the first one interval after the plan became active; the
 * next one interval after the previous one was done, or after its due date when it fell due undone, never in the past.
 * Each carries an identifier made of the plan, the care task and the Task it follows (or, for the first, its due date).
 */
final class CadenceTasks {

    static final String CADENCE_IDENTIFIER = "https://careflow.dev/fhir/task-cadence";

    private CadenceTasks() {}

    /** Whether the Task was raised by a cadence. */
    static boolean isCadenceTask(Task task) {
        return task.getIdentifier().stream().anyMatch(i -> CADENCE_IDENTIFIER.equals(i.getSystem()));
    }

    /** The care task code of a Task ("" when it has none). */
    static String careTask(Task task) {
        return task.getCode().getCoding().stream()
                .filter(c -> CodeSystems.CARE_TASK.equals(c.getSystem()))
                .map(Coding::getCode)
                .findFirst()
                .orElse("");
    }

    /** When the successor of a cadence Task that was just completed (or fell due, {@code completed} false) is due. */
    static LocalDate nextDue(Task current, boolean completed, Cadence cadence, LocalDate today, ZoneId zone) {
        LocalDate due = TaskDue.dueDate(current).orElseThrow();
        LocalDate from = !completed
                ? due
                : current.getExecutionPeriod().hasEnd()
                        ? LocalDate.ofInstant(
                                current.getExecutionPeriod().getEnd().toInstant(), zone)
                        : today;
        LocalDate next = from.plus(cadence.every());
        return next.isBefore(today) ? today : next;
    }

    /** The identifier value: the first of a plan is keyed by its due date, each next one by the Task it follows. */
    static String key(String planId, Cadence cadence, LocalDate due, Optional<Task> previous) {
        return planId + "|" + cadence.code() + "|"
                + previous.map(p -> "after:" + p.getIdElement().getIdPart()).orElse("first:" + due);
    }

    /** The Task, owned by whoever owned the previous one, else by the plan's author. */
    static Task task(CarePlan plan, Cadence cadence, LocalDate due, Optional<Task> previous, Instant now) {
        String planId = plan.getIdElement().toUnqualifiedVersionless().getValue();
        Task task = new Task();
        task.addIdentifier().setSystem(CADENCE_IDENTIFIER).setValue(key(planId, cadence, due, previous));
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setCode(new CodeableConcept(new Coding(CodeSystems.CARE_TASK, cadence.code(), cadence.display())));
        task.setDescription(cadence.display() + " (every " + cadence.every().getDays() + " days, per the care plan)");
        task.setFor(new Reference(plan.getSubject().getReference()));
        task.addBasedOn(new Reference(planId));
        cadence.request().ifPresent(request -> task.addBasedOn(new Reference(request)));
        task.setAuthoredOn(Date.from(now));
        task.getRestriction().getPeriod().setEndElement(new DateTimeType(due.toString()));
        Optional<Reference> owner = previous.filter(Task::hasOwner)
                .map(p -> p.getOwner().copy())
                .or(() -> plan.hasAuthor() ? Optional.of(plan.getAuthor().copy()) : Optional.empty());
        owner.ifPresent(task::setOwner);
        return task;
    }
}
