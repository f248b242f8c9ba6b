package dev.careflow.benchmarks;

import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;

/**
 * The machine's own limit, from PostgreSQL itself: rows per second that {@code COPY} writes into a table shaped like
 * HAPI's token search index ({@code hfj_spidx_token}, with its indexes), and the rows HAPI writes per resource it
 * stores (from PostgreSQL's statistics), so that the ingest figures can be read against them.
 */
final class Ceiling {

    private final String jdbcBase;

    Ceiling(int postgresPort) {
        this.jdbcBase = "jdbc:postgresql://localhost:" + postgresPort + "/";
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcBase + database, "postgres", "postgres");
    }

    void createDatabase(String name) throws SQLException {
        try (Connection connection = connect("postgres");
                Statement statement = connection.createStatement()) {
            try (ResultSet exists =
                    statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (!exists.next()) {
                    statement.execute("CREATE DATABASE " + name);
                }
            }
        }
    }

    /** Rows inserted into the database's tables so far (PostgreSQL's cumulative statistics). */
    long rowsInserted(String database) throws SQLException, InterruptedException {
        Thread.sleep(1500); // statistics reach the shared counters within about a second
        try (Connection connection = connect(database);
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT coalesce(sum(n_tup_ins), 0) FROM pg_stat_user_tables")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** COPY of {@code rows} generated rows into an index-shaped table; rows per second. */
    double copyRowsPerSecond(String database, int rows) throws SQLException, IOException {
        try (Connection connection = connect(database);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS bench_copy_ceiling");
            statement.execute("CREATE UNLOGGED TABLE bench_copy_ceiling (sp_id bigint PRIMARY KEY, partition_id int,"
                    + " partition_date date, sp_missing boolean, sp_name varchar(100), res_id bigint,"
                    + " res_type varchar(100), sp_updated timestamp, hash_identity bigint, hash_sys bigint,"
                    + " hash_sys_and_value bigint, hash_value bigint, sp_system varchar(200), sp_value varchar(200))");
            statement.execute("ALTER TABLE bench_copy_ceiling SET LOGGED");
            statement.execute("CREATE INDEX bench_copy_ceiling_sysval ON bench_copy_ceiling (hash_sys_and_value, res_id)");
            statement.execute("CREATE INDEX bench_copy_ceiling_value ON bench_copy_ceiling (hash_value, res_id)");
            statement.execute("CREATE INDEX bench_copy_ceiling_res ON bench_copy_ceiling (res_id)");
            long start = System.nanoTime();
            long copied = connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyIn(
                            "COPY bench_copy_ceiling FROM STDIN WITH (FORMAT csv)",
                            new GeneratedRows(rows));
            double seconds = (System.nanoTime() - start) / 1e9;
            statement.execute("DROP TABLE bench_copy_ceiling");
            return copied / seconds;
        }
    }

    /** CSV rows made on the fly, so the client is not what is measured. */
    private static final class GeneratedRows extends Reader {
        private final int rows;
        private int row;
        private String current = "";
        private int position;

        GeneratedRows(int rows) {
            this.rows = rows;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            if (position == current.length()) {
                if (row == rows) {
                    return -1;
                }
                long hash = row * 0x9E3779B97F4A7C15L;
                current = row + ",," + "2026-11-25,false,code," + (row / 12) + ",Observation,2026-11-25 10:00:00,"
                        + (hash >>> 3) + "," + (hash >>> 5) + "," + hash + "," + (hash >>> 7)
                        + ",http://loinc.org," + (8000 + row % 5000) + "-" + row % 10 + "\n";
                position = 0;
                row++;
            }
            int n = Math.min(length, current.length() - position);
            current.getChars(position, position + n, buffer, offset);
            position += n;
            return n;
        }

        @Override
        public void close() {}
    }
}
