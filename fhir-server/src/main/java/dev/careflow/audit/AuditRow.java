package dev.careflow.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;

/**
 * One AuditEvent as a row of {@code careflow_audit_event}: the resource as JSON, and beside it only the values audit
 * search needs, as the search parameters of AuditEvent define them ({@code patient}: every agent or entity reference
 * to a Patient; {@code entity}: {@code entity.what}; {@code agent}: {@code agent.who}; tokens as {@code system|code},
 * {@code code} and, without a system, {@code |code}; {@code entity-name} lower-cased).
 */
record AuditRow(
        UUID id,
        Instant recorded,
        List<String> types,
        List<String> subtypes,
        String action,
        String outcome,
        List<String> agents,
        List<String> patients,
        List<String> entities,
        List<String> entityNames,
        String json) {

    /** The row of an event whose id and {@code recorded} are set. */
    static AuditRow of(AuditEvent event, String json) {
        Set<String> agents = new LinkedHashSet<>();
        Set<String> entities = new LinkedHashSet<>();
        Set<String> patients = new LinkedHashSet<>();
        Set<String> names = new LinkedHashSet<>();
        event.getAgent().forEach(agent -> reference(agent.getWho(), agents, patients));
        event.getEntity().forEach(entity -> {
            reference(entity.getWhat(), entities, patients);
            if (entity.hasName()) {
                names.add(entity.getName().toLowerCase(Locale.ROOT));
            }
        });
        return new AuditRow(
                UUID.fromString(event.getIdElement().getIdPart()),
                event.getRecorded().toInstant(),
                tokens(event.hasType() ? List.of(event.getType()) : List.of()),
                tokens(event.getSubtype()),
                event.hasAction() ? event.getAction().toCode() : null,
                event.hasOutcome() ? event.getOutcome().toCode() : null,
                List.copyOf(agents),
                List.copyOf(patients),
                List.copyOf(entities),
                List.copyOf(names),
                json);
    }

    private static void reference(Reference reference, Set<String> all, Set<String> patients) {
        if (reference == null || !reference.hasReference()) {
            return;
        }
        String value = reference.getReference();
        all.add(value);
        if (value.startsWith("Patient/")) {
            patients.add(value);
        }
    }

    /** Each coding as {@code system|code} and {@code code}; without a system, {@code |code} and {@code code}. */
    static List<String> tokens(List<Coding> codings) {
        List<String> tokens = new ArrayList<>();
        for (Coding coding : codings) {
            if (!coding.hasCode()) {
                continue;
            }
            tokens.add((coding.hasSystem() ? coding.getSystem() : "") + "|" + coding.getCode());
            tokens.add(coding.getCode());
        }
        return tokens;
    }
}
