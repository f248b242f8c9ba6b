package dev.careflow.medications;

import dev.careflow.vocabulary.CodeSystems;
import java.time.Clock;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The Lists of a reconciliation (builders, no storage): the differences {@code $reconcile-medications} answers (mode
 * {@code changes}), and the reconciled medication list {@code $complete-medication-reconciliation} stores (mode {@code
 * snapshot}, coded {@link #LIST_CODE}), each entry flagged with its change ({@link #CHANGE_SYSTEM}).
 */
final class ReconciliationLists {

    static final String CHANGE_SYSTEM = "https://careflow.dev/fhir/CodeSystem/medication-change";
    static final String IDENTIFIER_SYSTEM = "https://careflow.dev/fhir/sid/medication-reconciliation";

    /** HL7's list-example-use-codes {@code medications}: "Medication List". */
    static final Coding LIST_CODE = new Coding(CodeSystems.LIST_EXAMPLE_USE, "medications", "Medication List");

    private ReconciliationLists() {}

    /** The differences: one entry per medication, flagged with its change; a medication the posted List contained is contained here too. */
    static ListResource differences(MedicationQueries.Compared compared, Clock clock) {
        ListResource result = list(compared.patient(), clock)
                .setMode(ListResource.ListMode.CHANGES)
                .setTitle("Medication reconciliation: pre-admission against discharge");
        Set<String> contained = new HashSet<>();
        for (MedicationReconciliation.Difference difference : compared.differences()) {
            MedicationReconciliation.Medication shown =
                    difference.after().or(difference::before).orElseThrow();
            entry(result, difference, new Reference(shown.source()).setDisplay(shown.name()));
            // A local reference must resolve inside the resource that carries it.
            if (shown.source().startsWith("#") && contained.add(shown.source())) {
                Resource copy = compared.item(shown).copy();
                copy.setId(MedicationQueries.local(shown.source()));
                result.addContained(copy);
            }
        }
        return result;
    }

    /** The reconciled list, without entries yet; identified by what was reconciled, so that a replay finds it. */
    static ListResource reconciled(String patient, String identifier, Clock clock) {
        ListResource result = list(patient, clock)
                .setMode(ListResource.ListMode.SNAPSHOT)
                .setTitle("Reconciled medication list")
                .setCode(new CodeableConcept(LIST_CODE.copy()));
        result.addIdentifier(new Identifier().setSystem(IDENTIFIER_SYSTEM).setValue(identifier));
        return result;
    }

    /** Adds the entry of a difference, naming the medication as given. */
    static ListResource.ListEntryComponent entry(
            ListResource list, MedicationReconciliation.Difference difference, Reference item) {
        ListResource.ListEntryComponent entry = list.addEntry();
        entry.setFlag(new CodeableConcept(new Coding(
                        CHANGE_SYSTEM,
                        difference.change().code(),
                        difference.change().display()))
                .setText(difference.description()));
        entry.setItem(item);
        if (difference.change() == MedicationReconciliation.Change.STOPPED) {
            entry.setDeleted(true);
        }
        return entry;
    }

    private static ListResource list(String patient, Clock clock) {
        ListResource result = new ListResource();
        result.setStatus(ListResource.ListStatus.CURRENT);
        result.setSubject(new Reference(patient));
        result.setDate(Date.from(clock.instant()));
        return result;
    }
}
