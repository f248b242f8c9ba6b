package dev.careflow.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Holds FHIR traffic back until Careflow's packages are installed. Spring Boot opens the HTTP port before application
 * runners finish; without this gate a client could read a CapabilityStatement without the profiles, or write a resource
 * that escapes profile validation. Until {@link #open()}, every {@code /fhir} request gets 503 with an
 * OperationOutcome and {@code Retry-After}; the readiness probe stays down over the same window.
 */
public class StartupGate extends OncePerRequestFilter {

    private static final String NOT_READY =
            """
            {"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"transient",\
            "diagnostics":"Careflow is starting: its FHIR packages are being installed. Retry shortly."}]}""";

    private volatile boolean open;

    public void open() {
        open = true;
    }

    public boolean isOpen() {
        return open;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (open) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", "5");
        response.setContentType("application/fhir+json;charset=UTF-8");
        response.getOutputStream().write(NOT_READY.getBytes(StandardCharsets.UTF_8));
    }
}
