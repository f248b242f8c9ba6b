package dev.careflow.populations;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs {@link StratifyService#sweep()} {@code careflow.populations.sweep-delay} after start and then every {@code
 * careflow.populations.sweep-interval} (daily by default): memberships that age out with time (a discharge more than
 * 30 days ago) are removed and those that come with it (a 65th birthday) added, without any write to set them off.
 */
@Component
class RegistrySweep implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RegistrySweep.class);

    private final StratifyService stratify;
    private final PopulationSettings settings;
    private ScheduledExecutorService scheduler;

    RegistrySweep(StratifyService stratify, PopulationSettings settings) {
        this.stratify = stratify;
        this.settings = settings;
    }

    @Override
    public synchronized void start() {
        long every = settings.sweepInterval().toMillis();
        if (every <= 0) {
            log.info("Registry sweep is off (careflow.populations.sweep-interval=0)");
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "careflow-registry-sweep");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::runOnce, settings.sweepDelay().toMillis(), every, TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        try {
            stratify.sweep();
        } catch (RuntimeException e) {
            // A failed run (database briefly away, packages not yet installed) must not cancel the schedule.
            log.warn("Registry sweep failed: {}", e.getMessage(), e);
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
