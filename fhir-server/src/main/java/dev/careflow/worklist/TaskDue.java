package dev.careflow.worklist;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Task;

/** When a Task is due ({@code restriction.period.end}), and whether it is open or overdue at a given moment. */
public final class TaskDue {

    public static final String BUSINESS_STATUS = "https://careflow.dev/fhir/CodeSystem/task-business-status";
    public static final String OVERDUE = "overdue";

    private TaskDue() {}

    public static boolean isOpen(Task task) {
        return switch (task.getStatus()) {
            case COMPLETED, CANCELLED, FAILED, ENTEREDINERROR, REJECTED, NULL -> false;
            default -> true;
        };
    }

    /** The last moment the Task may be done in time: the end of its due date in the zone, or its due instant. */
    public static Optional<Instant> deadline(Task task, ZoneId zone) {
        DateTimeType end = task.getRestriction().getPeriod().getEndElement();
        if (end == null || end.isEmpty() || end.getValue() == null) {
            return Optional.empty();
        }
        if (end.getPrecision().ordinal() <= ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY.ordinal()) {
            LocalDate date = LocalDate.parse(end.getValueAsString().substring(0, 10));
            return Optional.of(date.plusDays(1).atStartOfDay(zone).toInstant());
        }
        return Optional.of(end.getValue().toInstant());
    }

    /** Open and past its deadline. */
    public static boolean isOverdue(Task task, Instant now, ZoneId zone) {
        return isOpen(task) && deadline(task, zone).map(now::isAfter).orElse(false);
    }

    public static boolean isMarkedOverdue(Task task) {
        return task.getBusinessStatus().hasCoding(BUSINESS_STATUS, OVERDUE);
    }
}
