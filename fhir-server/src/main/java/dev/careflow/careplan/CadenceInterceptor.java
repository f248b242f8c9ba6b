package dev.careflow.careplan;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import dev.careflow.platform.CareflowStorageInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Task;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Hands stored CarePlans and Tasks, whatever the route, to {@link CarePlanActivation} and {@link FollowUpCadenceService}
 * before the commit.
 */
@Interceptor
public class CadenceInterceptor implements CareflowStorageInterceptor {

    private final FollowUpCadenceService cadences;
    private final CarePlanActivation activation;

    CadenceInterceptor(FollowUpCadenceService cadences, CarePlanActivation activation) {
        this.cadences = cadences;
        this.activation = activation;
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource) {
        if (resource instanceof CarePlan plan) {
            cadences.afterPlanStored(plan);
        }
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource current) {
        if (current instanceof CarePlan plan) {
            // Activate what the plan proposed first: a repeating request counts once it is active.
            activation.afterStored(previous instanceof CarePlan before ? before : null, plan);
            cadences.afterPlanStored(plan);
        } else if (previous instanceof Task before && current instanceof Task after) {
            cadences.afterTaskStored(before, after);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        CadenceInterceptor cadenceInterceptor(FollowUpCadenceService cadences, CarePlanActivation activation) {
            CadenceInterceptor interceptor = new CadenceInterceptor(cadences, activation);
            return interceptor;
        }
    }
}
