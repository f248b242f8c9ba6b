package dev.careflow.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.BalpAuditCaptureInterceptor;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditContextServices;
import dev.careflow.platform.CareflowRequestInterceptor;
import dev.careflow.platform.PlaceholderFreeWrites;
import dev.careflow.platform.StorageSettings;
import java.util.Map;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * An AuditEvent for every read, search, write and operation a client makes with a token, following the Basic Audit
 * Log Patterns (HAPI's BALP interceptor, with {@link RequestAudit} for the operations and failures it leaves out):
 * which client, which user, which patient, which resources, when, with what outcome. Requests without a verified
 * token (the server run with no issuer) are not audited: there is no one to name.
 */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AuditConfiguration.class);

    /** Registered on the REST server, not on storage: only clients' requests are audited, not Careflow's own writes. */
    /** References from the audit trail never block a delete (see the class). */
    @Bean
    AuditReferencesAllowDeletes auditReferencesAllowDeletes() {
        return new AuditReferencesAllowDeletes();
    }

    @Bean
    @Order(900)
    BalpCapture balpAuditCapture(RequestAudit requests, AuditSettings settings) {
        log.info(
                "Audit: an AuditEvent (BALP) is stored for every request made with a token, in {}",
                settings.store() == AuditSettings.Store.LOG
                        ? "the audit log (careflow_audit_event)"
                        : "HAPI's storage (careflow.audit.store=resources)");
        return new BalpCapture(requests);
    }

    @Bean
    @ConditionalOnProperty(prefix = "careflow.audit", name = "store", havingValue = "log", matchIfMissing = true)
    AuditLogTable auditLogTable(DataSource dataSource) {
        return new AuditLogTable(dataSource);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "careflow.audit", name = "store", havingValue = "log", matchIfMissing = true)
    AuditLog auditLog(AuditLogTable table, FhirContext fhir, AuditSettings settings) {
        return new AuditLog(table, fhir, settings);
    }

    @Bean
    @ConditionalOnProperty(prefix = "careflow.audit", name = "store", havingValue = "log", matchIfMissing = true)
    AuditEventLogProvider auditEventLogProvider(AuditLogTable table, FhirContext fhir, StorageSettings storage) {
        return new AuditEventLogProvider(table, fhir, storage);
    }

    @Bean
    @ConditionalOnProperty(prefix = "careflow.audit", name = "store", havingValue = "resources")
    AuditResources auditResources(PlaceholderFreeWrites writes, IRepository repository) {
        return new AuditResources(writes, repository);
    }

    @Bean
    @Order(910)
    RequestAudit requestAudit(AuditTrail trail, FhirContext fhir, IRepository repository) {
        return new RequestAudit(trail, new TokenContext(), fhir, repository);
    }

    /** HAPI's BALP interceptor, writing to the request's pending events ({@link RequestAudit#sink()}). */
    static final class BalpCapture extends BalpAuditCaptureInterceptor implements CareflowRequestInterceptor {

        BalpCapture(RequestAudit requests) {
            super(requests.sink(), requests.context());
        }
    }

    /** Who is calling, from the verified Bearer token. */
    static final class TokenContext implements IBalpAuditContextServices {

        @Override
        public Reference getAgentClientWho(RequestDetails request) {
            return client(AuditEvents.claims());
        }

        @Override
        public Reference getAgentUserWho(RequestDetails request) {
            return user(AuditEvents.claims());
        }

        static Reference client(Map<String, Object> claims) {
            Object client = claims.getOrDefault("client_id", claims.getOrDefault("azp", claims.get("sub")));
            Reference who = new Reference();
            who.getIdentifier().setSystem(issuer(claims)).setValue(String.valueOf(client));
            return who.setDisplay(String.valueOf(client));
        }

        static Reference user(Map<String, Object> claims) {
            Object user = claims.get("fhirUser");
            if (user instanceof String fhirUser && !fhirUser.isBlank()) {
                return new Reference(fhirUser);
            }
            Reference who = new Reference();
            who.getIdentifier().setSystem(issuer(claims)).setValue(String.valueOf(claims.get("sub")));
            return who;
        }

        private static String issuer(Map<String, Object> claims) {
            Object issuer = claims.get("iss");
            return issuer == null ? null : issuer.toString();
        }
    }
}
