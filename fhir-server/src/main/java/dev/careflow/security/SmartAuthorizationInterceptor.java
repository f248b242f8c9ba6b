package dev.careflow.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthorizationSearchParamMatcher;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
     * Rule lists by what they are built from (the effective scopes and the launched patient): the same token, or
     * another with the same claims, reuses its list instead of building it per request. HAPI's rules keep no state of
     * a request. Bounded, least recently used out.
     */
    private final Cache<List<Object>, List<IAuthRule>> built =
            Caffeine.newBuilder().maximumSize(1_000).build();

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
        if (token.isEmpty()) {
            RuleBuilder rules = new RuleBuilder();
            rules.allow("metadata").metadata();
            return rules.denyAll("no token").build();
        }
        List<SmartScope> scopes = TokenClaims.scopes(request, token.get());
        Optional<IdType> patient = TokenClaims.patient(token.get());
        if (patient.isPresent() && OperationGrants.judgedByInstance(request)) {
            // A patient's operation on another type's instance is allowed by who owns that instance now: never cached.
            return rules(scopes, patient, request);
        }
        return built.get(List.of(scopes, patient.map(IdType::getValue)), k -> rules(scopes, patient, null));
    }

    /**
     * The rules of a token's scopes for its patient, if any: a function of these two only, unless a request is given
     * whose instance decides (see {@link OperationGrants#judgedByInstance}).
     */
    private List<IAuthRule> rules(List<SmartScope> scopes, Optional<IdType> patient, RequestDetails request) {
        RuleBuilder rules = new RuleBuilder();
        rules.allow("metadata").metadata();
        BulkExportRules.allow(rules, scopes);
        ScopeRules.allow(rules, scopes, patient);
        rules.allow("transactions").transaction().withAnyOperation().andApplyNormalRules();
        operations.allow(rules, scopes, patient, request);
        StandardOperationRules.allow(rules, scopes, patient);
        return rules.denyAll("not allowed by the token's scopes").build();
    }
}
