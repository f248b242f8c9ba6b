package dev.careflow.platform;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.SpringApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * The HTTP port answers from the first seconds of a start: as soon as Spring has read the configuration, a small
 * placeholder listens on {@code server.port} and answers every request 503 "starting" with {@code Retry-After} and an
 * OperationOutcome (liveness: 200, the process is alive), instead of refusing connections for the minute the
 * application context takes. It hands the port over just before Tomcat binds it ({@link Handover}, the lifecycle phase
 * before the web server's); from then on {@link StartupGate} answers 503 until the packages are installed. Only a start
 * from {@code main} opens it (tests and a random port do not).
 */
public final class StartingPlaceholder implements ApplicationListener<SpringApplicationEvent> {

    static final String STARTING =
            """
            {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"transient",\
            "diagnostics":"Careflow is starting. Retry shortly."}]}""";

    private static final Logger log = LoggerFactory.getLogger(StartingPlaceholder.class);
    private static volatile HttpServer placeholder;

    @Override
    public void onApplicationEvent(SpringApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            Integer port = prepared.getEnvironment().getProperty("server.port", Integer.class, 8080);
            if (port > 0 && placeholder == null) {
                open(port);
            }
        } else if (event instanceof ApplicationFailedEvent) {
            close();
        }
    }

    static synchronized void open(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 50);
            server.createContext("/", StartingPlaceholder::answer);
            server.start();
            placeholder = server;
        } catch (IOException e) {
            // The port is taken: Tomcat will say so in its own words when it tries to bind it.
            log.debug("No start-up placeholder on port {}: {}", port, e.toString());
        }
    }

    static synchronized void close() {
        if (placeholder != null) {
            placeholder.stop(0);
            placeholder = null;
        }
    }

    static boolean isOpen() {
        return placeholder != null;
    }

    private static void answer(HttpExchange exchange) throws IOException {
        boolean liveness = exchange.getRequestURI().getPath().startsWith("/actuator/health/liveness");
        byte[] body = (liveness ? "{\"status\":\"UP\"}" : STARTING).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
                .set("Content-Type", liveness ? "application/json" : "application/fhir+json;charset=UTF-8");
        if (!liveness) {
            exchange.getResponseHeaders().set("Retry-After", "5");
        }
        exchange.sendResponseHeaders(liveness ? 200 : 503, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Closes the placeholder in the lifecycle phase just before the web server binds the port. */
    static class Handover implements SmartLifecycle {
        private volatile boolean running;

        @Override
        public void start() {
            close();
            running = true;
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        /** Spring Boot's web server starts in phase {@code DEFAULT_PHASE - 2048}; this one just before. */
        @Override
        public int getPhase() {
            return SmartLifecycle.DEFAULT_PHASE - 2048 - 1;
        }
    }
}
