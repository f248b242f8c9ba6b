package dev.careflow.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.searchparam.matcher.AuthorizationSearchParamMatcher;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.CareflowOperationProvider;
import dev.careflow.platform.SearchCounts;
import dev.careflow.platform.Stored;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Security's interceptors on the FHIR endpoint (platform registers them, in this order): correct counts always
 * ({@link SearchCountInterceptor}); with an issuer, the SMART CapabilityStatement, the scopes' rules
 * ({@link SmartAuthorizationInterceptor}), the patient's answers cut to what he may see ({@link PatientAnswers}) and
 * searches narrowed to what the token reaches ({@link SmartSearchNarrowingInterceptor}). The rules of Careflow's
 * operations are read from their declarations at start-up, issuer or not, so an undeclared operation never starts.
 */
@Configuration(proxyBeanMethods = false)
class FhirEndpointSecurity {

    /**
     * The declared rules; a patient's own call on another type's instance (his CarePlan's {@code $document}) is judged
     * by the stored instance's compartment, read as the server itself.
     */
    @Bean
    OperationGrants operationGrants(
            ObjectProvider<CareflowOperationProvider> providers, IRepository repository, FhirContext fhirContext) {
        return OperationGrants.of(providers.orderedStream().toList()).withOwners((instance, patient) -> Stored.find(
                        repository, instance.getValue())
                .filter(stored -> fhirContext.newTerser().isSourceInCompartmentForTarget("Patient", stored, patient))
                .isPresent());
    }

    /** Counts must be right with or without tokens (HAPI miscounts full-text searches with other parameters). */
    @Bean
    @Order(1000)
    SearchCountInterceptor searchCountInterceptor(SearchCounts counts) {
        return new SearchCountInterceptor(counts);
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(TokensRequired.class)
    static class Smart {

        @Bean
        @Order(1100)
        SmartCapabilityInterceptor smartCapabilityInterceptor(SecuritySettings settings) {
            return new SmartCapabilityInterceptor(settings);
        }

        @Bean
        @Order(1200)
        SmartAuthorizationInterceptor smartAuthorizationInterceptor(
                SearchParamMatcher matcher, OperationGrants operations) {
            return new SmartAuthorizationInterceptor(new AuthorizationSearchParamMatcher(matcher), operations);
        }

        @Bean
        @Order(1300)
        PatientAnswers patientAnswers(SmartAuthorizationInterceptor authorization) {
            return new PatientAnswers(authorization);
        }

        @Bean
        @Order(1400)
        SmartSearchNarrowingInterceptor smartSearchNarrowingInterceptor() {
            return new SmartSearchNarrowingInterceptor();
        }
    }

    /** Whether tokens are asked for ({@link SecuritySettings#enabled()}: an external or the embedded issuer). */
    static final class TokensRequired implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Binder.get(context.getEnvironment())
                    .bindOrCreate("careflow.security", SecuritySettings.class)
                    .enabled();
        }
    }
}
