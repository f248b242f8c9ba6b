package dev.careflow.platform;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A job run on a daemon thread of its own, first {@code delay} after start and then {@code interval} after each run
 * ends, for as long as the application runs; an interval of zero (or less) switches it off. A failed run (the database
 * briefly away, say) is logged and does not cancel the schedule.
 */
public abstract class PeriodicJob implements SmartLifecycle {

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String name;
    private final String setting;
    private final Duration delay;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    /**
     * @param name what the job does, for its thread and its log lines ("Registry sweep")
     * @param setting the setting that holds its interval, named when the job is off
     */
    protected PeriodicJob(String name, String setting, Duration delay, Duration interval) {
        this.name = name;
        this.setting = setting;
        this.delay = delay;
        this.interval = interval;
    }

    /** One run of the job. */
    protected abstract void runOnce();

    @Override
    public synchronized void start() {
        if (interval.toMillis() <= 0) {
            log.info("{} is off ({}=0)", name, setting);
            return;
        }
        String thread = "careflow-" + name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, thread);
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::runLogged, delay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runLogged() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("{} failed: {}", name, e.getMessage(), e);
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
