package dev.careflow.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * What an orchestrator's readiness probe sees while the workloads run: {@code /actuator/health/readiness} asked every
 * quarter second, on its own thread, each answer's time recorded and every answer that is not 200 counted.
 */
final class ReadinessProbe implements AutoCloseable {

    private final HttpClient http;
    private final URI readiness;
    private final Histogram latency = new Histogram(3);
    private final Thread thread;
    private volatile boolean running = true;
    private long notReady;

    ReadinessProbe(HttpClient http, Server server) {
        this.http = http;
        this.readiness = URI.create(server.base.substring(0, server.base.length() - "/fhir".length())
                + "/actuator/health/readiness");
        this.thread = new Thread(this::probe, "readiness-probe");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void probe() {
        while (running) {
            long start = System.nanoTime();
            int status;
            try {
                status = http.send(
                                HttpRequest.newBuilder(readiness)
                                        .timeout(Duration.ofSeconds(10))
                                        .GET()
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            } catch (Exception e) {
                status = 0;
            }
            synchronized (this) {
                latency.recordValue(Math.max(1, (System.nanoTime() - start) / 1_000));
                if (status != 200) {
                    notReady++;
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The probes' figures: count, p50, p99, max (ms), and how many were not 200. */
    synchronized String summary() {
        return String.format(
                Locale.ROOT,
                "%d probes during the workloads: p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d not 200",
                latency.getTotalCount(),
                latency.getValueAtPercentile(50) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0,
                latency.getMaxValue() / 1000.0,
                notReady);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(15_000);
    }
}
