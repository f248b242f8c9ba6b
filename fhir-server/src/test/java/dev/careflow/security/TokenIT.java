package dev.careflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.careflow.CareflowApplication;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Bearer tokens with an issuer configured: a test issuer publishes its JWKS over real HTTP and mints tokens; missing,
 * expired, wrongly signed, wrong-issuer and wrong-audience tokens are refused with 401 and {@code WWW-Authenticate}.
 * (Its own Spring context: the other integration tests run with no issuer.)
 */
@SpringBootTest(classes = CareflowApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
class TokenIT {

    private static final String ISSUER = "https://issuer.careflow.test";
    private static final RSAKey KEY = key();
    private static final RSAKey STRANGER = key();
    private static final HttpServer JWKS = jwks();

    @LocalServerPort
    private int port;

    private static RSAKey key() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServer jwks() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            byte[] body = new JWKSet(KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server.createContext("/jwks", exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            return server;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        registry.add("careflow.security.issuer", () -> ISSUER);
        registry.add(
                "careflow.security.jwks-uri",
                () -> "http://localhost:" + JWKS.getAddress().getPort() + "/jwks");
        registry.add("careflow.security.audience", () -> "careflow-test");
    }

    @AfterAll
    static void stop() {
        JWKS.stop(0);
    }

    private static String token(RSAKey key, String issuer, String audience, Instant expires) {
        return token(key, issuer, audience, expires, "system/*.cruds", null);
    }

    private static String scoped(String scope, String patient) {
        return token(KEY, ISSUER, "careflow-test", Instant.now().plusSeconds(300), scope, patient);
    }

    private static String token(
            RSAKey key, String issuer, String audience, Instant expires, String scope, String patient) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .build(),
                    new JWTClaimsSet.Builder()
                            .issuer(issuer)
                            .subject("backend-service")
                            .audience(audience)
                            .issueTime(Date.from(Instant.now().minusSeconds(60)))
                            .expirationTime(expires == null ? null : Date.from(expires))
                            .claim("scope", scope)
                            .claim("patient", patient)
                            .build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String valid() {
        return token(KEY, ISSUER, "careflow-test", Instant.now().plusSeconds(300));
    }

    private RequestSpecification fhir() {
        return RestAssured.given().baseUri("http://localhost:" + port + "/fhir").accept("application/fhir+json");
    }

    @Test
    void theCapabilityStatementAndSmartConfiguration_areOpen_andAnnounceTheIssuer() {
        fhir().get("/metadata")
                .then()
                .statusCode(200)
                .body("rest[0].security.service[0].coding[0].code", org.hamcrest.Matchers.equalTo("SMART-on-FHIR"))
                .body("rest[0].security.extension[0].url", containsString("oauth-uris"));
        RestAssured.given()
                .baseUri("http://localhost:" + port)
                .get("/fhir/.well-known/smart-configuration")
                .then()
                .statusCode(200)
                .body("issuer", org.hamcrest.Matchers.equalTo(ISSUER))
                .body("code_challenge_methods_supported", hasItem("S256"))
                .body("grant_types_supported", hasItems("authorization_code", "client_credentials"))
                .body("capabilities", hasItems("launch-standalone", "permission-v2", "client-confidential-asymmetric"));
    }

    @Test
    void aValidToken_isLetIn() {
        fhir().header("Authorization", "Bearer " + valid())
                .get("/Patient?_count=1")
                .then()
                .statusCode(200);
    }

    @Test
    void noToken_is401WithWwwAuthenticate() {
        fhir().get("/Patient").then().statusCode(401).header("WWW-Authenticate", containsString("Bearer"));
    }

    @Test
    void refusedTokens_are401() {
        for (String refused : List.of(
                token(KEY, ISSUER, "careflow-test", Instant.now().minusSeconds(120)),
                token(STRANGER, ISSUER, "careflow-test", Instant.now().plusSeconds(300)),
                token(
                        KEY,
                        "https://someone-else.test",
                        "careflow-test",
                        Instant.now().plusSeconds(300)),
                token(KEY, ISSUER, "another-api", Instant.now().plusSeconds(300)),
                // Signed, right issuer and audience, but never expiring.
                token(KEY, ISSUER, "careflow-test", null),
                "not-a-jwt")) {
            fhir().header("Authorization", "Bearer " + refused)
                    .get("/Patient")
                    .then()
                    .statusCode(401)
                    .header("WWW-Authenticate", containsString("invalid_token"));
        }
        assertThat(KEY.getKeyID()).isNotEqualTo(STRANGER.getKeyID());
    }

    private String create(String token, String type, String json) {
        return RestAssured.given()
                .baseUri("http://localhost:" + port + "/fhir")
                .header("Authorization", "Bearer " + token)
                .contentType("application/fhir+json")
                .body(json)
                .post("/" + type)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("id");
    }

    private static String patientJson() {
        return "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"https://careflow.dev/fhir/test\","
                + "\"value\":\"" + UUID.randomUUID() + "\"}]}";
    }

    private static String planJson(String patient) {
        return "{\"resourceType\":\"CarePlan\",\"status\":\"active\",\"intent\":\"plan\","
                + "\"subject\":{\"reference\":\"Patient/" + patient + "\"}}";
    }

    @Test
    void aPatientToken_seesOnlyItsPatientsCompartment() {
        String admin = valid();
        String mine = create(admin, "Patient", patientJson());
        String theirs = create(admin, "Patient", patientJson());
        String myPlan = create(admin, "CarePlan", planJson(mine));
        String theirPlan = create(admin, "CarePlan", planJson(theirs));
        String patient = scoped("openid launch/patient patient/*.rs", mine);

        fhir().auth().oauth2(patient).get("/Patient/" + mine).then().statusCode(200);
        fhir().auth().oauth2(patient).get("/CarePlan/" + myPlan).then().statusCode(200);
        fhir().auth().oauth2(patient).get("/Patient/" + theirs).then().statusCode(403);
        fhir().auth().oauth2(patient).get("/CarePlan/" + theirPlan).then().statusCode(403);
        List<String> found = fhir().auth()
                .oauth2(patient)
                .get("/CarePlan?status=active")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("entry.resource.id");
        assertThat(found).containsExactly(myPlan);
        fhir().auth()
                .oauth2(patient)
                .get("/CarePlan?subject=Patient/" + theirs)
                .then()
                .statusCode(403);
        fhir().auth()
                .oauth2(patient)
                .get("/Patient/" + theirs + "/$everything")
                .then()
                .statusCode(403);
        RestAssured.given()
                .baseUri("http://localhost:" + port + "/fhir")
                .auth()
                .oauth2(patient)
                .contentType("application/fhir+json")
                .body(planJson(mine))
                .post("/CarePlan")
                .then()
                .statusCode(403);
    }

    private static String observationJson(String patient, String category) {
        return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"category\":[{\"coding\":[{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"" + category + "\"}]}],"
                + "\"code\":{\"text\":\"" + category + " result\"},\"subject\":{\"reference\":\"Patient/" + patient
                + "\"}}";
    }

    @Test
    void aV2ScopeRestriction_reachesOnlyMatchingResources_andNarrowsSearches() {
        String admin = valid();
        String mine = create(admin, "Patient", patientJson());
        String lab = create(admin, "Observation", observationJson(mine, "laboratory"));
        String vitals = create(admin, "Observation", observationJson(mine, "vital-signs"));
        String restricted = "http://terminology.hl7.org/CodeSystem/observation-category|laboratory";
        String patient = scoped("launch/patient patient/Observation.rs?category=" + restricted, mine);

        fhir().auth().oauth2(patient).get("/Observation/" + lab).then().statusCode(200);
        fhir().auth().oauth2(patient).get("/Observation/" + vitals).then().statusCode(403);
        List<String> found = fhir().auth()
                .oauth2(patient)
                .get("/Observation")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("entry.resource.id");
        assertThat(found).as("the search is narrowed to the scope's category").containsExactly(lab);

        String staff = scoped("user/Observation.rs?category=" + restricted + " user/Observation.c", null);
        fhir().auth().oauth2(staff).get("/Observation/" + lab).then().statusCode(200);
        fhir().auth().oauth2(staff).get("/Observation/" + vitals).then().statusCode(403);
        assertThat(fhir().auth()
                        .oauth2(staff)
                        .get("/Observation?subject=Patient/" + mine)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("entry.resource.id", String.class))
                .containsExactly(lab);
    }

    @Test
    void userAndSystemTokens_areLimitedByTypeAndInteraction() {
        String admin = valid();
        String someone = create(admin, "Patient", patientJson());
        String reader = scoped("openid fhirUser user/Patient.rs user/Task.rs", null);

        fhir().auth().oauth2(reader).get("/Patient/" + someone).then().statusCode(200);
        fhir().auth()
                .oauth2(reader)
                .get("/CarePlan?subject=Patient/" + someone)
                .then()
                .statusCode(403);
        RestAssured.given()
                .baseUri("http://localhost:" + port + "/fhir")
                .auth()
                .oauth2(reader)
                .contentType("application/fhir+json")
                .body(patientJson())
                .post("/Patient")
                .then()
                .statusCode(403);
        RestAssured.given()
                .baseUri("http://localhost:" + port + "/fhir")
                .auth()
                .oauth2(reader)
                .contentType("application/fhir+json")
                .body("{\"resourceType\":\"Parameters\"}")
                .post("/Patient/" + someone + "/$propose-care-plan")
                .then()
                .statusCode(403);

        String feed = scoped("system/Patient.cu system/Encounter.cu", null);
        RestAssured.given()
                .baseUri("http://localhost:" + port + "/fhir")
                .auth()
                .oauth2(feed)
                .contentType("application/fhir+json")
                .body("{\"resourceType\":\"Bundle\",\"type\":\"message\"}")
                .post("/$process-message")
                .then()
                .statusCode(403);
    }

    @Test
    void everyKindOfAccessIsAudited_withTheClientAndThePatient() throws InterruptedException {
        String admin = valid();
        String mine = create(admin, "Patient", patientJson());
        fhir().auth()
                .oauth2(scoped("launch/patient patient/*.rs", mine))
                .get("/Patient/" + mine)
                .then()
                .statusCode(200);
        fhir().auth().oauth2(admin).get("/Patient?_id=" + mine).then().statusCode(200);
        create(admin, "CarePlan", planJson(mine));
        fhir().auth()
                .oauth2(admin)
                .get("/Patient/" + mine + "/$everything")
                .then()
                .statusCode(200);
        String observation = observationJson(mine, "laboratory");
        List<String> written = RestAssured.given()
                .baseUri("http://localhost:" + port + "/fhir")
                .auth()
                .oauth2(admin)
                .contentType("application/fhir+json")
                .body("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
                        + "{\"resource\":" + observation
                        + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}},"
                        + "{\"resource\":" + observation
                        + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\"}}]}")
                .post("/")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("entry.response.location");
        String theirs = create(admin, "Patient", patientJson());
        fhir().auth()
                .oauth2(scoped("launch/patient patient/*.rs", theirs))
                .get("/Patient/" + mine + "/$everything")
                .then()
                .statusCode(403);

        // Versioned entity references (Patient/x/_history/1) are not found by ?entity=, so look through the latest.
        Map<String, List<String>> agentsBySubtype = Map.of();
        List<String> refused = List.of();
        List<List<String>> transactions = List.of();
        for (int i = 0; i < 50 && (agentsBySubtype.size() < 5 || refused.isEmpty()); i++) {
            Thread.sleep(100);
            org.hl7.fhir.r4.model.Bundle events = ca.uhn.fhir.context.FhirContext.forR4Cached()
                    .newJsonParser()
                    .parseResource(
                            org.hl7.fhir.r4.model.Bundle.class,
                            fhir().auth()
                                    .oauth2(admin)
                                    .get("/AuditEvent?_sort=-_lastUpdated&_count=500")
                                    .then()
                                    .statusCode(200)
                                    .extract()
                                    .asString());
            List<org.hl7.fhir.r4.model.AuditEvent> aboutMine = events.getEntry().stream()
                    .map(e -> (org.hl7.fhir.r4.model.AuditEvent) e.getResource())
                    .filter(e -> e.getEntity().stream()
                            .anyMatch(x -> x.getWhat().getReference() != null
                                    && x.getWhat().getReference().startsWith("Patient/" + mine)))
                    .toList();
            refused = aboutMine.stream()
                    .filter(e -> e.getOutcome() == org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome._4)
                    .map(org.hl7.fhir.r4.model.AuditEvent::getOutcomeDesc)
                    .toList();
            transactions = aboutMine.stream()
                    .filter(e -> e.getSubtypeFirstRep().getCode().equals("transaction"))
                    .map(e -> e.getEntity().stream()
                            .map(x -> x.getWhat().getReference())
                            .toList())
                    .toList();
            agentsBySubtype = aboutMine.stream()
                    .filter(e -> e.getOutcome() == org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome._0)
                    .collect(java.util.stream.Collectors.groupingBy(
                            e -> e.getSubtypeFirstRep().getCode(),
                            java.util.stream.Collectors.flatMapping(
                                    e -> e.getAgent().stream()
                                            .map(a -> a.getWho().getIdentifier().getValue())
                                            .filter(java.util.Objects::nonNull),
                                    java.util.stream.Collectors.toList())));
        }
        assertThat(agentsBySubtype)
                .as("AuditEvents naming the patient, by BALP subtype")
                .containsKeys("read", "search-type", "create", "operation", "transaction");
        assertThat(transactions)
                .as("one AuditEvent for the transaction, naming both Observations it created")
                .hasSize(1);
        for (String location : written) {
            String versionless = location.replaceAll("/_history/.*", "");
            assertThat(transactions.get(0))
                    .as("entities of the transaction's AuditEvent")
                    .anyMatch(r -> r != null && (r.equals(versionless) || r.startsWith(versionless + "/")));
        }
        assertThat(refused).as("the refused $everything of another patient").anyMatch(d -> d.startsWith("403"));
        assertThat(agentsBySubtype.get("read")).as("the client of the read").contains("backend-service");
    }
}
