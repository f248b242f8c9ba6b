package dev.careflow.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Who the embedded authorization server knows: its registered clients (apps with PKCE, backend services with a secret
 * or a signed JWT assertion) and the people who may sign in, each with a role ({@link SecuritySettings.Role}) and,
 * for patients and related persons, their own patient; a name is locked after repeated failed sign-ins.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression(
        "'${careflow.security.issuer:}' == '' and '${careflow.security.embedded.enabled:true}' == 'true'")
class EmbeddedAccounts {

    @Bean
    SignInThrottle signInThrottle(SecuritySettings settings) {
        return new SignInThrottle(settings.embedded().signIn(), java.time.Clock.systemUTC());
    }

    @Bean
    RegisteredClientRepository registeredClients(SecuritySettings settings) {
        List<RegisteredClient> clients = new ArrayList<>();
        for (SecuritySettings.Client client : settings.embedded().clients()) {
            RegisteredClient.Builder builder = RegisteredClient.withId(client.id())
                    .clientId(client.id())
                    .tokenSettings(TokenSettings.builder()
                            .accessTokenTimeToLive(settings.embedded().accessTokenLifetime())
                            .build());
            client.scopes().forEach(builder::scope);
            // People approve what an app asks for on a consent page (the app and its scopes); systems do not.
            ClientSettings.Builder clientSettings = ClientSettings.builder()
                    .requireAuthorizationConsent(!client.redirectUris().isEmpty() && client.consent());
            if (!client.redirectUris().isEmpty()) {
                client.redirectUris().stream()
                        .map(uri -> onOwnOrigin(uri, settings.embedded().issuer()))
                        .forEach(builder::redirectUri);
                builder.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                        .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN);
                clientSettings.requireProofKey(true);
            }
            if (!client.secret().isBlank()) {
                builder.clientSecret("{noop}" + client.secret())
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                        .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS);
            } else if (!client.jwksUrl().isBlank()) {
                builder.clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
                        .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS);
                clientSettings
                        .jwkSetUrl(client.jwksUrl())
                        .tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS384);
            } else {
                builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
            }
            clients.add(builder.clientSettings(clientSettings.build()).build());
        }
        return new InMemoryRegisteredClientRepository(clients);
    }

    @Bean
    UserDetailsService signInUsers(SecuritySettings settings, SignInThrottle throttle) {
        Map<String, SecuritySettings.User> users = users(settings);
        return username -> {
            SecuritySettings.User user = users.get(username);
            if (user == null) {
                throw new UsernameNotFoundException("No such user");
            }
            return User.withUsername(user.username())
                    .password("{noop}" + user.password())
                    .roles(user.effectiveRole().name())
                    .accountLocked(throttle.isLocked(username))
                    .build();
        };
    }

    /**
     * A redirect URI as registered: one written as a path ({@code /apps/console/}) is on the server's own origin, the
     * embedded issuer's (so it follows the port the server runs on); any other is taken as written.
     */
    static String onOwnOrigin(String redirectUri, String issuer) {
        if (!redirectUri.startsWith("/")) {
            return redirectUri;
        }
        String origin = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return origin + redirectUri;
    }

    /** The people who may sign in, by user name. */
    static Map<String, SecuritySettings.User> users(SecuritySettings settings) {
        return settings.embedded().users().stream()
                .collect(Collectors.toMap(u -> u.username(), Function.identity(), (a, b) -> a));
    }

    static SecuritySettings.Role roleOf(Map<String, SecuritySettings.User> users, String username) {
        SecuritySettings.User user = users.get(username);
        return user == null ? SecuritySettings.Role.NONE : user.effectiveRole();
    }

    /** The people whose tokens carry their own patient (patients, related persons). */
    static Set<String> usersWithOwnPatient(SecuritySettings settings) {
        return settings.embedded().users().stream()
                .filter(u -> !u.effectivePatient().isBlank())
                .map(SecuritySettings.User::username)
                .collect(Collectors.toSet());
    }
}
