package dev.careflow.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.careflow.audit.AuditTrail;
import dev.careflow.audit.RouteAuditFilter;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.header.HeaderWriterFilter;

/**
 * Who may call: with an issuer configured, every request needs a Bearer JWT signed by one of the issuer's keys, from
 * that issuer, for this audience, with an expiry that has not passed and not revoked, save the CapabilityStatement,
 * the SMART configuration, health probes and the API documentation; a missing or refused token gets 401 with
 * {@code WWW-Authenticate}. Routes outside the FHIR endpoint are authorised here by the same scopes: {@code /hl7v2}
 * needs a backend service's {@code system/} scopes for the writes a notification makes, metrics need a
 * {@code system/} scope (or, for {@code /actuator/prometheus}, the static scrape credential of {@link ScrapeSettings}).
 * The landing page and the browser apps under {@code /apps/} are public files. Without an issuer the server stays
 * open, as before.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    RevokedTokens revokedTokens(DataSource dataSource) {
        return new RevokedTokens(dataSource);
    }

    @Bean
    SecurityFilterChain careflowSecurity(
            HttpSecurity http,
            SecuritySettings settings,
            ObjectProvider<JWKSource<SecurityContext>> embeddedKeys,
            RevokedTokens revoked,
            TokenCacheSettings tokenCache,
            AuditTrail audit,
            ScrapeSettings scrape)
            throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .addFilterBefore(new NoVersionBanner(), HeaderWriterFilter.class);
        if (!settings.enabled()) {
            log.warn("No token issuer configured (careflow.security.issuer): every request is let in");
            http.authorizeHttpRequests(a -> a.anyRequest().permitAll());
            return http.build();
        }
        http.authorizeHttpRequests(a -> a
                        // The container's error page for a refusal already decided (a 403 of the sign-in chain) must
                        // show that refusal, not ask for a Bearer token.
                        .dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/fhir/metadata", "/fhir/metadata/")
                        .permitAll()
                        .requestMatchers(HttpMethod.OPTIONS, "/**")
                        .permitAll()
                        .requestMatchers("/fhir/.well-known/smart-configuration", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers("/fhir/swagger-ui/**", "/fhir/api-docs/**")
                        .permitAll()
                        // The landing page and the browser apps' files: public pages, the data they show comes
                        // from the FHIR API with the signed-in person's token.
                        .requestMatchers(HttpMethod.GET, "/", "/index.html", "/careflow.css", "/apps/**")
                        .permitAll()
                        .requestMatchers("/hl7v2", "/hl7v2/**")
                        .access(scopes(NotificationScopes::allowed))
                        .requestMatchers(ScrapeCredentialFilter.PATH)
                        .access(scraperOr(scopes(SecurityConfiguration::anySystemScope)))
                        .requestMatchers("/actuator/**")
                        .access(scopes(SecurityConfiguration::anySystemScope))
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(o -> o.jwt(jwt -> jwt.decoder(
                        cached(decoder(settings, embeddedKeys.getIfAvailable(), revoked), revoked, tokenCache))))
                .addFilterBefore(new ScrapeCredentialFilter(scrape), BearerTokenAuthenticationFilter.class)
                .addFilterAfter(new RouteAuditFilter(audit), BearerTokenAuthenticationFilter.class);
        if (scrape.enabled()) {
            log.info(
                    "{} also takes the static scrape credential of '{}'",
                    ScrapeCredentialFilter.PATH,
                    scrape.username());
        }
        log.info("Bearer tokens from {} for audience {} are required", settings.effectiveIssuer(), settings.audience());
        return http.build();
    }

    private static boolean anySystemScope(List<SmartScope> scopes) {
        return scopes.stream().anyMatch(x -> x.context() == SmartScope.Context.SYSTEM);
    }

    /** Allows the scraper let in by its static credential ({@link ScrapeCredentialFilter}), else asks the other. */
    private static AuthorizationManager<RequestAuthorizationContext> scraperOr(
            AuthorizationManager<RequestAuthorizationContext> other) {
        return (Supplier<Authentication> authentication, RequestAuthorizationContext context) -> {
            if (ScrapeCredentialFilter.isScraper(authentication.get())) {
                return new AuthorizationDecision(true);
            }
            AuthorizationResult result = other.authorize(authentication, context);
            return new AuthorizationDecision(result != null && result.isGranted());
        };
    }

    /** Allows a request whose verified token's effective scopes ({@link Entitlements#effective}) pass the test. */
    private static AuthorizationManager<RequestAuthorizationContext> scopes(Predicate<List<SmartScope>> test) {
        return (Supplier<Authentication> authentication, RequestAuthorizationContext context) -> {
            if (!(authentication.get() instanceof JwtAuthenticationToken jwt)) {
                return new AuthorizationDecision(false);
            }
            return new AuthorizationDecision(test.test(TokenClaims.effectiveScopes(jwt)));
        };
    }

    /** The decoder behind a cache of verified tokens ({@link CachingJwtDecoder}), unless switched off. */
    private static JwtDecoder cached(JwtDecoder decoder, RevokedTokens revoked, TokenCacheSettings settings) {
        if (!settings.enabled()) {
            return decoder;
        }
        CachingJwtDecoder cache = new CachingJwtDecoder(decoder, revoked::isRevoked, settings, Clock.systemUTC());
        revoked.onRevoke(cache::forget);
        log.info(
                "Verified tokens cached (at most {}, revocation re-read after {})",
                settings.maximumSize(),
                settings.revocationRecheck());
        return cache;
    }

    static JwtDecoder decoder(
            SecuritySettings settings, JWKSource<SecurityContext> embeddedKeys, RevokedTokens revoked) {
        NimbusJwtDecoder decoder;
        if (settings.embeddedActive() && embeddedKeys != null) {
            decoder = (NimbusJwtDecoder) org.springframework.security.oauth2.server.authorization.config.annotation.web
                    .configuration.OAuth2AuthorizationServerConfiguration.jwtDecoder(embeddedKeys);
        } else if (settings.jwksUri().isBlank()) {
            decoder = (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(settings.effectiveIssuer());
        } else {
            decoder = NimbusJwtDecoder.withJwkSetUri(settings.jwksUri()).build();
        }
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(JwtValidators.createDefaultWithIssuer(settings.effectiveIssuer()));
        validators.add(jwt -> jwt.getAudience() != null && jwt.getAudience().contains(settings.audience())
                ? OAuth2TokenValidatorResult.success()
                : invalid("The token is not for audience " + settings.audience()));
        // The default validators check exp only when present: a token that never expires is refused.
        validators.add(jwt -> jwt.getExpiresAt() != null
                ? OAuth2TokenValidatorResult.success()
                : invalid("The token has no expiry (exp)"));
        validators.add(jwt -> revoked.isRevoked(jwt.getTokenValue())
                ? invalid("The token has been revoked")
                : OAuth2TokenValidatorResult.success());
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    private static OAuth2TokenValidatorResult invalid(String reason) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", reason, null));
    }
}
