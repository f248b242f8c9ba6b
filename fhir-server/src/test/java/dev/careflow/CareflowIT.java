package dev.careflow;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
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

/**
 * Base of every integration test: the real Careflow server on a random port, on a real (embedded) PostgreSQL. All
 * subclasses share one Spring context, so the server starts once per test run; tests therefore create their own data
 * (unique identifiers) and never assume an empty database.
 */
@AutoConfigureObservability
@SpringBootTest(classes = CareflowApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
@Import(CareflowIT.Clocks.class)
public abstract class CareflowIT {

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
