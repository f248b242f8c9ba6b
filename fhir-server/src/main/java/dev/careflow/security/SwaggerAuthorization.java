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
import org.thymeleaf.context.WebContext;
import org.thymeleaf.templateresource.ClassLoaderTemplateResource;

/**
 * Swagger UI that can run what it lists: the OpenAPI document declares the server's OAuth2 security (the embedded
 * authorization server's endpoints), so Swagger UI shows "Authorize" and sends the token with every call it tries. Two
 * flows: authorization code with PKCE for a person (public client {@link #CLIENT}, pre-filled, sent back to
 * {@code /fhir/swagger-ui/oauth2-redirect.html}; sign in as a staff user, e.g. {@code carla} / {@code demo}), and
 * client credentials for a backend client (with the demo configuration {@code careflow-demo} / {@code demo-secret},
 * scope {@code system/*.cruds}). With an external issuer, the document names no scheme (its endpoints are the
 * issuer's). The page is HAPI's with PKCE turned on ({@code swagger-ui-index.html} beside this class).
 */
@Component
class SwaggerAuthorization extends OpenApiInterceptor {

    static final String SCHEME = "oauth2";

    /** The public client Swagger UI signs in as (authorization code with PKCE). */
    static final String CLIENT = "careflow-swagger";

    /** Where the authorization server sends Swagger UI back, under the FHIR base (HAPI serves the webjar's page). */
    static final String REDIRECT = "/swagger-ui/oauth2-redirect.html";

    private final SecuritySettings settings;

    SwaggerAuthorization(SecuritySettings settings) {
        this.settings = settings;
    }

    @Override
    protected OpenAPI generateOpenApi(ServletRequestDetails request) {
        OpenAPI openApi = super.generateOpenApi(request);
        if (settings.issuer().isBlank() && settings.embedded().enabled()) {
            String root = request.getFhirServerBase().replaceAll("/fhir/?$", "");
            declare(openApi, root + "/oauth2/authorize", root + "/oauth2/token");
        }
        return openApi;
    }

    /** The page's OAuth2 settings: where Swagger UI is sent back, and the client it signs in as. */
    @Override
    protected void populateOIDCVariables(ServletRequestDetails request, WebContext context) {
        context.setVariable("OAUTH2_REDIRECT_URL_PROPERTY", request.getFhirServerBase() + REDIRECT);
        context.setVariable("OAUTH2_CLIENT_ID", CLIENT);
    }

    @Override
    protected ClassLoaderTemplateResource getIndexTemplate() {
        return new ClassLoaderTemplateResource("dev/careflow/security/swagger-ui-index.html", "UTF-8");
    }

    static void declare(OpenAPI openApi, String authorizationUrl, String tokenUrl) {
        Scopes system = new Scopes()
                .addString("system/*.cruds", "create, read, update, delete and search every resource type")
                .addString("system/*.rs", "read and search every resource type");
        Scopes user = new Scopes()
                .addString("openid", "who signed in")
                .addString("fhirUser", "the signed-in person's FHIR record")
                .addString("user/*.cruds", "everything the signed-in staff user may do")
                .addString("user/*.rs", "read and search as the signed-in staff user");
        SecurityScheme oauth2 = new SecurityScheme()
                .type(SecurityScheme.Type.OAUTH2)
                .description("Tokens from Careflow's authorization server: sign in as a person (authorization code"
                        + " with PKCE, client " + CLIENT + ", e.g. the demo user carla / demo), or as a backend"
                        + " client (client credentials: its id and secret, e.g. careflow-demo / demo-secret)")
                .flows(new OAuthFlows()
                        .authorizationCode(new OAuthFlow()
                                .authorizationUrl(authorizationUrl)
                                .tokenUrl(tokenUrl)
                                .scopes(user))
                        .clientCredentials(new OAuthFlow().tokenUrl(tokenUrl).scopes(system)));
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents().addSecuritySchemes(SCHEME, oauth2);
        openApi.addSecurityItem(new SecurityRequirement().addList(SCHEME));
    }
}
