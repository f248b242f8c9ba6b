package dev.careflow.task;

import static org.hl7.fhir.r4.model.Task.TaskStatus.ACCEPTED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.CANCELLED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.COMPLETED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.DRAFT;
import static org.hl7.fhir.r4.model.Task.TaskStatus.ENTEREDINERROR;
import static org.hl7.fhir.r4.model.Task.TaskStatus.FAILED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.INPROGRESS;
import static org.hl7.fhir.r4.model.Task.TaskStatus.ONHOLD;
import static org.hl7.fhir.r4.model.Task.TaskStatus.READY;
import static org.hl7.fhir.r4.model.Task.TaskStatus.RECEIVED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.REJECTED;
import static org.hl7.fhir.r4.model.Task.TaskStatus.REQUESTED;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;

/**
 * FHIR R4's Task state machine (the diagram on the Task page), as Careflow enforces it on every write.
 *
 * <p>A Task moves forward from draft through requested, received and accepted (the last two are optional: a performer
 * may start, or a care manager complete, a requested Task at once), may be paused (on-hold) and resumed, and ends in
 * one of completed, cancelled, rejected or failed, which are final. Any state may be corrected to entered-in-error,
 * which is final too. A write that keeps the status is always allowed (a note, an output, a new due date). Rejected,
 * cancelled, failed and on-hold need a {@code statusReason}, also on creation.
 *
 * <p>{@code status} is required (1..1 in R4): a Task created without one, or a write that removes it (a PUT without
 * it, a JSON Patch {@code remove /status}), is refused, so that no route reopens a final Task through an absent status.
 *
 * <p>A Task is created as a request (draft, requested, received, accepted, ready, in-progress, on-hold) or as the record
 * of work already done elsewhere, in an ending state (completed, cancelled, rejected, failed), such as an EHR's
 * completed visit or a referral its performer already turned down; the last three need their {@code statusReason}
 * then too, and such a Task is final from its first version.
 */
public final class TaskStateMachine {

    private static final Map<TaskStatus, Set<TaskStatus>> NEXT = new EnumMap<>(TaskStatus.class);

    static {
        NEXT.put(DRAFT, EnumSet.of(REQUESTED, READY, CANCELLED));
        NEXT.put(REQUESTED, EnumSet.of(RECEIVED, ACCEPTED, REJECTED, READY, INPROGRESS, ONHOLD, COMPLETED, CANCELLED));
        NEXT.put(RECEIVED, EnumSet.of(ACCEPTED, REJECTED, READY, INPROGRESS, ONHOLD, CANCELLED));
        NEXT.put(ACCEPTED, EnumSet.of(READY, INPROGRESS, ONHOLD, COMPLETED, CANCELLED, FAILED));
        NEXT.put(READY, EnumSet.of(INPROGRESS, ONHOLD, COMPLETED, CANCELLED, FAILED));
        NEXT.put(INPROGRESS, EnumSet.of(ONHOLD, COMPLETED, CANCELLED, FAILED));
        NEXT.put(ONHOLD, EnumSet.of(REQUESTED, READY, INPROGRESS, CANCELLED, FAILED));
        for (TaskStatus end : List.of(COMPLETED, CANCELLED, REJECTED, FAILED, ENTEREDINERROR)) {
            NEXT.put(end, EnumSet.noneOf(TaskStatus.class));
        }
        for (TaskStatus any : TaskStatus.values()) {
            if (any != TaskStatus.NULL && any != ENTEREDINERROR) {
                NEXT.get(any).add(ENTEREDINERROR);
            }
        }
    }

    private static final Set<TaskStatus> NEED_REASON = EnumSet.of(REJECTED, CANCELLED, FAILED, ONHOLD);

    private TaskStateMachine() {}

    /** Whether a Task may go from one state to the other. */
    public static boolean allows(TaskStatus from, TaskStatus to) {
        return from == to || NEXT.getOrDefault(from, Set.of()).contains(to);
    }

    /** The states a Task in this state may move to (itself excluded). */
    public static Set<TaskStatus> next(TaskStatus from) {
        return Set.copyOf(NEXT.getOrDefault(from, Set.of()));
    }

    public static boolean isFinal(TaskStatus status) {
        return NEXT.getOrDefault(status, Set.of()).isEmpty() || NEXT.get(status).equals(EnumSet.of(ENTEREDINERROR));
    }

    /**
     * What is wrong with creating this Task, or nothing. A Task needs a status. It may be created in any state, since
     * EHRs send the record of work already completed, rejected, cancelled or failed, but those still need their reason.
     */
    public static List<String> checkCreate(Task task) {
        if (!hasStatus(task)) {
            return List.of(STATUS_REQUIRED);
        }
        return checkReason(task);
    }

    private static final String STATUS_REQUIRED = "Task.status is required (1..1 in FHIR R4)";

    private static boolean hasStatus(Task task) {
        return task.getStatus() != null && task.getStatus() != TaskStatus.NULL;
    }

    /** What is wrong with this change of a Task, or nothing. */
    public static List<String> checkUpdate(Task previous, Task current) {
        List<String> problems = new ArrayList<>();
        TaskStatus from = hasStatus(previous) ? previous.getStatus() : null;
        if (!hasStatus(current)) {
            return List.of(STATUS_REQUIRED + ": a write may not remove it"
                    + (from == null ? "" : " (it is '" + from.toCode() + "')"));
        }
        TaskStatus to = current.getStatus();
        // A Task stored without a status (before this rule) may take any status once: there is no state to leave.
        if (from != null && !allows(from, to)) {
            Set<TaskStatus> next = next(from);
            problems.add("Task status cannot change from '" + from.toCode() + "' to '" + to.toCode() + "': "
                    + (next.isEmpty()
                            ? "'" + from.toCode() + "' is final"
                            : "from '" + from.toCode() + "' it may become " + codes(next)));
        }
        if (from != to) {
            problems.addAll(checkReason(current));
        }
        return problems;
    }

    private static List<String> checkReason(Task task) {
        if (NEED_REASON.contains(task.getStatus()) && task.getStatusReason().isEmpty()) {
            return List.of("A Task with status '" + task.getStatus().toCode() + "' needs a statusReason saying why");
        }
        return List.of();
    }

    private static String codes(Set<TaskStatus> statuses) {
        return String.join(
                ", ",
                EnumSet.copyOf(statuses).stream()
                        .map(s -> "'" + s.toCode() + "'")
                        .toList());
    }
}
