package dev.careflow.assessment;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import dev.careflow.platform.CareflowStorageInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Hands every stored QuestionnaireResponse, whatever the route, to {@link AssessmentService} before the commit. */
@Interceptor
public class AssessmentInterceptor implements CareflowStorageInterceptor {

    private final AssessmentService assessments;

    AssessmentInterceptor(AssessmentService assessments) {
        this.assessments = assessments;
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource) {
        if (resource instanceof QuestionnaireResponse response) {
            assessments.afterStored(response);
        }
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource current) {
        if (current instanceof QuestionnaireResponse response) {
            assessments.afterStored(response);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        AssessmentInterceptor assessmentInterceptor(AssessmentService assessments) {
            AssessmentInterceptor interceptor = new AssessmentInterceptor(assessments);
            return interceptor;
        }
    }
}
