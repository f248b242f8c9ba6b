package dev.careflow.populations;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;

/**
 * Builds a patient's one current risk-tier RiskAssessment: method {@code care-tier}, the tier as the prediction's
 * outcome (CodeSystem {@code risk-tier}), the registry Groups and score resources as basis.
 */
public final class TierAssessments {

    private TierAssessments() {}

    /** The tier a stored tier assessment names, if it names one. */
    public static Optional<RiskTier> tierOf(RiskAssessment assessment) {
        return assessment.getPrediction().stream()
                .flatMap(p -> p.getOutcome().getCoding().stream())
                .filter(c -> RiskTier.CODE_SYSTEM.equals(c.getSystem()))
                .findFirst()
                .flatMap(c -> RiskTier.byCode(c.getCode()));
    }

    /**
     * The assessment to store for the tier: a new one when there is none (and the tier is not low: a patient never
     * assessed is low), the current one brought up to date, or empty when the current one already says so.
     */
    public static Optional<RiskAssessment> toStore(
            Optional<RiskAssessment> current, String patient, RiskTier.Assessed assessed, Instant now) {
        if (current.isEmpty() && assessed.tier() == RiskTier.LOW) {
            return Optional.empty();
        }
        if (current.isPresent()
                && tierOf(current.get()).equals(Optional.of(assessed.tier()))
                && basis(current.get()).equals(assessed.basis())) {
            return Optional.empty();
        }
        RiskAssessment assessment = new RiskAssessment();
        current.ifPresent(c -> assessment.setId(c.getIdElement().toUnqualifiedVersionless()));
        assessment.setStatus(RiskAssessment.RiskAssessmentStatus.FINAL);
        assessment.setSubject(new Reference(patient));
        assessment.setMethod(new CodeableConcept(RiskTier.METHOD.copy()));
        assessment.setCode(new CodeableConcept().setText("Care-management risk tier"));
        assessment.setOccurrence(new DateTimeType(Date.from(now)));
        assessment
                .addPrediction()
                .setOutcome(new CodeableConcept(assessed.tier().coding()))
                .setRationale("Risk tier from the registries the patient is in (CodeSystem risk-tier).");
        assessed.basis().forEach(b -> assessment.addBasis(new Reference(b)));
        return Optional.of(assessment);
    }

    private static List<String> basis(RiskAssessment assessment) {
        return assessment.getBasis().stream().map(Reference::getReference).toList();
    }
}
