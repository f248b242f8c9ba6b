package dev.careflow.security;

import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Cuts every scope request down to what may be granted ({@link Entitlements}) before Spring Authorization Server sees
 * it, so that the grant is the intersection of what the client asks, what it is registered for and what the person
 * may have, and nothing else is ever issued: on the authorization request (and the consent form posted back to it)
 * for the person signed in, on the token endpoint's client-credentials grant for the client. Scopes dropped are
 * dropped silently, as SMART allows; the token response's {@code scope} says what was granted.
 */
final class ScopeGrantFilter extends OncePerRequestFilter {

    private final String authorizationEndpoint;
    private final String tokenEndpoint;
    private final RegisteredClientRepository clients;
    private final Function<String, SecuritySettings.Role> roles;

    ScopeGrantFilter(
            String authorizationEndpoint,
            String tokenEndpoint,
            RegisteredClientRepository clients,
            Function<String, SecuritySettings.Role> roles) {
        this.authorizationEndpoint = authorizationEndpoint;
        this.tokenEndpoint = tokenEndpoint;
        this.clients = clients;
        this.roles = roles;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.equals(authorizationEndpoint) && !path.equals(tokenEndpoint);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Map<String, String[]> parameters = new LinkedHashMap<>(request.getParameterMap());
        String[] scope = parameters.get("scope");
        Optional<RegisteredClient> client = clientOf(request, parameters);
        if (scope == null || client.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Set<String> registered = client.get().getScopes();
        List<String> requested = Arrays.stream(scope)
                .flatMap(s -> Arrays.stream(s.trim().split("\\s+")))
                .filter(s -> !s.isEmpty())
                .toList();
        Set<String> granted;
        if (path.equals(tokenEndpoint)) {
            if (!"client_credentials".equals(request.getParameter("grant_type"))) {
                chain.doFilter(request, response);
                return;
            }
            granted = Entitlements.forClient(requested, registered);
        } else {
            Authentication user = SecurityContextHolder.getContext().getAuthentication();
            boolean signedIn =
                    user != null && user.isAuthenticated() && !(user instanceof AnonymousAuthenticationToken);
            // Before sign-in only what the client may not ask for is dropped; the request comes back here after it.
            granted = signedIn
                    ? Entitlements.forPerson(roles.apply(user.getName()), requested, registered)
                    : requested.stream()
                            .filter(registered::contains)
                            .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        }
        if (granted.isEmpty()) {
            parameters.remove("scope");
        } else if (scope.length > 1) {
            // The consent form posts one value per approved scope.
            parameters.put("scope", granted.toArray(String[]::new));
        } else {
            parameters.put("scope", new String[] {String.join(" ", granted)});
        }
        chain.doFilter(new RewrittenParameters(request, parameters), response);
    }

    /** The client the request is for: its client_id, its Basic credentials, or its signed assertion's subject. */
    private Optional<RegisteredClient> clientOf(HttpServletRequest request, Map<String, String[]> parameters) {
        String id = first(parameters, "client_id");
        String authorization = request.getHeader("Authorization");
        if (id == null && authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(
                        Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                id = colon < 0 ? null : URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                id = null;
            }
        }
        String assertion = first(parameters, "client_assertion");
        if (id == null && assertion != null) {
            try {
                id = SignedJWT.parse(assertion).getJWTClaimsSet().getSubject();
            } catch (java.text.ParseException malformed) {
                id = null;
            }
        }
        return id == null ? Optional.empty() : Optional.ofNullable(clients.findByClientId(id));
    }

    private static String first(Map<String, String[]> parameters, String name) {
        String[] values = parameters.get(name);
        return values == null || values.length == 0 ? null : values[0];
    }
}
