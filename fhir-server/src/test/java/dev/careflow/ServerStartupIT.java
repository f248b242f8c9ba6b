package dev.careflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import ca.uhn.fhir.jpa.dao.data.IResourceTableDao;
import io.restassured.RestAssured;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.repository.core.support.RepositoryFactoryBeanSupport;

/** What a client or an operator discovers about a running server. */
class ServerStartupIT extends CareflowIT {

    private CapabilityStatement capabilities() {
        return parse(
                CapabilityStatement.class,
                fhir().get("/metadata").then().statusCode(200).extract().asString());
    }

    @Test
    void metadata_listsTheCareManagementResources() {
        CapabilityStatement capabilities = capabilities();
        assertThat(capabilities.getFhirVersion().toCode()).isEqualTo("4.0.1");
        assertThat(capabilities.getRestFirstRep().getResource())
                .extracting(CapabilityStatementRestResourceComponent::getType)
                .contains(
                        "Patient",
                        "CarePlan",
                        "Goal",
                        "Task",
                        "ServiceRequest",
                        "Questionnaire",
                        "QuestionnaireResponse",
                        "Encounter",
                        "EpisodeOfCare",
                        "RiskAssessment",
                        "CareTeam",
                        "Condition");
    }

    @Test
    void metadata_listsTheInstalledCareflowProfiles() {
        List<String> profiles = capabilities().getRestFirstRep().getResource().stream()
                .flatMap(r -> r.getSupportedProfile().stream())
                .map(CanonicalType::getValue)
                .toList();
        assertThat(profiles)
                .contains(
                        "https://careflow.dev/fhir/StructureDefinition/careflow-careplan",
                        "https://careflow.dev/fhir/StructureDefinition/careflow-goal",
                        "https://careflow.dev/fhir/StructureDefinition/careflow-task",
                        "https://careflow.dev/fhir/StructureDefinition/careflow-referral-task",
                        "https://careflow.dev/fhir/StructureDefinition/careflow-servicerequest",
                        "https://careflow.dev/fhir/StructureDefinition/careflow-questionnaireresponse");
    }

    @Test
    void metadata_listsTheStandardOperations() {
        List<String> operations = capabilities().getRestFirstRep().getResource().stream()
                .flatMap(r -> r.getOperation().stream())
                .map(o -> o.getName())
                .toList();
        assertThat(operations).contains("validate", "meta", "everything", "expand", "lookup", "validate-code");
    }

    @Test
    void openApi_isServedWithSwaggerUi() {
        String apiDocs = fhir().accept("*/*")
                .get("/api-docs")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(apiDocs).contains("openapi: 3.").contains("/CarePlan");
        assertThat(apiDocs)
                .as("Swagger UI can authorize: the document declares the OAuth2 token endpoint")
                .contains("securitySchemes", "oauth2", "clientCredentials", "/oauth2/token", "system/*.cruds");
        String root = "http://localhost:" + port;
        assertThat(apiDocs)
                .as("a person signs in from Swagger UI: authorization code against the server's own endpoints")
                .contains("authorizationCode", root + "/oauth2/authorize", root + "/oauth2/token", "user/*.cruds");
        assertThat(apiDocs.replaceAll("\\s+", " "))
                .as("Careflow's operations are described from their OperationDefinitions")
                .contains("/Practitioner/{id}/$worklist", "most urgent first", "Only Tasks of this priority");
        RestAssured.given()
                .baseUri(baseUrl())
                .accept("text/html")
                .get("/swagger-ui/")
                .then()
                .statusCode(200)
                .body(containsString("swagger"))
                .body(containsString("usePkceWithAuthorizationCodeGrant: true"))
                .body(containsString("clientId: \"careflow-swagger\""))
                .body(containsString("oauth2RedirectUrl: \"" + baseUrl() + "/swagger-ui/oauth2-redirect.html\""));
        RestAssured.given()
                .baseUri(baseUrl())
                .get("/swagger-ui/oauth2-redirect.html")
                .then()
                .statusCode(200); // the page the authorization server sends Swagger UI back to
    }

    @Test
    void actuator_reportsLivenessReadinessWithDatabaseAndPrometheusMetrics() {
        String actuator = "http://localhost:" + port + "/actuator";
        RestAssured.get(actuator + "/health/liveness").then().statusCode(200).body("status", equalTo("UP"));
        RestAssured.get(actuator + "/health/readiness")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("components.db.status", equalTo("UP"));
        RestAssured.get(actuator + "/health")
                .then()
                .statusCode(200)
                .body("components.fhirPackages.status", equalTo("UP"))
                .body("components.searchIndex.status", equalTo("UP"))
                .body("components.mllp.status", equalTo("UP"));
        String patient = fhir().body("{\"resourceType\":\"Patient\"}")
                .post("/Patient")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        fhir().get("/Patient/" + patient).then().statusCode(200);
        fhir().get("/Patient/" + patient + "/$everything").then().statusCode(200);
        RestAssured.get(actuator + "/prometheus")
                .then()
                .statusCode(200)
                .body(containsString("hikaricp_connections_active"))
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("uri=\"/fhir/Patient/{id}\""))
                .body(containsString("uri=\"/fhir/Patient/{id}/$everything\""))
                .body(containsString("uri=\"/fhir/Patient\""));
        RestAssured.get(actuator + "/info")
                .then()
                .statusCode(200)
                .body("build.version", org.hamcrest.Matchers.notNullValue())
                .body("build.name", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void swaggerUi_withoutItsSlash_redirects() {
        RestAssured.given()
                .redirects()
                .follow(false)
                .get("http://localhost:" + port + "/fhir/swagger-ui")
                .then()
                .statusCode(302)
                .header("Location", org.hamcrest.Matchers.endsWith("/fhir/swagger-ui/"));
    }

    /**
     * HAPI's repositories are made after start-up rather than during it (start-up time), yet before clients need
     * them: each is injected as a lazy proxy, and all are made on a background thread once the server is ready.
     */
    @Test
    void hapiRepositories_areLazyAtStartUp_andAllMadeOnceReady(
            @Autowired ConfigurableApplicationContext context, @Autowired IResourceTableDao resources)
            throws InterruptedException {
        ConfigurableListableBeanFactory factory = context.getBeanFactory();
        List<String> repositories = Arrays.stream(factory.getBeanDefinitionNames())
                .filter(name -> {
                    Class<?> type = factory.getType(BeanFactory.FACTORY_BEAN_PREFIX + name, false);
                    return type != null && RepositoryFactoryBeanSupport.class.isAssignableFrom(type);
                })
                .toList();
        assertThat(repositories).hasSizeGreaterThan(50);
        assertThat(repositories)
                .allSatisfy(name -> assertThat(factory.getBeanDefinition(name).isLazyInit())
                        .as(name)
                        .isTrue());
        assertThat(AopUtils.isAopProxy(resources))
                .as("an injected repository is a lazy proxy")
                .isTrue();
        Instant deadline = Instant.now().plusSeconds(60);
        while (!repositories.stream().allMatch(factory::containsSingleton)
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        assertThat(repositories.stream().filter(name -> !factory.containsSingleton(name)))
                .as("repositories the warm-up has not made")
                .isEmpty();
        assertThat(resources.count()).isPositive();
    }
}
