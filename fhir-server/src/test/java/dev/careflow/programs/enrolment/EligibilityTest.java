package dev.careflow.programs.enrolment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The eligibility rules at their boundaries, on facts built by hand. */
class EligibilityTest {

    private static PatientFacts facts(int categories, Optional<String> gp, boolean qmb, String... registries) {
        Map<String, List<PatientFacts.Evidence>> in = new HashMap<>();
        List<PatientFacts.Evidence> chronic = new ArrayList<>();
        for (int i = 0; i < categories; i++) {
            chronic.add(new PatientFacts.Evidence("c" + i, "Category " + i, Optional.of("Condition/" + i)));
        }
        if (categories > 0) {
            in.put(PatientFacts.CHRONIC_1, chronic);
        }
        for (String registry : registries) {
            in.put(registry, List.of());
        }
        return new PatientFacts(in, gp, qmb ? Optional.of("Coverage/q") : Optional.empty());
    }

    private static Eligibility.Verdict verdict(Programme programme, PatientFacts facts) {
        return Eligibility.of(programme, facts);
    }

    @Test
    void ccm_needsTwoCategories() {
        assertThat(verdict(Programme.CCM, facts(1, Optional.empty(), false)).eligible())
                .isFalse();
        Eligibility.Verdict two = verdict(Programme.CCM, facts(2, Optional.empty(), false));
        assertThat(two.eligible()).isTrue();
        assertThat(two.reasons())
                .containsExactly("2 chronic-condition categories [Category 0, Category 1] (CCM needs 2 or more)");
        assertThat(two.evidence()).containsExactly("Group/registry-chronic-1", "Condition/0", "Condition/1");
    }

    @Test
    void ccm_countsTheMultipleConditionRegistry_whenEvidenceIsThinner() {
        assertThat(verdict(Programme.CCM, facts(0, Optional.empty(), false, PatientFacts.MCC_2))
                        .eligible())
                .isTrue();
    }

    @Test
    void complexCcm_needsThreeCategoriesAndADischargeOrReadmissionRisk() {
        assertThat(verdict(Programme.COMPLEX_CCM, facts(2, Optional.empty(), false, PatientFacts.RECENT_DISCHARGE))
                        .eligible())
                .isFalse();
        assertThat(verdict(Programme.COMPLEX_CCM, facts(3, Optional.empty(), false))
                        .eligible())
                .isFalse();
        assertThat(verdict(Programme.COMPLEX_CCM, facts(3, Optional.empty(), false, PatientFacts.RECENT_DISCHARGE))
                        .eligible())
                .isTrue();
        Eligibility.Verdict risky =
                verdict(Programme.COMPLEX_CCM, facts(3, Optional.empty(), false, PatientFacts.HIGH_READMISSION_RISK));
        assertThat(risky.eligible()).isTrue();
        assertThat(risky.evidence()).contains("Group/registry-high-readmission-risk");
    }

    @Test
    void pcmAndRpm_needOneCategory() {
        for (Programme programme : List.of(Programme.PCM, Programme.RPM)) {
            assertThat(verdict(programme, facts(0, Optional.empty(), false)).eligible())
                    .isFalse();
            assertThat(verdict(programme, facts(1, Optional.empty(), false)).eligible())
                    .isTrue();
        }
    }

    @Test
    void apcm_needsAPractitionerOfPrimaryCare_andItsLevelFollowsCategoriesAndQmb() {
        Eligibility.Verdict none = verdict(Programme.APCM, facts(3, Optional.empty(), true));
        assertThat(none.eligible()).isFalse();
        assertThat(none.level()).isEmpty();
        Optional<String> gp = Optional.of("Practitioner/gp");
        assertThat(verdict(Programme.APCM, facts(0, gp, false)).level()).contains(ApcmLevel.G0556);
        assertThat(verdict(Programme.APCM, facts(1, gp, true)).level()).contains(ApcmLevel.G0556);
        assertThat(verdict(Programme.APCM, facts(2, gp, false)).level()).contains(ApcmLevel.G0557);
        Eligibility.Verdict three = verdict(Programme.APCM, facts(2, gp, true));
        assertThat(three.level()).contains(ApcmLevel.G0558);
        assertThat(three.evidence()).contains("Coverage/q");
        assertThat(three.reasons()).contains("Qualified Medicare Beneficiary");
    }

    @Test
    void tcm_bhiAndCocm_followTheirRegistries() {
        PatientFacts discharged = facts(0, Optional.empty(), false, PatientFacts.RECENT_DISCHARGE);
        PatientFacts behavioural = facts(0, Optional.empty(), false, PatientFacts.BEHAVIOURAL_HEALTH);
        assertThat(verdict(Programme.TCM, discharged).eligible()).isTrue();
        assertThat(verdict(Programme.TCM, behavioural).eligible()).isFalse();
        assertThat(verdict(Programme.BHI, behavioural).eligible()).isTrue();
        assertThat(verdict(Programme.COCM, behavioural).evidence())
                .containsExactly("Group/registry-behavioural-health");
        assertThat(verdict(Programme.COCM, discharged).reasons())
                .containsExactly("not in registry-behavioural-health (a behavioural health condition)");
    }

    @Test
    void everyProgrammeIsAnswered_inOrder() {
        assertThat(Eligibility.of(facts(0, Optional.empty(), false)))
                .extracting(Eligibility.Verdict::programme)
                .containsExactly(Programme.values());
    }
}
