package dev.careflow.platform;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Whether PostgreSQL answers, decided within a time limit: a check that has not answered in time is DOWN, and runs on
 * in the background (one at a time: a probe arriving meanwhile waits for the same check, never starts another), so a
 * readiness probe never hangs on an unreachable database or an exhausted pool.
 */
public class DatabaseHealthIndicator implements HealthIndicator, DisposableBean {

    private final DataSource dataSource;
    private final Duration limit;
    private final ExecutorService checker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "careflow-db-health");
        thread.setDaemon(true);
        return thread;
    });
    private Future<Health> inFlight;

    public DatabaseHealthIndicator(DataSource dataSource, Duration limit) {
        this.dataSource = dataSource;
        this.limit = limit;
    }

    @Override
    public Health health() {
        Future<Health> check = currentCheck();
        try {
            return check.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Health.down()
                    .withDetail("database", "PostgreSQL")
                    .withDetail("error", "no answer within " + limit.toMillis() + " ms")
                    .build();
        } catch (ExecutionException e) {
            return Health.down()
                    .withDetail("error", e.getCause().getClass().getSimpleName())
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "interrupted").build();
        }
    }

    private synchronized Future<Health> currentCheck() {
        if (inFlight == null || inFlight.isDone()) {
            inFlight = checker.submit(this::check);
        }
        return inFlight;
    }

    private Health check() {
        try (Connection connection = dataSource.getConnection()) {
            int seconds = (int) Math.max(1, limit.toSeconds());
            return connection.isValid(seconds)
                    ? Health.up().withDetail("database", "PostgreSQL").build()
                    : Health.down().withDetail("error", "connection not valid").build();
        } catch (Exception e) {
            return Health.down()
                    .withDetail("error", e.getClass().getSimpleName())
                    .build();
        }
    }

    @Override
    public void destroy() {
        checker.shutdownNow();
    }
}
