package dev.careflow.console;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The pages a browser gets outside the FHIR endpoint: the landing page at {@code /} ({@code static/index.html}, Spring's
 * welcome page) and the care-manager console at {@code /apps/console/} ({@code static/apps/console/}), a SMART on FHIR
 * app that signs in through the authorization server like any other app (client {@code careflow-console}) and calls
 * the FHIR API with the signed-in person's token. Plain files: no build step, no server-side state.
 */
@Configuration(proxyBeanMethods = false)
class ConsolePages implements WebMvcConfigurer {

    static final String CONSOLE = "/apps/console/";

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/apps/console", CONSOLE);
        registry.addViewController(CONSOLE).setViewName("forward:" + CONSOLE + "index.html");
    }
}
