package dev.careflow.task;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Runs {@link OverdueTaskService} every {@code careflow.task.overdue-check-interval}, first one interval in. */
@Component
class OverdueTaskJob implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OverdueTaskJob.class);

    private final OverdueTaskService overdue;
    private final TaskSettings settings;
    private ScheduledExecutorService scheduler;

    OverdueTaskJob(OverdueTaskService overdue, TaskSettings settings) {
        this.overdue = overdue;
        this.settings = settings;
    }

    @Override
    public synchronized void start() {
        long every = settings.overdueCheckInterval().toMillis();
        if (every <= 0) {
            log.info("Scheduled overdue check is off (careflow.task.overdue-check-interval=0)");
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "careflow-overdue");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::runOnce, every, every, TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        try {
            overdue.markOverdue();
        } catch (RuntimeException e) {
            // A failed run (database briefly away) must not cancel the schedule.
            log.warn("Overdue check failed: {}", e.getMessage(), e);
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
