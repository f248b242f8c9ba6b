package dev.careflow.security;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** What a verified access token says, read in one place: its scopes, its {@code fhirUser}, its patient context. */
final class TokenClaims {

    /**
     * Effective scopes by the claims they come from ({@code scope} and {@code fhirUser}): a pure function of both, so
     * every request of a token (and every token with the same claims) parses them once. Bounded, least recently used
     * out.
     */
    private static final Cache<List<Object>, List<SmartScope>> PARSED =
            Caffeine.newBuilder().maximumSize(10_000).build();

    private TokenClaims() {}

    /** The verified token of the request this thread serves, if any. */
    static Optional<JwtAuthenticationToken> token() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication instanceof JwtAuthenticationToken jwt ? Optional.of(jwt) : Optional.empty();
    }

    /**
     * The token's resource scopes as they count here ({@link Entitlements#effective}: a person never uses system
     * scopes, a patient only patient scopes).
     */
    static List<SmartScope> effectiveScopes(JwtAuthenticationToken token) {
        String scope = scope(token);
        Optional<String> fhirUser = fhirUser(token);
        return PARSED.get(List.of(scope, fhirUser), k -> Entitlements.effective(SmartScope.parseAll(scope), fhirUser));
    }

    /** {@link #effectiveScopes}, parsed once per request (authorization, narrowing and counts all need them). */
    @SuppressWarnings("unchecked")
    static List<SmartScope> scopes(RequestDetails request, JwtAuthenticationToken token) {
        return (List<SmartScope>)
                request.getUserData().computeIfAbsent(SmartScope.class.getName(), k -> effectiveScopes(token));
    }

    /** Whether every scope that counts is a {@code patient/} scope (and there is one). */
    static boolean patientOnly(List<SmartScope> scopes) {
        return !scopes.isEmpty() && scopes.stream().allMatch(s -> s.context() == SmartScope.Context.PATIENT);
    }

    /** The {@code scope} claim: a space-separated string (RFC 8693, SMART), or a list, as some issuers write it. */
    static String scope(JwtAuthenticationToken token) {
        for (String name : List.of("scope", "scp")) {
            Object scope = token.getToken().getClaims().get(name);
            if (scope instanceof String s) {
                return s;
            }
            if (scope instanceof Collection<?> list) {
                return String.join(" ", list.stream().map(String::valueOf).toList());
            }
        }
        return "";
    }

    /** The person the token was issued to ({@code fhirUser}: {@code Practitioner/1}, ...), if it names one. */
    static Optional<String> fhirUser(JwtAuthenticationToken token) {
        Object claim = token.getToken().getClaims().get("fhirUser");
        return claim instanceof String s && !s.isBlank() ? Optional.of(s) : Optional.empty();
    }

    /** The launched patient ({@code patient} claim, a bare id or {@code Patient/id}), if any. */
    static Optional<IdType> patient(JwtAuthenticationToken token) {
        Object claim = token.getToken().getClaims().get("patient");
        if (!(claim instanceof String id) || id.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new IdType("Patient", id.startsWith("Patient/") ? id.substring("Patient/".length()) : id));
    }
}
