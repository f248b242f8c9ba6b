package dev.careflow.transitions.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import dev.careflow.platform.WriteOrigin;
import dev.careflow.transitions.ReceivedNotification;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Turns a notification message into one FHIR transaction that stores what it carries without duplicating what the
 * server already holds: a Patient, Practitioner, Organization, Location or Device seen before (matched on any of its
 * identifiers) is reused; the Encounter is created or replaced by its identifier, so an admit and a later discharge
 * are one Encounter; a diagnosis already recorded for the Encounter is not recorded twice. The MessageHeader is stored
 * last, tagged with the message's key, so a replay of the same message is recognised.
 */
public final class StoringTransaction {

    /** What the server already holds, looked up inside the same database transaction. */
    public interface KnownResources {
        /** The stored resource sharing an identifier with this one ({@code Encounter/123}), if any. */
        Optional<String> byIdentifier(Resource resource);

        /** The subscriber ids of the Coverages already stored for a patient. */
        Set<String> coverageSubscriberIds(String patient);

        /** The stored resource with this id ({@code Patient/123}). */
        Resource read(String id);
    }

    private StoringTransaction() {}

    /** The transaction storing what the message carries, in the order of its entries (without the MessageHeader). */
    public static Bundle build(ReceivedNotification notification, KnownResources known) {
        Bundle transaction = new Bundle();
        transaction.setType(Bundle.BundleType.TRANSACTION);
        Bundle message = notification.message();
        Map<String, String> knownByUrl = new HashMap<>();
        Map<String, String> entriesByMatch = new HashMap<>();
        Map<String, String> aliases = new HashMap<>();
        for (Bundle.BundleEntryComponent received : message.getEntry()) {
            if (received.hasFullUrl()) {
                known.byIdentifier(received.getResource()).ifPresent(id -> knownByUrl.put(received.getFullUrl(), id));
            }
        }
        for (int i = 1; i < message.getEntry().size(); i++) {
            Bundle.BundleEntryComponent received = message.getEntry().get(i);
            Resource resource = received.getResource().copy();
            String fullUrl = received.hasFullUrl() ? received.getFullUrl() : "urn:uuid:" + java.util.UUID.randomUUID();
            if (isKnownCoverage(resource, message, fullUrl, knownByUrl, known)
                    || refersToHeader(received.getResource(), message)) {
                continue;
            }
            Bundle.BundleEntryRequestComponent request = new Bundle.BundleEntryRequestComponent();
            String storedId = knownByUrl.get(fullUrl);
            if (storedId != null && (resource instanceof Patient || resource instanceof Encounter)) {
                // What the server holds is updated with what the message carries, not replaced by it.
                resource = resource instanceof Patient incoming
                        ? StoredStateMerge.patient((Patient) known.read(storedId), incoming)
                        : StoredStateMerge.encounter(
                                (Encounter) known.read(storedId),
                                (Encounter) resource,
                                notification.cancelsDischarge());
                resource.setIdElement(new IdType(storedId));
                request.setMethod(Bundle.HTTPVerb.PUT).setUrl(storedId);
            } else {
                resource.setIdElement(new IdType());
                StoredStateMerge.dropMarks(resource);
                request(resource, request, knownByUrl);
            }
            String match = request.hasIfNoneExist() ? request.getIfNoneExist() : request.getUrl();
            if (request.hasIfNoneExist() || request.getMethod() == Bundle.HTTPVerb.PUT) {
                // Two entries for one real-world thing (the same NPI twice): store it once, refer to it once.
                String first = entriesByMatch.putIfAbsent(match, fullUrl);
                if (first != null) {
                    aliases.put(fullUrl, first);
                    continue;
                }
            }
            // What the sender wrote is outside data: validated against any Careflow profile it claims.
            transaction
                    .addEntry()
                    .setFullUrl(fullUrl)
                    .setResource(WriteOrigin.outside(resource))
                    .setRequest(request);
        }
        pointAtFirst(transaction, aliases);
        return transaction;
    }

    /** Points references to a repeated entry at the first entry for the same real-world thing. */
    private static void pointAtFirst(Bundle transaction, Map<String, String> aliases) {
        if (!aliases.isEmpty()) {
            FhirTerser terser = FhirContext.forR4Cached().newTerser();
            for (Bundle.BundleEntryComponent entry : transaction.getEntry()) {
                for (Reference reference :
                        terser.getAllPopulatedChildElementsOfType(entry.getResource(), Reference.class)) {
                    String target = aliases.get(reference.getReference());
                    if (target != null) {
                        reference.setReference(target);
                    }
                }
            }
        }
    }

    /**
     * A Coverage the server already holds for the patient (same subscriber id), which no other entry refers to, is
     * not stored again.
     */
    private static boolean isKnownCoverage(
            Resource resource, Bundle message, String fullUrl, Map<String, String> knownByUrl, KnownResources known) {
        if (!(resource instanceof Coverage coverage) || !coverage.hasSubscriberId()) {
            return false;
        }
        String patient = knownByUrl.get(coverage.getBeneficiary().getReference());
        if (patient == null || !known.coverageSubscriberIds(patient).contains(coverage.getSubscriberId())) {
            return false;
        }
        boolean referenced = message.getEntry().stream()
                .filter(e -> e.getResource() != resource)
                .map(e -> e.getResource())
                .anyMatch(r -> ca.uhn.fhir.context.FhirContext.forR4Cached()
                        .newTerser()
                        .getAllPopulatedChildElementsOfType(r, org.hl7.fhir.r4.model.Reference.class)
                        .stream()
                        .anyMatch(ref -> fullUrl.equals(ref.getReference())));
        return !referenced;
    }

    private static void request(
            Resource resource, Bundle.BundleEntryRequestComponent request, Map<String, String> knownByUrl) {
        String type = resource.fhirType();
        request.setMethod(Bundle.HTTPVerb.POST).setUrl(type);
        String byIdentifier = Matches.identifierMatch(resource);
        if (resource instanceof Encounter) {
            if (byIdentifier != null) {
                request.setMethod(Bundle.HTTPVerb.PUT).setUrl(type + "?" + byIdentifier);
            }
            return;
        }
        if (byIdentifier != null) {
            request.setIfNoneExist(type + "?" + byIdentifier);
            return;
        }
        String natural = Matches.naturalMatch(resource, knownByUrl);
        if (natural != null) {
            request.setIfNoneExist(type + "?" + natural);
        }
    }

    /** Whether a resource of the message refers to its MessageHeader (a Provenance of the message). */
    static boolean refersToHeader(Resource resource, Bundle message) {
        if (resource instanceof MessageHeader) {
            return false;
        }
        String headerUrl = message.getEntryFirstRep().getFullUrl();
        String headerId = "MessageHeader/"
                + message.getEntryFirstRep().getResource().getIdElement().getIdPart();
        return FhirContext.forR4Cached()
                .newTerser()
                .getAllPopulatedChildElementsOfType(resource, Reference.class)
                .stream()
                .anyMatch(r -> r.getReference() != null
                        && (r.getReference().equals(headerUrl)
                                || r.getReference().equals(headerId)));
    }
}
