package dev.careflow.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
