package dev.careflow.populations;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Stores the registry Groups that are missing before the endpoint takes traffic (the packages' installer opens it), so
 * that the upkeep inside a writer's transaction always finds its Group stored: two storage hooks of one transaction
 * creating the same missing Group would meet on its id.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 6)
class RegistryGroupsAtStart implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(RegistryGroupsAtStart.class);

    private final StratifyService stratify;

    RegistryGroupsAtStart(StratifyService stratify) {
        this.stratify = stratify;
    }

    @Override
    public void run(ApplicationArguments args) {
        int created = stratify.ensureGroups();
        if (created > 0) {
            log.info("Registry Groups stored: {}", created);
        }
    }
}
