package dev.careflow.worklist;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import dev.careflow.task.OpenTasks;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds the worklist index from the stored Tasks and CareTeams when it was never built, was built at another {@link
 * JdbcWorklistIndex#VERSION}, or went unkept (a start with the index or Careflow's features off forgets the marker):
 * an existing database gets its index. One node at a time (an advisory lock); the index tables stay locked against
 * writers until the rebuild commits, so a write meanwhile lands after it.
 */
class WorklistIndexAtStart implements ApplicationRunner, Ordered {

    private static final Logger log = LoggerFactory.getLogger(WorklistIndexAtStart.class);

    private final JdbcWorklistIndex index;
    private final IRepository repository;
    private final TransactionTemplate transaction;
    private final boolean kept;

    /** @param kept whether the index is kept current (the index and Careflow's features on) */
    WorklistIndexAtStart(
            JdbcWorklistIndex index, IRepository repository, PlatformTransactionManager transactions, boolean kept) {
        this.index = index;
        this.repository = repository;
        this.transaction = new TransactionTemplate(transactions);
        this.kept = kept;
    }

    /** After the registry Groups, before the endpoint takes traffic (the packages' installer opens it). */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 7;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!kept) {
            index.forget();
            return;
        }
        transaction.executeWithoutResult(status -> rebuildIfStale());
    }

    private void rebuildIfStale() {
        index.lockRebuild();
        if (index.version().filter(v -> v == JdbcWorklistIndex.VERSION).isPresent()) {
            return;
        }
        long started = System.nanoTime();
        index.clear();
        int tasks = 0;
        for (Task task : Stored.search(repository, Task.class, OpenTasks.query())) {
            index.putTask(task.getIdElement().getIdPart(), WorklistIndexRows.row(task));
            tasks++;
        }
        int teams = 0;
        for (CareTeam team : Stored.search(repository, CareTeam.class, Query.where("status", Query.token("active")))) {
            index.putTeam(team.getIdElement().getIdPart(), WorklistIndexRows.members(team));
            teams++;
        }
        index.built();
        log.info(
                "Worklist index built: {} open Tasks, {} active CareTeams in {} ms",
                tasks,
                teams,
                (System.nanoTime() - started) / 1_000_000);
    }
}
