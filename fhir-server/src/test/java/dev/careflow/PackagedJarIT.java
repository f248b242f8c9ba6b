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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's run command, as a user runs it: {@code java -jar careflow.jar} in its own JVM, with nothing but the
 * jar. The Spring test context shares the test classpath, so only this catches a dependency the jar lacks.
 */
class PackagedJarIT {

    private static final Path JAR = Path.of("target/careflow.jar");

    @Test
    void packagedJar_startsAndServesMetadata() throws Exception {
        assertThat(JAR)
                .as("the build packages the jar before integration tests")
                .exists();
        int port = freePort();
        Path log = Files.createTempFile("careflow-jar", ".log");
        Process server = new ProcessBuilder(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx1g",
                        "-jar",
                        JAR.toString(),
                        "--server.port=" + port,
                        "--careflow.database.embedded.throw-away=true",
                        "--careflow.database.embedded.runtime-directory=target/postgres-runtime",
                        "--careflow.search.lucene.in-memory=true",
                        "--careflow.transitions.mllp.port=0",
                        "--server.tomcat.basedir=target/tomcat-jar"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest metadata = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir/metadata"))
                    .timeout(Duration.ofSeconds(10))
                    .build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
            HttpResponse<String> response = null;
            while (System.nanoTime() < deadline && server.isAlive()) {
                try {
                    response = http.send(metadata, HttpResponse.BodyHandlers.ofString());
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
            assertThat(response.body()).contains("\"resourceType\":\"CapabilityStatement\"");
        } finally {
            server.destroy();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
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
}
