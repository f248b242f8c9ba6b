package dev.careflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.careflow.CareflowApplication;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * A real SMART app, the {@code fhirclient} JavaScript library in Node ({@code src/test/smart-launch}, installed from
 * the npm registry by the build), launched standalone against the embedded authorization server: discovery, PKCE,
 * sign-in, the patient picker for a practitioner, the code exchanged for a token with the patient beside it, and the
 * launched patient's CarePlans read, while another patient's plan is refused.
 */
@SpringBootTest(classes = CareflowApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("it")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestPropertySource(
        properties = {
            "careflow.security.embedded.enabled=true",
            "careflow.security.embedded.clients[0].id=admin",
            "careflow.security.embedded.clients[0].secret=admin-secret",
            "careflow.security.embedded.clients[0].scopes[0]=system/*.cruds",
            "careflow.security.embedded.clients[1].id=smart-app",
            "careflow.security.embedded.clients[1].redirect-uris[0]=http://127.0.0.1/callback",
            "careflow.security.embedded.clients[1].scopes[0]=openid",
            "careflow.security.embedded.clients[1].scopes[1]=fhirUser",
            "careflow.security.embedded.clients[1].scopes[2]=launch/patient",
            "careflow.security.embedded.clients[1].scopes[3]=patient/*.rs",
            "careflow.security.embedded.users[0].username=nurse",
            "careflow.security.embedded.users[0].password=nurse-pw",
            "careflow.security.embedded.users[0].fhir-user=Practitioner/launch-nurse",
            "careflow.security.embedded.users[1].username=mia",
            "careflow.security.embedded.users[1].password=mia-pw",
            "careflow.security.embedded.users[1].fhir-user=Patient/launch-mia",
            "careflow.security.embedded.users[1].patient=launch-mia"
        })
class SmartLaunchIT {

    private static final int PORT = freePort();
    private static final Path APP = Path.of("src/test/smart-launch");

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @DynamicPropertySource
    static void port(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        // fhirclient finds the endpoints from the FHIR base, so the issuer must be where this server really is.
        registry.add("careflow.security.embedded.issuer", () -> "http://localhost:" + PORT);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String fhirBase() {
        return "http://localhost:" + PORT + "/fhir";
    }

    @BeforeAll
    void patientsAndPlans() {
        String admin = RestAssured.given()
                .auth()
                .preemptive()
                .basic("admin", "admin-secret")
                .formParam("grant_type", "client_credentials")
                .formParam("scope", "system/*.cruds")
                .post("http://localhost:" + PORT + "/oauth2/token")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("access_token");
        for (String patient : List.of("launch-mia", "launch-ben")) {
            put(
                    admin,
                    "Patient/" + patient,
                    "{\"resourceType\":\"Patient\",\"id\":\"" + patient + "\",\"name\":[{\"family\":\""
                            + patient.substring(7) + "\"}]}");
            put(
                    admin,
                    "CarePlan/plan-" + patient,
                    "{\"resourceType\":\"CarePlan\",\"id\":\"plan-" + patient
                            + "\",\"status\":\"active\",\"intent\":\"plan\",\"subject\":{\"reference\":\"Patient/"
                            + patient
                            + "\"}}");
        }
    }

    private void put(String token, String reference, String body) {
        RestAssured.given()
                .auth()
                .oauth2(token)
                .contentType("application/fhir+json")
                .body(body)
                .put(fhirBase() + "/" + reference)
                .then()
                .statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(200), org.hamcrest.Matchers.is(201)));
    }

    @Test
    void aPatientSigningIn_launchesWithThemselves_andReadsOnlyTheirCarePlans() throws Exception {
        JsonNode launched = launch("mia", "mia-pw", "-", "CarePlan/plan-launch-ben");

        assertThat(launched.path("patient").asText()).isEqualTo("launch-mia");
        assertThat(launched.path("patientName").asText()).isEqualTo("mia");
        assertThat(launched.path("fhirUser").asText()).isEqualTo("Patient/launch-mia");
        assertThat(texts(launched.path("carePlans"))).containsExactly("CarePlan/plan-launch-mia");
        assertThat(launched.path("forbiddenStatus").asInt()).isEqualTo(403);
    }

    @Test
    void aPractitioner_picksThePatient_andTheAppSeesOnlyThatPatient() throws Exception {
        JsonNode launched = launch("nurse", "nurse-pw", "launch-ben", "CarePlan/plan-launch-mia");

        assertThat(launched.path("patient").asText()).isEqualTo("launch-ben");
        assertThat(launched.path("fhirUser").asText()).isEqualTo("Practitioner/launch-nurse");
        assertThat(launched.path("scope").asText()).contains("launch/patient", "patient/*.rs");
        assertThat(texts(launched.path("carePlans"))).containsExactly("CarePlan/plan-launch-ben");
        assertThat(launched.path("forbiddenStatus").asInt()).isEqualTo(403);
    }

    private JsonNode launch(String user, String password, String pick, String forbidden) throws Exception {
        Path output = Files.createTempFile("smart-launch-" + suffix, ".json");
        Path errors = Files.createTempFile("smart-launch-" + suffix, ".err");
        Process node = new ProcessBuilder(
                        "node", "launch.mjs", fhirBase(), "smart-app", user, password, pick, forbidden)
                .directory(APP.toFile())
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile())
                .start();
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("the app finished").isTrue();
        assertThat(node.exitValue())
                .as("the launch failed: %s", Files.readString(errors, StandardCharsets.UTF_8))
                .isZero();
        return new ObjectMapper().readTree(Files.readString(output, StandardCharsets.UTF_8));
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }
}
