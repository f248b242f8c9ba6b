package dev.careflow.platform;

import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Stores, at each start, the OperationDefinitions HAPI generates for its own operations ({@code $everything},
 * {@code $validate}, {@code $diff}, {@code $expand}, ...) at the ids and canonical URLs the CapabilityStatement gives
 * them, so that they are found by {@code url} like Careflow's own (an unchanged definition makes no new version).
 * Before the packages are installed and the endpoint opens (after the full-text index has caught up).
 */
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class GeneratedOperationDefinitions implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(GeneratedOperationDefinitions.class);

    private final RestfulServer server;
    private final IRepository repository;

    GeneratedOperationDefinitions(RestfulServer server, IRepository repository) {
        this.server = server;
        this.repository = repository;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!(server.getServerConformanceProvider() instanceof CareflowCapabilityStatementProvider capabilities)) {
            return;
        }
        List<String> ids = capabilities.generatedIds();
        for (String id : ids) {
            repository.update(capabilities.generated(id));
        }
        log.info("OperationDefinitions of HAPI's operations stored: {}", ids);
    }
}
