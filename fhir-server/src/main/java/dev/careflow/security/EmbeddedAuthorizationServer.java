package dev.careflow.security;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import dev.careflow.audit.AuditTrail;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AccessTokenAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * The authorization server built into Careflow (Spring Authorization Server), so that the default run needs no external
 * service: authorization code with PKCE for SMART apps (a user signs in on {@code /login}; a patient signing in
 * launches with themselves as the patient context), client credentials with a secret or with a signed JWT assertion
 * ({@code private_key_jwt}, SMART Backend Services) for systems. Its access tokens carry the SMART scopes as a
 * space-separated {@code scope}, Careflow's audience, and {@code fhirUser} and {@code patient} where they apply. What
 * is granted is cut to what the person may have ({@link Entitlements}, {@link ScopeGrantFilter}); people approve each
 * app's scopes on a consent page; sign-in locks a name after repeated failures; signing keys live in the data folder
 * ({@link EmbeddedKeys}) and revocations in the database ({@link RevokedTokens}). Off when an external issuer is
 * configured.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression(
        "'${careflow.security.issuer:}' == '' and '${careflow.security.embedded.enabled:true}' == 'true'")
class EmbeddedAuthorizationServer {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedAuthorizationServer.class);

    private static final String AUTHORIZE = "/oauth2/authorize";
    private static final String TOKEN = "/oauth2/token";

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerChain(
            HttpSecurity http, SecuritySettings settings, RegisteredClientRepository clients) throws Exception {
        OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
        OAuth2AccessTokenResponseAuthenticationSuccessHandler tokenResponse =
                new OAuth2AccessTokenResponseAuthenticationSuccessHandler();
        tokenResponse.setAccessTokenResponseCustomizer(EmbeddedAuthorizationServer::launchContext);
        Map<String, SecuritySettings.User> users = users(settings);
        // Before the authorization and token endpoints (which the configurer adds at the same place, later): first
        // what may be granted, then the patient context.
        http.addFilterBefore(
                new ScopeGrantFilter(AUTHORIZE, TOKEN, clients, name -> roleOf(users, name)),
                AbstractPreAuthenticatedProcessingFilter.class);
        http.addFilterBefore(
                new LaunchPatientFilter(AUTHORIZE, usersWithOwnPatient(settings)),
                AbstractPreAuthenticatedProcessingFilter.class);
        http.securityMatcher(server.getEndpointsMatcher())
                .with(server, s -> s.oidc(Customizer.withDefaults())
                        .tokenEndpoint(t -> t.accessTokenResponseHandler(tokenResponse)))
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .csrf(csrf -> csrf.ignoringRequestMatchers(server.getEndpointsMatcher()))
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"),
                        new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    /**
     * The sign-in page of the authorization code flow, locked for a name after repeated failures (each failure logged
     * and audited), and the patient picker, for staff only.
     */
    @Bean
    @Order(2)
    SecurityFilterChain signInChain(
            HttpSecurity http, SecuritySettings settings, SignInThrottle throttle, AuditTrail audit) throws Exception {
        Map<String, SecuritySettings.User> users = users(settings);
        AuthorizationManager<RequestAuthorizationContext> staffOnly =
                (authentication, context) -> new AuthorizationDecision(authentication.get() != null
                        && authentication.get().isAuthenticated()
                        && roleOf(users, authentication.get().getName()) == SecuritySettings.Role.STAFF);
        SimpleUrlAuthenticationFailureHandler refused = new SimpleUrlAuthenticationFailureHandler("/login?error");
        SavedRequestAwareAuthenticationSuccessHandler resume = new SavedRequestAwareAuthenticationSuccessHandler();
        http.securityMatcher("/login", "/logout", "/default-ui.css", PatientPickerServlet.PATH)
                .authorizeHttpRequests(a -> a.requestMatchers(PatientPickerServlet.PATH)
                        .access(staffOnly)
                        .anyRequest()
                        .permitAll())
                .formLogin(form -> form.failureHandler((request, response, exception) -> {
                            String name = request.getParameter("username");
                            java.time.Instant locked = throttle.failed(name);
                            String reason = exception instanceof LockedException
                                    ? "locked after repeated failures"
                                    : "wrong user name or password";
                            log.warn(
                                    "Sign-in refused for '{}' from {}: {}{}",
                                    name,
                                    request.getRemoteAddr(),
                                    reason,
                                    locked == null ? "" : "; locked until " + locked);
                            audit.signIn(name, request.getRemoteAddr(), reason);
                            refused.onAuthenticationFailure(request, response, exception);
                        })
                        .successHandler((request, response, authentication) -> {
                            throttle.succeeded(authentication.getName());
                            audit.signIn(authentication.getName(), request.getRemoteAddr(), null);
                            resume.onAuthenticationSuccess(request, response, authentication);
                        }));
        return http.build();
    }

    @Bean
    SignInThrottle signInThrottle(SecuritySettings settings) {
        return new SignInThrottle(settings.embedded().signIn(), java.time.Clock.systemUTC());
    }

    /**
     * The authorizations issued, in memory; a revoked access token (directly, or with its refresh token) is also
     * recorded in {@link RevokedTokens}, which the resource server consults, so revocation holds for every node.
     */
    @Bean
    OAuth2AuthorizationService authorizations(RevokedTokens revoked) {
        InMemoryOAuth2AuthorizationService store = new InMemoryOAuth2AuthorizationService();
        return new OAuth2AuthorizationService() {
            @Override
            public void save(OAuth2Authorization authorization) {
                OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
                if (access != null && access.isInvalidated()) {
                    revoked.revoke(
                            access.getToken().getTokenValue(), access.getToken().getExpiresAt());
                }
                store.save(authorization);
            }

            @Override
            public void remove(OAuth2Authorization authorization) {
                store.remove(authorization);
            }

            @Override
            public OAuth2Authorization findById(String id) {
                return store.findById(id);
            }

            @Override
            public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
                return store.findByToken(token, tokenType);
            }
        };
    }

    private static Map<String, SecuritySettings.User> users(SecuritySettings settings) {
        return settings.embedded().users().stream()
                .collect(Collectors.toMap(u -> u.username(), Function.identity(), (a, b) -> a));
    }

    private static SecuritySettings.Role roleOf(Map<String, SecuritySettings.User> users, String username) {
        SecuritySettings.User user = users.get(username);
        return user == null ? SecuritySettings.Role.NONE : user.effectiveRole();
    }

    /** The patient picker of practitioners' standalone launches. */
    @Bean
    ServletRegistrationBean<PatientPickerServlet> patientPicker(DaoRegistry daos) {
        ServletRegistrationBean<PatientPickerServlet> registration =
                new ServletRegistrationBean<>(new PatientPickerServlet(daos, AUTHORIZE), PatientPickerServlet.PATH);
        registration.setName("patientPicker");
        return registration;
    }

    private static Set<String> usersWithOwnPatient(SecuritySettings settings) {
        return settings.embedded().users().stream()
                .filter(u -> !u.effectivePatient().isBlank())
                .map(SecuritySettings.User::username)
                .collect(Collectors.toSet());
    }

    /** SMART's launch context beside the token in the token response: the patient the token is for. */
    private static void launchContext(OAuth2AccessTokenAuthenticationContext context) {
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
                client.redirectUris().forEach(builder::redirectUri);
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

    @Bean
    AuthorizationServerSettings authorizationServerSettings(SecuritySettings settings) {
        return AuthorizationServerSettings.builder()
                .issuer(settings.embedded().issuer())
                .build();
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
}
