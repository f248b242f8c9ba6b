package dev.careflow.audit;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.Stored;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Where AuditEvents are stored: in Careflow's own FHIR repository, synchronously and in one database transaction per
 * request, before the client gets its answer, so that an acknowledged request always has its audit (a crash can lose
 * at most the audit of a request that was never answered). They are ordinary AuditEvents, found by every standard
 * search parameter ({@code entity}, {@code patient}, {@code agent}, {@code date}, {@code subtype}, {@code outcome}).
 *
 * <p>An audit reference never creates anything: a placeholder target is refused for audit writes ({@link AuditWriter}),
 * and a reference to something that does not exist (a failed read of {@code Patient/nope}) is kept as text instead.
 */
@Component
public class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private final AuditWriter writer;
    private final IRepository repository;

    AuditTrail(AuditWriter writer, IRepository repository) {
        this.writer = writer;
        this.repository = repository;
    }

    /** Stores the events in one transaction; a reference that points nowhere is turned into text and tried again. */
    public void store(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        // A failure is most often a reference that points nowhere (kept as text on the next try) or a clash with a
        // concurrent session over HAPI's cached profile tags (gone on the next try).
        for (int attempt = 1; ; attempt++) {
            try {
                writer.write(events);
                return;
            } catch (RuntimeException e) {
                if (attempt >= 3) {
                    log.error("{} AuditEvent(s) could not be stored: {}", events.size(), e.getMessage());
                    return;
                }
                if (attempt == 1) {
                    events.forEach(this::keepDanglingReferencesAsText);
                } else {
                    pause(attempt);
                }
            }
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(25L * attempt);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
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

    private void keepDanglingReferencesAsText(AuditEvent event) {
        event.getAgent().forEach(agent -> keepAsTextIfDangling(agent.getWho()));
        event.getEntity().forEach(entity -> keepAsTextIfDangling(entity.getWhat()));
    }

    private void keepAsTextIfDangling(Reference reference) {
        if (reference == null || !reference.hasReference() || exists(reference.getReference())) {
            return;
        }
        String text = reference.getReference();
        reference.setReference(null);
        reference.setDisplay(text + (reference.hasDisplay() ? " (" + reference.getDisplay() + ")" : "")
                + " (not held by this server)");
    }

    private boolean exists(String reference) {
        IdType id = new IdType(reference);
        if (!id.hasResourceType() || !id.hasIdPart() || id.isAbsolute()) {
            return true;
        }
        return stored(repository, reference).isPresent();
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
