package dev.careflow.task;

import dev.careflow.platform.PeriodicJob;
import org.springframework.stereotype.Component;

/** Runs {@link OverdueTaskService} every {@code careflow.task.overdue-check-interval}, first one interval in. */
@Component
class OverdueTaskJob extends PeriodicJob {

    private final OverdueTaskService overdue;

    OverdueTaskJob(OverdueTaskService overdue, TaskSettings settings) {
        super(
                "Overdue check",
                "careflow.task.overdue-check-interval",
                settings.overdueCheckInterval(),
                settings.overdueCheckInterval());
        this.overdue = overdue;
    }

    @Override
    protected void runOnce() {
        overdue.markOverdue();
    }
}
