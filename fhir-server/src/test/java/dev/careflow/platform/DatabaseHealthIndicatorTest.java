package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

class DatabaseHealthIndicatorTest {

    /** A data source that hangs, as Hikari's does for its connection timeout when PostgreSQL is unreachable. */
    private static final DataSource HANGING = new TestDataSource() {
        @Override
        public Connection getConnection() throws SQLException {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new SQLException("timed out");
        }
    };

    @Test
    void unreachableDatabase_isDownWithinTheLimit_andProbesDoNotPileUp() {
        DatabaseHealthIndicator indicator =
                new DatabaseHealthIndicator(HANGING, Duration.ofMillis(300), Duration.ofMillis(100));
        try {
            for (int probe = 0; probe < 3; probe++) {
                long start = System.nanoTime();
                assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            }
        } finally {
            indicator.destroy();
        }
    }

    @Test
    void aBusyDatabase_isAnsweredFromTheLastCheck_atOnce_untilACheckOverrunsTheLimit() throws Exception {
        java.util.concurrent.atomic.AtomicLong delayMillis = new java.util.concurrent.atomic.AtomicLong(0);
        Connection valid = (Connection) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> method.getName().equals("isValid") ? Boolean.TRUE : null);
        DataSource slow = new TestDataSource() {
            @Override
            public Connection getConnection() {
                try {
                    Thread.sleep(delayMillis.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return valid;
            }
        };
        DatabaseHealthIndicator indicator =
                new DatabaseHealthIndicator(slow, Duration.ofMillis(600), Duration.ofMillis(50));
        try {
            assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
            delayMillis.set(2_000);
            Thread.sleep(150);
            long start = System.nanoTime();
            assertThat(indicator.health().getStatus())
                    .as("a check still within its limit: the last answer stands")
                    .isEqualTo(Status.UP);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
            Thread.sleep(700);
            start = System.nanoTime();
            assertThat(indicator.health().getStatus())
                    .as("a check over its limit")
                    .isEqualTo(Status.DOWN);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
        } finally {
            indicator.destroy();
        }
    }

    /** A data source whose only behaviour is {@code getConnection()}. */
    private abstract static class TestDataSource implements DataSource {
        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) {
            return null;
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
