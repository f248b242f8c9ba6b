package dev.careflow.platform;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Whether PostgreSQL answers, as last seen by a check that runs in the background every {@code interval}: a probe
 * reads the last answer and never waits for the database, so readiness answers at once even when every connection is
 * busy or PostgreSQL is unreachable. A check still running after {@code limit} makes the state DOWN at once (an
 * unreachable database is DOWN within {@code limit} plus at most one interval); only the very first probe, before any
 * check has finished, waits, for at most {@code limit}. One check at a time: a check that hangs is never joined by
 * another.
 */
public class DatabaseHealthIndicator implements HealthIndicator, DisposableBean {

    private final Connections dataSource;
    private final Duration limit;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "careflow-db-health");
        thread.setDaemon(true);
        return thread;
    });
    private final Object lock = new Object();
    private Health last;
    private long runningSince;

    public DatabaseHealthIndicator(DataSource dataSource, Duration limit, Duration interval) {
        this.dataSource = dataSource::getConnection;
        this.limit = limit;
        scheduler.scheduleWithFixedDelay(this::startCheck, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Health health() {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (lock) {
            while (last == null && System.nanoTime() < deadline) {
                try {
                    lock.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Health.down().withDetail("error", "interrupted").build();
                }
            }
            if (runningSince != 0 && System.nanoTime() - runningSince > limit.toNanos() || last == null) {
                return Health.down()
                        .withDetail("database", "PostgreSQL")
                        .withDetail("error", "no answer within " + limit.toMillis() + " ms")
                        .build();
            }
            return last;
        }
    }

    private void startCheck() {
        synchronized (lock) {
            if (runningSince != 0) {
                return;
            }
            runningSince = System.nanoTime();
        }
        scheduler.execute(this::check);
    }

    private void check() {
        Health answer;
        try (Connection connection = dataSource.connection()) {
            int seconds = (int) Math.max(1, limit.toSeconds());
            answer = connection.isValid(seconds)
                    ? Health.up().withDetail("database", "PostgreSQL").build()
                    : Health.down().withDetail("error", "connection not valid").build();
        } catch (Exception e) {
            answer = Health.down()
                    .withDetail("error", e.getClass().getSimpleName())
                    .build();
        }
        synchronized (lock) {
            last = answer;
            runningSince = 0;
            lock.notifyAll();
        }
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }

    @FunctionalInterface
    private interface Connections {
        Connection connection() throws java.sql.SQLException;
    }
}
