package dev.careflow.platform;

import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.model.entity.ResourceTable;
import ca.uhn.fhir.jpa.search.reindex.ResourceReindexer;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.hibernate.search.mapper.orm.Search;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the Lucene full-text index ({@code _content}, {@code _text}) whole across a crash. Hibernate Search indexes a
 * write after its database commit and commits the index to disk about once a second, so a {@code kill -9} loses the
 * index entries of the last writes although the database has them. Every {@code checkpoint-interval} this commits the
 * index and then records, in {@code careflow-indexed-until} next to it, a time before which every write is in the
 * committed index: the oldest open read-write transaction's start (or now), less {@code checkpoint-margin}. At start-up,
 * before the FHIR endpoint takes traffic, every resource changed since the recorded time is indexed again.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class SearchIndexCheckpoint implements ApplicationRunner, DisposableBean {

    static final String FILE_NAME = "careflow-indexed-until";
    private static final Logger log = LoggerFactory.getLogger(SearchIndexCheckpoint.class);
    private static final int BATCH = 200;

    private final boolean enabled;
    private final Path file;
    private final SearchIndexSettings.Lucene settings;
    private final EntityManagerFactory entityManagerFactory;
    private final WriteTransactions transactions;
    private final ResourceReindexer reindexer;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "careflow-index-checkpoint");
        thread.setDaemon(true);
        return thread;
    });

    @PersistenceContext
    private EntityManager entityManager;

    private volatile Instant lastCheckpoint;

    /** Active for a Lucene index on disk (an index in memory dies with the process; Elasticsearch keeps its own log). */
    SearchIndexCheckpoint(
            SearchIndexSettings search,
            EntityManagerFactory entityManagerFactory,
            WriteTransactions transactions,
            ResourceReindexer reindexer) {
        this.enabled = search.backend() == SearchIndexSettings.Backend.LUCENE
                && !search.lucene().inMemory();
        this.settings = search.lucene();
        this.file = settings.directory().toAbsolutePath().resolve(FILE_NAME);
        this.entityManagerFactory = entityManagerFactory;
        this.transactions = transactions;
        this.reindexer = reindexer;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!enabled) {
            return;
        }
        catchUp();
        long interval = settings.checkpointInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::checkpointQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Indexes again every resource changed since the last checkpoint, then checkpoints. */
    void catchUp() {
        Optional<Instant> since = read(file);
        if (since.isEmpty()) {
            log.info("Full-text index: no checkpoint in {} yet; checkpoints start now", file.getParent());
        } else {
            long started = System.nanoTime();
            List<JpaPid> changed = new TransactionTemplate(transactions).execute(status -> entityManager
                    .createQuery(
                            "SELECT r.myPid FROM ResourceTable r WHERE r.myUpdated >= :since"
                                    + " AND r.myDeleted IS NULL",
                            JpaPid.class)
                    .setParameter("since", Date.from(since.get()))
                    .getResultList());
            for (int from = 0; from < changed.size(); from += BATCH) {
                reindex(changed.subList(from, Math.min(changed.size(), from + BATCH)));
            }
            log.info(
                    "Full-text index: re-indexed {} resources changed since its checkpoint {} in {} ms",
                    changed.size(),
                    since.get(),
                    (System.nanoTime() - started) / 1_000_000);
        }
        checkpoint();
    }

    private void reindex(List<JpaPid> ids) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            for (JpaPid id : ids) {
                ResourceTable entity = entityManager.find(ResourceTable.class, id);
                if (entity != null && entity.getDeleted() == null) {
                    reindexer.reindexResourceEntity(entity);
                }
            }
        });
    }

    /** Commits the index, then records the time before which every write is in what was committed. */
    void checkpoint() {
        long until =
                indexedUntil(System.currentTimeMillis(), transactions.oldestOpenSince(), settings.checkpointMargin());
        Search.mapping(entityManagerFactory)
                .scope(ResourceTable.class)
                .workspace()
                .flush();
        write(file, Instant.ofEpochMilli(until));
        lastCheckpoint = Instant.now();
    }

    /** Whether checkpoints are kept (a Lucene index on disk). */
    boolean enabled() {
        return enabled;
    }

    /** When the index was last committed with a checkpoint by this process, if it has been. */
    Optional<Instant> lastCheckpoint() {
        return Optional.ofNullable(lastCheckpoint);
    }

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (RuntimeException e) {
            log.warn(
                    "Full-text index: checkpoint failed (retried in {}): {}",
                    settings.checkpointInterval(),
                    e.toString());
        }
    }

    /**
     * The time up to which the index is complete once it is committed: every transaction that finished has handed its
     * documents to the index; one still open began at or after its start, its resources' last-updated time at most
     * {@code margin} earlier.
     */
    static long indexedUntil(long now, OptionalLong oldestOpenSince, Duration margin) {
        return Math.min(now, oldestOpenSince.orElse(now)) - margin.toMillis();
    }

    static Optional<Instant> read(Path file) {
        try {
            return Files.isRegularFile(file)
                    ? Optional.of(Instant.parse(Files.readString(file).trim()))
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            log.warn("Full-text index: unreadable checkpoint {} ({}); ignoring it", file, e.toString());
            return Optional.empty();
        }
    }

    /** Replaces the file atomically, its contents on disk first. */
    static void write(Path file, Instant until) {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(
                    temporary,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                channel.write(StandardCharsets.UTF_8.encode(until.toString()));
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }

    /** A clean stop leaves a checkpoint as late as possible, so the next start re-indexes almost nothing. */
    @Override
    public void destroy() {
        scheduler.shutdownNow();
        if (enabled) {
            checkpointQuietly();
        }
    }
}
