package dev.careflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.careflow.CareflowIT;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real SMART app, the {@code fhirclient} JavaScript library in Node ({@code src/test/smart-launch}, installed from
 * the npm registry by the build), launched standalone against the embedded authorization server: discovery, PKCE,
 * sign-in, the patient picker for a practitioner, the code exchanged for a token with the patient beside it, and the
 * launched patient's CarePlans read, while another patient's plan is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmartLaunchIT extends CareflowIT {

    private static final Path APP = Path.of("src/test/smart-launch");

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);

    /** The launches carry their own tokens, or none. */
    @Override
    protected boolean authenticatesByDefault() {
        return false;
    }

    private String fhirBase() {
        return "http://localhost:" + PORT + "/fhir";
    }

    @BeforeAll
    void patientsAndPlans() {
        String admin = systemToken();
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
        JsonNode launched = launch("launch-nurse", "nurse-pw", "launch-ben", "CarePlan/plan-launch-mia");

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
