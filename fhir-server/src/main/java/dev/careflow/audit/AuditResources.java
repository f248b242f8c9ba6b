package dev.careflow.audit;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.PlaceholderFreeWrites;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail as ordinary AuditEvent resources in HAPI's storage ({@code careflow.audit.store=resources}), fully
 * indexed, each request's events in one database transaction that creates no placeholder for what they mention
 * ({@link PlaceholderFreeWrites}). A reference that points nowhere (a failed read of {@code Patient/nope}) is kept as
 * text instead, and the write tried again.
 */
final class AuditResources implements AuditStore {

    private static final Logger log = LoggerFactory.getLogger(AuditResources.class);

    private final PlaceholderFreeWrites writes;
    private final IRepository repository;

    AuditResources(PlaceholderFreeWrites writes, IRepository repository) {
        this.writes = writes;
        this.repository = repository;
    }

    /** Stores the events in one transaction; a reference that points nowhere is turned into text and tried again. */
    @Override
    public void store(List<AuditEvent> events) {
        // A failure is most often a reference that points nowhere (kept as text on the next try) or a clash with a
        // concurrent session over HAPI's cached profile tags (gone on the next try).
        for (int attempt = 1; ; attempt++) {
            try {
                write(events);
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

    private void write(List<AuditEvent> events) {
        // BALP's profile claims would make every audit write share HAPI's cached tag entities with the request it
        // audits; the events are searchable by their content, not by profile.
        events.forEach(event -> event.getMeta().getProfile().clear());
        writes.create(events);
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(25L * attempt);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
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
        return AuditTrail.stored(repository, reference).isPresent();
    }
}
