package dev.careflow.populations;

import ca.uhn.fhir.context.FhirContext;
import dev.careflow.vocabulary.CodeSystems;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;

/** Builds one patient's record for the registry rules' tests: Conditions, scores, assessments, episodes. */
final class PopulationFacts {

    static final String PATIENT = "Patient/p1";
    static final ChronicConditionCategories CATEGORIES =
            ChronicConditionCategories.fromTerminologyPackage(FhirContext.forR4Cached());

    private Optional<LocalDate> birthDate = Optional.empty();
    private final List<Condition> conditions = new ArrayList<>();
    private final List<Observation> scores = new ArrayList<>();
    private final List<RiskAssessment> risks = new ArrayList<>();
    private final List<EpisodeOfCare> episodes = new ArrayList<>();
    private int next = 1;

    static PopulationFacts patient() {
        return new PopulationFacts();
    }

    PopulationFacts born(LocalDate date) {
        birthDate = Optional.of(date);
        return this;
    }

    PopulationFacts condition(String icd10) {
        return condition(icd10, "active", null);
    }

    PopulationFacts condition(String icd10, String clinicalStatus, String verificationStatus) {
        Condition condition = new Condition();
        condition.setId("Condition/c" + next++);
        condition.setSubject(new Reference(PATIENT));
        condition.setCode(new CodeableConcept(new Coding(CodeSystems.ICD_10_CM, icd10, null)));
        condition.setClinicalStatus(
                new CodeableConcept(new Coding(CodeSystems.CONDITION_CLINICAL, clinicalStatus, null)));
        if (verificationStatus != null) {
            condition.setVerificationStatus(
                    new CodeableConcept(new Coding(CodeSystems.CONDITION_VERIFICATION, verificationStatus, null)));
        }
        conditions.add(condition);
        return this;
    }

    PopulationFacts score(Coding code, int value, String effective) {
        return score(code, value, effective, Observation.ObservationStatus.FINAL);
    }

    PopulationFacts score(Coding code, int value, String effective, Observation.ObservationStatus status) {
        Observation observation = new Observation();
        observation.setId("Observation/o" + next++);
        observation.setStatus(status);
        observation.setSubject(new Reference(PATIENT));
        observation.setCode(new CodeableConcept(code.copy()));
        observation.setValue(new IntegerType(value));
        observation.setEffective(new DateTimeType(effective));
        scores.add(observation);
        return this;
    }

    PopulationFacts assessment(Coding method, int total, String occurrence) {
        RiskAssessment assessment = new RiskAssessment();
        assessment.setId("RiskAssessment/r" + next++);
        assessment.setStatus(RiskAssessment.RiskAssessmentStatus.FINAL);
        assessment.setSubject(new Reference(PATIENT));
        assessment.setMethod(new CodeableConcept(method.copy()));
        assessment.setOccurrence(new DateTimeType(occurrence));
        assessment.addPrediction().addExtension().setUrl("urn:score").addExtension("total", new IntegerType(total));
        risks.add(assessment);
        return this;
    }

    PopulationFacts discharge(LocalDate date, String encounter, EpisodeOfCare.EpisodeOfCareStatus status) {
        EpisodeOfCare episode = new EpisodeOfCare();
        episode.setId("EpisodeOfCare/e" + next++);
        episode.setStatus(status);
        episode.addIdentifier().setSystem(RegistryRules.TCM_EPISODE).setValue(encounter);
        episode.addType(new CodeableConcept(new Coding(RegistryRules.CARE_PROGRAMME, "tcm", null)));
        episode.setPatient(new Reference(PATIENT));
        episode.setPeriod(new Period().setStartElement(new DateTimeType(date.toString())));
        episodes.add(episode);
        return this;
    }

    PatientRecord record() {
        return new PatientRecord(PATIENT, birthDate, conditions, scores, risks, episodes);
    }
}
