package dev.careflow.referral;

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
     * What is wrong with creating this Task, or nothing. A Task may be created in any state, since EHRs send the
     * record of work already rejected, cancelled or failed, but those still need their reason.
     */
    public static List<String> checkCreate(Task task) {
        return checkReason(task);
    }

    /** What is wrong with this change of a Task, or nothing. */
    public static List<String> checkUpdate(Task previous, Task current) {
        List<String> problems = new ArrayList<>();
        TaskStatus from = previous.getStatus();
        TaskStatus to = current.getStatus();
        if (from != null && to != null && !allows(from, to)) {
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
