package dev.careflow.platform;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import org.hl7.fhir.instance.model.api.IIdType;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Names the FHIR route a request took in the HTTP metrics ({@code http_server_requests_seconds{uri=...}}), which
 * otherwise say {@code UNKNOWN} for everything HAPI's servlet serves: {@code /fhir/Patient/{id}},
 * {@code /fhir/Practitioner/{id}/$worklist}, {@code /fhir/Task}, {@code /fhir/$process-message}. Set once HAPI has
 * found the method that serves the request, so the names come from the server's own resource types and operations, never
 * from whatever a client put in the URL (a route no method serves stays {@code UNKNOWN}, or {@code NOT_FOUND}).
 */
@Interceptor
public class RouteObservation {

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public void nameRoute(RequestDetails request) {
        if (request instanceof ServletRequestDetails servlet && servlet.getServletRequest() != null) {
            HttpServletRequest http = servlet.getServletRequest();
            ServerHttpObservationFilter.findObservationContext(http)
                    .ifPresent(context -> context.setPathPattern(route(http.getServletPath(), request)));
        }
    }

    /** The route template of a request HAPI has resolved, under the servlet's path ({@code /fhir}). */
    static String route(String servletPath, RequestDetails request) {
        StringBuilder route = new StringBuilder(servletPath == null ? "" : servletPath);
        if (request.getResourceName() != null) {
            route.append('/').append(request.getResourceName());
        }
        IIdType id = request.getId();
        boolean versioned = id != null && id.hasIdPart() && id.hasVersionIdPart();
        if (id != null && id.hasIdPart()) {
            route.append("/{id}");
        }
        if (request.getCompartmentName() != null) {
            route.append('/').append(request.getCompartmentName());
        }
        String operation = request.getOperation();
        if (versioned) {
            route.append("/_history/{version}");
        } else if (operation != null && !operation.isBlank()) {
            route.append('/').append(operation);
        }
        return route.isEmpty() ? "/" : route.toString();
    }
}
