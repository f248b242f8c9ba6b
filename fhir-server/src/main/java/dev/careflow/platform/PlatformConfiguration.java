package dev.careflow.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.jpa.packages.IHapiPackageCacheManager;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.validation.IInstanceValidatorModule;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Careflow's own platform pieces around HAPI: the start-up gate, package installation, profile validation. */
@Configuration(proxyBeanMethods = false)
class PlatformConfiguration {

    @Bean
    StartupGate startupGate() {
        return new StartupGate();
    }

    @Bean
    FilterRegistrationBean<StartupGate> startupGateRegistration(StartupGate gate) {
        FilterRegistrationBean<StartupGate> registration = new FilterRegistrationBean<>(gate);
        registration.addUrlPatterns("/fhir/*");
        registration.setName("careflowStartupGate");
        return registration;
    }

    @Bean
    FhirPackageInstaller fhirPackageInstaller(
            IPackageInstallerSvc installer, IHapiPackageCacheManager packageCache, StartupGate gate) {
        return new FhirPackageInstaller(installer, packageCache, gate);
    }

    /** Registered on HAPI's JPA interceptor service, so it sees writes made inside transactions and operations too. */
    @Bean
    ProfileValidationInterceptor profileValidationInterceptor(
            FhirContext fhirContext, IInstanceValidatorModule instanceValidator, IInterceptorService interceptors) {
        ProfileValidationInterceptor interceptor = new ProfileValidationInterceptor(fhirContext, instanceValidator);
        interceptors.registerInterceptor(interceptor);
        return interceptor;
    }
}
