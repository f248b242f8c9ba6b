package dev.careflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;

class ScrapeCredentialFilterTest {

    private static final ScrapeSettings ON = new ScrapeSettings("prometheus", "s3cret");

    @AfterEach
    void forget() {
        SecurityContextHolder.clearContext();
    }

    private static MockHttpServletRequest request(String path, String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        return request;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static MockHttpServletResponse run(
            ScrapeSettings settings, MockHttpServletRequest request, boolean[] passed) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        new ScrapeCredentialFilter(settings).doFilter(request, response, new MockFilterChain() {
            @Override
            public void doFilter(jakarta.servlet.ServletRequest req, jakarta.servlet.ServletResponse res) {
                passed[0] = true;
            }
        });
        return response;
    }

    @Test
    void theRightCredential_authenticatesTheScraper() throws Exception {
        boolean[] passed = {false};
        run(ON, request("/actuator/prometheus", basic("prometheus", "s3cret")), passed);

        assertThat(passed[0]).isTrue();
        assertThat(ScrapeCredentialFilter.isScraper(
                        SecurityContextHolder.getContext().getAuthentication()))
                .isTrue();
    }

    @Test
    void aWrongCredential_is401AtOnce() throws Exception {
        for (String wrong : new String[] {basic("prometheus", "guess"), basic("admin", "s3cret"), "Basic !!!"}) {
            boolean[] passed = {false};
            MockHttpServletResponse response = run(ON, request("/actuator/prometheus", wrong), passed);

            assertThat(response.getStatus()).as(wrong).isEqualTo(401);
            assertThat(response.getHeader("WWW-Authenticate")).startsWith("Basic");
            assertThat(passed[0]).isFalse();
            assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
        }
    }

    @Test
    void bearerTokensOtherPathsAndNoPassword_goOnUntouched() throws Exception {
        boolean[] bearer = {false};
        run(ON, request("/actuator/prometheus", "Bearer abc"), bearer);
        boolean[] otherPath = {false};
        run(ON, request("/actuator/info", basic("prometheus", "s3cret")), otherPath);
        boolean[] off = {false};
        run(new ScrapeSettings("prometheus", ""), request("/actuator/prometheus", basic("prometheus", "")), off);

        assertThat(new boolean[] {bearer[0], otherPath[0], off[0]}).containsOnly(true);
        assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
    }
}
