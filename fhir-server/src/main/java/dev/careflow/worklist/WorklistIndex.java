package dev.careflow.worklist;

import dev.careflow.worklist.WorklistIndexRows.MemberRow;
import dev.careflow.worklist.WorklistIndexRows.TaskRow;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The worklist index's storage: the open Tasks' rows and the care-manager memberships of active CareTeams. Writes join
 * the caller's database transaction ({@link JdbcWorklistIndex}); a test keeps it in memory.
 */
interface WorklistIndex {

    /** Replaces the Task's row: with {@code row}, or by nothing (a Task no longer open, or deleted). */
    void putTask(String id, Optional<TaskRow> row);

    /** Replaces the CareTeam's memberships (none for a CareTeam no longer active, or deleted). */
    void putTeam(String id, List<MemberRow> rows);

    /** The patients these members manage as care manager, in the order of their references. */
    Set<String> patientsOf(Collection<String> members);

    /** The rows of the open Tasks owned by these references. */
    List<TaskRow> ownedBy(Collection<String> owners);

    /** The rows of the open Tasks for these patients. */
    List<TaskRow> of(Collection<String> patients);
}
