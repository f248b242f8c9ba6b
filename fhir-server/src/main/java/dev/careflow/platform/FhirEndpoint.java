package dev.careflow.platform;

import ca.uhn.fhir.rest.server.RestfulServer;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Careflow's FHIR endpoint: HAPI's {@link RestfulServer}, held rather than being a bean itself.
 *
 * <p>Spring Boot makes every bean that is a servlet while it creates the web server, before the other singletons. Were
 * the {@code RestfulServer} a bean, HAPI's whole graph (146 DAOs, the persistence unit, everything they use) would be
 * made in that early phase, where Spring keeps one lock for all bean creation, and Hibernate could not build the
 * persistence unit on a thread of its own (it asks Spring for beans while it builds, and would wait for that lock). As
 * a plain holder the graph is made with the other singletons, and {@link Servlet}, the servlet Tomcat sees, finds the
 * server when Tomcat starts it.
 */
public final class FhirEndpoint {

    private final RestfulServer server;

    FhirEndpoint(RestfulServer server) {
        this.server = server;
    }

    public RestfulServer server() {
        return server;
    }

    /** The servlet on {@code /fhir/*}: HAPI's server, looked up when Tomcat initialises the servlet. */
    static final class Servlet extends HttpServlet {

        private final transient ObjectProvider<FhirEndpoint> endpoint;
        private transient volatile RestfulServer server;

        Servlet(ObjectProvider<FhirEndpoint> endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public void init(ServletConfig config) throws ServletException {
            super.init(config);
            RestfulServer found = endpoint.getObject().server();
            found.init(config);
            server = found;
        }

        @Override
        public void service(ServletRequest request, ServletResponse response) throws ServletException, IOException {
            server.service(request, response);
        }

        @Override
        public void destroy() {
            RestfulServer running = server;
            if (running != null) {
                running.destroy();
            }
        }
    }
}
