package dev.careflow.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.matcher.AuthorizationSearchParamMatcher;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import ca.uhn.fhir.rest.server.RestfulServer;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * Correct counts always ({@link SearchCountInterceptor}); with an issuer configured: the CapabilityStatement says so (SMART-on-FHIR service and the oauth-uris extension), and
 * SMART scopes are enforced ({@link SmartAuthorizationInterceptor}, {@link SmartSearchNarrowingInterceptor}).
 */
@Component
@Interceptor
class SmartCapabilityInterceptor implements InitializingBean {

    static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

    private final SecuritySettings settings;
    private final RestfulServer server;
    private final SearchParamMatcher matcher;
    private final SearchCountInterceptor counts;

    SmartCapabilityInterceptor(
            SecuritySettings settings,
            RestfulServer server,
            SearchParamMatcher matcher,
            FhirContext fhir,
            DaoRegistry daos,
            MatchUrlService matchUrls) {
        this.settings = settings;
        this.server = server;
        this.matcher = matcher;
        this.counts = new SearchCountInterceptor(fhir, daos, matchUrls);
    }

    @Override
    public void afterPropertiesSet() {
        // Counts must be right with or without tokens (HAPI miscounts full-text searches with other parameters).
        server.registerInterceptor(counts);
        if (settings.enabled()) {
            server.registerInterceptor(this);
            server.registerInterceptor(new SmartAuthorizationInterceptor(new AuthorizationSearchParamMatcher(matcher)));
            server.registerInterceptor(new SmartSearchNarrowingInterceptor());
        }
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void announce(IBaseConformance statement) {
        if (!(statement instanceof CapabilityStatement capabilities)) {
            return;
        }
        CapabilityStatement.CapabilityStatementRestSecurityComponent security =
                capabilities.getRestFirstRep().getSecurity();
        security.setCors(true);
        security.addService(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/restful-security-service",
                        "SMART-on-FHIR",
                        "SMART-on-FHIR"))
                .setText("OAuth2 using SMART-on-FHIR profile (see http://docs.smarthealthit.org)"));
        Extension uris = security.addExtension().setUrl(OAUTH_URIS);
        uris.addExtension("authorize", new UriType(settings.authorize()));
        uris.addExtension("token", new UriType(settings.token()));
        security.setDescription(
                "Bearer tokens from " + settings.effectiveIssuer() + " for audience " + settings.audience());
    }
}
