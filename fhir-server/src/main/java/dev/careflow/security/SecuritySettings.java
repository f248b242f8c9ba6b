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
 * @param embedded the authorization server built into Careflow, used when no external issuer is set
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
                List<String> scopesSupported,
        @DefaultValue Embedded embedded) {

    /**
     * The embedded authorization server: on by default, so a newcomer can try everything with no external service.
     *
     * @param enabled whether Careflow runs its own authorization server (when no external issuer is set)
     * @param issuer its issuer URL, as clients reach it
     * @param clients the registered clients
     * @param users the people who may sign in
     */
    public record Embedded(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("http://localhost:8080") String issuer,
            @DefaultValue List<Client> clients,
            @DefaultValue List<User> users) {}

    /**
     * A client of the embedded authorization server.
     *
     * @param id the client id
     * @param secret a secret for {@code client_secret_basic}; empty for public or {@code private_key_jwt} clients
     * @param jwksUrl where a backend service publishes its keys, for {@code private_key_jwt} (SMART Backend Services)
     * @param redirectUris where an app may be sent back with its code; a client with none uses client credentials
     * @param scopes the scopes it may ask for
     */
    public record Client(
            String id,
            @DefaultValue("") String secret,
            @DefaultValue("") String jwksUrl,
            @DefaultValue List<String> redirectUris,
            @DefaultValue List<String> scopes) {}

    /**
     * A person who may sign in to the embedded authorization server.
     *
     * @param fhirUser their FHIR resource ({@code Practitioner/123}), put in tokens as {@code fhirUser}
     * @param patient for a patient signing in, their Patient id: the launch context of patient scopes
     */
    public record User(
            String username, String password, @DefaultValue("") String fhirUser, @DefaultValue("") String patient) {}

    /** Whether the embedded authorization server runs: enabled, and no external issuer set. */
    public boolean embeddedActive() {
        return (issuer == null || issuer.isBlank()) && embedded.enabled();
    }

    /** The issuer tokens must come from: the external one, else the embedded one, else none. */
    public String effectiveIssuer() {
        if (issuer != null && !issuer.isBlank()) {
            return issuer;
        }
        return embedded.enabled() ? embedded.issuer() : "";
    }

    public boolean enabled() {
        return !effectiveIssuer().isBlank();
    }

    public String authorize() {
        return authorizationEndpoint.isBlank() ? trim(effectiveIssuer()) + "/oauth2/authorize" : authorizationEndpoint;
    }

    public String token() {
        return tokenEndpoint.isBlank() ? trim(effectiveIssuer()) + "/oauth2/token" : tokenEndpoint;
    }

    public String keys() {
        if (!jwksUri.isBlank()) {
            return jwksUri;
        }
        return embeddedActive() ? trim(effectiveIssuer()) + "/oauth2/jwks" : effectiveIssuer();
    }

    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
