package dev.careflow.transitions.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import dev.careflow.transitions.ReceivedNotification;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
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

    public static final String MESSAGE_KEY_SYSTEM = "https://careflow.dev/fhir/message-key";
    public static final String MESSAGE_KEY_EXTENSION = "https://careflow.dev/fhir/StructureDefinition/message-key";
    public static final String MESSAGE_KEY_PARAMETER = "message-key";
    /** On a stored receipt MessageHeader: when the event it reported happened, to keep later state from older events. */
    public static final String EVENT_TIME_EXTENSION = "https://careflow.dev/fhir/StructureDefinition/event-time";

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
            transaction.addEntry().setFullUrl(fullUrl).setResource(resource).setRequest(request);
        }
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
        return transaction;
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
        String byIdentifier = identifierMatch(resource);
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
        String natural = naturalMatch(resource, knownByUrl);
        if (natural != null) {
            request.setIfNoneExist(type + "?" + natural);
        }
    }

    /**
     * The stored MessageHeader: the receipt that marks the message as processed, written in the same transaction as
     * the care it started, with its references resolved to what the first transaction stored. Its key makes a replay,
     * or a second copy racing this one, meet an existing receipt.
     */
    public static List<Bundle.BundleEntryComponent> receipt(
            ReceivedNotification notification, Map<String, IdType> stored) {
        MessageHeader header = notification.header().copy();
        header.setIdElement(new IdType());
        // A search parameter over an extension, not a tag: a tag per message would add a tag definition per message.
        header.addExtension(
                MESSAGE_KEY_EXTENSION,
                new org.hl7.fhir.r4.model.Identifier()
                        .setSystem(MESSAGE_KEY_SYSTEM)
                        .setValue(notification.key()));
        if (notification.eventTime() != null) {
            header.addExtension(
                    EVENT_TIME_EXTENSION,
                    new org.hl7.fhir.r4.model.InstantType(java.util.Date.from(notification.eventTime())));
        }
        resolve(header, stored, Map.of());
        String receiptUrl = "urn:uuid:" + java.util.UUID.randomUUID();
        List<Bundle.BundleEntryComponent> entries = new java.util.ArrayList<>();
        Bundle.BundleEntryComponent receipt =
                new Bundle.BundleEntryComponent().setFullUrl(receiptUrl).setResource(header);
        receipt.getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("MessageHeader")
                .setIfNoneExist("MessageHeader?" + MESSAGE_KEY_PARAMETER + "="
                        + SearchValues.token(MESSAGE_KEY_SYSTEM, notification.key()));
        entries.add(receipt);
        // What refers to the MessageHeader itself (a Provenance of the message) is stored with the receipt.
        String headerUrl = notification.message().getEntryFirstRep().getFullUrl();
        for (Bundle.BundleEntryComponent received : notification.message().getEntry()) {
            if (refersToHeader(received.getResource(), notification.message())) {
                Resource resource = received.getResource().copy();
                resource.setIdElement(new IdType());
                resolve(resource, stored, headerUrl == null ? Map.of() : Map.of(headerUrl, receiptUrl));
                Bundle.BundleEntryComponent entry = new Bundle.BundleEntryComponent()
                        .setFullUrl("urn:uuid:" + java.util.UUID.randomUUID())
                        .setResource(resource);
                entry.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(resource.fhirType());
                entries.add(entry);
            }
        }
        return entries;
    }

    /**
     * Careflow's Provenance of what a notification made it write: every resource the message carried (as stored) and
     * every resource of the care it started, the receipt MessageHeader as the source, the sender as the agent.
     *
     * @param care the fullUrls of the care entries in the same transaction
     * @param receiptUrl the fullUrl of the receipt MessageHeader in the same transaction
     */
    public static Bundle.BundleEntryComponent provenance(
            ReceivedNotification notification, Map<String, IdType> stored, List<String> care, String receiptUrl) {
        org.hl7.fhir.r4.model.Provenance provenance = new org.hl7.fhir.r4.model.Provenance();
        new java.util.LinkedHashSet<>(stored.values())
                .forEach(id -> provenance.addTarget(new Reference(id.getValue())));
        care.forEach(url -> provenance.addTarget(new Reference(url)));
        provenance.setRecorded(new java.util.Date());
        provenance.setActivity(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
                "http://terminology.hl7.org/CodeSystem/v3-DataOperation", "CREATE", "create")));
        provenance.addReason().setText(notification.event().code() + " notification " + notification.key());
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
        provenance
                .addAgent()
                .setType(new org.hl7.fhir.r4.model.CodeableConcept(new org.hl7.fhir.r4.model.Coding(
                        "http://terminology.hl7.org/CodeSystem/provenance-participant-type", "author", "Author")))
                .setWho(who);
        provenance
                .addEntity()
                .setRole(org.hl7.fhir.r4.model.Provenance.ProvenanceEntityRole.SOURCE)
                .setWhat(new Reference(receiptUrl));
        Bundle.BundleEntryComponent entry = new Bundle.BundleEntryComponent()
                .setFullUrl("urn:uuid:" + java.util.UUID.randomUUID())
                .setResource(provenance);
        entry.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Provenance");
        return entry;
    }

    /** The event time a receipt recorded, if any. */
    public static Optional<java.time.Instant> eventTime(MessageHeader receipt) {
        org.hl7.fhir.r4.model.Extension time = receipt.getExtensionByUrl(EVENT_TIME_EXTENSION);
        return time != null
                        && time.getValue() instanceof org.hl7.fhir.r4.model.InstantType instant
                        && instant.hasValue()
                ? Optional.of(instant.getValue().toInstant())
                : Optional.empty();
    }

    /**
     * What serialises the messages about one encounter: a hash of the Encounter's first identifier (in a stable
     * order), else of its Patient's, else of the message key. Two encounters may share a hash; they then merely wait
     * for each other.
     */
    public static int lockKey(ReceivedNotification notification) {
        Bundle message = notification.message();
        for (String url : new String[] {notification.encounterUrl(), notification.patientUrl()}) {
            for (Bundle.BundleEntryComponent entry : message.getEntry()) {
                if (url != null && url.equals(entry.getFullUrl()) && entry.getResource() != null) {
                    Optional<String> first = matchingIdentifiers(entry.getResource()).stream()
                            .map(i -> i.getSystem() + "|" + i.getValue())
                            .sorted()
                            .findFirst();
                    if (first.isPresent()) {
                        return first.get().hashCode();
                    }
                }
            }
        }
        return notification.key().hashCode();
    }

    private static boolean refersToHeader(Resource resource, Bundle message) {
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

    /** {@code identifier=s1|v1,s2|v2}: the resource is the one that shares any identifier with it. */
    public static String identifierMatch(Resource resource) {
        List<String> tokens = matchingIdentifiers(resource).stream()
                .map(i -> SearchValues.token(i.getSystem(), i.getValue()))
                .distinct()
                .toList();
        return tokens.isEmpty() ? null : "identifier=" + String.join(",", tokens);
    }

    /** The identifiers a resource is matched on: those with both a system and a value. */
    public static List<Identifier> matchingIdentifiers(Resource resource) {
        return identifiers(resource).stream()
                .filter(i -> i.hasSystem() && i.hasValue())
                .toList();
    }

    private static List<Identifier> identifiers(Resource resource) {
        if (resource instanceof org.hl7.fhir.r4.model.Patient p) {
            return p.getIdentifier();
        } else if (resource instanceof org.hl7.fhir.r4.model.Practitioner p) {
            return p.getIdentifier();
        } else if (resource instanceof Organization o) {
            return o.getIdentifier();
        } else if (resource instanceof Location l) {
            return l.getIdentifier();
        } else if (resource instanceof Encounter e) {
            return e.getIdentifier();
        } else if (resource instanceof org.hl7.fhir.r4.model.Device d) {
            return d.getIdentifier();
        } else if (resource instanceof Coverage c) {
            return c.getIdentifier();
        } else if (resource instanceof Condition c) {
            return c.getIdentifier();
        }
        return new ArrayList<>();
    }

    /** A match for resources senders rarely identify: places and organisations by name, diagnoses per encounter. */
    static String naturalMatch(Resource resource, Map<String, String> knownByUrl) {
        // Values already escaped for a search URL (SearchValues), by parameter.
        Map<String, String> parameters = new LinkedHashMap<>();
        if (resource instanceof Location location && !isBlank(location.getName())) {
            parameters.put("name:exact", SearchValues.string(location.getName()));
        } else if (resource instanceof Organization organization && !isBlank(organization.getName())) {
            parameters.put("name:exact", SearchValues.string(organization.getName()));
        } else if (resource instanceof Condition condition
                && knownByUrl.containsKey(condition.getEncounter().getReference())
                && condition.getCode().getCodingFirstRep().hasCode()) {
            // A diagnosis of an encounter the server already holds is recorded once.
            parameters.put(
                    "encounter",
                    SearchValues.plain(knownByUrl.get(condition.getEncounter().getReference())));
            var coding = condition.getCode().getCodingFirstRep();
            parameters.put(
                    "code",
                    coding.hasSystem()
                            ? SearchValues.token(coding.getSystem(), coding.getCode())
                            : SearchValues.string(coding.getCode()));
        }
        if (parameters.isEmpty()) {
            return null;
        }
        return parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
