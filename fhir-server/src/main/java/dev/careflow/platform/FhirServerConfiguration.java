package dev.careflow.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.provider.DiffProvider;
import ca.uhn.fhir.jpa.provider.JpaSystemProvider;
import ca.uhn.fhir.jpa.provider.ValueSetOperationProvider;
import ca.uhn.fhir.jpa.search.DatabaseBackedPagingProvider;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.openapi.OpenApiInterceptor;
import ca.uhn.fhir.rest.server.HardcodedServerAddressStrategy;
import ca.uhn.fhir.rest.server.IncomingRequestAddressStrategy;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.interceptor.CorsInterceptor;
import ca.uhn.fhir.rest.server.provider.ResourceProviderFactory;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.web.cors.CorsConfiguration;

/**
 * The FHIR REST endpoint at {@code /fhir}: HAPI's JPA resource providers (CRUD, history, search, PATCH,
 * {@code $validate}, {@code $meta}, {@code Patient/$everything}, ...), the system provider (batch, transaction,
 * system history), terminology operations, and every Careflow operation provider found in the context.
 */
@Configuration(proxyBeanMethods = false)
class FhirServerConfiguration {

    @Bean
    FhirEndpoint fhirEndpoint(
            FhirContext fhirContext,
            IFhirSystemDao<?, ?> systemDao,
            JpaStorageSettings storageSettings,
            ResourceProviderFactory resourceProviders,
            JpaSystemProvider<?, ?> systemProvider,
            ValueSetOperationProvider valueSetOperations,
            DiffProvider diffProvider,
            ISearchParamRegistry searchParamRegistry,
            IValidationSupport validationSupport,
            DatabaseBackedPagingProvider pagingProvider,
            StorageSettings settings,
            ServerSettings serverSettings,
            ObjectProvider<CareflowOperationProvider> operationProviders,
            ObjectProvider<CareflowRequestInterceptor> requestInterceptors,
            FeatureSettings features,
            DaoRegistry daos,
            ObjectProvider<OpenApiInterceptor> openApi) {
        // Strict by default: what the parser cannot read is refused with 400 naming it, not dropped. HAPI reads stored
        // resources with its own tolerant parser, so a resource stored while lenient stays readable.
        fhirContext.setParserErrorHandler(
                serverSettings.strictParsing() ? new StrictErrorHandler() : new LenientErrorHandler());
        RestfulServer server = new RestfulServer(fhirContext);
        server.setImplementationDescription("Careflow FHIR server");
        server.registerProviders(resourceProviders.createProviders());
        server.registerProvider(systemProvider);
        server.registerProvider(valueSetOperations);
        server.registerProvider(diffProvider);
        if (features.enabled()) {
            operationProviders.orderedStream().forEach(server::registerProvider);
            server.registerInterceptor(new OperationContractInterceptor(
                    fhirContext, OperationContractInterceptor.fromProfilesPackage(fhirContext)));
        }

        server.setServerConformanceProvider(
                capabilities(server, systemDao, storageSettings, searchParamRegistry, validationSupport, daos));

        pagingProvider.setDefaultPageSize(settings.defaultPageSize());
        pagingProvider.setMaximumPageSize(settings.maxPageSize());
        server.setPagingProvider(pagingProvider);

        server.setDefaultResponseEncoding(EncodingEnum.JSON);
        server.setServerAddressStrategy(
                serverSettings.publicBaseUrl().isBlank()
                        ? new IncomingRequestAddressStrategy()
                        : new HardcodedServerAddressStrategy(serverSettings.publicBaseUrl()));
        // HAPI's own interceptors are options of the server; Careflow's are beans (InterceptorRegistration).
        server.registerInterceptor(new ResponseHighlighting());
        server.registerInterceptor(new RouteObservation());
        InterceptorRegistration.onServer(server, requestInterceptors);
        if (serverSettings.openapi()) {
            // Swagger UI with the security feature's OAuth2 declaration when there is one.
            server.registerInterceptor(openApi.getIfAvailable(OpenApiInterceptor::new));
        }
        if (!serverSettings.corsAllowedOrigins().isEmpty()) {
            server.registerInterceptor(corsInterceptor(serverSettings.corsAllowedOrigins()));
        }
        return new FhirEndpoint(server);
    }

    /**
     * {@code /fhir/swagger-ui} (no slash) to Swagger UI at {@code /fhir/swagger-ui/}, rather than HAPI's answer that
     * {@code swagger-ui} is no resource type.
     */
    @Bean
    @ConditionalOnProperty(prefix = "careflow.server", name = "openapi", havingValue = "true", matchIfMissing = true)
    org.springframework.boot.web.servlet.FilterRegistrationBean<jakarta.servlet.Filter> swaggerUiRedirect() {
        jakarta.servlet.Filter redirect =
                (request, response, chain) -> ((jakarta.servlet.http.HttpServletResponse) response)
                        .sendRedirect(((jakarta.servlet.http.HttpServletRequest) request).getContextPath()
                                + "/fhir/swagger-ui/");
        var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(redirect);
        registration.addUrlPatterns("/fhir/swagger-ui");
        return registration;
    }

    private static CareflowCapabilityStatementProvider capabilities(
            RestfulServer server,
            IFhirSystemDao<?, ?> systemDao,
            JpaStorageSettings storageSettings,
            ISearchParamRegistry searchParamRegistry,
            IValidationSupport validationSupport,
            DaoRegistry daos) {
        CareflowCapabilityStatementProvider capabilities = new CareflowCapabilityStatementProvider(
                server, systemDao, storageSettings, searchParamRegistry, validationSupport, storedDefinitions(daos));
        capabilities.setImplementationDescription("Careflow FHIR server for care management");
        capabilities.setPublisher("Careflow");
        return capabilities;
    }

    /**
     * A stored OperationDefinition (Careflow's, or HAPI's as stored at start-up) answers a read before HAPI's own. A
     * client's read goes through with its own request (authorization, audit); a read the server makes for itself
     * (Swagger UI's document, which has no REST operation of its own) is the server's.
     */
    private static CareflowCapabilityStatementProvider.StoredDefinitions storedDefinitions(DaoRegistry daos) {
        return (id, request) -> {
            ca.uhn.fhir.rest.api.server.RequestDetails reader =
                    request != null && request.getRestOperationType() != null
                            ? request
                            : new ca.uhn.fhir.rest.api.server.SystemRequestDetails();
            try {
                return Optional.of(
                        daos.getResourceDao("OperationDefinition").read(id.toUnqualifiedVersionless(), reader));
            } catch (ResourceNotFoundException | ResourceGoneException unknown) {
                return Optional.empty();
            }
        };
    }

    @Bean
    GeneratedOperationDefinitions generatedOperationDefinitions(FhirEndpoint endpoint, IRepository repository) {
        return new GeneratedOperationDefinitions(endpoint.server(), repository);
    }

    /** URL checks before HAPI selects a handler (first: nothing else should see a malformed request). */
    @Bean
    @Order(100)
    RequestParameterInterceptor requestParameterInterceptor(FhirContext fhirContext) {
        return new RequestParameterInterceptor(fhirContext);
    }

    @Bean
    @Order(200)
    @ConditionalOnProperty(
            prefix = "careflow.server",
            name = "strict-parsing",
            havingValue = "true",
            matchIfMissing = true)
    StrictJsonInterceptor strictJsonInterceptor(FhirContext fhirContext) {
        return new StrictJsonInterceptor(fhirContext);
    }

    /** Extension-only repeating primitives kept: HAPI's JSON parser refuses or drops them. */
    @Bean
    @Order(250)
    ExtensionOnlyPrimitives extensionOnlyPrimitives() {
        return new ExtensionOnlyPrimitives();
    }

    /** Before IfMatchPreconditionInterceptor (order): a conflict that carries SQL is answered without it. */
    @Bean
    @Order(300)
    DatabaseExceptionInterceptor databaseExceptionInterceptor() {
        return new DatabaseExceptionInterceptor();
    }

    @Bean
    @Order(400)
    IfMatchPreconditionInterceptor ifMatchPreconditionInterceptor() {
        return new IfMatchPreconditionInterceptor();
    }

    @Bean
    @Order(500)
    DomainExceptionInterceptor domainExceptionInterceptor(FhirContext fhirContext) {
        return new DomainExceptionInterceptor(fhirContext);
    }

    /** See {@link FhirEndpoint}: the servlet finds HAPI's server when Tomcat starts it. */
    @Bean
    ServletRegistrationBean<FhirEndpoint.Servlet> fhirServlet(ObjectProvider<FhirEndpoint> endpoint) {
        ServletRegistrationBean<FhirEndpoint.Servlet> registration =
                new ServletRegistrationBean<>(new FhirEndpoint.Servlet(endpoint), "/fhir/*");
        registration.setName("fhir");
        registration.setLoadOnStartup(1);
        return registration;
    }

    private static CorsInterceptor corsInterceptor(List<String> allowedOrigins) {
        CorsConfiguration cors = new CorsConfiguration();
        allowedOrigins.forEach(cors::addAllowedOriginPattern);
        cors.setAllowedHeaders(List.of(
                "Origin",
                "Accept",
                "Content-Type",
                "Authorization",
                "Cache-Control",
                "Prefer",
                "If-Match",
                "If-None-Exist",
                "If-None-Match",
                "If-Modified-Since",
                "X-Requested-With"));
        cors.setExposedHeaders(List.of("Location", "Content-Location", "ETag", "Last-Modified"));
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "HEAD"));
        return new CorsInterceptor(cors);
    }
}
