package dev.careflow.task;

import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import dev.careflow.platform.Stored;
import dev.careflow.platform.UnitOfWork;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of overdue marking: each open Task past its deadline that is not marked yet gets the {@code overdue}
 * business status ({@link TaskDue#markOverdue}), updated from the version that was read, so that a concurrent change
 * wins and the Task is left to the next pass.
 */
public final class OverdueTasks {

    private static final Logger log = LoggerFactory.getLogger(OverdueTasks.class);

    private final IRepository repository;
    private final Clock clock;

    /** @param clock the care team's clock: a date-only due date ends at midnight in its zone */
    public OverdueTasks(IRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** Marks what is overdue now; answers how many Tasks were marked. */
    public int markAll() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, clock.getZone());
        List<Task> candidates = Stored.search(
                        repository,
                        Task.class,
                        OpenTasks.query()
                                .and("due", new DateParam(ParamPrefixEnum.LESSTHAN_OR_EQUALS, today.toString())))
                .stream()
                .filter(task -> TaskDue.isOverdue(task, now, clock.getZone()))
                .filter(task -> !TaskDue.isMarkedOverdue(task))
                .toList();
        int marked = 0;
        for (Task task : candidates) {
            if (mark(task)) {
                marked++;
            }
        }
        if (marked > 0) {
            log.info("Marked {} Task(s) overdue", marked);
        }
        return marked;
    }

    /** Each Task on its own: one that changed since it was read is left to the next pass. */
    private boolean mark(Task task) {
        TaskDue.markOverdue(task);
        UnitOfWork work = new UnitOfWork(repository);
        work.update(task);
        try {
            work.commit();
            return true;
        } catch (ResourceVersionConflictException | PreconditionFailedException e) {
            log.debug("Task {} changed while being marked overdue; left to the next run", task.getIdPart());
            return false;
        }
    }
}
