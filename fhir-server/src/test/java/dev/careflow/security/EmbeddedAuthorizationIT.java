package dev.careflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowApplication;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * The embedded authorization server of the default run: a backend service's client credentials, and a patient's
 * standalone launch (authorization code with PKCE, sign-in on /login) whose token reaches only their own record.
 */
@SpringBootTest(classes = CareflowApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
@TestPropertySource(
        properties = {
            "careflow.security.embedded.enabled=true",
            "careflow.security.embedded.issuer=http://careflow.test",
            "careflow.security.embedded.clients[0].id=feed",
            "careflow.security.embedded.clients[0].secret=feed-secret",
            "careflow.security.embedded.clients[0].scopes[0]=system/*.cruds",
            "careflow.security.embedded.clients[1].id=app",
            "careflow.security.embedded.clients[1].redirect-uris[0]=http://localhost/callback",
            "careflow.security.embedded.clients[1].scopes[0]=openid",
            "careflow.security.embedded.clients[1].scopes[1]=launch/patient",
            "careflow.security.embedded.clients[1].scopes[2]=patient/*.rs",
            "careflow.security.embedded.users[0].username=pat",
            "careflow.security.embedded.users[0].password=demo",
            "careflow.security.embedded.users[0].patient=launched-patient",
            "careflow.security.embedded.users[1].username=nurse",
            "careflow.security.embedded.users[1].password=demo",
            "careflow.security.embedded.users[1].fhir-user=Practitioner/nurse"
        })
class EmbeddedAuthorizationIT {

    @LocalServerPort
    private int port;

    private String base() {
        return "http://localhost:" + port;
    }

    private String clientCredentials() {
        return RestAssured.given()
                .baseUri(base())
                .auth()
                .preemptive()
                .basic("feed", "feed-secret")
                .formParam("grant_type", "client_credentials")
                .formParam("scope", "system/*.cruds")
                .post("/oauth2/token")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("access_token");
    }

    private void put(String token, String id) {
        RestAssured.given()
                .baseUri(base() + "/fhir")
                .auth()
                .oauth2(token)
                .contentType("application/fhir+json")
                .body("{\"resourceType\":\"Patient\",\"id\":\"" + id + "\"}")
                .put("/Patient/" + id)
                .then()
                .statusCode(org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.is(200), org.hamcrest.Matchers.is(201)));
    }

    @Test
    void aBackendService_getsATokenWithItsClientCredentials_andUsesIt() {
        String token = clientCredentials();

        RestAssured.given()
                .baseUri(base() + "/fhir")
                .auth()
                .oauth2(token)
                .get("/Patient?_count=1")
                .then()
                .statusCode(200);
        RestAssured.given().baseUri(base() + "/fhir").get("/Patient").then().statusCode(401);
        RestAssured.given()
                .baseUri(base())
                .get("/fhir/.well-known/smart-configuration")
                .then()
                .statusCode(200)
                .body("token_endpoint", org.hamcrest.Matchers.equalTo("http://careflow.test/oauth2/token"));
    }

    @Test
    void aStandalonePatientLaunch_withPkce_readsOnlyThatPatient() throws Exception {
        String admin = clientCredentials();
        put(admin, "launched-patient");
        String other = "other-" + UUID.randomUUID().toString().substring(0, 8);
        put(admin, other);

        String verifier = UUID.randomUUID() + UUID.randomUUID().toString();
        String challenge = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        Map<String, String> authorize = Map.of(
                "response_type", "code",
                "client_id", "app",
                "redirect_uri", "http://localhost/callback",
                "scope", "openid launch/patient patient/*.rs",
                "state", "s1",
                "code_challenge", challenge,
                "code_challenge_method", "S256");

        Response back = signInAndResume("pat", authorize);
        assertThat(back.statusCode()).isEqualTo(302);
        String callback = back.header("Location");
        assertThat(callback).startsWith("http://localhost/callback").contains("state=s1");
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(callback);
        assertThat(code.find()).isTrue();

        io.restassured.path.json.JsonPath issued = RestAssured.given()
                .baseUri(base())
                .formParam("grant_type", "authorization_code")
                .formParam("code", java.net.URLDecoder.decode(code.group(1), StandardCharsets.UTF_8))
                .formParam("redirect_uri", "http://localhost/callback")
                .formParam("client_id", "app")
                .formParam("code_verifier", verifier)
                .post("/oauth2/token")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(issued.getString("patient"))
                .as("SMART's launch context beside the token")
                .isEqualTo("launched-patient");
        String token = issued.getString("access_token");

        RestAssured.given()
                .baseUri(base() + "/fhir")
                .auth()
                .oauth2(token)
                .get("/Patient/launched-patient")
                .then()
                .statusCode(200);
        RestAssured.given()
                .baseUri(base() + "/fhir")
                .auth()
                .oauth2(token)
                .get("/Patient/" + other)
                .then()
                .statusCode(403);
    }

    /** Starts the authorization request, signs in as the user and follows the way back to the authorization endpoint. */
    private Response signInAndResume(String user, Map<String, String> authorize) {
        Response first = RestAssured.given()
                .baseUri(base())
                .redirects()
                .follow(false)
                .accept("text/html")
                .queryParams(authorize)
                .get("/oauth2/authorize");
        assertThat(first.statusCode()).isEqualTo(302);
        assertThat(first.header("Location")).contains("/login");
        Map<String, String> cookies = first.cookies();

        Response loginPage =
                RestAssured.given().baseUri(base()).cookies(cookies).get("/login");
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(loginPage.asString());
        assertThat(csrf.find()).as("the sign-in page has a CSRF token").isTrue();
        Map<String, String> session = new java.util.HashMap<>(cookies);
        session.putAll(loginPage.cookies());

        Response signedIn = RestAssured.given()
                .baseUri(base())
                .redirects()
                .follow(false)
                .cookies(session)
                .formParam("username", user)
                .formParam("password", "demo")
                .formParam("_csrf", csrf.group(1))
                .post("/login");
        assertThat(signedIn.statusCode()).isEqualTo(302);
        session.putAll(signedIn.cookies());

        URI resume = URI.create(signedIn.header("Location"));
        Response back = RestAssured.given()
                .redirects()
                .follow(false)
                .cookies(session)
                .urlEncodingEnabled(false)
                .get(resume.isAbsolute() ? resume.toString() : base() + resume);
        return back;
    }

    @Test
    void aClientCannotChooseThePatient_aPractitionerIsSentToThePicker() {
        Map<String, String> authorize = new java.util.HashMap<>(Map.of(
                "response_type", "code",
                "client_id", "app",
                "redirect_uri", "http://localhost/callback",
                "scope", "openid launch/patient patient/*.rs",
                "state", "s2",
                "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                "code_challenge_method", "S256"));
        authorize.put("launch_patient", "launched-patient");

        Response back = signInAndResume("nurse", authorize);

        assertThat(back.statusCode()).isEqualTo(302);
        assertThat(back.header("Location"))
                .contains("/launch/patient?continue=")
                .doesNotContain("code=");
        assertThat(java.net.URLDecoder.decode(back.header("Location"), StandardCharsets.UTF_8))
                .as("the client's own choice is dropped")
                .doesNotContain("launch_patient");
    }
}
