package dev.careflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.junit.jupiter.api.Test;

class SwaggerAuthorizationTest {

    private static final String ROOT = "http://localhost:8080";

    @Test
    void theDocument_declaresAuthorizationCodeAndClientCredentials_againstTheServersEndpoints() {
        OpenAPI openApi = new OpenAPI();

        SwaggerAuthorization.declare(openApi, ROOT + "/oauth2/authorize", ROOT + "/oauth2/token");

        SecurityScheme scheme = openApi.getComponents().getSecuritySchemes().get(SwaggerAuthorization.SCHEME);
        assertThat(scheme.getType()).isEqualTo(SecurityScheme.Type.OAUTH2);
        OAuthFlows flows = scheme.getFlows();
        assertThat(flows.getAuthorizationCode().getAuthorizationUrl()).isEqualTo(ROOT + "/oauth2/authorize");
        assertThat(flows.getAuthorizationCode().getTokenUrl()).isEqualTo(ROOT + "/oauth2/token");
        assertThat(flows.getAuthorizationCode().getScopes()).containsKeys("openid", "fhirUser", "user/*.cruds");
        assertThat(flows.getClientCredentials().getTokenUrl()).isEqualTo(ROOT + "/oauth2/token");
        assertThat(flows.getClientCredentials().getScopes()).containsKeys("system/*.cruds");
        assertThat(openApi.getSecurity()).singleElement().satisfies(r -> assertThat(r)
                .containsKey(SwaggerAuthorization.SCHEME));
    }

    @Test
    void theSwaggerPage_turnsPkceOn_forItsPublicClient() throws Exception {
        String page = new String(
                SwaggerAuthorization.class
                        .getResourceAsStream("/dev/careflow/security/swagger-ui-index.html")
                        .readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);

        assertThat(page)
                .contains("usePkceWithAuthorizationCodeGrant: true")
                .contains("clientId: \"[[${OAUTH2_CLIENT_ID}]]\"")
                .contains("oauth2RedirectUrl: \"[[${OAUTH2_REDIRECT_URL_PROPERTY}]]\"");
    }
}
