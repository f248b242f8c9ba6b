package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.DiffProvider;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.interceptor.ResponseHighlighterInterceptor;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletConfig;

/**
 * OperationDefinitions by id: a stored one first (Careflow's), HAPI's generated one otherwise, with a canonical URL
 * under Careflow's base and, for an operation offered on every type, {@code resource = Resource}.
 */
class CareflowCapabilityStatementProviderTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String CAREFLOW_OPERATION = "https://careflow.dev/fhir/OperationDefinition/summary";
    private static RestfulServer server;
    private static CareflowCapabilityStatementProvider capabilities;

    /** A resource provider with a HAPI-style operation and a Careflow-style one (canonical URL, package definition). */
    public static class Patients implements IResourceProvider {
        @Override
        public Class<Patient> getResourceType() {
            return Patient.class;
        }

        @Operation(
                name = "$everything",
                idempotent = true,
                canonicalUrl = "http://hl7.org/fhir/OperationDefinition/Patient-everything")
        public Bundle everything(@IdParam IdType id) {
            return new Bundle();
        }

        @Operation(name = "$summary", idempotent = true, canonicalUrl = CAREFLOW_OPERATION)
        public Parameters summary(@IdParam IdType id) {
            return new Parameters();
        }
    }

    @BeforeAll
    static void server() throws Exception {
        server = new RestfulServer(FHIR);
        server.registerProvider(new Patients());
        server.registerProvider(new DiffProvider());
        OperationDefinition summary = new OperationDefinition();
        summary.setId("summary");
        summary.setUrl(CAREFLOW_OPERATION);
        capabilities = new CareflowCapabilityStatementProvider(
                server,
                mock(IFhirSystemDao.class),
                new JpaStorageSettings(),
                mock(ISearchParamRegistry.class),
                mock(IValidationSupport.class),
                (id, request) -> id.getIdPart().equals("summary") ? Optional.of(summary) : Optional.empty());
        server.setServerConformanceProvider(capabilities);
        server.init(new MockServletConfig());
    }

    @Test
    void hapisOperations_areGenerated_underCareflowsCanonicalBase_andCareflowsAreNot() {
        assertThat(capabilities.generatedIds()).containsExactly("Global-is-diff", "Patient-i-everything");

        OperationDefinition everything = capabilities.generated("Patient-i-everything");
        assertThat(everything.getUrl()).isEqualTo("https://careflow.dev/fhir/OperationDefinition/Patient-i-everything");
        assertThat(everything.getIdElement().getIdPart()).isEqualTo("Patient-i-everything");
        assertThat(everything.getResource()).extracting(r -> r.getValue()).containsExactly("Patient");
        assertThat(everything.getInstance()).isTrue();
        assertThat(everything.getSystem()).isFalse();
    }

    @Test
    void hapisOperationsWithHl7sCanonical_areListedByTheirGeneratedDefinition() {
        assertThat(capabilities.hl7CanonicalsToGenerated())
                .containsExactly(Map.entry(
                        "http://hl7.org/fhir/OperationDefinition/Patient-everything",
                        "https://careflow.dev/fhir/OperationDefinition/Patient-i-everything"));
    }

    @Test
    void anOperationOnEveryType_saysSo() {
        OperationDefinition diff = capabilities.generated("Global-is-diff");

        assertThat(diff.getInstance()).isTrue();
        assertThat(diff.getSystem()).isTrue();
        assertThat(diff.getResource()).extracting(r -> r.getValue()).containsExactly("Resource");
    }

    @Test
    void readById_answersTheStoredDefinitionFirst_thenHapisGenerated() throws Exception {
        OperationDefinition summary = FHIR.newJsonParser().parseResource(OperationDefinition.class, get("summary"));
        assertThat(summary.getUrl()).isEqualTo(CAREFLOW_OPERATION);

        OperationDefinition everything =
                FHIR.newJsonParser().parseResource(OperationDefinition.class, get("Patient-i-everything"));
        assertThat(everything.getCode()).isEqualTo("everything");
    }

    @Test
    void theBrowserViews_addNoFormatsToTheCapabilityStatement() {
        assertThat(formatsAfterHooks(new ResponseHighlighterInterceptor())).contains("html/json");

        assertThat(formatsAfterHooks(new ResponseHighlighting())).containsExactly("application/fhir+json", "json");
    }

    private static List<String> formatsAfterHooks(ResponseHighlighterInterceptor interceptor) {
        CapabilityStatement statement = new CapabilityStatement();
        statement.addFormat("application/fhir+json").addFormat("json");
        ServletRequestDetails request = new ServletRequestDetails();
        request.setServer(server);
        interceptor.capabilityStatementGenerated(request, statement);
        return statement.getFormat().stream().map(CodeType::getValue).toList();
    }

    private static String get(String id) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/OperationDefinition/" + id);
        request.addHeader("Accept", "application/fhir+json");
        MockHttpServletResponse response = new MockHttpServletResponse();
        server.service(request, response);
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        return response.getContentAsString();
    }
}
