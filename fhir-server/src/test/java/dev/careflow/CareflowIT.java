package dev.careflow;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of every integration test: the real Careflow server on a free port, on a real (embedded) PostgreSQL, with
 * security on as users run it (tokens from its embedded authorization server, whose issuer is the server's real
 * address). All subclasses share one Spring context, so the server starts once per test run; tests therefore create
 * their own data (unique identifiers) and never assume an empty database.
 *
 * <p>Unless a test class says otherwise ({@link #authenticatesByDefault}), its requests carry the token of the
 * {@code feed} backend service (every system scope), fetched once by client credentials: through {@link #fhir()},
 * the HAPI {@link #client}, and any REST Assured request to this server that has no {@code Authorization} header.
 */
@AutoConfigureObservability
@SpringBootTest(classes = CareflowApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("it")
@Import(CareflowIT.Clocks.class)
public abstract class CareflowIT {

    /** The shared server's port, chosen once for the run (the issuer and SMART clients need the real address). */
    protected static final int PORT = freePort();

    private static volatile String systemToken;
    private static volatile long systemTokenFetched;

    @DynamicPropertySource
    static void address(DynamicPropertyRegistry registry) {
        registry.add("server.port", () -> PORT);
        registry.add("careflow.security.embedded.issuer", () -> "http://localhost:" + PORT);
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether this class's requests carry the system token unless they set their own (security tests say no). */
    protected boolean authenticatesByDefault() {
        return true;
    }

    /** A token of the {@code feed} backend service with every system scope (fetched once per run). */
    protected static String systemToken() {
        if (systemToken == null || System.currentTimeMillis() - systemTokenFetched > 30 * 60_000L) {
            systemTokenFetched = System.currentTimeMillis();
            systemToken = RestAssured.given()
                    .auth()
                    .preemptive()
                    .basic("feed", "feed-secret")
                    .formParam("grant_type", "client_credentials")
                    .formParam("scope", "system/*.cruds system/*.*")
                    .post("http://localhost:" + PORT + "/oauth2/token")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getString("access_token");
        }
        return systemToken;
    }

    @BeforeEach
    void authenticate() {
        RestAssured.reset();
        if (authenticatesByDefault()) {
            String bearer = "Bearer " + systemToken();
            RestAssured.filters((request, response, context) -> {
                if (!request.getHeaders().hasHeaderWithName("Authorization")
                        && request.getURI().startsWith("http://localhost:" + PORT + "/")
                        && !request.getURI().contains("/oauth2/")) {
                    request.header("Authorization", bearer);
                }
                return context.next(request, response);
            });
        }
    }

    @org.junit.jupiter.api.AfterEach
    void forgetAuthentication() {
        RestAssured.reset();
    }

    /** The server's one clock, replaced by one that tests can move. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Clocks {
        @Bean
        @Primary
        TestClock testClock(dev.careflow.careteam.CareTeamSettings settings) {
            return new TestClock(settings.zone());
        }
    }

    @Autowired
    protected TestClock clock;

    protected static final String FHIR_JSON = "application/fhir+json";
    protected static final String TEST_SYSTEM = "https://careflow.dev/fhir/test-identifier";

    @LocalServerPort
    protected int port;

    @Autowired
    protected FhirContext fhirContext;

    protected IGenericClient client;

    @org.junit.jupiter.api.AfterEach
    void resetClock() {
        clock.reset();
    }

    @BeforeEach
    void connect() {
        fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        fhirContext.getRestfulClientFactory().setSocketTimeout(120_000);
        client = fhirContext.newRestfulGenericClient(baseUrl());
        if (authenticatesByDefault()) {
            client.registerInterceptor(new BearerTokenAuthInterceptor(systemToken()));
        }
    }

    protected String baseUrl() {
        return "http://localhost:" + port + "/fhir";
    }

    /** REST Assured aimed at the FHIR base, speaking FHIR JSON. */
    protected RequestSpecification fhir() {
        // FHIR JSON is UTF-8; REST Assured would otherwise encode an unknown media type as ISO-8859-1.
        return RestAssured.given()
                .baseUri(baseUrl())
                .contentType(FHIR_JSON + ";charset=UTF-8")
                .accept(FHIR_JSON);
    }

    protected String json(IBaseResource resource) {
        return fhirContext.newJsonParser().encodeResourceToString(resource);
    }

    protected <T extends IBaseResource> T parse(Class<T> type, String body) {
        return fhirContext.newJsonParser().parseResource(type, body);
    }

    protected static String unique() {
        return UUID.randomUUID().toString();
    }

    /** Creates a patient with a unique identifier and returns its id (unqualified, versionless). */
    protected IdType createPatient(String family) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(TEST_SYSTEM).setValue(unique());
        patient.addName().setFamily(family).addGiven("Test");
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        return (IdType) client.create().resource(patient).execute().getId().toUnqualifiedVersionless();
    }
}
