package dev.careflow.security;

import ca.uhn.fhir.rest.openapi.OpenApiInterceptor;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.OAuthFlow;
import io.swagger.v3.oas.models.security.OAuthFlows;
import io.swagger.v3.oas.models.security.Scopes;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.stereotype.Component;

/**
 * Swagger UI that can run what it lists: the OpenAPI document declares the server's OAuth2 security (the embedded
 * authorization server's token endpoint, client credentials), so Swagger UI shows "Authorize" and sends the token with
 * every call it tries. With the demo configuration: client {@code careflow-demo}, secret {@code demo-secret}, scope
 * {@code system/*.cruds}. With an external issuer, the document names no scheme (its endpoints are the issuer's).
 */
@Component
class SwaggerAuthorization extends OpenApiInterceptor {

    static final String SCHEME = "oauth2";

    private final SecuritySettings settings;

    SwaggerAuthorization(SecuritySettings settings) {
        this.settings = settings;
    }

    @Override
    protected OpenAPI generateOpenApi(ServletRequestDetails request) {
        OpenAPI openApi = super.generateOpenApi(request);
        if (settings.issuer().isBlank() && settings.embedded().enabled()) {
            String root = request.getFhirServerBase().replaceAll("/fhir/?$", "");
            declare(openApi, root + "/oauth2/token");
        }
        return openApi;
    }

    static void declare(OpenAPI openApi, String tokenUrl) {
        Scopes scopes = new Scopes()
                .addString("system/*.cruds", "create, read, update, delete and search every resource type")
                .addString("system/*.rs", "read and search every resource type");
        SecurityScheme oauth2 = new SecurityScheme()
                .type(SecurityScheme.Type.OAUTH2)
                .description("Tokens from Careflow's authorization server (client credentials: a backend client's id"
                        + " and secret, e.g. the demo client careflow-demo / demo-secret)")
                .flows(new OAuthFlows()
                        .clientCredentials(new OAuthFlow().tokenUrl(tokenUrl).scopes(scopes)));
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents().addSecuritySchemes(SCHEME, oauth2);
        openApi.addSecurityItem(new SecurityRequirement().addList(SCHEME));
    }
}
