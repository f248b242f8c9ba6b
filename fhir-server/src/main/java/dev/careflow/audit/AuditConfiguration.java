package dev.careflow.audit;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.BalpAuditCaptureInterceptor;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditContextServices;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditEventSink;
import dev.careflow.security.SecuritySettings;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * An AuditEvent for every read, search, write and operation a client makes, following the Basic Audit Log Patterns
 * (HAPI's BALP interceptor, with {@link RequestAudit} for the operations and failures it leaves out): which client,
 * which user, which patient, which resources, when, with what outcome. The
 * client and user come from the Bearer token, so auditing runs when tokens are required (an issuer is configured).
 * Events are stored in the server itself, off the request thread, so that auditing a read does not slow it.
 */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AuditConfiguration.class);

    @Bean
    AuditSink auditSink(DaoRegistry daos) {
        return new AuditSink(daos);
    }

    @Bean
    BalpAuditCaptureInterceptor balpAuditCapture(
            AuditSink sink, SecuritySettings security, ca.uhn.fhir.rest.server.RestfulServer server) {
        BalpAuditCaptureInterceptor interceptor = new BalpAuditCaptureInterceptor(sink, new TokenContext(security));
        if (security.enabled()) {
            // On the REST server, not on storage: only clients' requests are audited, not Careflow's own writes.
            server.registerInterceptor(interceptor);
            server.registerInterceptor(new RequestAudit(sink, new TokenContext(security)));
            log.info("Audit: an AuditEvent (BALP) is stored for every client request");
        }
        return interceptor;
    }

    /** Who is calling, from the Bearer token. */
    static final class TokenContext implements IBalpAuditContextServices {

        private final SecuritySettings security;

        TokenContext(SecuritySettings security) {
            this.security = security;
        }

        @Override
        public Reference getAgentClientWho(RequestDetails request) {
            Map<String, Object> claims = claims();
            Object client = claims.getOrDefault("client_id", claims.getOrDefault("azp", claims.get("sub")));
            Reference who = new Reference();
            who.getIdentifier().setSystem(security.effectiveIssuer()).setValue(String.valueOf(client));
            return who.setDisplay(String.valueOf(client));
        }

        @Override
        public Reference getAgentUserWho(RequestDetails request) {
            Map<String, Object> claims = claims();
            Object user = claims.get("fhirUser");
            if (user instanceof String fhirUser && !fhirUser.isBlank()) {
                return new Reference(fhirUser);
            }
            Reference who = new Reference();
            who.getIdentifier().setSystem(security.effectiveIssuer()).setValue(String.valueOf(claims.get("sub")));
            return who;
        }

        private static Map<String, Object> claims() {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            return authentication instanceof JwtAuthenticationToken jwt
                    ? jwt.getToken().getClaims()
                    : Map.of();
        }
    }

    /** Stores AuditEvents through the DAO on a background thread; a full queue drops the oldest work with a warning. */
    static final class AuditSink implements IBalpAuditEventSink, DisposableBean {

        private final DaoRegistry daos;
        private final ThreadPoolExecutor writer = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(10_000),
                runnable -> {
                    Thread thread = new Thread(runnable, "careflow-audit");
                    thread.setDaemon(true);
                    return thread;
                },
                (task, pool) -> log.warn("Audit queue full: an AuditEvent was not stored"));

        AuditSink(DaoRegistry daos) {
            this.daos = daos;
        }

        @Override
        public void recordAuditEvent(AuditEvent event) {
            writer.execute(() -> {
                try {
                    daos.getResourceDao(AuditEvent.class).create(event, new SystemRequestDetails());
                } catch (RuntimeException e) {
                    log.warn("AuditEvent not stored: {}", e.getMessage());
                }
            });
        }

        @Override
        public void destroy() throws InterruptedException {
            writer.shutdown();
            writer.awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
