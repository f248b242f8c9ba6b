package dev.careflow.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A static credential for Prometheus, so that a scraper needs no short-lived token: HTTP basic authentication on
 * {@code /actuator/prometheus} only (Prometheus's {@code basic_auth} with a {@code password_file}). A backend
 * service's token with a {@code system/} scope keeps working beside it.
 *
 * @param username the user name the scraper sends ({@code CAREFLOW_MANAGEMENT_SCRAPE_USERNAME})
 * @param password its password ({@code CAREFLOW_MANAGEMENT_SCRAPE_PASSWORD}); empty (the default) switches the
 *     credential off
 */
@ConfigurationProperties("careflow.management.scrape")
public record ScrapeSettings(@DefaultValue("prometheus") String username, @DefaultValue("") String password) {

    public boolean enabled() {
        return password != null && !password.isBlank();
    }
}
