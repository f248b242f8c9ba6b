package dev.careflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the embedded authorization server grants, to whom, and for how long. */
class ScopeGrantIT extends EmbeddedSecurityIT {

    private static List<String> scopes(JsonPath issued) {
        return Arrays.asList(issued.getString("scope").split(" "));
    }

    @Test
    void aPatientAskingForStaffScopes_getsOnlyHisPatientScopes_andCannotActAsStaff() {
        String other = fhir(feedToken())
                .body("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Other\"}]}")
                .post("/Patient")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("id");

        JsonPath issued =
                signIn("pat", "demo", "openid fhirUser launch/patient patient/*.rs user/*.* user/*.cruds system/*.*");

        assertThat(scopes(issued))
                .as("the token response names what was granted")
                .contains("patient/*.rs")
                .noneMatch(s -> s.startsWith("user/") || s.startsWith("system/"));
        assertThat(issued.getString("patient")).isEqualTo(PATIENT);
        String token = issued.getString("access_token");
        fhir(token).get("/Patient/" + other).then().statusCode(403);
        fhir(token).get("/Patient/" + other + "/$everything").then().statusCode(403);
        fhir(token).get("/Practitioner/nurse/$worklist").then().statusCode(403);
        fhir(token)
                .body("{\"resourceType\":\"Patient\"}")
                .post("/Patient")
                .then()
                .statusCode(403);
    }

    @Test
    void theConsentPage_showsThePatientOnlyWhatHeMayBeGranted() {
        Map<String, String> authorize = new HashMap<>(ordered(
                "response_type", "code",
                "client_id", "app",
                "redirect_uri", CALLBACK,
                // Scopes no other test asks for: a consent already given is not asked again.
                "scope", "openid launch/patient patient/*.cruds user/*.*",
                "state", "consent-1",
                "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
                "code_challenge_method", "S256"));
        Response page = signInAndResume("pat", "demo", authorize).response();

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.asString()).contains("app");
        assertThat(offeredScopes(page.asString())).contains("patient/*.cruds").doesNotContain("user/*.*");
    }

    @Test
    void staff_getUserScopes_butNeverSystemScopes() {
        JsonPath issued = signIn("nurse", "demo", "openid fhirUser user/*.cruds system/*.*");

        assertThat(scopes(issued)).contains("user/*.cruds").doesNotContain("system/*.*");
        fhir(issued.getString("access_token")).get("/Patient?_count=1").then().statusCode(200);
    }

    @Test
    void clientCredentials_grantOnlySystemScopes() {
        JsonPath issued = clientCredentials("feed", "feed-secret", "patient/*.rs user/*.* system/*.cruds");

        assertThat(scopes(issued)).containsExactly("system/*.cruds");
    }

    @Test
    void thePatientPicker_isForStaffOnly() {
        Map<String, String> patientSession = new HashMap<>();
        postLogin(patientSession, "pat", "demo");
        RestAssured.given()
                .baseUri(base())
                .cookies(patientSession)
                .redirects()
                .follow(false)
                .get("/launch/patient?name=Launched")
                .then()
                .statusCode(403);

        Map<String, String> staffSession = new HashMap<>();
        postLogin(staffSession, "nurse", "demo");
        String page = RestAssured.given()
                .baseUri(base())
                .cookies(staffSession)
                .get("/launch/patient?name=Launched")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page).contains(PATIENT);
    }

    @Test
    void repeatedWrongPasswords_lockTheName_evenAgainstTheRightPassword() {
        for (int i = 0; i < 3; i++) {
            Response refused = postLogin(new HashMap<>(), "locky", "guess-" + i);
            assertThat(refused.header("Location")).contains("/login?error");
        }
        Response locked = postLogin(new HashMap<>(), "locky", "right-password");
        assertThat(locked.header("Location")).as("locked out").contains("/login?error");

        String token = feedToken();
        String failures = fhir(token)
                .get("/AuditEvent?subtype=http://dicom.nema.org/resources/ontology/DCM|110122"
                        + "&outcome=4&_count=100")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(failures.split("urn:careflow:sign-in:username", -1).length - 1)
                .as("an AuditEvent for each refused sign-in")
                .isGreaterThanOrEqualTo(4);
    }

    @Test
    void aRevokedToken_isRefused() {
        String token = feedToken();
        fhir(token).get("/Patient?_count=1").then().statusCode(200);

        RestAssured.given()
                .baseUri(base())
                .auth()
                .preemptive()
                .basic("feed", "feed-secret")
                .formParam("token", token)
                .formParam("token_type_hint", "access_token")
                .post("/oauth2/revoke")
                .then()
                .statusCode(200);

        fhir(token).get("/Patient?_count=1").then().statusCode(401);
        fhir(feedToken()).get("/Patient?_count=1").then().statusCode(200);
    }

    @Test
    void theDemoPeople_existAsResources_notAsPlaceholders() {
        String token = feedToken();
        fhir(token)
                .get("/Practitioner/nurse")
                .then()
                .statusCode(200)
                .body("name[0].family", org.hamcrest.Matchers.equalTo("Nurse"));
        fhir(token)
                .get("/Patient/" + PATIENT)
                .then()
                .statusCode(200)
                .body("name[0].family", org.hamcrest.Matchers.equalTo("Launched"));
    }

    @Test
    void readingWhatDoesNotExist_twice_staysNotFound_andCreatesNothing() {
        String token = feedToken();
        String id = "nope-" + UUID.randomUUID().toString().substring(0, 8);

        fhir(token).get("/Patient/" + id).then().statusCode(404);
        fhir(token).get("/Observation/" + id).then().statusCode(404);
        fhir(token).get("/Patient/" + id).then().statusCode(404);
        fhir(token).get("/Observation/" + id).then().statusCode(404);
        fhir(token).get("/Patient?_id=" + id).then().statusCode(200).body("total", org.hamcrest.Matchers.equalTo(0));
    }
}
