package dev.careflow.platform;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.rest.server.RestfulServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * The one way Careflow's interceptors are registered: each is a Spring bean marked by where it belongs, and platform
 * registers them all, in their {@code @Order}. A {@link CareflowStorageInterceptor} goes on HAPI's JPA interceptor
 * service (every write, whoever makes it), when features are on; a {@link CareflowRequestInterceptor} goes on the
 * {@link RestfulServer} (clients' requests only), as the server is built ({@link #onServer}).
 */
@Component
class InterceptorRegistration implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(InterceptorRegistration.class);

    private final FeatureSettings features;
    private final IInterceptorService interceptors;
    private final ObjectProvider<CareflowStorageInterceptor> storageInterceptors;

    InterceptorRegistration(
            FeatureSettings features,
            IInterceptorService interceptors,
            ObjectProvider<CareflowStorageInterceptor> storageInterceptors) {
        this.features = features;
        this.interceptors = interceptors;
        this.storageInterceptors = storageInterceptors;
    }

    /** Registers every request interceptor bean on the server (called while the server is built). */
    static void onServer(RestfulServer server, ObjectProvider<CareflowRequestInterceptor> requestInterceptors) {
        requestInterceptors.orderedStream().forEach(server::registerInterceptor);
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!features.enabled()) {
            log.warn("Careflow's features are off (careflow.features.enabled=false): plain HAPI JPA");
            return;
        }
        storageInterceptors.orderedStream().forEach(interceptors::registerInterceptor);
    }
}
