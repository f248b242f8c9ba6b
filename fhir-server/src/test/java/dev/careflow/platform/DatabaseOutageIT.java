package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowApplication;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An external PostgreSQL that goes away and comes back: requests are answered 503 with {@code Retry-After} and an
 * OperationOutcome within seconds, {@code /fhir/metadata} is still served, readiness is DOWN within a second, and once
 * the database is back requests succeed again without a restart. (Its own Spring context, on a PostgreSQL this test
 * starts and stops, and zonky's shutdown hook stops at the end of the run, after this context has closed.)
 */
@SpringBootTest(classes = CareflowApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
@DirtiesContext
class DatabaseOutageIT {

    private static final int DATABASE_PORT = freePort();
    private static final Path DATA = dataDirectory();
    private static EmbeddedPostgres database = startDatabase();

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void externalDatabase(DynamicPropertyRegistry registry) {
        registry.add("careflow.database.url", () -> "jdbc:postgresql://localhost:" + DATABASE_PORT + "/postgres");
        registry.add("careflow.database.username", () -> "postgres");
        registry.add("careflow.database.password", () -> "postgres");
        // This context is about the database; tokens are tested on the shared server (CareflowIT).
        registry.add("careflow.security.embedded.enabled", () -> "false");
    }

    @Test
    void anOutage_isA503AtOnce_metadataStaysUp_readinessGoesDown_andTheServerRecoversWithoutARestart()
            throws Exception {
        String family = "Outage" + UUID.randomUUID().toString().substring(0, 8);
        String id = fhir().body(patient(family))
                .post("/fhir/Patient")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        assertThat(fhir().get("/fhir/metadata").statusCode()).isEqualTo(200);

        database.close();

        long started = System.nanoTime();
        Response read = fhir().get("/fhir/Patient/" + id);
        long toRefusal = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("Database outage: first request answered %d in %d ms%n", read.statusCode(), toRefusal);
        assertUnavailable(read);
        assertThat(toRefusal).as("time to the 503").isLessThan(6_000);
        assertUnavailable(fhir().body(patient(family)).post("/fhir/Patient"));
        assertUnavailable(fhir().get("/fhir/Patient?family=" + family));

        assertThat(fhir().get("/fhir/metadata").statusCode())
                .as("the CapabilityStatement is served without the database")
                .isEqualTo(200);

        started = System.nanoTime();
        Response readiness = RestAssured.given().baseUri(base()).get("/actuator/health/readiness");
        long toReadiness = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("Database outage: readiness %d in %d ms%n", readiness.statusCode(), toReadiness);
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(readiness.asString()).contains("DOWN");
        // The check gives up on the database after 800 ms (DatabaseHealthIndicatorTest); the rest is the HTTP round
        // trip, which took up to 0.9 s more on a build machine running several builds at once.
        assertThat(toReadiness).as("readiness answers within about a second").isLessThan(3_000);

        database = startDatabase();

        long deadline = System.nanoTime() + 60_000_000_000L;
        int status = 0;
        while (System.nanoTime() < deadline && status != 200) {
            status = fhir().get("/fhir/Patient/" + id).statusCode();
            if (status != 200) {
                Thread.sleep(500);
            }
        }
        assertThat(status)
                .as("the stored Patient is read again once the database is back")
                .isEqualTo(200);
        fhir().body(patient(family)).post("/fhir/Patient").then().statusCode(201);
        assertThat(RestAssured.given()
                        .baseUri(base())
                        .get("/actuator/health/readiness")
                        .statusCode())
                .isEqualTo(200);
    }

    private static void assertUnavailable(Response response) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isNotBlank();
        assertThat(response.asString()).contains("\"resourceType\":\"OperationOutcome\"");
        assertThat(response.asString()).doesNotContainIgnoringCase("SQL");
    }

    private io.restassured.specification.RequestSpecification fhir() {
        return RestAssured.given()
                .baseUri(base())
                .contentType("application/fhir+json")
                .accept("application/fhir+json");
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private static String patient(String family) {
        return "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + family + "\"}]}";
    }

    private static EmbeddedPostgres startDatabase() {
        try {
            return EmbeddedPostgres.builder()
                    .setPort(DATABASE_PORT)
                    .setDataDirectory(DATA)
                    .setCleanDataDirectory(false)
                    .setOverrideWorkingDirectory(
                            Path.of("target/postgres-runtime").toAbsolutePath().toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path dataDirectory() {
        try {
            return Files.createTempDirectory(Path.of("target").toAbsolutePath(), "outage-postgres-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
