package dev.careflow.medications;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.Type;

/**
 * A MedicationRequest or MedicationStatement as {@link MedicationReconciliation} compares it: matched by RxNorm code,
 * else another code, else its name; with its dose and frequency in words. No storage: a referenced Medication is looked
 * up through the function given.
 */
final class MedicationEntries {

    static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    static final String REQUEST_CATEGORY = "http://terminology.hl7.org/CodeSystem/medicationrequest-category";

    private final Function<String, Optional<Medication>> medications;
    private final TherapeuticClasses classes;

    /**
     * @param medications the Medication a reference names, if known
     * @param classes the therapeutic classes of medications
     */
    MedicationEntries(Function<String, Optional<Medication>> medications, TherapeuticClasses classes) {
        this.medications = medications;
        this.classes = classes;
    }

    /** A discharge order: a MedicationRequest of category {@code discharge}. */
    static boolean isDischarge(MedicationRequest request) {
        return request.getCategory().stream().anyMatch(c -> c.hasCoding(REQUEST_CATEGORY, "discharge"));
    }

    /** The entry, or empty when it is neither a MedicationRequest nor a MedicationStatement. */
    Optional<MedicationReconciliation.Medication> of(Resource item, String reference) {
        if (item instanceof MedicationRequest request) {
            return Optional.of(
                    medication(request, request.getMedication(), request.getDosageInstructionFirstRep(), reference));
        }
        if (item instanceof MedicationStatement statement) {
            return Optional.of(
                    medication(statement, statement.getMedication(), statement.getDosageFirstRep(), reference));
        }
        return Optional.empty();
    }

    private MedicationReconciliation.Medication medication(
            Resource resource, Type medication, Dosage dosage, String reference) {
        CodeableConcept code = code(medication);
        Optional<Coding> rxnorm = code.getCoding().stream()
                .filter(c -> RXNORM.equals(c.getSystem()))
                .findFirst();
        Optional<Coding> any = rxnorm.or(
                () -> code.getCoding().stream().filter(Coding::hasCode).findFirst());
        String name = code.hasText()
                ? code.getText()
                : any.map(c -> c.hasDisplay() ? c.getDisplay() : c.getCode()).orElse("unnamed medication");
        String key = any.map(c -> c.getSystem() + "|" + c.getCode())
                .orElse("text|" + name.trim().toLowerCase(Locale.ROOT));
        String source = reference != null
                ? reference
                : resource.getIdElement().toUnqualifiedVersionless().getValue();
        return new MedicationReconciliation.Medication(
                key, name, dose(dosage), frequency(dosage), source, classes.classOf(code));
    }

    private CodeableConcept code(Type medication) {
        if (medication instanceof CodeableConcept concept) {
            return concept;
        }
        if (medication instanceof Reference ref && ref.getReference() != null) {
            return medications
                    .apply(ref.getReference())
                    .map(Medication::getCode)
                    .orElse(new CodeableConcept().setText(ref.getDisplay()));
        }
        return new CodeableConcept();
    }

    static Optional<String> dose(Dosage dosage) {
        if (dosage == null
                || !dosage.hasDoseAndRate()
                || !dosage.getDoseAndRateFirstRep().hasDoseQuantity()) {
            return Optional.empty();
        }
        Quantity dose = dosage.getDoseAndRateFirstRep().getDoseQuantity();
        String unit = dose.hasCode() ? dose.getCode() : dose.getUnit();
        return Optional.of(dose.getValue().stripTrailingZeros().toPlainString() + (unit == null ? "" : " " + unit));
    }

    static Optional<String> frequency(Dosage dosage) {
        if (dosage == null || !dosage.hasTiming()) {
            return Optional.empty();
        }
        Timing timing = dosage.getTiming();
        if (timing.hasCode() && timing.getCode().hasCoding()) {
            return Optional.of(timing.getCode().getCodingFirstRep().getCode());
        }
        Timing.TimingRepeatComponent repeat = timing.getRepeat();
        if (!repeat.hasPeriod() || !repeat.hasPeriodUnit()) {
            return Optional.empty();
        }
        return Optional.of((repeat.hasFrequency() ? repeat.getFrequency() : 1) + " per "
                + repeat.getPeriod().stripTrailingZeros().toPlainString() + " "
                + repeat.getPeriodUnit().toCode());
    }
}
