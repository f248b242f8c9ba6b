package dev.careflow.audit;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.storage.interceptor.balp.BalpAuditCaptureInterceptor;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditContextServices;
import ca.uhn.fhir.storage.interceptor.balp.IBalpAuditEventSink;
import dev.careflow.security.SecuritySettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
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
        TokenContext caller = new TokenContext(security);
        RequestAudit requests = new RequestAudit(sink, caller);
        BalpAuditCaptureInterceptor interceptor = new BalpAuditCaptureInterceptor(requests.transactionAware(), caller);
        if (security.enabled()) {
            // On the REST server, not on storage: only clients' requests are audited, not Careflow's own writes.
            server.registerInterceptor(interceptor);
            server.registerInterceptor(requests);
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

    /**
     * Stores AuditEvents on a background thread, as many as are waiting (up to {@value #BATCH}) in one transaction: a
     * transaction of Synthea data audits every resource it creates, and one commit per event would cost more than the
     * data itself. A batch that fails is stored event by event, so one bad event loses only itself; a full queue drops
     * new events with a warning rather than slowing clients.
     */
    static final class AuditSink implements IBalpAuditEventSink, DisposableBean {

        static final int BATCH = 200;

        private final DaoRegistry daos;
        private final BlockingQueue<AuditEvent> queue = new ArrayBlockingQueue<>(20_000);
        private final Thread writer;
        private volatile boolean running = true;

        AuditSink(DaoRegistry daos) {
            this.daos = daos;
            this.writer = new Thread(this::drain, "careflow-audit");
            writer.setDaemon(true);
            writer.start();
        }

        @Override
        public void recordAuditEvent(AuditEvent event) {
            if (!queue.offer(event)) {
                log.warn("Audit queue full: an AuditEvent was not stored");
            }
        }

        private void drain() {
            List<AuditEvent> batch = new ArrayList<>(BATCH);
            while (running || !queue.isEmpty()) {
                try {
                    AuditEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, BATCH - 1);
                    store(batch);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } finally {
                    batch.clear();
                }
            }
        }

        private void store(List<AuditEvent> events) {
            if (events.size() > 1) {
                Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
                for (AuditEvent event : events) {
                    transaction
                            .addEntry()
                            .setResource(event)
                            .getRequest()
                            .setMethod(Bundle.HTTPVerb.POST)
                            .setUrl("AuditEvent");
                }
                try {
                    daos.getSystemDao().transaction(new SystemRequestDetails(), transaction);
                    return;
                } catch (RuntimeException e) {
                    log.warn(
                            "A batch of {} AuditEvents failed ({}); storing them one by one",
                            events.size(),
                            e.getMessage());
                }
            }
            for (AuditEvent event : events) {
                try {
                    daos.getResourceDao(AuditEvent.class).create(event, new SystemRequestDetails());
                } catch (RuntimeException e) {
                    log.warn("AuditEvent not stored: {}", e.getMessage());
                }
            }
        }

        @Override
        public void destroy() throws InterruptedException {
            running = false;
            writer.join(TimeUnit.SECONDS.toMillis(10));
        }
    }
}
