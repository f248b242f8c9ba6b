package dev.careflow.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthorizationSearchParamMatcher;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import dev.careflow.platform.CareflowRequestInterceptor;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * SMART scopes as HAPI authorization rules, per request: resource scopes over reads, searches and writes
 * ({@link ScopeRules}), bulk export for backend services ({@link BulkExportRules}), Careflow's operations as each declares ({@link OperationGrants}), HAPI's own operations
 * ({@link StandardOperationRules}). Anything no rule allows is refused with 403.
 */
class SmartAuthorizationInterceptor extends AuthorizationInterceptor implements CareflowRequestInterceptor {

    private final OperationGrants operations;

    /**
     * @param matcher matches stored resources against the {@code ?param=value} restrictions of v2 scopes
     * @param operations the rules Careflow's operations declare
     */
    SmartAuthorizationInterceptor(IAuthorizationSearchParamMatcher matcher, OperationGrants operations) {
        this.operations = operations;
        setAuthorizationSearchParamMatcher(matcher);
    }

    @Override
    public List<IAuthRule> buildRuleList(RequestDetails request) {
        Optional<JwtAuthenticationToken> token = TokenClaims.token();
        RuleBuilder rules = new RuleBuilder();
        rules.allow("metadata").metadata();
        if (token.isEmpty()) {
            return rules.denyAll("no token").build();
        }
        List<SmartScope> scopes = TokenClaims.scopes(request, token.get());
        Optional<IdType> patient = TokenClaims.patient(token.get());
        BulkExportRules.allow(rules, scopes);
        ScopeRules.allow(rules, scopes, patient);
        rules.allow("transactions").transaction().withAnyOperation().andApplyNormalRules();
        operations.allow(rules, scopes, patient, request);
        StandardOperationRules.allow(rules, scopes, patient);
        return rules.denyAll("not allowed by the token's scopes").build();
    }
}
