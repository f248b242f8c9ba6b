package dev.careflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowIT;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Base of the integration tests of the default run's security: the server with its embedded authorization server, a
 * backend service ({@code feed}, every system scope), a backend service with a narrow grant ({@code reader}), a SMART
 * app ({@code app}, registered for patient and user scopes, with a consent page), two patients, a practitioner and a
 * user for lockouts. Tokens come through the real flows: client credentials, and sign-in, consent and code exchange
 * with PKCE. The clients and users are the shared test server's ({@code application-it.yaml}); these tests run in the
 * one Spring context of every integration test.
 */
public abstract class EmbeddedSecurityIT extends CareflowIT {

    static final String PATIENT = "launched-patient";
    static final String CALLBACK = "http://localhost/callback";

    /** The security tests say which token each request carries, or none. */
    @Override
    protected boolean authenticatesByDefault() {
        return false;
    }

    String base() {
        return "http://localhost:" + port;
    }

    protected RequestSpecification fhir(String token) {
        return RestAssured.given()
                .baseUri(base() + "/fhir")
                .auth()
                .oauth2(token)
                .contentType("application/fhir+json")
                .accept("application/fhir+json");
    }

    /** Creates a resource with the token; returns its id. */
    String create(String token, String type, String json) {
        return fhir(token)
                .body(json)
                .post("/" + type)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("id");
    }

    /** A backend service's token by client credentials, with what the token endpoint answered. */
    JsonPath clientCredentials(String client, String secret, String scope) {
        return RestAssured.given()
                .baseUri(base())
                .auth()
                .preemptive()
                .basic(client, secret)
                .formParam("grant_type", "client_credentials")
                .formParam("scope", scope)
                .post("/oauth2/token")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    String feedToken() {
        return clientCredentials("feed", "feed-secret", "system/*.cruds").getString("access_token");
    }

    /** A person's token for the SMART app: sign-in, the consent page (every scope offered approved), code exchange. */
    protected JsonPath signIn(String user, String password, String scope) {
        try {
            String verifier = UUID.randomUUID() + UUID.randomUUID().toString();
            String challenge = Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
            Map<String, String> authorize = Map.of(
                    "response_type",
                    "code",
                    "client_id",
                    "app",
                    "redirect_uri",
                    CALLBACK,
                    "scope",
                    scope,
                    "state",
                    "s-" + UUID.randomUUID(),
                    "code_challenge",
                    challenge,
                    "code_challenge_method",
                    "S256");
            Session session = signInAndResume(user, password, authorize);
            Response back = session.response;
            if (back.statusCode() == 200) {
                back = consent(session, back.asString());
            }
            assertThat(back.statusCode()).as("redirected back to the app").isEqualTo(302);
            Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(back.header("Location"));
            assertThat(code.find()).as("a code in " + back.header("Location")).isTrue();
            return RestAssured.given()
                    .baseUri(base())
                    .formParam("grant_type", "authorization_code")
                    .formParam("code", URLDecoder.decode(code.group(1), StandardCharsets.UTF_8))
                    .formParam("redirect_uri", CALLBACK)
                    .formParam("client_id", "app")
                    .formParam("code_verifier", verifier)
                    .post("/oauth2/token")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The scopes the consent page offers, for tests that look at it. */
    static List<String> offeredScopes(String consentPage) {
        List<String> scopes = new ArrayList<>();
        Matcher matcher = Pattern.compile("name=\"scope\" value=\"([^\"]+)\"").matcher(consentPage);
        while (matcher.find()) {
            scopes.add(matcher.group(1));
        }
        return scopes;
    }

    /** Approves every scope the consent page offers. */
    Response consent(Session session, String page) {
        assertThat(page).as("the consent page").contains("consent_form");
        Matcher state = Pattern.compile("name=\"state\" value=\"([^\"]+)\"").matcher(page);
        assertThat(state.find()).isTrue();
        RequestSpecification form = RestAssured.given()
                .baseUri(base())
                .redirects()
                .follow(false)
                .cookies(session.cookies)
                .formParam("client_id", "app")
                .formParam("state", state.group(1));
        List<String> scopes = offeredScopes(page);
        if (!scopes.isEmpty()) {
            form.formParam("scope", scopes.toArray());
        }
        return form.post("/oauth2/authorize");
    }

    record Session(Map<String, String> cookies, Response response) {}

    /** Starts the authorization request, signs in and follows the way back to the authorization endpoint. */
    Session signInAndResume(String user, String password, Map<String, String> authorize) {
        Response first = RestAssured.given()
                .baseUri(base())
                .redirects()
                .follow(false)
                .accept("text/html")
                .queryParams(authorize)
                .get("/oauth2/authorize");
        assertThat(first.statusCode()).isEqualTo(302);
        assertThat(first.header("Location")).contains("/login");
        Map<String, String> cookies = new HashMap<>(first.cookies());
        Response signedIn = postLogin(cookies, user, password);
        assertThat(signedIn.header("Location")).as("signed in").doesNotContain("error");
        URI resume = URI.create(signedIn.header("Location"));
        Response back = RestAssured.given()
                .redirects()
                .follow(false)
                .cookies(cookies)
                .urlEncodingEnabled(false)
                .get(resume.isAbsolute() ? resume.toString() : base() + resume);
        cookies.putAll(back.cookies());
        return new Session(cookies, back);
    }

    /** Posts the sign-in form (with the CSRF token of the page) in the given cookie session; keeps its cookies. */
    Response postLogin(Map<String, String> cookies, String user, String password) {
        Response loginPage =
                RestAssured.given().baseUri(base()).cookies(cookies).get("/login");
        Matcher csrf = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(loginPage.asString());
        assertThat(csrf.find()).as("the sign-in page has a CSRF token").isTrue();
        cookies.putAll(loginPage.cookies());
        Response signedIn = RestAssured.given()
                .baseUri(base())
                .redirects()
                .follow(false)
                .cookies(cookies)
                .formParam("username", user)
                .formParam("password", password)
                .formParam("_csrf", csrf.group(1))
                .post("/login");
        assertThat(signedIn.statusCode()).isEqualTo(302);
        cookies.putAll(signedIn.cookies());
        return signedIn;
    }

    static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
