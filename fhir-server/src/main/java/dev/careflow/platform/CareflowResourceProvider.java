package dev.careflow.platform;

import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * A resource provider of Careflow's that serves its resource type on the FHIR endpoint in place of HAPI's JPA
 * provider for that type (the audit log's {@code AuditEvent}): every such bean is registered on the
 * {@code RestfulServer} before it starts ({@link Registration}), and HAPI's provider for the same type taken off.
 */
public interface CareflowResourceProvider extends IResourceProvider {

    /** Swaps the providers once every bean exists, before the servlet (and so the server) is initialised. */
    @Component
    final class Registration implements SmartInitializingSingleton {

        private final RestfulServer server;
        private final ObjectProvider<CareflowResourceProvider> providers;

        Registration(FhirEndpoint endpoint, ObjectProvider<CareflowResourceProvider> providers) {
            this.server = endpoint.server();
            this.providers = providers;
        }

        @Override
        public void afterSingletonsInstantiated() {
            for (CareflowResourceProvider own : providers.orderedStream().toList()) {
                List<IResourceProvider> replaced = server.getResourceProviders().stream()
                        .filter(hapi -> hapi.getResourceType().equals(own.getResourceType()))
                        .toList();
                server.unregisterProviders(List.copyOf(replaced));
                server.registerProvider(own);
            }
        }
    }
}
