package dev.careflow.security;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call: with an issuer configured, every request needs a Bearer JWT signed by one of the issuer's keys, from
 * that issuer, for this audience and not expired, save the CapabilityStatement, the SMART configuration, health
 * probes and the API documentation; a missing or refused token gets 401 with {@code WWW-Authenticate}. Without an
 * issuer the server stays open, as before.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    SecurityFilterChain careflowSecurity(
            HttpSecurity http,
            SecuritySettings settings,
            org.springframework.beans.factory.ObjectProvider<
                            com.nimbusds.jose.jwk.source.JWKSource<com.nimbusds.jose.proc.SecurityContext>>
                    embeddedKeys)
            throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable());
        if (!settings.enabled()) {
            log.warn("No token issuer configured (careflow.security.issuer): every request is let in");
            http.authorizeHttpRequests(a -> a.anyRequest().permitAll());
            return http.build();
        }
        http.authorizeHttpRequests(a -> a.requestMatchers(HttpMethod.GET, "/fhir/metadata", "/fhir/metadata/")
                        .permitAll()
                        .requestMatchers(HttpMethod.OPTIONS, "/**")
                        .permitAll()
                        .requestMatchers("/fhir/.well-known/smart-configuration", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers("/fhir/swagger-ui/**", "/fhir/api-docs/**")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(o -> o.jwt(jwt -> jwt.decoder(decoder(settings, embeddedKeys.getIfAvailable()))));
        log.info("Bearer tokens from {} for audience {} are required", settings.effectiveIssuer(), settings.audience());
        return http.build();
    }

    static JwtDecoder decoder(
            SecuritySettings settings,
            com.nimbusds.jose.jwk.source.JWKSource<com.nimbusds.jose.proc.SecurityContext> embeddedKeys) {
        NimbusJwtDecoder decoder;
        if (settings.embeddedActive() && embeddedKeys != null) {
            decoder = (NimbusJwtDecoder) org.springframework.security.oauth2.server.authorization.config.annotation.web
                    .configuration.OAuth2AuthorizationServerConfiguration.jwtDecoder(embeddedKeys);
        } else if (settings.jwksUri().isBlank()) {
            decoder = (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(settings.effectiveIssuer());
        } else {
            decoder = NimbusJwtDecoder.withJwkSetUri(settings.jwksUri()).build();
        }
        OAuth2TokenValidator<Jwt> audience =
                jwt -> jwt.getAudience() != null && jwt.getAudience().contains(settings.audience())
                        ? OAuth2TokenValidatorResult.success()
                        : OAuth2TokenValidatorResult.failure(new OAuth2Error(
                                "invalid_token", "The token is not for audience " + settings.audience(), null));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                List.of(JwtValidators.createDefaultWithIssuer(settings.effectiveIssuer()), audience)));
        return decoder;
    }
}
