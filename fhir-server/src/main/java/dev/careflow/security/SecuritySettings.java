package dev.careflow.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * SMART on FHIR settings: the OpenID Connect issuer whose tokens Careflow accepts.
 *
 * @param issuer the issuer URL ({@code iss} of the tokens), for example a Keycloak realm; empty leaves the server open
 *     (no token asked for)
 * @param jwksUri where the issuer publishes its signing keys; empty: {@code issuer + /protocol/openid-connect/certs}
 *     is not guessed, the issuer's OpenID discovery document is read instead
 * @param audience the {@code aud} a token must carry to be accepted here
 * @param authorizationEndpoint the authorization endpoint announced to SMART apps; empty: {@code issuer/oauth2/authorize}
 * @param tokenEndpoint the token endpoint announced to SMART apps; empty: {@code issuer/oauth2/token}
 * @param scopesSupported the scopes announced in the SMART configuration
 */
@Validated
@ConfigurationProperties("careflow.security")
public record SecuritySettings(
        @DefaultValue("") String issuer,
        @DefaultValue("") String jwksUri,
        @DefaultValue("careflow") String audience,
        @DefaultValue("") String authorizationEndpoint,
        @DefaultValue("") String tokenEndpoint,
        @DefaultValue({
                    "openid",
                    "fhirUser",
                    "launch",
                    "launch/patient",
                    "offline_access",
                    "patient/*.rs",
                    "user/*.cruds",
                    "system/*.cruds",
                    "patient/*.read",
                    "user/*.*",
                    "system/*.*"
                })
                List<String> scopesSupported) {

    public boolean enabled() {
        return issuer != null && !issuer.isBlank();
    }

    public String authorize() {
        return authorizationEndpoint.isBlank() ? trim(issuer) + "/oauth2/authorize" : authorizationEndpoint;
    }

    public String token() {
        return tokenEndpoint.isBlank() ? trim(issuer) + "/oauth2/token" : tokenEndpoint;
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
