package dev.careflow.audit;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code careflow_audit_event}: the audit trail as an append-only table of Careflow's own. One row per AuditEvent:
 * the resource as JSON text, and the few columns audit search needs with only the indexes it uses ({@code recorded};
 * GIN on the patients, entities and agents named). Rows are only ever inserted, in batches, one commit per batch.
 */
final class AuditLogTable {

    private static final String COLUMNS =
            "id, recorded, types, subtypes, action, outcome, agents, patients, entities, entity_names, resource";

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;

    AuditLogTable(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("create table if not exists careflow_audit_event (id uuid primary key,"
                + " recorded timestamp with time zone not null, types text[] not null, subtypes text[] not null,"
                + " action text, outcome text, agents text[] not null, patients text[] not null,"
                + " entities text[] not null, entity_names text[] not null, resource text not null)");
        jdbc.execute("create index if not exists careflow_audit_event_recorded on careflow_audit_event (recorded)");
        for (String column : List.of("patients", "entities", "agents")) {
            jdbc.execute("create index if not exists careflow_audit_event_" + column
                    + " on careflow_audit_event using gin (" + column + ")");
        }
    }

    /** Inserts the rows as one JDBC batch in one transaction; throws if any could not be stored. */
    void insert(List<AuditRow> rows) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into careflow_audit_event (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (AuditRow row : rows) {
                    bind(connection, insert, row);
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException failed) {
                connection.rollback();
                throw failed;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException failed) {
            throw new IllegalStateException("the audit log could not be written: " + failed.getMessage(), failed);
        }
    }

    private static void bind(Connection connection, PreparedStatement insert, AuditRow row) throws SQLException {
        insert.setObject(1, row.id());
        insert.setTimestamp(2, Timestamp.from(row.recorded()));
        insert.setArray(3, array(connection, row.types()));
        insert.setArray(4, array(connection, row.subtypes()));
        insert.setString(5, row.action());
        insert.setString(6, row.outcome());
        insert.setArray(7, array(connection, row.agents()));
        insert.setArray(8, array(connection, row.patients()));
        insert.setArray(9, array(connection, row.entities()));
        insert.setArray(10, array(connection, row.entityNames()));
        insert.setString(11, row.json());
    }

    private static Array array(Connection connection, List<String> values) throws SQLException {
        return connection.createArrayOf("text", values.toArray());
    }

    /** The JSON of one event, if the log holds it. */
    Optional<String> read(UUID id) {
        return jdbc.queryForList("select resource from careflow_audit_event where id = ?", String.class, id).stream()
                .findFirst();
    }

    /** One page of matches, as JSON, plus one more if there is one (to tell whether a next page exists). */
    List<String> search(AuditLogQuery query) {
        String sql = "select resource from careflow_audit_event where " + query.where() + " order by recorded "
                + (query.ascending() ? "asc, id asc" : "desc, id desc") + " limit ? offset ?";
        Object[] args = arguments(query, query.count() + 1, query.offset());
        return jdbc.queryForList(sql, String.class, args);
    }

    int count(AuditLogQuery query) {
        Integer count = jdbc.queryForObject(
                "select count(*) from careflow_audit_event where " + query.where(),
                Integer.class,
                query.args().toArray());
        return count == null ? 0 : count;
    }

    private static Object[] arguments(AuditLogQuery query, Object... more) {
        Object[] args = new Object[query.args().size() + more.length];
        for (int i = 0; i < query.args().size(); i++) {
            args[i] = query.args().get(i);
        }
        System.arraycopy(more, 0, args, query.args().size(), more.length);
        return args;
    }
}
