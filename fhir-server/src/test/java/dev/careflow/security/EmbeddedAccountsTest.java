package dev.careflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

class EmbeddedAccountsTest {

    @Test
    void aRedirectWrittenAsAPath_isOnTheIssuersOrigin_andOthersStayAsWritten() {
        assertThat(EmbeddedAccounts.onOwnOrigin("/apps/console/", "http://localhost:41234"))
                .isEqualTo("http://localhost:41234/apps/console/");
        assertThat(EmbeddedAccounts.onOwnOrigin("/apps/console/", "https://care.example/"))
                .isEqualTo("https://care.example/apps/console/");
        assertThat(EmbeddedAccounts.onOwnOrigin("http://127.0.0.1/callback", "http://localhost:8080"))
                .isEqualTo("http://127.0.0.1/callback");
    }

    @Test
    void theConsoleClient_isPublic_withPkce_andItsRedirectOnTheServersOrigin() {
        SecuritySettings settings = new SecuritySettings(
                "",
                "",
                "careflow",
                "",
                "",
                List.of(),
                new SecuritySettings.Embedded(
                        true,
                        "http://localhost:41234",
                        List.of(new SecuritySettings.Client(
                                "careflow-console",
                                "",
                                "",
                                List.of("/apps/console/"),
                                List.of("openid", "fhirUser", "user/*.cruds"),
                                false)),
                        List.of(),
                        "target/keys",
                        java.time.Duration.ofDays(90),
                        java.time.Duration.ofHours(1),
                        new SecuritySettings.SignIn(5, java.time.Duration.ofMinutes(15))));

        RegisteredClient console =
                new EmbeddedAccounts().registeredClients(settings).findByClientId("careflow-console");

        assertThat(console.getRedirectUris()).containsExactly("http://localhost:41234/apps/console/");
        assertThat(console.getClientSettings().isRequireProofKey()).isTrue();
        assertThat(console.getClientSettings().isRequireAuthorizationConsent()).isFalse();
        assertThat(console.getClientAuthenticationMethods())
                .extracting(m -> m.getValue())
                .containsExactly("none");
    }
}
