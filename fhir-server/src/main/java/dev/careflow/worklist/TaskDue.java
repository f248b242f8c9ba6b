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

    /** The statuses of an open Task, as search codes; the others are final. */
    public static final java.util.List<String> OPEN_STATUSES =
            java.util.List.of("draft", "requested", "received", "accepted", "ready", "in-progress", "on-hold");

    private TaskDue() {}

    public static boolean isOpen(Task task) {
        return switch (task.getStatus()) {
            case COMPLETED, CANCELLED, FAILED, ENTEREDINERROR, REJECTED, NULL -> false;
            default -> true;
        };
    }

    /** The calendar date a Task is due: the date of its {@code restriction.period.end}, if it has one. */
    public static Optional<LocalDate> dueDate(Task task) {
        String end = task.getRestriction().getPeriod().getEndElement().getValueAsString();
        return end == null ? Optional.empty() : Optional.of(LocalDate.parse(end.substring(0, 10)));
    }

    /** The last moment the Task may be done in time: the end of its due date in the zone, or its due instant. */
    public static Optional<Instant> deadline(Task task, ZoneId zone) {
        DateTimeType end = task.getRestriction().getPeriod().getEndElement();
        if (end == null || end.isEmpty() || end.getValue() == null) {
            return Optional.empty();
        }
        if (end.getPrecision().ordinal() <= ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY.ordinal()) {
            return dueDate(task).map(date -> date.plusDays(1).atStartOfDay(zone).toInstant());
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
