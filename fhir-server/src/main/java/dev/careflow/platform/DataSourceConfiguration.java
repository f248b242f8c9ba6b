package dev.careflow.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The connection pool to PostgreSQL: the configured external database, or the embedded one. */
@Configuration(proxyBeanMethods = false)
class DataSourceConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DataSourceConfiguration.class);

    /** Started only when no external database is configured. */
    @Bean(destroyMethod = "close")
    EmbeddedPostgresHolder embeddedPostgres(DatabaseSettings settings) {
        return new EmbeddedPostgresHolder(
                settings.isEmbedded() ? EmbeddedPostgresServer.start(settings.embedded()) : null);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DatabaseSettings settings, ObjectProvider<EmbeddedPostgresHolder> embedded) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("careflow");
        config.setMaximumPoolSize(settings.poolSize());
        // Fail fast when the database is gone: a request gets 503 with Retry-After after this long, instead of
        // Hikari's 30 s and a 500 (DatabaseExceptionInterceptor maps it).
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setValidationTimeout(Math.min(1000, settings.connectionTimeout().toMillis()));
        config.setDriverClassName("org.postgresql.Driver");
        EmbeddedPostgresServer server = embedded.getObject().server();
        if (server != null) {
            config.setJdbcUrl(server.jdbcUrl());
            config.setUsername(server.username());
        } else {
            config.setJdbcUrl(settings.url());
            config.setUsername(settings.username());
            config.setPassword(settings.password());
            log.info("PostgreSQL: {} as '{}'", settings.url(), settings.username());
        }
        // Batched inserts: one round trip for many rows of HAPI's index tables.
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        return new HikariDataSource(config);
    }

    /**
     * Readiness's database check, named {@code db} as Spring Boot's own (which it replaces), answering at once from a
     * check run every half second: Boot's waits for a pooled connection as long as a request does, so under load or in
     * an outage the probe itself hung.
     */
    @Bean("dbHealthIndicator")
    DatabaseHealthIndicator dbHealthIndicator(DataSource dataSource) {
        return new DatabaseHealthIndicator(
                dataSource, java.time.Duration.ofMillis(800), java.time.Duration.ofMillis(500));
    }

    /** Holds the embedded server, or nothing, so that the data source can depend on it either way. */
    record EmbeddedPostgresHolder(EmbeddedPostgresServer server) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (server != null) {
                server.close();
            }
        }
    }
}
