package dev.careflow.transitions.internal;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.TerserUtil;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.BackboneElement;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * A notification about a Patient or Encounter the server already holds changes only what the notification carries, as
 * HL7 v2 updates do: an element the message leaves empty is no change, an element it carries replaces the stored one,
 * identifiers accumulate, and an element the sender explicitly cleared (v2 {@code ""}, marked with
 * {@link #CLEARED_EXTENSION}) is removed. A discharged Encounter is never reopened by a later notice: status and the
 * end of its period stay; only a cancelled discharge (HL7 v2 A13) reopens it.
 */
public final class StoredStateMerge {

    /** On a carried resource: the name of a top-level element the sender explicitly cleared (v2 {@code ""}). */
    public static final String CLEARED_EXTENSION = "https://careflow.dev/fhir/StructureDefinition/cleared-element";

    private static final Set<String> NEVER_COPIED =
            Set.of("id", "meta", "implicitRules", "language", "text", "contained", "extension", "identifier");
    private static final Set<String> ENCOUNTER_OWN_RULES = Set.of("status", "period");

    private StoredStateMerge() {}

    static Patient patient(Patient stored, Patient incoming) {
        Patient merged = stored.copy();
        copyCarried(incoming, merged, Set.of());
        return merged;
    }

    /**
     * @param reopen the notice withdraws the discharge (HL7 v2 A13): the encounter is in progress again, without an end
     */
    static Encounter encounter(Encounter stored, Encounter incoming, boolean reopen) {
        Encounter merged = stored.copy();
        copyCarried(incoming, merged, ENCOUNTER_OWN_RULES);
        if (reopen) {
            merged.setStatus(Encounter.EncounterStatus.INPROGRESS);
            merged.getPeriod().setEndElement(null);
            merged.getHospitalization().setDischargeDisposition(null);
            if (incoming.getPeriod().hasStart()) {
                merged.getPeriod()
                        .setStartElement(incoming.getPeriod().getStartElement().copy());
            }
            return merged;
        }
        if (incoming.getPeriod().hasStart()) {
            merged.getPeriod()
                    .setStartElement(incoming.getPeriod().getStartElement().copy());
        }
        boolean closed = isClosed(stored);
        if (incoming.getPeriod().hasEnd()) {
            merged.getPeriod()
                    .setEndElement(incoming.getPeriod().getEndElement().copy());
        }
        if (incoming.hasStatus() && !(closed && !isClosed(incoming))) {
            merged.setStatus(incoming.getStatus());
        }
        return merged;
    }

    /** Whether an Encounter is over: finished (discharged), cancelled or entered in error. */
    static boolean isClosed(Encounter encounter) {
        return switch (encounter.getStatus() == null ? Encounter.EncounterStatus.NULL : encounter.getStatus()) {
            case FINISHED, CANCELLED, ENTEREDINERROR -> true;
            default -> false;
        };
    }

    /** Removes the cleared-element marks from a resource about to be stored as it is (nothing stored to merge into). */
    static void dropMarks(Resource resource) {
        if (resource instanceof org.hl7.fhir.r4.model.DomainResource domain) {
            domain.getExtension().removeIf(e -> CLEARED_EXTENSION.equals(e.getUrl()));
        }
    }

    private static void copyCarried(Resource incoming, Resource merged, Set<String> ownRules) {
        FhirContext fhir = FhirContext.forR4Cached();
        Set<String> skipped = new java.util.HashSet<>(NEVER_COPIED);
        skipped.addAll(ownRules);
        copyCarried(fhir, fhir.getResourceDefinition(incoming), incoming, merged, skipped);
        TerserUtil.mergeField(fhir, "identifier", incoming, merged);
        if (incoming instanceof org.hl7.fhir.r4.model.DomainResource domain) {
            for (Extension cleared : domain.getExtensionsByUrl(CLEARED_EXTENSION)) {
                String name = cleared.getValue().primitiveValue();
                if (name != null && !NEVER_COPIED.contains(name) && !ownRules.contains(name)) {
                    TerserUtil.clearField(fhir, merged, name);
                }
            }
        }
        dropMarks(merged);
    }

    /**
     * Each element the incoming one carries replaces the stored one; a single backbone element both hold (an
     * Encounter's hospitalization) is merged the same way, element by element.
     */
    private static void copyCarried(
            FhirContext fhir,
            BaseRuntimeElementCompositeDefinition<?> definition,
            IBase incoming,
            IBase merged,
            Set<String> skipped) {
        for (BaseRuntimeChildDefinition child : definition.getChildren()) {
            String name = child.getElementName();
            if (skipped.contains(name)) {
                continue;
            }
            List<IBase> values = child.getAccessor().getValues(incoming);
            if (values.stream().allMatch(IBase::isEmpty)) {
                continue;
            }
            if (child.getMax() == 1 && values.get(0) instanceof BackboneElement) {
                List<IBase> existing = child.getAccessor().getValues(merged);
                if (!existing.isEmpty() && !existing.get(0).isEmpty()) {
                    @SuppressWarnings("unchecked")
                    BaseRuntimeElementCompositeDefinition<?> inner =
                            (BaseRuntimeElementCompositeDefinition<?>) fhir.getElementDefinition(
                                    (Class<? extends IBase>) values.get(0).getClass());
                    copyCarried(fhir, inner, values.get(0), existing.get(0), Set.of("id"));
                    continue;
                }
            }
            child.getMutator().setValue(merged, null);
            for (IBase value : values) {
                child.getMutator().addValue(merged, value);
            }
        }
    }
}
