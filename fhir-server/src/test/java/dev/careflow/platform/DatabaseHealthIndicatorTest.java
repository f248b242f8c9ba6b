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
    private static final DataSource HANGING = new DataSource() {
        @Override
        public Connection getConnection() throws SQLException {
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new SQLException("timed out");
        }

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
    };

    @Test
    void unreachableDatabase_isDownWithinTheLimit_andProbesDoNotPileUp() {
        DatabaseHealthIndicator indicator = new DatabaseHealthIndicator(HANGING, Duration.ofMillis(300));
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
}
