package dev.careflow.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.catalina.Container;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that HAPI never sees, answered as FHIR OperationOutcomes: Tomcat's own refusals (through
 * {@link OperationOutcomeErrorReportValve}) and Spring's {@code /error} page, which answered a plain {@code GET /error}
 * with a 500 and other errors with Spring's own JSON.
 */
@Configuration(proxyBeanMethods = false)
class ErrorPageConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> operationOutcomeErrorReports() {
        return new OperationOutcomeErrorReports();
    }

    /** After Spring Boot's own customizer, which adds a plain ErrorReportValve to the host. */
    static class OperationOutcomeErrorReports
            implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

        @Override
        public void customize(TomcatServletWebServerFactory factory) {
            factory.addContextCustomizers(context -> {
                Container host = context.getParent();
                Pipeline pipeline = host.getPipeline();
                for (Valve valve : pipeline.getValves()) {
                    if (valve instanceof ErrorReportValve) {
                        pipeline.removeValve(valve);
                    }
                }
                pipeline.addValve(new OperationOutcomeErrorReportValve());
                if (host instanceof StandardHost standardHost) {
                    standardHost.setErrorReportValveClass(OperationOutcomeErrorReportValve.class.getName());
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    /**
     * Spring's error page as an OperationOutcome; {@code /error} asked for directly is not a resource (404). Found by
     * component scanning; Spring Boot's own error controller steps aside for it.
     */
    @RestController
    static class OperationOutcomeErrorController implements ErrorController {

        @RequestMapping("/error")
        ResponseEntity<String> error(HttpServletRequest request) {
            Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            int status = code instanceof Integer value && value >= 400 ? value : 404;
            Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
            String reason =
                    code == null ? "no such page" : status < 500 && message instanceof String text ? text : null;
            return ResponseEntity.status(status)
                    .contentType(MediaType.parseMediaType("application/fhir+json;charset=UTF-8"))
                    .body(OperationOutcomeErrorReportValve.operationOutcome(status, reason));
        }
    }
}
