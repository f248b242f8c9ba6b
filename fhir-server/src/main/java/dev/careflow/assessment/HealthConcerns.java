package dev.careflow.assessment;

import dev.careflow.vocabulary.CodeSystems;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Reference;

/**
 * The health-concern Condition a screening records for a need (US Core health concern; for social needs also the
 * {@code sdoh} category, the Gravity SDOH category and Careflow's {@code sdoh-domain}), active and unconfirmed: a
 * screen suggests, a clinician confirms.
 */
final class HealthConcerns {

    private HealthConcerns() {}

    static Condition condition(HealthConcern concern, Reference subject, DateTimeType recorded) {
        Condition condition = new Condition();
        condition.addCategory(new CodeableConcept(
                new Coding(DerivedResources.CONDITION_CATEGORY, DerivedResources.HEALTH_CONCERN, "Health Concern")));
        concern.sdohDomain().ifPresent(domain -> {
            condition.addCategory(new CodeableConcept(new Coding(DerivedResources.US_CORE_CATEGORY, "sdoh", "SDOH")));
            condition.addCategory(
                    new CodeableConcept(new Coding(CodeSystems.SDOHCC_TEMPORARY_CODES, gravity(domain), null)));
        });
        CodeableConcept code = new CodeableConcept().setText(concern.display());
        concern.icd10().ifPresent(icd -> code.addCoding(new Coding(CodeSystems.ICD_10_CM, icd, concern.display())));
        concern.sdohDomain().ifPresent(domain -> code.addCoding(new Coding(HealthConcern.SDOH_DOMAIN, domain, null)));
        condition.setCode(code);
        condition.setClinicalStatus(
                new CodeableConcept(new Coding(CodeSystems.CONDITION_CLINICAL, "active", "Active")));
        condition.setVerificationStatus(
                new CodeableConcept(new Coding(CodeSystems.CONDITION_VERIFICATION, "unconfirmed", "Unconfirmed")));
        condition.setSubject(subject.copy());
        condition.setRecordedDateElement(recorded.copy());
        return condition;
    }

    /** Careflow's sdoh-domain codes are Gravity's, save interpersonal safety (see the ConceptMap). */
    private static String gravity(String domain) {
        return "interpersonal-safety".equals(domain) ? "intimate-partner-violence" : domain;
    }
}
