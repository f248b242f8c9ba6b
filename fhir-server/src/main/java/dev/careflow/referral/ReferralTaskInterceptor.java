package dev.careflow.referral;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import dev.careflow.platform.CareflowStorageInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Task;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Hands every stored change of a Task, whatever the route, to {@link ReferralService} before the commit. */
@Interceptor
public class ReferralTaskInterceptor implements CareflowStorageInterceptor {

    private final ReferralService referrals;

    ReferralTaskInterceptor(ReferralService referrals) {
        this.referrals = referrals;
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void beforeCommit(IBaseResource previous, IBaseResource current) {
        if (previous instanceof Task before && current instanceof Task after) {
            referrals.afterStored(before, after);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        ReferralTaskInterceptor referralTaskInterceptor(ReferralService referrals) {
            ReferralTaskInterceptor interceptor = new ReferralTaskInterceptor(referrals);
            return interceptor;
        }
    }
}
