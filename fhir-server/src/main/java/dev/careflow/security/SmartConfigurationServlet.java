package dev.careflow.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code GET /fhir/.well-known/smart-configuration}: the SMART App Launch 2 discovery document. An exact servlet
 * mapping, so it answers ahead of the FHIR servlet's {@code /fhir/*}.
 */
class SmartConfigurationServlet extends HttpServlet {

    static final String PATH = "/fhir/.well-known/smart-configuration";

    private final transient SecuritySettings settings;
    private final transient ObjectMapper json = new ObjectMapper();

    SmartConfigurationServlet(SecuritySettings settings) {
        this.settings = settings;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Browser apps on any origin discover the endpoints here before they have a token (SMART App Launch 2.0).
        response.setHeader("Access-Control-Allow-Origin", "*");
        if (!settings.enabled()) {
            response.setStatus(404);
            response.setContentType("application/json");
            response.getWriter()
                    .write("{\"error\":\"not_configured\",\"error_description\":"
                            + "\"This server takes no tokens: careflow.security.issuer is not set\"}");
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("issuer", settings.effectiveIssuer());
        body.put("jwks_uri", settings.keys());
        body.put("authorization_endpoint", settings.authorize());
        body.put("token_endpoint", settings.token());
        body.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt", "client_secret_basic"));
        body.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS384", "ES384", "RS256"));
        body.put("grant_types_supported", List.of("authorization_code", "client_credentials"));
        body.put("scopes_supported", settings.scopesSupported());
        body.put("response_types_supported", List.of("code"));
        body.put("code_challenge_methods_supported", List.of("S256"));
        body.put(
                "capabilities",
                List.of(
                        "launch-standalone",
                        "client-public",
                        "client-confidential-symmetric",
                        "client-confidential-asymmetric",
                        "context-standalone-patient",
                        "sso-openid-connect",
                        "permission-patient",
                        "permission-user",
                        "permission-offline",
                        "permission-v1",
                        "permission-v2"));
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getWriter(), body);
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        ServletRegistrationBean<SmartConfigurationServlet> smartConfiguration(SecuritySettings settings) {
            ServletRegistrationBean<SmartConfigurationServlet> registration =
                    new ServletRegistrationBean<>(new SmartConfigurationServlet(settings), PATH);
            registration.setName("smartConfiguration");
            return registration;
        }
    }
}
