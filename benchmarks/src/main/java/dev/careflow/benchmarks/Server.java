package dev.careflow.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One server under test: the Careflow jar in its own JVM, as a user starts it. Careflow runs as shipped (its features,
 * the embedded authorization server and audit on); the baseline is the same jar as plain HAPI JPA (features, tokens,
 * MLLP and scheduled jobs off). Both use one PostgreSQL: Careflow's embedded cluster, the baseline another database
 * in it.
 */
final class Server implements AutoCloseable {

    final String name;
    final String base;
    final boolean careflow;
    private final Process process;
    private final Path log;
    private String authorization = "";
    private final Instant launched = Instant.now();
    private Duration startup;

    private Server(String name, String base, boolean careflow, Process process, Path log) {
        this.name = name;
        this.base = base;
        this.careflow = careflow;
        this.process = process;
        this.log = log;
    }

    /**
     * Careflow as shipped, with its embedded PostgreSQL on {@code postgresPort}: durable (fsync on) in a data folder
     * emptied first, or a throw-away cluster with fsync off when {@code durable} is false. The full-text index is
     * emptied with it, so it never describes an earlier run's database.
     */
    static Server careflow(Path jar, Path work, int postgresPort, boolean durable) throws IOException {
        int port = freePort();
        Path directory = work.resolve("careflow");
        deleteTree(directory.resolve("data"));
        Map<String, String> environment = new java.util.HashMap<>(Map.of(
                "PORT", String.valueOf(port),
                "CAREFLOW_DATABASE_EMBEDDED_PORT", String.valueOf(postgresPort),
                "CAREFLOW_DATABASE_EMBEDDED_THROW_AWAY", String.valueOf(!durable),
                "CAREFLOW_TRANSITIONS_MLLP_PORT", "0",
                // The benchmark measures a server holding only what it sends.
                "CAREFLOW_DEMO_ENABLED", "false"));
        // A variant of Careflow's settings (-Dcareflow.env=CAREFLOW_POPULATIONS_ENABLED=false,K=V).
        for (String pair : System.getProperty("careflow.env", "").split(",")) {
            if (pair.contains("=")) {
                environment.put(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1));
            }
        }
        return start("careflow", jar, directory, port, true, environment);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Plain HAPI JPA on the database {@code baseline} of the same PostgreSQL. */
    static Server baseline(Path jar, Path work, int postgresPort) throws IOException {
        int port = freePort();
        return start("baseline", jar, work.resolve("baseline"), port, false, Map.of(
                "PORT", String.valueOf(port),
                "CAREFLOW_DATABASE_URL", "jdbc:postgresql://localhost:" + postgresPort + "/baseline",
                "CAREFLOW_DATABASE_USERNAME", "postgres",
                "CAREFLOW_DATABASE_PASSWORD", "postgres",
                "CAREFLOW_FEATURES_ENABLED", "false",
                "CAREFLOW_SECURITY_EMBEDDED_ENABLED", "false",
                "CAREFLOW_TRANSITIONS_MLLP_ENABLED", "false",
                "CAREFLOW_TASK_OVERDUE_CHECK_INTERVAL", "0",
                // Plain HAPI JPA as Careflow configured it before: the words of every type in the full-text index.
                "CAREFLOW_STORAGE_FULL_TEXT_TYPES", "*"));
    }

    private static Server start(
            String name, Path jar, Path directory, int port, boolean careflow, Map<String, String> environment)
            throws IOException {
        Files.createDirectories(directory);
        Path log = directory.resolve("server.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g"));
        // Extra JVM options for the servers (-Dserver.jvm="-XX:+UseParallelGC"), for tuning and profiling.
        String extra = System.getProperty("server.jvm", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        Process process = builder.start();
        return new Server(name, "http://localhost:" + port + "/fhir", careflow, process, log);
    }

    /** Waits until {@code /fhir/metadata} answers 200 (packages installed), then takes a token if tokens are asked. */
    void awaitReady(HttpClient http, Duration timeout) throws IOException, InterruptedException {
        Instant until = Instant.now().plus(timeout);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IOException(name + " stopped at start-up; see " + log);
            }
            try {
                HttpResponse<Void> metadata = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/metadata")).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (metadata.statusCode() == 200) {
                    startup = Duration.between(launched, Instant.now());
                    authorize(http);
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IOException(name + " not ready after " + timeout + "; see " + log);
    }

    private void authorize(HttpClient http) throws IOException, InterruptedException {
        if (!careflow) {
            return;
        }
        String server = base.substring(0, base.length() - "/fhir".length());
        HttpResponse<String> token = http.send(
                HttpRequest.newBuilder(URI.create(server + "/oauth2/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Authorization", "Basic " + Base64.getEncoder()
                                .encodeToString("careflow-demo:demo-secret".getBytes(StandardCharsets.UTF_8)))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "grant_type=client_credentials&scope=system/*.cruds"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher access = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(token.body());
        if (token.statusCode() != 200 || !access.find()) {
            throw new IOException(name + ": no token from the embedded authorization server: " + token.body());
        }
        authorization = "Bearer " + access.group(1);
    }

    /** A request to this server, with its token when it asks for one. */
    HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
                .timeout(Duration.ofMinutes(5))
                .header("Accept", "application/fhir+json");
        return authorization.isEmpty() ? request : request.header("Authorization", authorization);
    }

    /** Launch to the first 200 on {@code /fhir/metadata} (null before). */
    Duration startup() {
        return startup;
    }

    /**
     * The server process's resident memory in MiB (VmRSS of /proc/pid/status), or -1 where there is no such file. The
     * embedded PostgreSQL's processes are not counted: they serve both servers.
     */
    long residentMegabytes() {
        Path status = Path.of("/proc", String.valueOf(process.pid()), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
