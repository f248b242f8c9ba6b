package dev.careflow.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: callers hand their items to one writer thread, which writes everything handed in while it was busy
 * with the previous write as ONE batch (one statement batch, one commit, one fsync), and each caller waits until the
 * batch holding its items is committed. Under load the commits are shared; alone, a caller pays one commit as before.
 * A failed write fails every caller of that batch.
 *
 * @param <T> what is written
 */
final class GroupCommit<T> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private record Pending<T>(List<T> items, CompletableFuture<Void> done) {}

    private final BlockingQueue<Pending<T>> queue = new LinkedBlockingQueue<>();
    private final Consumer<List<T>> writer;
    private final int batchMax;
    private final Thread thread;
    private volatile boolean open = true;

    /**
     * @param writer writes and commits one batch, or throws
     * @param batchMax the most items of one batch (a caller's items are never split)
     */
    GroupCommit(String name, Consumer<List<T>> writer, int batchMax) {
        this.writer = writer;
        this.batchMax = Math.max(1, batchMax);
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Hands the items to the writer; the future completes once they are committed (exceptionally if not). */
    CompletableFuture<Void> submit(List<T> items) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (items.isEmpty()) {
            done.complete(null);
        } else if (!open) {
            done.completeExceptionally(new IllegalStateException("the audit writer is closed"));
        } else {
            queue.add(new Pending<>(List.copyOf(items), done));
        }
        return done;
    }

    /** Submits and waits for the commit; throws if it failed or took longer than the timeout. */
    void write(List<T> items, Duration timeout) {
        try {
            submit(items).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            throw new IllegalStateException(failed.getCause().getMessage(), failed.getCause());
        } catch (TimeoutException late) {
            throw new IllegalStateException("not committed within " + timeout, late);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the commit", interrupted);
        }
    }

    private void run() {
        while (open || !queue.isEmpty()) {
            List<Pending<T>> batch = new ArrayList<>();
            try {
                Pending<T> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int size = first.items().size();
                Pending<T> next;
                while (size < batchMax && (next = queue.poll()) != null) {
                    batch.add(next);
                    size += next.items().size();
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
            commit(batch);
        }
    }

    private void commit(List<Pending<T>> batch) {
        List<T> items = new ArrayList<>();
        batch.forEach(pending -> items.addAll(pending.items()));
        try {
            writer.accept(items);
            batch.forEach(pending -> pending.done().complete(null));
        } catch (RuntimeException | Error failed) {
            log.error("{} audit item(s) could not be committed: {}", items.size(), failed.getMessage());
            batch.forEach(pending -> pending.done().completeExceptionally(failed));
        }
    }

    /** Writes what was handed in, then stops. */
    @Override
    public void close() {
        open = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
