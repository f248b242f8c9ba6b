package dev.careflow.populations;

import dev.careflow.vocabulary.CodeSystems;
import java.util.Date;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;

/** The writes the registry integration tests send: ICD-10-CM problems and PHQ-9 totals of a patient. */
final class RegistryWritesData {

    private RegistryWritesData() {}

    /** An active problem coded in ICD-10-CM. */
    static Condition condition(IdType patient, String icd10) {
        Condition condition = new Condition();
        condition.setClinicalStatus(new CodeableConcept(new Coding(CodeSystems.CONDITION_CLINICAL, "active", null)));
        condition.setCode(new CodeableConcept(new Coding(CodeSystems.ICD_10_CM, icd10, null)));
        condition.setSubject(new Reference(patient));
        return condition;
    }

    /** A final PHQ-9 total, taken now. */
    static Observation phq9(IdType patient, int total) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setCode(new CodeableConcept(Scores.PHQ9_TOTAL.copy()));
        observation.setSubject(new Reference(patient));
        observation.setEffective(new DateTimeType(new Date()));
        observation.setValue(new IntegerType(total));
        return observation;
    }
}
