package dev.careflow.transitions.internal;

import ca.uhn.fhir.context.FhirContext;
import dev.careflow.audit.Provenances;
import dev.careflow.platform.Query;
import dev.careflow.platform.UnitOfWork;
import dev.careflow.transitions.ReceivedNotification;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The receipt of a processed notification (its MessageHeader, stored with the message's key and event time) and
 * Careflow's Provenance of what the notification made it write.
 */
public final class Receipts {

    public static final String MESSAGE_KEY_SYSTEM = "https://careflow.dev/fhir/message-key";
    public static final String MESSAGE_KEY_EXTENSION = "https://careflow.dev/fhir/StructureDefinition/message-key";
    public static final String MESSAGE_KEY_PARAMETER = "message-key";
    /** On a stored receipt MessageHeader: when the event it reported happened, to keep later state from older events. */
    public static final String EVENT_TIME_EXTENSION = "https://careflow.dev/fhir/StructureDefinition/event-time";

    private Receipts() {}

    /** The receipts of a message with this key. */
    public static Query byKey(String key) {
        return Query.where(MESSAGE_KEY_PARAMETER, Query.token(MESSAGE_KEY_SYSTEM, key));
    }

    /**
     * Adds the stored MessageHeader, the receipt that marks the message as processed, to the unit of work that also
     * stores the care it started, with its references resolved to what the carried resources were stored as; its key
     * makes a replay, or a second copy racing this one, meet an existing receipt. What refers to the MessageHeader
     * itself (a Provenance of the message) is stored with it. Answers the receipt's reference in the unit.
     */
    public static Reference receipt(ReceivedNotification notification, Map<String, IdType> stored, UnitOfWork work) {
        MessageHeader header = notification.header().copy();
        header.setIdElement(new IdType());
        // A search parameter over an extension, not a tag: a tag per message would add a tag definition per message.
        header.addExtension(
                MESSAGE_KEY_EXTENSION,
                new Identifier().setSystem(MESSAGE_KEY_SYSTEM).setValue(notification.key()));
        if (notification.eventTime() != null) {
            header.addExtension(EVENT_TIME_EXTENSION, new InstantType(Date.from(notification.eventTime())));
        }
        resolve(header, stored, Map.of());
        Reference receipt = work.createIfNoneExist(header, byKey(notification.key()));
        String headerUrl = notification.message().getEntryFirstRep().getFullUrl();
        for (Bundle.BundleEntryComponent received : notification.message().getEntry()) {
            if (StoringTransaction.refersToHeader(received.getResource(), notification.message())) {
                Resource resource = received.getResource().copy();
                resource.setIdElement(new IdType());
                resolve(resource, stored, headerUrl == null ? Map.of() : Map.of(headerUrl, receipt.getReference()));
                work.create(resource);
            }
        }
        return receipt;
    }

    /**
     * Careflow's Provenance of what a notification made it write: every resource the message carried (as stored) and
     * every resource of the care it started, the receipt MessageHeader as the source, the sender as the author.
     */
    public static Provenance provenance(
            ReceivedNotification notification,
            Map<String, IdType> stored,
            List<Reference> care,
            Reference receipt,
            Clock clock) {
        Provenances provenance = Provenances.of(
                Provenances.Activity.CREATE,
                notification.event().code() + " notification " + notification.key(),
                clock);
        new LinkedHashSet<>(stored.values()).forEach(id -> provenance.target(id.getValue()));
        care.forEach(provenance::target);
        MessageHeader header = notification.header();
        IdType sender = header.getSender().hasReference()
                ? stored.get(header.getSender().getReference())
                : null;
        Reference who = sender != null
                ? new Reference(sender.getValue())
                : new Reference()
                        .setDisplay(
                                header.getSource().hasName()
                                        ? header.getSource().getName()
                                        : header.getSource().getEndpoint());
        return provenance.author(who).source(receipt.getReference()).build();
    }

    /** The event time a receipt recorded, if any. */
    public static Optional<Instant> eventTime(MessageHeader receipt) {
        Extension time = receipt.getExtensionByUrl(EVENT_TIME_EXTENSION);
        return time != null && time.getValue() instanceof InstantType instant && instant.hasValue()
                ? Optional.of(instant.getValue().toInstant())
                : Optional.empty();
    }

    /** Points references at what the first transaction stored; drops references to entries that were not stored. */
    private static void resolve(Resource resource, Map<String, IdType> stored, Map<String, String> renamed) {
        for (Reference reference :
                FhirContext.forR4Cached().newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class)) {
            String target = reference.getReference();
            if (target == null) {
                continue;
            }
            // The parser links references to the Bundle's entries; the link would outlive the rewrite.
            reference.setResource(null);
            if (renamed.containsKey(target)) {
                reference.setReference(renamed.get(target));
            } else if (stored.containsKey(target)) {
                reference.setReference(stored.get(target).getValue());
            } else if (target.startsWith("urn:")) {
                reference.setReference(null);
                if (!reference.hasDisplay() && !reference.hasIdentifier()) {
                    reference.setDisplay(target);
                }
            }
        }
    }
}
