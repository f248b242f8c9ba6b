package dev.careflow.security;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
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
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * The authorization server built into Careflow (Spring Authorization Server), so that the default run needs no external
 * service: authorization code with PKCE for SMART apps (a user signs in on {@code /login}; a patient signing in
 * launches with themselves as the patient context), client credentials with a secret or with a signed JWT assertion
 * ({@code private_key_jwt}, SMART Backend Services) for systems. Its access tokens carry the SMART scopes as a
 * space-separated {@code scope}, Careflow's audience, and {@code fhirUser} and {@code patient} where they apply. Keys
 * are made at start-up: tokens do not outlive a restart. Off when an external issuer is configured.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression(
        "'${careflow.security.issuer:}' == '' and '${careflow.security.embedded.enabled:true}' == 'true'")
class EmbeddedAuthorizationServer {

    private static final String AUTHORIZE = "/oauth2/authorize";

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerChain(HttpSecurity http, SecuritySettings settings) throws Exception {
        OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
        OAuth2AccessTokenResponseAuthenticationSuccessHandler tokenResponse =
                new OAuth2AccessTokenResponseAuthenticationSuccessHandler();
        tokenResponse.setAccessTokenResponseCustomizer(EmbeddedAuthorizationServer::launchContext);
        // Before the authorization endpoint (which the configurer adds at the same place, later).
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

    /** The sign-in page of the authorization code flow. */
    @Bean
    @Order(2)
    SecurityFilterChain signInChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/login", "/logout", "/default-ui.css", PatientPickerServlet.PATH)
                .authorizeHttpRequests(a -> a.requestMatchers(PatientPickerServlet.PATH)
                        .authenticated()
                        .anyRequest()
                        .permitAll())
                .formLogin(Customizer.withDefaults());
        return http.build();
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
                .filter(u -> !u.patient().isBlank())
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
            RegisteredClient.Builder builder = RegisteredClient.withId(
                            UUID.randomUUID().toString())
                    .clientId(client.id())
                    .tokenSettings(TokenSettings.builder()
                            .accessTokenTimeToLive(Duration.ofHours(1))
                            .build());
            client.scopes().forEach(builder::scope);
            ClientSettings.Builder clientSettings = ClientSettings.builder().requireAuthorizationConsent(false);
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
    UserDetailsService signInUsers(SecuritySettings settings) {
        return new InMemoryUserDetailsManager(settings.embedded().users().stream()
                .map(u -> User.withUsername(u.username())
                        .password("{noop}" + u.password())
                        .roles("USER")
                        .build())
                .toList());
    }

    @Bean
    JWKSource<SecurityContext> embeddedKeys() throws Exception {
        RSAKey key =
                new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        return new ImmutableJWKSet<>(new JWKSet(key));
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
            String patient = user.map(SecuritySettings.User::patient)
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
