package dev.careflow.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * What the embedded authorization server's tokens carry and are signed with: SMART's claims (scope as a string,
 * Careflow's audience, {@code fhirUser} and {@code patient} for people), the patient beside the token in the token
 * response, and signing keys kept in the data folder ({@link EmbeddedKeys}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression(
        "'${careflow.security.issuer:}' == '' and '${careflow.security.embedded.enabled:true}' == 'true'")
class EmbeddedTokens {

    /** Signing keys kept in the data folder, so that tokens outlive a restart and keys rotate without breaking them. */
    @Bean
    JWKSource<SecurityContext> embeddedKeys(SecuritySettings settings) {
        SecuritySettings.Embedded embedded = settings.embedded();
        Duration retention = embedded.accessTokenLifetime().multipliedBy(2).compareTo(Duration.ofDays(1)) > 0
                ? embedded.accessTokenLifetime().multipliedBy(2)
                : Duration.ofDays(1);
        return EmbeddedKeys.load(
                embedded.keysDirectory().isBlank() ? null : Path.of(embedded.keysDirectory()),
                embedded.keyRotation(),
                retention,
                java.time.Clock.systemUTC());
    }

    /** SMART claims on access tokens: scope as a string, Careflow's audience, fhirUser and patient for people. */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> smartClaims(SecuritySettings settings) {
        Map<String, SecuritySettings.User> users = settings.embedded().users().stream()
                .collect(Collectors.toMap(SecuritySettings.User::username, Function.identity()));
        return context -> {
            if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                    person(users, context).filter(u -> !u.fhirUser().isBlank()).ifPresent(u -> context.getClaims()
                            .claim("fhirUser", u.fhirUser()));
                }
                return;
            }
            context.getClaims().audience(List.of(settings.audience()));
            context.getClaims().claim("scope", String.join(" ", context.getAuthorizedScopes()));
            context.getClaims().claim("client_id", context.getRegisteredClient().getClientId());
            Optional<SecuritySettings.User> user = person(users, context);
            user.filter(u -> !u.fhirUser().isBlank())
                    .ifPresent(u -> context.getClaims().claim("fhirUser", u.fhirUser()));
            String patient = user.map(SecuritySettings.User::effectivePatient)
                    .filter(p -> !p.isBlank())
                    .orElseGet(() -> pickedPatient(context));
            if (patient != null
                    && context.getAuthorizedScopes().stream()
                            .anyMatch(s -> s.startsWith("patient/") || s.equals("launch/patient"))) {
                context.getClaims().claim("patient", patient);
            }
        };
    }

    /** The patient a practitioner chose on the picker for this authorization, if any. */
    private static String pickedPatient(JwtEncodingContext context) {
        if (context.getAuthorization() == null) {
            return null;
        }
        OAuth2AuthorizationRequest request =
                context.getAuthorization().getAttribute(OAuth2AuthorizationRequest.class.getName());
        Object picked =
                request == null ? null : request.getAdditionalParameters().get(LaunchPatientFilter.LAUNCH_PATIENT);
        return picked == null ? null : picked.toString();
    }

    private static Optional<SecuritySettings.User> person(
            Map<String, SecuritySettings.User> users, JwtEncodingContext context) {
        org.springframework.security.core.Authentication principal = context.getPrincipal();
        return principal == null ? Optional.empty() : Optional.ofNullable(users.get(principal.getName()));
    }

    /** SMART's launch context beside the token in the token response: the patient the token is for. */
    static void launchContext(OAuth2AccessTokenAuthenticationContext context) {
        OAuth2AccessTokenAuthenticationToken issued = context.getAuthentication();
        try {
            Object patient = SignedJWT.parse(issued.getAccessToken().getTokenValue())
                    .getJWTClaimsSet()
                    .getClaim("patient");
            if (patient != null) {
                Map<String, Object> parameters = new LinkedHashMap<>(issued.getAdditionalParameters());
                parameters.put("patient", patient);
                context.getAccessTokenResponse().additionalParameters(parameters);
            }
        } catch (java.text.ParseException e) {
            // Not a JWT: nothing of SMART's to add.
        }
    }
}
