package dev.careflow.populations;

import static dev.careflow.populations.PopulationFacts.patient;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

/** Who belongs to which registry, at every boundary, on 2026-11-20. */
class RegistryRulesTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 20);
    private final RegistryRules rules = new RegistryRules(PopulationFacts.CATEGORIES);

    private Map<Registry, List<Evidence>> qualify(PopulationFacts facts) {
        return rules.qualify(facts.record(), TODAY);
    }

    private List<String> reasons(PopulationFacts facts, Registry registry) {
        return qualify(facts).getOrDefault(registry, List.of()).stream()
                .map(e -> e.reason().getCode() + " " + e.detail())
                .toList();
    }

    @Test
    void categoriesCover_theChronicConditionsTheBriefNames() {
        assertThat(PopulationFacts.CATEGORIES.size()).isGreaterThanOrEqualTo(20);
        for (String code : List.of(
                "E11.9", "I50.9", "J44.1", "J45.909", "N18.3", "I10", "I25.10", "I48.91", "F32.9", "F03.90", "I63.9",
                "C50.911", "C18.9", "C34.90", "C61", "M81.0", "M06.9", "M17.11", "E78.5", "E03.9", "D63.1", "B20",
                "F20.9", "F31.9")) {
            assertThat(PopulationFacts.CATEGORIES.of(code)).as(code).isNotEmpty();
        }
        assertThat(PopulationFacts.CATEGORIES.of("J06.9")).as("a cold").isEmpty();
    }

    @Test
    void twoCategories_chronicAndMcc2_notMcc3() {
        PopulationFacts facts = patient().condition("E11.9").condition("I10");
        assertThat(qualify(facts)).containsOnlyKeys(Registry.CHRONIC_1, Registry.MCC_2);
    }

    @Test
    void threeCategories_mcc3_oneEvidencePerCategory() {
        PopulationFacts facts = patient().condition("E11.9").condition("I10").condition("J44.9");
        assertThat(qualify(facts)).containsKeys(Registry.CHRONIC_1, Registry.MCC_2, Registry.MCC_3);
        assertThat(reasons(facts, Registry.MCC_3))
                .containsExactly("diabetes Condition/c1", "hypertension Condition/c2", "copd Condition/c3");
    }

    @Test
    void twoConditionsOfOneCategory_countOnce() {
        PopulationFacts facts = patient().condition("E11.9").condition("E10.65");
        assertThat(qualify(facts)).containsOnlyKeys(Registry.CHRONIC_1);
        assertThat(reasons(facts, Registry.CHRONIC_1)).containsExactly("diabetes Condition/c1");
    }

    @Test
    void resolvedRefutedOrEnteredInError_doNotCount_recurrenceAndRelapseDo() {
        PopulationFacts facts = patient()
                .condition("E11.9", "resolved", null)
                .condition("I10", "active", "refuted")
                .condition("J44.9", "active", "entered-in-error")
                .condition("N18.3", "recurrence", "confirmed")
                .condition("I48.0", "relapse", null);
        assertThat(reasons(facts, Registry.CHRONIC_1))
                .containsExactly("chronic-kidney-disease Condition/c4", "atrial-fibrillation Condition/c5");
        assertThat(qualify(facts)).doesNotContainKey(Registry.MCC_3);
    }

    @Test
    void codesWithoutDots_andCodesInSeveralCategories() {
        assertThat(reasons(patient().condition("E119"), Registry.CHRONIC_1)).containsExactly("diabetes Condition/c1");
        // I13.0, hypertensive heart and chronic kidney disease with heart failure: three categories, as in the CCW.
        assertThat(qualify(patient().condition("I13.0"))).containsKey(Registry.MCC_3);
    }

    @Test
    void elderly_from65thBirthday_withKatzBelow6() {
        PopulationFacts turns65Today = patient().born(TODAY.minusYears(65)).score(Scores.KATZ_TOTAL, 5, "2026-11-01");
        assertThat(reasons(turns65Today, Registry.ELDERLY_ADL))
                .containsExactly("katz-adl-total Observation/o1", "30525-0 Patient/p1");
        PopulationFacts turns65Tomorrow =
                patient().born(TODAY.minusYears(65).plusDays(1)).score(Scores.KATZ_TOTAL, 5, "2026-11-01");
        assertThat(qualify(turns65Tomorrow)).doesNotContainKey(Registry.ELDERLY_ADL);
    }

    @Test
    void elderly_katz6IsFullFunction_latestKatzCounts_noBirthDateNoMembership() {
        LocalDate born = LocalDate.of(1950, 1, 1);
        assertThat(qualify(patient().born(born).score(Scores.KATZ_TOTAL, 6, "2026-11-01")))
                .doesNotContainKey(Registry.ELDERLY_ADL);
        PopulationFacts recovered = patient()
                .born(born)
                .score(Scores.KATZ_TOTAL, 6, "2026-11-10")
                .score(Scores.KATZ_TOTAL, 3, "2026-10-01");
        assertThat(qualify(recovered)).doesNotContainKey(Registry.ELDERLY_ADL);
        assertThat(qualify(patient().score(Scores.KATZ_TOTAL, 2, "2026-11-01"))).isEmpty();
    }

    @Test
    void behaviouralHealth_phq9And_gad7_from10() {
        assertThat(qualify(patient().score(Scores.PHQ9_TOTAL, 9, "2026-11-01"))).isEmpty();
        assertThat(reasons(patient().score(Scores.PHQ9_TOTAL, 10, "2026-11-01"), Registry.BEHAVIOURAL_HEALTH))
                .containsExactly("44261-6 Observation/o1");
        assertThat(qualify(patient().score(Scores.GAD7_TOTAL, 9, "2026-11-01"))).isEmpty();
        assertThat(reasons(patient().score(Scores.GAD7_TOTAL, 10, "2026-11-01"), Registry.BEHAVIOURAL_HEALTH))
                .containsExactly("70274-6 Observation/o1");
    }

    @Test
    void behaviouralHealth_latestScoreCounts_preliminaryIgnored() {
        PopulationFacts improved = patient()
                .score(Scores.PHQ9_TOTAL, 15, "2026-09-01")
                .score(Scores.PHQ9_TOTAL, 4, "2026-11-01")
                .score(Scores.PHQ9_TOTAL, 22, "2026-11-15", Observation.ObservationStatus.PRELIMINARY);
        assertThat(qualify(improved)).isEmpty();
    }

    @Test
    void behaviouralHealth_activeFCode() {
        PopulationFacts facts = patient().condition("F41.1").condition("F32.9", "resolved", null);
        assertThat(reasons(facts, Registry.BEHAVIOURAL_HEALTH)).containsExactly("F41.1 Condition/c1");
    }

    @Test
    void recentDischarge_day0ToDay30_notDay31_notWithdrawn() {
        EpisodeOfCare.EpisodeOfCareStatus active = EpisodeOfCare.EpisodeOfCareStatus.ACTIVE;
        assertThat(reasons(patient().discharge(TODAY.minusDays(30), "enc-1", active), Registry.RECENT_DISCHARGE))
                .containsExactly("tcm Encounter/enc-1");
        assertThat(qualify(patient().discharge(TODAY, "enc-1", active))).containsKey(Registry.RECENT_DISCHARGE);
        assertThat(qualify(patient().discharge(TODAY.minusDays(31), "enc-1", active)))
                .isEmpty();
        assertThat(qualify(patient().discharge(TODAY.plusDays(1), "enc-1", active)))
                .isEmpty();
        assertThat(qualify(patient()
                        .discharge(TODAY.minusDays(3), "enc-1", EpisodeOfCare.EpisodeOfCareStatus.ENTEREDINERROR)))
                .isEmpty();
        // A finished TCM episode (30 days done) still says when the discharge was.
        assertThat(qualify(
                        patient().discharge(TODAY.minusDays(30), "enc-1", EpisodeOfCare.EpisodeOfCareStatus.FINISHED)))
                .containsKey(Registry.RECENT_DISCHARGE);
    }

    @Test
    void readmissionRisk_lace10_hospital7() {
        assertThat(qualify(patient().assessment(Scores.LACE, 9, "2026-11-01"))).isEmpty();
        assertThat(reasons(patient().assessment(Scores.LACE, 10, "2026-11-01"), Registry.HIGH_READMISSION_RISK))
                .containsExactly("lace RiskAssessment/r1");
        assertThat(qualify(patient().assessment(Scores.HOSPITAL, 6, "2026-11-01")))
                .isEmpty();
        assertThat(reasons(patient().assessment(Scores.HOSPITAL, 7, "2026-11-01"), Registry.HIGH_READMISSION_RISK))
                .containsExactly("hospital-score RiskAssessment/r1");
    }

    @Test
    void readmissionRisk_theLatestLaceCounts() {
        PopulationFacts facts =
                patient().assessment(Scores.LACE, 14, "2026-06-01").assessment(Scores.LACE, 9, "2026-11-01");
        assertThat(qualify(facts)).isEmpty();
    }
}
