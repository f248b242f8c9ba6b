package dev.careflow.task;

import ca.uhn.fhir.rest.param.TokenParam;
import dev.careflow.platform.Query;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;

/**
 * What an open Task is, once for searches and in-memory checks alike: one whose status is not final in {@link
 * TaskStateMachine} (draft, requested, received, accepted, ready, in-progress, on-hold). A Task without a status (a
 * HAPI placeholder, or one stored before the state machine required it) is not open: a {@code status=} search cannot
 * find it, so the predicate does not count it either.
 */
public final class OpenTasks {

    /** The open statuses, in the order of the FHIR diagram. */
    public static final Set<TaskStatus> STATUSES = EnumSet.copyOf(Arrays.stream(TaskStatus.values())
            .filter(status -> status != TaskStatus.NULL && !TaskStateMachine.isFinal(status))
            .toList());

    private OpenTasks() {}

    /** Whether the Task is open (false for a Task without a status). */
    public static boolean isOpen(Task task) {
        return task.getStatus() != null && STATUSES.contains(task.getStatus());
    }

    /** A Task search for open Tasks; add the other parameters with {@link Query#and}. */
    public static Query query() {
        return Query.all().and("status", statusTokens());
    }

    /** The open statuses as the values of a {@code status} search parameter. */
    public static List<TokenParam> statusTokens() {
        return STATUSES.stream().map(status -> new TokenParam(status.toCode())).toList();
    }
}
