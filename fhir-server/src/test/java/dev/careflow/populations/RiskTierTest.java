package dev.careflow.populations;

import static dev.careflow.populations.PopulationFacts.patient;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.junit.jupiter.api.Test;

/** The risk tier of a patient from the registries they are in. */
class RiskTierTest {

    private final RegistryRules rules = new RegistryRules(PopulationFacts.CATEGORIES);

    private RiskTier.Assessed tier(PopulationFacts facts) {
        PatientRecord record = facts.record();
        return RiskTier.of(rules.qualify(record, RegistryRulesTest.TODAY), record);
    }

    private static PopulationFacts threeConditions() {
        return patient().condition("E11.9").condition("I10").condition("J44.9");
    }

    @Test
    void highReadmissionRisk_isHigh_withTheGroupAndScoreAsBasis() {
        RiskTier.Assessed assessed = tier(patient().assessment(Scores.LACE, 12, "2026-11-01"));
        assertThat(assessed.tier()).isEqualTo(RiskTier.HIGH);
        assertThat(assessed.basis()).containsExactly("Group/registry-high-readmission-risk", "RiskAssessment/r1");
    }

    @Test
    void mcc3_isRising_andHigh_withARecentDischarge() {
        assertThat(tier(threeConditions()).tier()).isEqualTo(RiskTier.RISING);
        LocalDate discharged = RegistryRulesTest.TODAY.minusDays(5);
        assertThat(tier(threeConditions().discharge(discharged, "enc", EpisodeOfCare.EpisodeOfCareStatus.ACTIVE))
                        .tier())
                .isEqualTo(RiskTier.HIGH);
    }

    @Test
    void behaviouralHealth_isRising_andHigh_fromPhq9Of20() {
        assertThat(tier(patient().score(Scores.PHQ9_TOTAL, 19, "2026-11-01")).tier())
                .isEqualTo(RiskTier.RISING);
        assertThat(tier(patient().score(Scores.PHQ9_TOTAL, 20, "2026-11-01")).tier())
                .isEqualTo(RiskTier.HIGH);
    }

    @Test
    void mcc2_elderlyAdl_orARecentDischarge_isRising() {
        assertThat(tier(patient().condition("E11.9").condition("I10")).tier()).isEqualTo(RiskTier.RISING);
        assertThat(tier(patient().born(LocalDate.of(1950, 1, 1)).score(Scores.KATZ_TOTAL, 4, "2026-11-01"))
                        .tier())
                .isEqualTo(RiskTier.RISING);
        assertThat(tier(patient()
                                .discharge(
                                        RegistryRulesTest.TODAY.minusDays(2),
                                        "enc",
                                        EpisodeOfCare.EpisodeOfCareStatus.ACTIVE))
                        .tier())
                .isEqualTo(RiskTier.RISING);
    }

    @Test
    void oneChronicCondition_orNothing_isLow() {
        assertThat(tier(patient().condition("E11.9")).tier()).isEqualTo(RiskTier.LOW);
        RiskTier.Assessed nothing = tier(patient());
        assertThat(nothing.tier()).isEqualTo(RiskTier.LOW);
        assertThat(nothing.basis()).isEmpty();
    }
}
