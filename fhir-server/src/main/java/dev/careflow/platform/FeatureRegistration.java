package dev.careflow.platform;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/** Registers every {@link CareflowStorageInterceptor} on HAPI's JPA interceptor service when features are on. */
@Component
class FeatureRegistration implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(FeatureRegistration.class);

    private final FeatureSettings features;
    private final IInterceptorService interceptors;
    private final ObjectProvider<CareflowStorageInterceptor> storageInterceptors;

    FeatureRegistration(
            FeatureSettings features,
            IInterceptorService interceptors,
            ObjectProvider<CareflowStorageInterceptor> storageInterceptors) {
        this.features = features;
        this.interceptors = interceptors;
        this.storageInterceptors = storageInterceptors;
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
