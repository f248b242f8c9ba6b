package dev.careflow.task;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import dev.careflow.vocabulary.CodeSystems;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Task;

/**
 * When a Task is due ({@code restriction.period.end}), read in one place, and whether it is overdue at a given moment.
 */
public final class TaskDue {

    /** The business status the overdue job adds (CodeSystem {@code task-business-status}). */
    public static final String OVERDUE = "overdue";

    private TaskDue() {}

    /**
     * The calendar date a Task is due: the date of its {@code restriction.period.end} as the sender wrote it (in the
     * sender's own offset, not converted to UTC); a year or a month stands for its first day.
     */
    public static Optional<LocalDate> dueDate(Task task) {
        DateTimeType end = task.getRestriction().getPeriod().getEndElement();
        String text = end.getValueAsString();
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        if (text.length() <= 10) {
            return Optional.of(
                    LocalDate.parse(text.length() == 4 ? text + "-01-01" : text.length() == 7 ? text + "-01" : text));
        }
        return Optional.of(OffsetDateTime.parse(text).toLocalDate());
    }

    /** The last moment the Task may be done in time: the end of its due date in the zone, or its due instant. */
    public static Optional<Instant> deadline(Task task, ZoneId zone) {
        DateTimeType end = task.getRestriction().getPeriod().getEndElement();
        if (end == null || end.isEmpty() || end.getValue() == null) {
            return Optional.empty();
        }
        if (end.getPrecision().ordinal() <= TemporalPrecisionEnum.DAY.ordinal()) {
            return dueDate(task).map(date -> date.plusDays(1).atStartOfDay(zone).toInstant());
        }
        return Optional.of(end.getValue().toInstant());
    }

    /** Open and past its deadline. */
    public static boolean isOverdue(Task task, Instant now, ZoneId zone) {
        return OpenTasks.isOpen(task) && deadline(task, zone).map(now::isAfter).orElse(false);
    }

    /**
     * Marks the Task overdue: the {@code overdue} coding is added beside what its sender put in {@code businessStatus}
     * (their text and codings stay); a Task already marked is left as it is.
     */
    public static void markOverdue(Task task) {
        if (!isMarkedOverdue(task)) {
            task.getBusinessStatus().addCoding(new Coding(CodeSystems.TASK_BUSINESS_STATUS, OVERDUE, "Overdue"));
        }
    }

    /** Whether the overdue job (or anyone) marked the Task overdue. */
    public static boolean isMarkedOverdue(Task task) {
        return task.getBusinessStatus().hasCoding(CodeSystems.TASK_BUSINESS_STATUS, OVERDUE);
    }
}
