package dev.careflow.worklist;

import dev.careflow.careteam.CareManagerDirectory;
import dev.careflow.task.OpenTasks;
import dev.careflow.task.TaskDue;
import dev.careflow.vocabulary.CodeSystems;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * What the worklist index holds of a resource, with no storage: an open Task's row (exactly what the worklist's rules
 * and filters read of it) and an active CareTeam's care-manager memberships. A Task that is not open, and a CareTeam
 * that is not active, has no row. {@link #skeleton} turns a row back into a Task that the worklist's rules read as they
 * read the stored one.
 */
final class WorklistIndexRows {

    /**
     * An open Task as the worklist sees it.
     *
     * @param id the Task's id part
     * @param status its status code
     * @param priority its priority code, or null
     * @param owner its owner (versionless reference), or null
     * @param hasOwner whether it has an owner at all (a display-only owner counts: the Task is not unassigned)
     * @param patient its {@code for} (versionless reference), or null
     * @param codes its {@code code} codings, one {@code system TAB code} a line (system empty when absent)
     * @param due its {@code restriction.period.end} as written, or null
     * @param markedOverdue whether its business status carries the {@code overdue} coding
     */
    record TaskRow(
            String id,
            String status,
            String priority,
            String owner,
            boolean hasOwner,
            String patient,
            String codes,
            String due,
            boolean markedOverdue) {}

    /** A care manager ({@code member}, versionless) of a patient ({@code subject}) through an active CareTeam. */
    record MemberRow(String team, String member, String patient) {}

    private WorklistIndexRows() {}

    /** The row of a Task: present when the Task is open. */
    static Optional<TaskRow> row(Task task) {
        if (!OpenTasks.isOpen(task)) {
            return Optional.empty();
        }
        StringBuilder codes = new StringBuilder();
        for (Coding coding : task.getCode().getCoding()) {
            if (coding.getCode() != null) {
                codes.append(coding.getSystem() == null ? "" : coding.getSystem())
                        .append('\t')
                        .append(coding.getCode())
                        .append('\n');
            }
        }
        String due = task.getRestriction().getPeriod().getEndElement().getValueAsString();
        return Optional.of(new TaskRow(
                task.getIdElement().getIdPart(),
                task.getStatus().toCode(),
                task.getPriority() == null || task.getPriority() == Task.TaskPriority.NULL
                        ? null
                        : task.getPriority().toCode(),
                task.getOwner().hasReference()
                        ? WorklistQueries.versionless(task.getOwner().getReference())
                        : null,
                !task.getOwner().isEmpty(),
                WorklistRules.patientOf(task),
                codes.isEmpty() ? null : codes.toString(),
                due == null || due.isEmpty() ? null : due,
                TaskDue.isMarkedOverdue(task)));
    }

    /** The care-manager memberships of a CareTeam: none unless it is active and has a subject. */
    static List<MemberRow> members(CareTeam team) {
        List<MemberRow> rows = new ArrayList<>();
        if (team.getStatus() != CareTeam.CareTeamStatus.ACTIVE
                || !team.getSubject().hasReference()) {
            return rows;
        }
        String id = team.getIdElement().getIdPart();
        String patient = WorklistQueries.versionless(team.getSubject().getReference());
        team.getParticipant().stream()
                .filter(p -> p.getRole().stream()
                        .anyMatch(r ->
                                r.hasCoding(CareManagerDirectory.CARE_TEAM_ROLE, CareManagerDirectory.CARE_MANAGER)))
                .filter(p -> p.getMember().hasReference())
                .map(p -> WorklistQueries.versionless(p.getMember().getReference()))
                .distinct()
                .forEach(member -> rows.add(new MemberRow(id, member, patient)));
        return rows;
    }

    /** A Task carrying what the row holds: the worklist's rules and filters read it as the stored Task. */
    static Task skeleton(TaskRow row) {
        Task task = new Task();
        task.setId("Task/" + row.id());
        task.setStatus(Task.TaskStatus.fromCode(row.status()));
        if (row.priority() != null) {
            task.setPriority(Task.TaskPriority.fromCode(row.priority()));
        }
        if (row.owner() != null) {
            task.setOwner(new Reference(row.owner()));
        } else if (row.hasOwner()) {
            task.setOwner(new Reference().setDisplay("(not a reference)"));
        }
        if (row.patient() != null) {
            task.setFor(new Reference(row.patient()));
        }
        if (row.codes() != null) {
            for (String line : row.codes().split("\n")) {
                int tab = line.indexOf('\t');
                String system = line.substring(0, tab);
                task.getCode().addCoding(new Coding(system.isEmpty() ? null : system, line.substring(tab + 1), null));
            }
        }
        if (row.due() != null) {
            task.getRestriction().getPeriod().setEndElement(new DateTimeType(row.due()));
        }
        if (row.markedOverdue()) {
            task.getBusinessStatus().addCoding(new Coding(CodeSystems.TASK_BUSINESS_STATUS, TaskDue.OVERDUE, null));
        }
        return task;
    }
}
