package dev.careflow.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A Lucene index on disk describes one database. The database carries an identity of its own (a random UUID in
 * {@code careflow_database}, made at its first start) and the index folder the identity it was built for
 * ({@code careflow-database}). Before Hibernate Search opens the index: an index built for another database (a server
 * started in the same folder against an external PostgreSQL after the embedded one, say) is emptied and rebuilt from
 * this database, with a warning naming both; a new or emptied index is rebuilt too, so it never misses what the
 * database already holds. The rebuild is {@link SearchIndexCheckpoint}'s catch-up from the beginning of time.
 */
final class SearchIndexOwner {

    static final String FILE_NAME = "careflow-database";
    private static final Logger log = LoggerFactory.getLogger(SearchIndexOwner.class);

    enum Claim {
        /** The index was built for this database. */
        SAME,
        /** No index yet, or an empty one: built from the database at start-up. */
        NEW,
        /** An index from before identities were recorded: taken as this database's. */
        ADOPTED,
        /** An index built for another database: emptied and rebuilt at start-up. */
        REBUILT
    }

    private SearchIndexOwner() {}

    /** Claims the index for the database behind {@code dataSource}. */
    static Claim claim(Path directory, DataSource dataSource) {
        String identity = databaseIdentity(dataSource);
        return claim(directory.toAbsolutePath(), identity, describe(dataSource));
    }

    static Claim claim(Path directory, String identity, String database) {
        Path marker = directory.resolve(FILE_NAME);
        Optional<String> builtFor = read(marker);
        if (builtFor.filter(identity::equals).isPresent()) {
            return Claim.SAME;
        }
        if (builtFor.isPresent()) {
            log.warn(
                    "Full-text index: {} was built for another database (identity {}); this server's database is {}"
                            + " (identity {}): emptying it and rebuilding it from this database before /fhir opens",
                    directory,
                    builtFor.get(),
                    database,
                    identity);
            empty(directory);
            startFromScratch(directory, marker, identity);
            return Claim.REBUILT;
        }
        if (hasIndexFiles(directory)) {
            log.info("Full-text index: {} recorded no database; recording {} ({})", directory, database, identity);
            write(marker, identity);
            return Claim.ADOPTED;
        }
        log.info("Full-text index: new in {}; building it from {} before /fhir opens", directory, database);
        startFromScratch(directory, marker, identity);
        return Claim.NEW;
    }

    /** The database's own identity, made once by whichever start first finds none. */
    static String databaseIdentity(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("create table if not exists careflow_database ("
                + " singleton boolean primary key default true check (singleton),"
                + " identity varchar(36) not null,"
                + " created_at timestamptz not null default now())");
        jdbc.update(
                "insert into careflow_database (identity) values (?) on conflict do nothing",
                UUID.randomUUID().toString());
        return jdbc.queryForObject("select identity from careflow_database", String.class);
    }

    private static String describe(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getURL();
        } catch (SQLException e) {
            return "this database";
        }
    }

    private static void startFromScratch(Path directory, Path marker, String identity) {
        write(marker, identity);
        SearchIndexCheckpoint.write(directory.resolve(SearchIndexCheckpoint.FILE_NAME), Instant.EPOCH);
    }

    private static boolean hasIndexFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.anyMatch(path -> Files.isRegularFile(path)
                    && !path.getFileName().toString().startsWith(SearchIndexCheckpoint.FILE_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + directory, e);
        }
    }

    private static void empty(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(directory)) {
                    Files.delete(path);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not empty " + directory, e);
        }
    }

    private static Optional<String> read(Path marker) {
        try {
            return Files.isRegularFile(marker)
                    ? Optional.of(
                            Files.readString(marker, StandardCharsets.UTF_8).trim())
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + marker, e);
        }
    }

    private static void write(Path marker, String identity) {
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, identity + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + marker, e);
        }
    }
}
