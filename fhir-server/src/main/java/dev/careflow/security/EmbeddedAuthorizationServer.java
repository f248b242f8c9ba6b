package dev.careflow.security;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.audit.AuditTrail;
import java.util.Map;
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
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.server.authorization.InMemoryOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
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
 * app's scopes on a consent page; sign-in locks a name after repeated failures; revocations live in the database
 * ({@link RevokedTokens}). Its clients and users are {@link EmbeddedAccounts}, its tokens' claims and keys
 * {@link EmbeddedTokens}. Off when an external issuer is configured.
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
        tokenResponse.setAccessTokenResponseCustomizer(EmbeddedTokens::launchContext);
        Map<String, SecuritySettings.User> users = EmbeddedAccounts.users(settings);
        // Before the authorization and token endpoints (which the configurer adds at the same place, later): first
        // what may be granted, then the patient context.
        http.addFilterBefore(
                new ScopeGrantFilter(AUTHORIZE, TOKEN, clients, name -> EmbeddedAccounts.roleOf(users, name)),
                AbstractPreAuthenticatedProcessingFilter.class);
        http.addFilterBefore(
                new LaunchPatientFilter(AUTHORIZE, EmbeddedAccounts.usersWithOwnPatient(settings)),
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
        Map<String, SecuritySettings.User> users = EmbeddedAccounts.users(settings);
        AuthorizationManager<RequestAuthorizationContext> staffOnly =
                (authentication, context) -> new AuthorizationDecision(authentication.get() != null
                        && authentication.get().isAuthenticated()
                        && EmbeddedAccounts.roleOf(users, authentication.get().getName())
                                == SecuritySettings.Role.STAFF);
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

    /** The patient picker of practitioners' standalone launches. */
    @Bean
    ServletRegistrationBean<PatientPickerServlet> patientPicker(IRepository repository) {
        ServletRegistrationBean<PatientPickerServlet> registration = new ServletRegistrationBean<>(
                new PatientPickerServlet(repository, AUTHORIZE), PatientPickerServlet.PATH);
        registration.setName("patientPicker");
        return registration;
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(SecuritySettings settings) {
        return AuthorizationServerSettings.builder()
                .issuer(settings.embedded().issuer())
                .build();
    }
}
