package dev.careflow.audit;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.Stored;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/**
 * Where AuditEvents go: stored synchronously, before the client gets its answer, so that an acknowledged request
 * always has its audit (a crash can lose at most the audit of a request that was never answered). By default in
 * Careflow's append-only audit log ({@link AuditLog}, served to AuditEvent read and search by
 * {@link AuditEventLogProvider}); with {@code careflow.audit.store=resources} as AuditEvent resources in HAPI's storage
 * ({@link AuditResources}). Either way they are found by {@code entity}, {@code patient}, {@code agent}, {@code date},
 * {@code type}, {@code subtype}, {@code action}, {@code outcome}.
 */
@Component
public class AuditTrail {

    private final AuditStore store;

    AuditTrail(AuditStore store) {
        this.store = store;
    }

    /** Stores the events before returning; throws if the audit log could not store them. */
    public void store(List<AuditEvent> events) {
        if (!events.isEmpty()) {
            store.store(events);
        }
    }

    public void store(AuditEvent event) {
        store(List.of(event));
    }

    /**
     * A sign-in on the embedded authorization server, failed or not (DICOM 110114 User Authentication, 110122 Login).
     *
     * @param username the name given
     * @param address where the attempt came from
     * @param reason why it failed; null when it succeeded
     */
    public void signIn(String username, String address, String reason) {
        AuditEvent event = AuditEvents.base(
                new Coding(AuditEvents.DICOM, "110114", "User Authentication"),
                new Coding(AuditEvents.DICOM, "110122", "Login"),
                AuditEvent.AuditEventAction.E);
        AuditEvents.outcome(
                event, reason == null ? AuditEvent.AuditEventOutcome._0 : AuditEvent.AuditEventOutcome._4, reason);
        event.getSource().setObserver(new Reference().setDisplay("careflow sign-in"));
        event.addAgent()
                .setType(new CodeableConcept(new Coding(AuditEvents.SECURITY_ROLE, "humanuser", "human user")))
                .setWho(new Reference()
                        .setIdentifier(new Identifier()
                                .setSystem("urn:careflow:sign-in:username")
                                .setValue(username))
                        .setDisplay(username))
                .setRequestor(true)
                .getNetwork()
                .setAddress(address)
                .setType(AuditEvent.AuditEventAgentNetworkType._2);
        store(event);
    }

    /** The resource a {@code Type/id} reference names, if this server holds it; audit never fails on a lookup. */
    static Optional<IBaseResource> stored(IRepository repository, String reference) {
        try {
            return Stored.find(repository, reference);
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}
