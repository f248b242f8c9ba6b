package dev.careflow.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import dev.careflow.platform.CareflowRequestInterceptor;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;

/** With an issuer configured, the CapabilityStatement says so: SMART-on-FHIR service and the oauth-uris extension. */
@Interceptor
class SmartCapabilityInterceptor implements CareflowRequestInterceptor {

    static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

    private final SecuritySettings settings;

    SmartCapabilityInterceptor(SecuritySettings settings) {
        this.settings = settings;
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
