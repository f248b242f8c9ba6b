package dev.careflow.populations;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.RiskAssessment;

/**
 * What the registries are decided from, for one patient: the birth date, the Conditions, the score Observations
 * (PHQ-9, GAD-7, Katz ADL totals), the readmission-risk RiskAssessments (LACE, HOSPITAL) and the transitional care
 * EpisodeOfCares. No storage: {@link PopulationQueries} reads it, {@link RegistryRules} judges it.
 *
 * @param patient the patient's reference, {@code Patient/id}
 */
public record PatientRecord(
        String patient,
        Optional<LocalDate> birthDate,
        List<Condition> conditions,
        List<Observation> scores,
        List<RiskAssessment> readmissionRisks,
        List<EpisodeOfCare> transitionalCare) {

    public PatientRecord {
        conditions = List.copyOf(conditions);
        scores = List.copyOf(scores);
        readmissionRisks = List.copyOf(readmissionRisks);
        transitionalCare = List.copyOf(transitionalCare);
    }
}
