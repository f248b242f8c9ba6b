package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class StartingPlaceholderTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void whileStarting_everyRequestIs503WithRetryAfter_livenessIsUp_andTheHandoverFreesThePort() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        StartingPlaceholder.open(port);
        try {
            HttpResponse<String> metadata = get(port, "/fhir/metadata");
            assertThat(metadata.statusCode()).isEqualTo(503);
            assertThat(metadata.headers().firstValue("Retry-After")).contains("5");
            assertThat(metadata.body()).contains("\"resourceType\":\"OperationOutcome\"", "Careflow is starting");
            assertThat(get(port, "/actuator/health/readiness").statusCode()).isEqualTo(503);
            assertThat(get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
        } finally {
            new StartingPlaceholder.Handover().start();
        }
        assertThat(StartingPlaceholder.isOpen()).isFalse();
        int closed = port;
        assertThatThrownBy(() -> get(closed, "/fhir/metadata")).isInstanceOf(ConnectException.class);
        try (ServerSocket tomcat = new ServerSocket(port)) {
            assertThat(tomcat.getLocalPort()).as("the port is free for Tomcat").isEqualTo(port);
        }
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
