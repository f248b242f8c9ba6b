package dev.careflow.populations;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import dev.careflow.vocabulary.CodeSystems;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;

/**
 * Scores a finished inpatient stay with HOSPITAL ({@link HospitalScoreInputs}) when it is stored, where every input
 * exists, and stores the score as a RiskAssessment (method {@code hospital-score}, the total and each component in the
 * {@code hospital-score} extension of its prediction, like LACE), one per encounter, updated when the score changes.
 */
public class HospitalScoreService {

    public static final String EXTENSION = "https://careflow.dev/fhir/StructureDefinition/hospital-score";

    private final IRepository repository;
    private final Clock clock;

    public HospitalScoreService(IRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** Scores the encounter if it is a discharge with every input; answers the score stored, if any. */
    public Optional<HospitalScore> afterStored(Encounter encounter, String patient) {
        if (!HospitalScoreInputs.isDischarge(encounter)) {
            return Optional.empty();
        }
        List<Observation> labs = Stored.search(
                repository,
                Observation.class,
                Query.where("subject", Query.reference(patient))
                        .and(
                                "code",
                                Query.token(CodeSystems.LOINC, "718-7"),
                                Query.token(CodeSystems.LOINC, "30313-1"),
                                Query.token(CodeSystems.LOINC, "2951-2"),
                                Query.token(CodeSystems.LOINC, "2947-0")));
        List<Procedure> procedures =
                Stored.search(repository, Procedure.class, Query.where("subject", Query.reference(patient)));
        List<Encounter> encounters =
                Stored.search(repository, Encounter.class, Query.where("patient", Query.reference(patient)));
        Optional<HospitalScore> score = HospitalScoreInputs.of(encounter, labs, procedures, encounters);
        score.ifPresent(s -> store(s, encounter, patient));
        return score;
    }

    private void store(HospitalScore score, Encounter encounter, String patient) {
        String encounterId = encounter.getIdElement().toUnqualifiedVersionless().getValue();
        Optional<RiskAssessment> existing = Stored.first(
                repository,
                RiskAssessment.class,
                Query.where("encounter", Query.reference(encounterId))
                        .and("method", Query.token(Scores.RISK_METHOD, Scores.HOSPITAL.getCode())));
        if (existing.isPresent() && Scores.total(existing.get()).orElse(-1) == score.total()) {
            return;
        }
        RiskAssessment assessment = assessment(score, patient, encounterId);
        if (existing.isPresent()) {
            assessment.setId(existing.get().getIdElement().toUnqualifiedVersionless());
            repository.update(assessment);
        } else {
            repository.create(assessment);
        }
    }

    private RiskAssessment assessment(HospitalScore score, String patient, String encounter) {
        RiskAssessment assessment = new RiskAssessment();
        assessment.setStatus(RiskAssessment.RiskAssessmentStatus.FINAL);
        assessment.setMethod(new CodeableConcept(Scores.HOSPITAL.copy()));
        assessment.setCode(new CodeableConcept().setText("Potentially avoidable readmission within 30 days"));
        assessment.setSubject(new Reference(patient));
        assessment.setEncounter(new Reference(encounter));
        assessment.addBasis(new Reference(encounter));
        assessment.setOccurrence(new DateTimeType(Date.from(clock.instant())));
        RiskAssessment.RiskAssessmentPredictionComponent prediction = assessment.addPrediction();
        prediction.setOutcome(new CodeableConcept().setText("Potentially avoidable readmission within 30 days"));
        prediction.setQualitativeRisk(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/risk-probability",
                score.highRisk() ? "high" : score.total() >= 5 ? "moderate" : "low",
                null)));
        prediction.setRationale(score.explanation());
        Extension hospital = prediction.addExtension().setUrl(EXTENSION);
        hospital.addExtension("total", new IntegerType(score.total()));
        hospital.addExtension("high-risk", new BooleanType(score.highRisk()));
        hospital.addExtension("hemoglobin-points", new IntegerType(score.hemoglobinPoints()));
        hospital.addExtension("oncology-points", new IntegerType(score.oncologyPoints()));
        hospital.addExtension("sodium-points", new IntegerType(score.sodiumPoints()));
        hospital.addExtension("procedure-points", new IntegerType(score.procedurePoints()));
        hospital.addExtension("admission-type-points", new IntegerType(score.admissionTypePoints()));
        hospital.addExtension("admissions-points", new IntegerType(score.admissionsPoints()));
        hospital.addExtension("length-of-stay-points", new IntegerType(score.lengthOfStayPoints()));
        assessment.addNote().setText(score.explanation());
        return assessment;
    }
}
