package dev.careflow.demo;

import dev.careflow.platform.DatabaseSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Seeds the demo data at start-up when {@link DemoSettings} says so, after the packages, the people records and the
 * subscription topics. A failure is logged, never a failed start: the demo is a convenience.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class DemoSeeding implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoSeeding.class);

    private final DemoSettings settings;
    private final DatabaseSettings database;
    private final DemoData demo;

    DemoSeeding(DemoSettings settings, DatabaseSettings database, DemoData demo) {
        this.settings = settings;
        this.database = database;
        this.demo = demo;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!settings.seeds(database.url().isBlank())) {
            return;
        }
        try {
            demo.seed();
        } catch (RuntimeException e) {
            log.warn("The demo data could not be seeded: {}", e.getMessage(), e);
        }
    }
}
