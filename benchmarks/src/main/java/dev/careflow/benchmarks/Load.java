package dev.careflow.benchmarks;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** How load is applied and measured: latencies in HdrHistograms (microseconds), errors counted, never hidden. */
final class Load {

    /** One operation of a workload: does one request (or a few) and returns how many units it moved. */
    @FunctionalInterface
    interface Operation {
        long run(int client) throws Exception;
    }

    /** What one measured round gave. {@code units} are requests, or resources for ingest. */
    record Result(long operations, long units, long errors, double seconds, Histogram latency, String firstError) {

        double unitsPerSecond() {
            return seconds == 0 ? 0 : units / seconds;
        }

        double percentileMillis(double percentile) {
            return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private Load() {}

    /** What the clients of one round did, counted from many threads. */
    private static final class Tally {
        final AtomicLong operations = new AtomicLong();
        final AtomicLong units = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        private String firstError = "";

        synchronized void failed(Exception e) {
            errors.incrementAndGet();
            if (firstError.isEmpty()) {
                firstError = String.valueOf(e.getMessage());
            }
        }

        Result result(long start, Recorder recorder) {
            double seconds = (System.nanoTime() - start) / 1e9;
            Histogram latency = recorder == null ? new Histogram(3) : recorder.getIntervalHistogram();
            synchronized (this) {
                return new Result(operations.get(), units.get(), errors.get(), seconds, latency, firstError);
            }
        }
    }

    /** Closed loop: {@code clients} threads each run the operation back to back, for the warm-up and then measured. */
    static Result closedLoop(int clients, Duration warmUp, Duration measure, Operation operation)
            throws InterruptedException {
        run(clients, warmUp, operation, null);
        return run(clients, measure, operation, new Recorder(3));
    }

    private static Result run(int clients, Duration length, Operation operation, Recorder recorder)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicBoolean stop = new AtomicBoolean();
        Tally tally = new Tally();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            int client = c;
            pool.submit(() -> {
                while (!stop.get()) {
                    long begin = System.nanoTime();
                    try {
                        long moved = operation.run(client);
                        if (recorder != null) {
                            recorder.recordValue((System.nanoTime() - begin) / 1000);
                        }
                        tally.operations.incrementAndGet();
                        tally.units.addAndGet(moved);
                    } catch (Exception e) {
                        tally.failed(e);
                    }
                }
            });
        }
        Thread.sleep(length.toMillis());
        stop.set(true);
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        return tally.result(start, recorder);
    }

    /**
     * Open loop: an operation is due every 1/rate seconds whatever the server does, and its latency runs from when it
     * was due (no coordinated omission).
     */
    static Result openLoop(double rate, Duration warmUp, Duration measure, Operation operation)
            throws InterruptedException {
        fixedRate(rate, warmUp, operation, null);
        return fixedRate(rate, measure, operation, new Recorder(3));
    }

    private static Result fixedRate(double rate, Duration length, Operation operation, Recorder recorder)
            throws InterruptedException {
        int total = (int) Math.max(1, Math.round(rate * length.toMillis() / 1000.0));
        long interval = (long) (1_000_000_000L / rate);
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        ExecutorService workers = Executors.newFixedThreadPool(64);
        Tally tally = new Tally();
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long due = start + i * interval;
            clock.schedule(
                    () -> workers.submit(() -> {
                        try {
                            operation.run(0);
                            if (recorder != null) {
                                recorder.recordValue((System.nanoTime() - due) / 1000);
                            }
                            tally.operations.incrementAndGet();
                            tally.units.incrementAndGet();
                        } catch (Exception e) {
                            tally.failed(e);
                        }
                    }),
                    due - System.nanoTime(),
                    TimeUnit.NANOSECONDS);
        }
        clock.shutdown();
        clock.awaitTermination(length.toSeconds() + 60, TimeUnit.SECONDS);
        workers.shutdown();
        workers.awaitTermination(5, TimeUnit.MINUTES);
        return tally.result(start, recorder);
    }
}
