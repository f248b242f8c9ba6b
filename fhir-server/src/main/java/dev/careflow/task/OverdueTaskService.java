package dev.careflow.task;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import dev.careflow.platform.StoredResources;
import dev.careflow.vocabulary.CodeSystems;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Marks open Tasks past their due date as overdue ({@code businessStatus}). Safe when several server nodes share one
 * database: a run first takes a PostgreSQL advisory lock, so only one node works at a time and the others skip; and
 * each Task is updated only from the version that was read, so even a run that overlapped another could not mark a
 * Task twice.
 */
@Service
public class OverdueTaskService {

    private static final Logger log = LoggerFactory.getLogger(OverdueTaskService.class);

    /** The advisory lock's key: "careflow-overdue" folded to a bigint, the same on every node. */
    static final long LOCK_KEY = 0x43464f5645524455L;

    private final DaoRegistry daos;
    private final DataSource dataSource;
    private final Clock clock;

    /** @param clock the care team's clock: its zone is the care team's */
    public OverdueTaskService(DaoRegistry daos, DataSource dataSource, Clock clock) {
        this.daos = daos;
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Marks what is overdue now; answers how many Tasks this run marked (0 when another node holds the lock). */
    public int markOverdue() {
        try (Connection lockHolder = dataSource.getConnection()) {
            if (!tryLock(lockHolder)) {
                log.debug("Overdue check skipped: another node is running it");
                return 0;
            }
            try {
                return markAll();
            } finally {
                unlock(lockHolder);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Overdue check could not lock: " + e.getMessage(), e);
        }
    }

    private int markAll() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, clock.getZone());
        TokenOrListParam open = new TokenOrListParam();
        OpenTasks.statusTokens().forEach(open::addOr);
        SearchParameterMap due = SearchParameterMap.newSynchronous()
                .add("status", open)
                .add("due", new DateParam(ParamPrefixEnum.LESSTHAN_OR_EQUALS, today.toString()));
        List<Task> candidates = StoredResources.search(daos, Task.class, due).stream()
                .filter(task -> TaskDue.isOverdue(task, now, clock.getZone()))
                .filter(task -> !TaskDue.isMarkedOverdue(task))
                .toList();
        int marked = 0;
        for (Task task : candidates) {
            task.setBusinessStatus(
                    new CodeableConcept(new Coding(CodeSystems.TASK_BUSINESS_STATUS, TaskDue.OVERDUE, "Overdue")));
            try {
                // The id keeps the version that was read: a concurrent change wins and this one is dropped.
                daos.getResourceDao(Task.class).update(task, new SystemRequestDetails());
                marked++;
            } catch (ResourceVersionConflictException e) {
                log.debug("Task {} changed while being marked overdue; left to the next run", task.getIdPart());
            }
        }
        if (marked > 0) {
            log.info("Marked {} Task(s) overdue", marked);
        }
        return marked;
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
