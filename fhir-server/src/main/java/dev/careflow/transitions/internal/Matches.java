package dev.careflow.transitions.internal;

import dev.careflow.transitions.ReceivedNotification;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Resource;

/**
 * How a resource a message carries is recognised among what the server holds: by any identifier with a system and a
 * value, else (places, organisations, diagnoses of a known encounter) by a natural match, as escaped search URLs.
 */
public final class Matches {

    private Matches() {}

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
}
