package dev.careflow.worklist;

import dev.careflow.platform.TextArrayStatements;
import dev.careflow.worklist.WorklistIndexRows.MemberRow;
import dev.careflow.worklist.WorklistIndexRows.TaskRow;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The worklist index in two tables of Careflow's own beside HAPI's: {@code careflow_worklist_task} (one row per open
 * Task) and {@code careflow_worklist_member} (one row per care manager of a patient through an active CareTeam), and a
 * version marker ({@code careflow_worklist_index}). Through Spring's {@link JdbcTemplate} on HAPI's DataSource, so every
 * write joins the database transaction of the FHIR write that caused it: the rows commit or roll back with it.
 */
final class JdbcWorklistIndex implements WorklistIndex {

    /** The version of the rows' shape; a database whose marker differs gets its index rebuilt at start. */
    static final int VERSION = 1;

    private static final String COLUMNS =
            "task_id, status, priority, owner, has_owner, patient, codes, due, marked_overdue";

    private static final RowMapper<TaskRow> TASK = (rs, n) -> new TaskRow(
            rs.getString(1),
            rs.getString(2),
            rs.getString(3),
            rs.getString(4),
            rs.getBoolean(5),
            rs.getString(6),
            rs.getString(7),
            rs.getString(8),
            rs.getBoolean(9));

    private final JdbcTemplate jdbc;

    JdbcWorklistIndex(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        jdbc.execute(
                "create table if not exists careflow_worklist_task (task_id text primary key, status text not null,"
                        + " priority text, owner text, has_owner boolean not null, patient text, codes text, due text,"
                        + " marked_overdue boolean not null)");
        jdbc.execute("create index if not exists careflow_worklist_task_owner on careflow_worklist_task (owner)");
        jdbc.execute("create index if not exists careflow_worklist_task_patient on careflow_worklist_task (patient)");
        jdbc.execute("create table if not exists careflow_worklist_member (team_id text not null, member text not null,"
                + " patient text not null, primary key (team_id, member))");
        jdbc.execute("create index if not exists careflow_worklist_member_member on careflow_worklist_member (member)");
        jdbc.execute("create table if not exists careflow_worklist_index (version integer not null)");
    }

    @Override
    public void putTask(String id, Optional<TaskRow> row) {
        if (row.isEmpty()) {
            jdbc.update("delete from careflow_worklist_task where task_id = ?", id);
            return;
        }
        TaskRow r = row.get();
        jdbc.update(
                "insert into careflow_worklist_task (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " on conflict (task_id) do update set status = excluded.status, priority = excluded.priority,"
                        + " owner = excluded.owner, has_owner = excluded.has_owner, patient = excluded.patient,"
                        + " codes = excluded.codes, due = excluded.due, marked_overdue = excluded.marked_overdue",
                r.id(),
                r.status(),
                r.priority(),
                r.owner(),
                r.hasOwner(),
                r.patient(),
                r.codes(),
                r.due(),
                r.markedOverdue());
    }

    @Override
    public void putTeam(String id, List<MemberRow> rows) {
        jdbc.update("delete from careflow_worklist_member where team_id = ?", id);
        for (MemberRow row : rows) {
            jdbc.update(
                    "insert into careflow_worklist_member (team_id, member, patient) values (?, ?, ?)"
                            + " on conflict do nothing",
                    row.team(),
                    row.member(),
                    row.patient());
        }
    }

    @Override
    public Set<String> patientsOf(Collection<String> members) {
        if (members.isEmpty()) {
            return new LinkedHashSet<>();
        }
        return new LinkedHashSet<>(jdbc.query(
                TextArrayStatements.anyOf(
                        "select distinct patient from careflow_worklist_member where member = any(?) order by patient",
                        members),
                (rs, n) -> rs.getString(1)));
    }

    @Override
    public List<TaskRow> ownedBy(Collection<String> owners) {
        return tasks("owner", owners);
    }

    @Override
    public List<TaskRow> of(Collection<String> patients) {
        return tasks("patient", patients);
    }

    private List<TaskRow> tasks(String column, Collection<String> values) {
        if (values.isEmpty()) {
            return List.of();
        }
        return jdbc.query(
                TextArrayStatements.anyOf(
                        "select " + COLUMNS + " from careflow_worklist_task where " + column + " = any(?)", values),
                TASK);
    }

    /** The version marker, if the index was ever built. */
    Optional<Integer> version() {
        return jdbc.queryForList("select version from careflow_worklist_index", Integer.class).stream()
                .findFirst();
    }

    /** Forgets the marker: the next start with the index on rebuilds it (it was not kept current meanwhile). */
    void forget() {
        jdbc.update("delete from careflow_worklist_index");
    }

    /** Empties the index (inside the caller's transaction, which holds the tables until it ends). */
    void clear() {
        jdbc.execute("lock table careflow_worklist_task, careflow_worklist_member in exclusive mode");
        jdbc.update("delete from careflow_worklist_task");
        jdbc.update("delete from careflow_worklist_member");
    }

    /** Marks the index built at {@link #VERSION}. */
    void built() {
        jdbc.update("delete from careflow_worklist_index");
        jdbc.update("insert into careflow_worklist_index (version) values (?)", VERSION);
    }

    /** Waits for the rebuild lock ("WLIX"), held until the current transaction ends. */
    void lockRebuild() {
        jdbc.query("select pg_advisory_xact_lock(?)", rs -> null, 0x574C4958L);
    }
}
