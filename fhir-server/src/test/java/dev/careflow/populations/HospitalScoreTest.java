package dev.careflow.populations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.testing.FixtureRepository;
import dev.careflow.vocabulary.CodeSystems;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.junit.jupiter.api.Test;

/** The HOSPITAL score at each boundary, its inputs from FHIR resources, and its RiskAssessment. */
class HospitalScoreTest {

    private static HospitalScore score(double hb, double na, int admissions, int days) {
        return new HospitalScore(hb, false, na, false, false, admissions, days);
    }

    @Test
    void eachComponent_atItsBoundary() {
        assertThat(score(12.0, 135, 0, 0).total()).isZero();
        assertThat(score(11.9, 135, 0, 0).total()).isEqualTo(1);
        assertThat(score(12.0, 134.9, 0, 0).total()).isEqualTo(1);
        assertThat(score(12, 135, 1, 0).admissionsPoints()).isZero();
        assertThat(score(12, 135, 2, 0).admissionsPoints()).isEqualTo(2);
        assertThat(score(12, 135, 5, 0).admissionsPoints()).isEqualTo(2);
        assertThat(score(12, 135, 6, 0).admissionsPoints()).isEqualTo(5);
        assertThat(score(12, 135, 0, 4).lengthOfStayPoints()).isZero();
        assertThat(score(12, 135, 0, 5).lengthOfStayPoints()).isEqualTo(2);
        assertThat(new HospitalScore(10, true, 130, true, true, 6, 5).total()).isEqualTo(13);
    }

    @Test
    void sixIsNotHigh_sevenIs() {
        HospitalScore six = new HospitalScore(11, false, 134, false, false, 2, 5); // 1 + 1 + 2 + 2
        assertThat(six.total()).isEqualTo(6);
        assertThat(six.highRisk()).isFalse();
        HospitalScore seven = new HospitalScore(11, false, 134, false, true, 2, 5);
        assertThat(seven.total()).isEqualTo(7);
        assertThat(seven.highRisk()).isTrue();
    }

    static Encounter stay() {
        Encounter encounter = new Encounter();
        encounter.setId("Encounter/stay");
        encounter.setStatus(Encounter.EncounterStatus.FINISHED);
        encounter.setClass_(new Coding(CodeSystems.V3_ACT_CODE, "IMP", null));
        encounter.setSubject(new Reference("Patient/p1"));
        encounter.setPeriod(new Period()
                .setStartElement(new DateTimeType("2026-11-01T08:00:00Z"))
                .setEndElement(new DateTimeType("2026-11-07T12:00:00Z")));
        encounter.setPriority(
                new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActPriority", "EM", null)));
        encounter.getServiceType().setText("Medical oncology");
        return encounter;
    }

    static Observation lab(String id, String loinc, double value, String unit, String when) {
        Observation lab = new Observation();
        lab.setId("Observation/" + id);
        lab.setStatus(Observation.ObservationStatus.FINAL);
        lab.setCode(new CodeableConcept(new Coding(CodeSystems.LOINC, loinc, null)));
        lab.setSubject(new Reference("Patient/p1"));
        lab.setEffective(new DateTimeType(when));
        lab.setValue(new Quantity().setValue(BigDecimal.valueOf(value)).setCode(unit));
        return lab;
    }

    @Test
    void inputs_fromTheStay_lastLabsDuringIt_gramsPerLitreConverted() {
        List<Observation> labs = List.of(
                lab("hb-before", "718-7", 9.0, "g/dL", "2026-10-01T08:00:00Z"),
                lab("hb-last", "718-7", 125, "g/L", "2026-11-07T06:00:00Z"),
                lab("na-last", "2951-2", 133, "mmol/L", "2026-11-06T06:00:00Z"));
        Procedure procedure = new Procedure();
        procedure.setStatus(Procedure.ProcedureStatus.COMPLETED);
        procedure.setEncounter(new Reference("Encounter/stay"));
        Encounter earlier = stay();
        earlier.setId("Encounter/earlier");
        earlier.getPeriod().setStartElement(new DateTimeType("2026-03-01T08:00:00Z"));

        HospitalScore score = HospitalScoreInputs.of(stay(), labs, List.of(procedure), List.of(stay(), earlier))
                .orElseThrow();

        assertThat(score.hemoglobinGramsPerDecilitre()).isEqualTo(12.5);
        assertThat(score.sodiumPoints()).isEqualTo(1);
        assertThat(score.oncologyPoints()).isEqualTo(2);
        assertThat(score.procedurePoints()).isEqualTo(1);
        assertThat(score.admissionTypePoints()).isEqualTo(1);
        assertThat(score.admissionsPrevious12Months()).isEqualTo(1);
        assertThat(score.lengthOfStayDays()).isEqualTo(6);
        assertThat(score.total()).isEqualTo(7);
    }

    @Test
    void withoutADischargeSodium_orUnfinished_noScore() {
        List<Observation> hemoglobinOnly = List.of(lab("hb", "718-7", 11, "g/dL", "2026-11-06T06:00:00Z"));
        assertThat(HospitalScoreInputs.of(stay(), hemoglobinOnly, List.of(), List.of()))
                .isEmpty();
        Encounter ongoing = stay().setStatus(Encounter.EncounterStatus.INPROGRESS);
        List<Observation> both = List.of(
                lab("hb", "718-7", 11, "g/dL", "2026-11-06T06:00:00Z"),
                lab("na", "2951-2", 140, "mmol/L", "2026-11-06T06:00:00Z"));
        assertThat(HospitalScoreInputs.of(ongoing, both, List.of(), List.of())).isEmpty();
    }

    @Test
    void theService_storesOneAssessmentPerStay_readByTheRegistries() {
        FixtureRepository repository = FixtureRepository.empty()
                .with(
                        stay(),
                        lab("hb", "718-7", 11, "g/dL", "2026-11-06T06:00:00Z"),
                        lab("na", "2951-2", 130, "mmol/L", "2026-11-06T06:00:00Z"));
        HospitalScoreService service = new HospitalScoreService(repository, Clock.systemUTC());

        service.afterStored(stay(), "Patient/p1");
        service.afterStored(stay(), "Patient/p1");

        List<RiskAssessment> stored = repository.all(RiskAssessment.class);
        assertThat(stored).hasSize(1);
        // Hb 1 + oncology 2 + Na 1 + urgent 1 + stay of 6 days 2 = 7.
        assertThat(Scores.total(stored.get(0))).hasValue(7);
        assertThat(stored.get(0).getMethod().hasCoding(Scores.RISK_METHOD, "hospital-score"))
                .isTrue();
        assertThat(stored.get(0).getEncounter().getReference()).isEqualTo("Encounter/stay");
    }
}
