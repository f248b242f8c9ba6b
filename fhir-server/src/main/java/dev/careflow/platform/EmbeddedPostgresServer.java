package dev.careflow.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL of the default run: real PostgreSQL binaries from Maven Central, a cluster kept on local disk.
 *
 * <p>A JVM killed with {@code kill -9} leaves its postmaster running and holding the cluster; the next start would fail
 * on {@code postmaster.pid}. Such an orphan is stopped before the cluster starts again.
 */
final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    private final String database;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, String database) {
        this.postgres = postgres;
        this.database = database;
    }

    static EmbeddedPostgresServer start(DatabaseSettings.Embedded settings) {
        try {
            Files.createDirectories(settings.runtimeDirectory());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(
                            settings.runtimeDirectory().toAbsolutePath().toFile())
                    .setPort(settings.port())
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // Spring stops the cluster when its context closes, after the web server has drained (the
                    // holder bean is destroyed after the data source). zonky's own JVM shutdown hook would run
                    // concurrently with Spring's and stop PostgreSQL under requests still in flight.
                    .setRegisterShutdownHook(false)
                    .setLocaleConfig("encoding", "UTF8")
                    .setLocaleConfig("locale", "C");
            serverConfig(settings).forEach(builder::setServerConfig);
            if (settings.throwAway()) {
                builder.setCleanDataDirectory(true);
                log.info("Embedded PostgreSQL: throw-away cluster (data is deleted at shutdown)");
            } else {
                Path dataDirectory = settings.dataDirectory().toAbsolutePath();
                Files.createDirectories(dataDirectory);
                stopOrphanedPostmaster(dataDirectory);
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(false);
                log.info("Embedded PostgreSQL: data lives in {}", dataDirectory);
            }
            EmbeddedPostgres postgres = builder.start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, settings.database());
            server.createDatabaseIfMissing();
            log.info(
                    "Embedded PostgreSQL listening on 127.0.0.1:{}, database '{}'",
                    postgres.getPort(),
                    server.database);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Embedded PostgreSQL did not start: " + e.getMessage(), e);
        }
    }

    /**
     * PostgreSQL's settings for the embedded cluster. zonky starts the postmaster with {@code -F} (fsync off); a
     * {@code -c fsync=on} given after it wins, so a cluster that keeps data is durable: an acknowledged commit survives
     * an OS crash or power loss. A throw-away cluster (tests) is deleted at shutdown anyway and keeps fsync off.
     */
    static Map<String, String> serverConfig(DatabaseSettings.Embedded settings) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("max_connections", "100");
        config.put("shared_buffers", "256MB");
        config.put("fsync", settings.throwAway() ? "off" : "on");
        config.put("full_page_writes", "on");
        config.put("synchronous_commit", "on");
        // Fewer checkpoints under ingest: each one rewrites every page it touches.
        config.put("max_wal_size", "2GB");
        config.put("checkpoint_timeout", "15min");
        return config;
    }

    String jdbcUrl() {
        return postgres.getJdbcUrl(USER, database);
    }

    String username() {
        return USER;
    }

    private void createDatabaseIfMissing() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rows = exists.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE \"" + database.replace("\"", "") + "\"");
                log.info("Embedded PostgreSQL: created database '{}'", database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the embedded database '" + database + "'", e);
        }
    }

    /** Stops a postmaster left behind by a killed JVM, so that the cluster can start again. */
    static void stopOrphanedPostmaster(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> postmaster = lines.isEmpty()
                ? Optional.empty()
                : parsePid(lines.get(0)).flatMap(ProcessHandle::of).filter(EmbeddedPostgresServer::isPostgres);
        if (postmaster.isEmpty()) {
            log.info("Embedded PostgreSQL: removing stale {}", pidFile);
            Files.deleteIfExists(pidFile);
            return;
        }
        ProcessHandle process = postmaster.get();
        log.warn("Embedded PostgreSQL: stopping orphaned postmaster (pid {}) left by an earlier run", process.pid());
        process.destroy();
        try {
            process.onExit().get(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(pidFile);
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.isAlive()
                && process.info().command().map(c -> c.contains("postgres")).orElse(false);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
