package dev.careflow.task;

import ca.uhn.fhir.repository.IRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Marks open Tasks past their due date as overdue ({@link OverdueTasks}). Safe when several server nodes share one
 * database: a run first takes a PostgreSQL advisory lock, so only one node works at a time and the others skip; and
 * each Task is updated only from the version that was read, so even a run that overlapped another could not mark a
 * Task twice.
 */
@Service
public class OverdueTaskService {

    private static final Logger log = LoggerFactory.getLogger(OverdueTaskService.class);

    /** The advisory lock's key: "careflow-overdue" folded to a bigint, the same on every node. */
    static final long LOCK_KEY = 0x43464f5645524455L;

    /** Tasks the overdue job marked ({@code careflow_tasks_overdue_marked_total}). */
    static final String MARKED = "careflow.tasks.overdue.marked";

    private final OverdueTasks overdue;
    private final DataSource dataSource;
    private final Counter marked;

    /** @param clock the care team's clock: its zone is the care team's */
    public OverdueTaskService(IRepository repository, DataSource dataSource, Clock clock, MeterRegistry registry) {
        this.overdue = new OverdueTasks(repository, clock);
        this.dataSource = dataSource;
        this.marked = Counter.builder(MARKED)
                .description("Tasks the overdue job marked overdue")
                .register(registry);
    }

    /** Marks what is overdue now; answers how many Tasks this run marked (0 when another node holds the lock). */
    public int markOverdue() {
        try (Connection lockHolder = dataSource.getConnection()) {
            if (!tryLock(lockHolder)) {
                log.debug("Overdue check skipped: another node is running it");
                return 0;
            }
            try {
                int count = overdue.markAll();
                marked.increment(count);
                return count;
            } finally {
                unlock(lockHolder);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Overdue check could not lock: " + e.getMessage(), e);
        }
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            statement.setLong(1, LOCK_KEY);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private static void unlock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select pg_advisory_unlock(?)")) {
            statement.setLong(1, LOCK_KEY);
            statement.execute();
        }
    }
}
