package dev.careflow.transitions;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import dev.careflow.platform.CareflowStorageInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hands every Task write, whatever the route (PUT, PATCH, a transaction entry, an operation), to
 * {@link TcmProgressService}: before storage to fill in the completion time, before commit to move the episode on.
 */
@Interceptor
public class TcmTaskInterceptor implements CareflowStorageInterceptor {

    private final TcmProgressService progress;

    TcmTaskInterceptor(TcmProgressService progress) {
        this.progress = progress;
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void beforeUpdate(IBaseResource previous, IBaseResource current) {
        progress.beforeStored(previous, current);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void beforeCommit(IBaseResource previous, IBaseResource current) {
        progress.afterStored(previous, current);
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        TcmTaskInterceptor tcmTaskInterceptor(TcmProgressService progress) {
            TcmTaskInterceptor interceptor = new TcmTaskInterceptor(progress);
            return interceptor;
        }
    }
}
