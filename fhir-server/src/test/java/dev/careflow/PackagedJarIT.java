package dev.careflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's run command, as a user runs it: {@code java -jar careflow/careflow.jar} (the layout the build extracts
 * from the packaged jar, its libraries beside it) in its own JVM. The Spring test context shares the test classpath,
 * so only this catches a dependency the jar lacks; and only a JVM of its own can be killed.
 */
class PackagedJarIT {

    private static final Path JAR = Path.of("target/careflow/careflow.jar");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /**
     * Also the trap of a second database in the same folder: the Lucene folder was built for another database (its
     * marker says so), so the server empties it and rebuilds it from its own database instead of answering
     * {@code _content} from another database's index.
     */
    @Test
    void packagedJar_startsAndServesMetadata_rebuildingAnIndexBuiltForAnotherDatabase() throws Exception {
        Path lucene = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "lucene-");
        Files.writeString(lucene.resolve("careflow-database"), "an-other-database\n");
        Path stale = Files.createDirectories(lucene.resolve("Patient")).resolve("stale-entry");
        Files.writeString(stale, "from the other database");
        Path log = Files.createTempFile("careflow-jar", ".log");
        int port = freePort();
        Process server = start(
                port,
                log,
                List.of(
                        "--careflow.database.embedded.throw-away=true",
                        "--careflow.search.lucene.directory=" + lucene,
                        "--server.tomcat.basedir=target/tomcat-jar"));
        try {
            HttpResponse<String> first = firstAnswer(server, port);
            assertThat(first.statusCode())
                    .as("the port answers 'starting' long before the server is ready")
                    .isEqualTo(503);
            assertThat(first.body()).contains("Careflow is starting");
            HttpResponse<String> response = awaitMetadata(server, port, log);
            assertThat(response.body()).contains("\"resourceType\":\"CapabilityStatement\"");
            // The endpoint takes traffic once the packages are installed; the ready line follows the other start-up
            // work (the demo data of a first start on the embedded database).
            assertThat(awaitLine(log, "Careflow is ready at http://localhost:" + port + "/fhir", Duration.ofMinutes(3)))
                    .as("the ready line")
                    .isTrue();
            assertThat(Files.readString(log))
                    .as("a clean first start prints no warnings that only look like errors")
                    .doesNotContain("does not exist, skipping", "SQL Warning", "HHH000502", "BeanPostProcessorChecker");
            assertThat(Files.readAllLines(log).stream()
                            .filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                            .filter(line -> !line.contains("was built for another database")))
                    .as("a clean first start warns only of the index it rebuilds")
                    .isEmpty();
            assertThat(Files.readString(log)).contains("was built for another database (identity an-other-database)");
            assertThat(stale).doesNotExist();
            assertThat(Files.readString(lucene.resolve("careflow-database")).trim())
                    .isNotEqualTo("an-other-database");
        } finally {
            stop(server);
        }
    }

    /**
     * {@code kill -9} right after a write is acknowledged: the database has the resource, the Lucene index had not
     * committed it yet. The next start re-indexes what changed since the index's last checkpoint, before it takes
     * traffic, so the resource is found by {@code _content} without a manual {@code $reindex}.
     */
    @Test
    void killedRightAfterAWrite_theRestartedServerFindsItByContent() throws Exception {
        Path data = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "crash-");
        List<String> onDisk = List.of(
                "--careflow.database.embedded.throw-away=false",
                "--careflow.database.embedded.data-directory=" + data.resolve("postgres"),
                "--careflow.search.lucene.directory=" + data.resolve("lucene"),
                "--careflow.security.embedded.enabled=false",
                "--careflow.security.embedded.keys-directory=" + data.resolve("keys"),
                "--server.tomcat.basedir=" + data.resolve("tomcat"));
        String word = "crashword" + UUID.randomUUID().toString().replace("-", "");
        Path firstLog = data.resolve("first.log");
        int port = freePort();
        Process first = start(port, firstLog, onDisk);
        try {
            awaitMetadata(first, port, firstLog);
            HttpResponse<String> created = HTTP.send(
                    HttpRequest.newBuilder(URI.create(base(port) + "/Patient"))
                            .header("Content-Type", "application/fhir+json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + word + "\"}]}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            first.destroyForcibly();
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        } catch (AssertionError | Exception e) {
            stopOrphanedPostmaster(data.resolve("postgres"));
            throw e;
        } finally {
            first.destroyForcibly();
            first.waitFor(30, TimeUnit.SECONDS);
        }

        Path secondLog = data.resolve("second.log");
        long restarted = System.nanoTime();
        Process second = start(port, secondLog, onDisk);
        try {
            awaitMetadata(second, port, secondLog);
            HttpRequest search = HttpRequest.newBuilder(URI.create(base(port) + "/Patient?_content=" + word))
                    .build();
            String found = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && !found.contains(word)) {
                found = HTTP.send(search, HttpResponse.BodyHandlers.ofString()).body();
                if (!found.contains(word)) {
                    Thread.sleep(500);
                }
            }
            assertThat(found)
                    .as(
                            "the acknowledged Patient is found by _content after the restart; its log:%n%s",
                            tail(secondLog))
                    .contains(word);
            System.out.printf(
                    "kill -9 recovery: restart to found by _content in %d ms%n",
                    (System.nanoTime() - restarted) / 1_000_000);
            assertThat(Files.readString(secondLog)).contains("Full-text index: re-indexed");
        } finally {
            stop(second);
            stopOrphanedPostmaster(data.resolve("postgres"));
        }
    }

    /** A JVM killed with no second start after it leaves its embedded PostgreSQL running. */
    private static void stopOrphanedPostmaster(Path cluster) throws IOException {
        Path pid = cluster.resolve("postmaster.pid");
        if (Files.isRegularFile(pid)) {
            ProcessHandle.of(Long.parseLong(Files.readAllLines(pid).get(0).trim()))
                    .ifPresent(ProcessHandle::destroy);
        }
    }

    private static Process start(int port, Path log, List<String> settings) throws IOException {
        assertThat(JAR)
                .as("the build packages the jar before integration tests")
                .exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-jar",
                JAR.toString(),
                "--server.port=" + port,
                "--careflow.database.embedded.runtime-directory=target/postgres-runtime",
                "--careflow.transitions.mllp.port=0"));
        command.addAll(settings);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** The first HTTP answer of a starting server (its port refuses connections until something listens). */
    private static HttpResponse<String> firstAnswer(Process server, int port) throws Exception {
        HttpRequest metadata = HttpRequest.newBuilder(URI.create(base(port) + "/metadata"))
                .timeout(Duration.ofSeconds(10))
                .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && server.isAlive()) {
            try {
                return HTTP.send(metadata, HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYetListening) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("no answer on port " + port + " within 120 s of the start");
    }

    private static HttpResponse<String> awaitMetadata(Process server, int port, Path log) throws Exception {
        HttpRequest metadata = HttpRequest.newBuilder(URI.create(base(port) + "/metadata"))
                .timeout(Duration.ofSeconds(10))
                .build();
        // A start takes a minute on a quiet machine and several on a busy build machine.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
        HttpResponse<String> response = null;
        while (System.nanoTime() < deadline && server.isAlive()) {
            try {
                response = HTTP.send(metadata, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    break;
                }
            } catch (IOException notYetListening) {
                // keep polling
            }
            Thread.sleep(500);
        }
        assertThat(response)
                .as("the jar served /fhir/metadata; its log:%n%s", tail(log))
                .isNotNull();
        assertThat(response.statusCode()).isEqualTo(200);
        return response;
    }

    private static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(120, TimeUnit.SECONDS)) {
            server.destroyForcibly();
        }
    }

    private static String base(int port) {
        return "http://localhost:" + port + "/fhir";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Whether the log gets the line within the time given. */
    private static boolean awaitLine(Path log, String line, Duration within) throws Exception {
        long until = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < until) {
            if (Files.readString(log).contains(line)) {
                return true;
            }
            Thread.sleep(500);
        }
        return Files.readString(log).contains(line);
    }
}
