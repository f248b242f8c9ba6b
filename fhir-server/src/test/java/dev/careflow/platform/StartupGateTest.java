package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class StartupGateTest {

    private final StartupGate gate = new StartupGate();

    @Test
    void beforeThePackagesAreInstalled_requestsGet503WithAnOperationOutcome() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        gate.doFilter(new MockHttpServletRequest("POST", "/fhir/CarePlan"), response, chain);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(response.getContentType()).startsWith("application/fhir+json");
        assertThat(response.getContentAsString()).contains("\"resourceType\":\"OperationOutcome\"", "transient");
        assertThat(chain.getRequest()).as("the server was not reached").isNull();
    }

    @Test
    void onceOpen_requestsPassThrough() throws Exception {
        gate.open();
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        gate.doFilter(new MockHttpServletRequest("GET", "/fhir/metadata"), response, chain);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(chain.getRequest()).isNotNull();
    }
}
