package dev.careflow.transitions.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import dev.careflow.transitions.ReceivedNotification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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

    /** What the server already holds, looked up inside the same database transaction. */
    public interface KnownResources {
        /** The stored resource sharing an identifier with this one ({@code Encounter/123}), if any. */
        Optional<String> byIdentifier(Resource resource);

        /** The subscriber ids of the Coverages already stored for a patient. */
        Set<String> coverageSubscriberIds(String patient);
    }

    private StoringTransaction() {}

    /** The transaction, with its entries in the order of the message's entries (the MessageHeader last). */
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
            if (isKnownCoverage(resource, message, fullUrl, knownByUrl, known)) {
                continue;
            }
            resource.setIdElement(new IdType());
            Bundle.BundleEntryRequestComponent request = new Bundle.BundleEntryRequestComponent();
            request(resource, request, knownByUrl);
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
        MessageHeader header = notification.header().copy();
        header.setIdElement(new IdType());
        // A search parameter over an extension, not a tag: a tag per message would add a tag definition per message.
        header.addExtension(
                MESSAGE_KEY_EXTENSION,
                new org.hl7.fhir.r4.model.Identifier()
                        .setSystem(MESSAGE_KEY_SYSTEM)
                        .setValue(notification.key()));
        String headerUrl = message.getEntryFirstRep().hasFullUrl()
                ? message.getEntryFirstRep().getFullUrl()
                : "urn:uuid:" + java.util.UUID.randomUUID();
        transaction
                .addEntry()
                .setFullUrl(headerUrl)
                .setResource(header)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("MessageHeader")
                .setIfNoneExist("MessageHeader?" + MESSAGE_KEY_PARAMETER + "="
                        + encode(MESSAGE_KEY_SYSTEM + "|" + notification.key()));
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

    /** {@code identifier=s1|v1,s2|v2}: the resource is the one that shares any identifier with it. */
    public static String identifierMatch(Resource resource) {
        List<Identifier> identifiers = identifiers(resource);
        List<String> tokens = identifiers.stream()
                .filter(i -> i.hasSystem() && i.hasValue())
                .map(i -> encode(i.getSystem() + "|" + i.getValue()))
                .distinct()
                .toList();
        return tokens.isEmpty() ? null : "identifier=" + String.join(",", tokens);
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
        Map<String, String> parameters = new LinkedHashMap<>();
        if (resource instanceof Location location && location.hasName()) {
            parameters.put("name:exact", location.getName());
        } else if (resource instanceof Organization organization && organization.hasName()) {
            parameters.put("name:exact", organization.getName());
        } else if (resource instanceof Condition condition
                && knownByUrl.containsKey(condition.getEncounter().getReference())
                && condition.getCode().getCodingFirstRep().hasCode()) {
            // A diagnosis of an encounter the server already holds is recorded once.
            parameters.put("encounter", knownByUrl.get(condition.getEncounter().getReference()));
            var coding = condition.getCode().getCodingFirstRep();
            parameters.put("code", (coding.hasSystem() ? coding.getSystem() + "|" : "") + coding.getCode());
        }
        parameters.values().removeIf(v -> v == null || v.isBlank());
        if (parameters.isEmpty()) {
            return null;
        }
        return parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("%7C", "|")
                .replace("%3A", ":");
    }
}
