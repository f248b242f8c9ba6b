package dev.careflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * The embedded authorization server of the default run: a backend service's client credentials, and a patient's
 * standalone launch (authorization code with PKCE, sign-in on /login, consent) whose token reaches only their own
 * record.
 */
class EmbeddedAuthorizationIT extends EmbeddedSecurityIT {

    private void put(String token, String id) {
        fhir(token)
                .body("{\"resourceType\":\"Patient\",\"id\":\"" + id + "\"}")
                .put("/Patient/" + id)
                .then()
                .statusCode(Matchers.anyOf(Matchers.is(200), Matchers.is(201)));
    }

    @Test
    void aBackendService_getsATokenWithItsClientCredentials_andUsesIt() {
        String token = feedToken();

        fhir(token).get("/Patient?_count=1").then().statusCode(200);
        RestAssured.given().baseUri(base() + "/fhir").get("/Patient").then().statusCode(401);
        RestAssured.given()
                .baseUri(base())
                .get("/fhir/.well-known/smart-configuration")
                .then()
                .statusCode(200)
                .body("token_endpoint", Matchers.equalTo("http://localhost:" + PORT + "/oauth2/token"))
                .header("Access-Control-Allow-Origin", "*");
    }

    @Test
    void aStandalonePatientLaunch_withPkce_readsOnlyThatPatient() {
        String other = "other-" + UUID.randomUUID().toString().substring(0, 8);
        put(feedToken(), other);

        JsonPath issued = signIn("pat", "demo", "openid launch/patient patient/*.rs");

        assertThat(issued.getString("patient"))
                .as("SMART's launch context beside the token")
                .isEqualTo(PATIENT);
        String token = issued.getString("access_token");
        fhir(token)
                .get("/Patient/" + PATIENT)
                .then()
                .statusCode(200)
                .body("name[0].family", Matchers.equalTo("Launched"));
        fhir(token).get("/Patient/" + other).then().statusCode(403);
    }

    @Test
    void aClientCannotChooseThePatient_aPractitionerIsSentToThePicker() {
        Map<String, String> authorize = new HashMap<>(ordered(
                "response_type", "code",
                "client_id", "app",
                "redirect_uri", CALLBACK,
                "scope", "openid launch/patient patient/*.rs",
                "state", "s2",
                "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                "code_challenge_method", "S256"));
        authorize.put("launch_patient", PATIENT);

        Response back = signInAndResume("nurse", "demo", authorize).response();

        assertThat(back.statusCode()).isEqualTo(302);
        assertThat(back.header("Location"))
                .contains("/launch/patient?continue=")
                .doesNotContain("code=");
        assertThat(java.net.URLDecoder.decode(back.header("Location"), StandardCharsets.UTF_8))
                .as("the client's own choice is dropped")
                .doesNotContain("launch_patient");
    }
}
