package dev.careflow.worklist;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import dev.careflow.platform.CareflowStorageInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Communication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Hands every stored Communication, whatever the route, to {@link OutreachService} before the commit. */
@Interceptor
public class OutreachInterceptor implements CareflowStorageInterceptor {

    private final OutreachService outreach;

    OutreachInterceptor(OutreachService outreach) {
        this.outreach = outreach;
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource) {
        if (resource instanceof Communication communication) {
            outreach.afterCommunicationStored(communication);
        }
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource current) {
        if (current instanceof Communication communication) {
            outreach.afterCommunicationStored(communication);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        OutreachInterceptor outreachInterceptor(OutreachService outreach) {
            return new OutreachInterceptor(outreach);
        }
    }
}
