package dev.careflow.platform;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * The start's beginning and end as a user sees them: the placeholder's hand-over of the port to Tomcat
 * ({@link StartingPlaceholder}), and one line saying the server is ready, where, and how long the start took.
 */
@Configuration(proxyBeanMethods = false)
class StartupAnnouncement {

    private static final Logger log = LoggerFactory.getLogger(StartupAnnouncement.class);

    private final ServerSettings settings;

    StartupAnnouncement(ServerSettings settings) {
        this.settings = settings;
    }

    @Bean
    StartingPlaceholder.Handover startingPlaceholderHandover() {
        return new StartingPlaceholder.Handover();
    }

    /** After the application runners (the packages installed, the FHIR endpoint open). */
    @EventListener
    void ready(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
            return;
        }
        String base = settings.publicBaseUrl().isBlank()
                ? "http://localhost:" + web.getWebServer().getPort() + "/fhir"
                : settings.publicBaseUrl().replaceAll("/+$", "");
        String root = base.replaceAll("/fhir$", "");
        Duration started =
                Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
        log.info(
                "Careflow is ready at {} (started in {} s) — Swagger UI {}/swagger-ui/, CapabilityStatement {}/metadata,"
                        + " readiness {}/actuator/health/readiness",
                base,
                String.format(java.util.Locale.ROOT, "%.1f", started.toMillis() / 1000.0),
                base,
                base,
                root);
    }
}
