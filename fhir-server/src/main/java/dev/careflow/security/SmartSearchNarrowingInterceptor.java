package dev.careflow.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizedList;
import ca.uhn.fhir.rest.server.interceptor.auth.SearchNarrowingInterceptor;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;

/**
 * A token with only patient-level scopes has its searches narrowed to the launched patient's compartment, so that
 * {@code CarePlan?status=active} means that patient's active plans rather than a refusal.
 */
public class SmartSearchNarrowingInterceptor extends SearchNarrowingInterceptor {

    @Override
    protected AuthorizedList buildAuthorizedList(RequestDetails request) {
        Optional<org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken> token =
                SmartAuthorizationInterceptor.token();
        if (token.isEmpty()) {
            return null;
        }
        List<SmartScope> scopes = SmartScope.parseAll(SmartAuthorizationInterceptor.scopeClaim(token.get()));
        boolean patientOnly =
                !scopes.isEmpty() && scopes.stream().allMatch(s -> s.context() == SmartScope.Context.PATIENT);
        Optional<IdType> patient = SmartAuthorizationInterceptor.patient(token.get());
        if (!patientOnly || patient.isEmpty()) {
            return null;
        }
        return new AuthorizedList().addCompartment(patient.get().getValue());
    }
}
