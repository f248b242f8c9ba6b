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
            @DefaultValue List<User> users,
            @DefaultValue("data/keys") String keysDirectory,
            @DefaultValue("90d") java.time.Duration keyRotation,
            @DefaultValue("1h") java.time.Duration accessTokenLifetime,
            @DefaultValue SignIn signIn) {}

    /**
     * Protection of the sign-in page against password guessing.
     *
     * @param maxFailures consecutive failed sign-ins after which a user name is locked
     * @param lockout how long it stays locked; each further lockout of the same name doubles it (up to a day)
     */
    public record SignIn(@DefaultValue("5") int maxFailures, @DefaultValue("15m") java.time.Duration lockout) {}

    /**
     * A client of the embedded authorization server.
     *
     * @param id the client id
     * @param secret a secret for {@code client_secret_basic}; empty for public or {@code private_key_jwt} clients
     * @param jwksUrl where a backend service publishes its keys, for {@code private_key_jwt} (SMART Backend Services)
     * @param redirectUris where an app may be sent back with its code; a client with none uses client credentials; a
     *     path ({@code /apps/console/}) is on the embedded issuer's origin, whatever port the server runs on
     * @param scopes the scopes it may ask for
     * @param consent whether a person signing in is shown the app and the scopes it asks for, to approve
     */
    public record Client(
            String id,
            @DefaultValue("") String secret,
            @DefaultValue("") String jwksUrl,
            @DefaultValue List<String> redirectUris,
            @DefaultValue List<String> scopes,
            @DefaultValue("true") boolean consent) {}

    /**
     * A person who may sign in to the embedded authorization server.
     *
     * @param fhirUser their FHIR resource ({@code Practitioner/123}, {@code Patient/123}, {@code RelatedPerson/123}),
     *     put in tokens as {@code fhirUser}; the default run creates it when it does not exist
     * @param patient the Patient whose record patient scopes reach: a patient's own (by default the id of a
     *     {@code Patient/} fhirUser), or for a related person the dependant's
     * @param role what the person may be granted: {@code patient} and {@code related-person} only {@code patient/}
     *     scopes for that record, {@code staff} also {@code user/} scopes; empty: from the fhirUser's type
     * @param name the person's name, for the resource created for them
     */
    public record User(
            String username,
            String password,
            @DefaultValue("") String fhirUser,
            @DefaultValue("") String patient,
            @DefaultValue("") String role,
            @DefaultValue("") String name) {

        /** The role, given or read off the fhirUser's type; a person with neither gets no resource scopes at all. */
        public Role effectiveRole() {
            if (!role.isBlank()) {
                return Role.parse(role);
            }
            String type = fhirUser.contains("/") ? fhirUser.substring(0, fhirUser.indexOf('/')) : "";
            return switch (type) {
                case "Patient" -> Role.PATIENT;
                case "RelatedPerson" -> Role.RELATED_PERSON;
                case "Practitioner", "PractitionerRole" -> Role.STAFF;
                default -> patient.isBlank() ? Role.NONE : Role.PATIENT;
            };
        }

        /** The Patient id whose record this person's patient scopes reach, if any. */
        public String effectivePatient() {
            if (!patient.isBlank()) {
                return patient;
            }
            return fhirUser.startsWith("Patient/") ? fhirUser.substring("Patient/".length()) : "";
        }
    }

    /** What a person signing in may be granted. */
    public enum Role {
        PATIENT,
        RELATED_PERSON,
        STAFF,
        NONE;

        static Role parse(String text) {
            return Role.valueOf(text.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
    }

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
