package dev.careflow.programs.enrolment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What CMS does not allow together for one billing practitioner in one month, and when a withdrawal takes effect. */
class EnrolmentRulesTest {

    private static final LocalDate NOV_10 = LocalDate.of(2026, 11, 10);

    private static Enrolled episode(Programme programme, String practitioner, Optional<LocalDate> end) {
        return new Enrolled(
                "EpisodeOfCare/" + programme.code(),
                programme,
                Optional.of(practitioner),
                LocalDate.of(2026, 6, 1),
                end);
    }

    private static List<String> conflicts(Programme programme, Enrolled other) {
        return EnrolmentRules.conflicts(programme, "Practitioner/a", NOV_10, List.of(other));
    }

    @Test
    void ccmAndPcm_bySamePractitioner_conflictBothWays() {
        assertThat(conflicts(Programme.PCM, episode(Programme.CCM, "Practitioner/a", Optional.empty())))
                .singleElement()
                .asString()
                .contains("pcm and ccm", "same calendar month", "MLN909188");
        assertThat(conflicts(Programme.CCM, episode(Programme.PCM, "Practitioner/a", Optional.empty())))
                .hasSize(1);
        assertThat(conflicts(Programme.COMPLEX_CCM, episode(Programme.PCM, "Practitioner/a", Optional.empty())))
                .hasSize(1);
    }

    @Test
    void ccmAndPcm_byDifferentPractitioners_areAllowed() {
        assertThat(conflicts(Programme.PCM, episode(Programme.CCM, "Practitioner/b", Optional.empty())))
                .isEmpty();
    }

    @Test
    void anEpisodeEndingInTheStartMonth_stillConflicts_oneEndedTheMonthBefore_doesNot() {
        assertThat(conflicts(
                        Programme.PCM,
                        episode(Programme.CCM, "Practitioner/a", Optional.of(LocalDate.of(2026, 11, 1)))))
                .hasSize(1);
        assertThat(conflicts(
                        Programme.PCM,
                        episode(Programme.CCM, "Practitioner/a", Optional.of(LocalDate.of(2026, 10, 31)))))
                .isEmpty();
    }

    @Test
    void apcm_excludesCcmComplexCcmPcmAndTcm_notBhiOrRpm() {
        for (Programme bundled : List.of(Programme.CCM, Programme.COMPLEX_CCM, Programme.PCM, Programme.TCM)) {
            assertThat(conflicts(Programme.APCM, episode(bundled, "Practitioner/a", Optional.empty())))
                    .singleElement()
                    .asString()
                    .contains("CMS-1807-F");
            assertThat(conflicts(bundled, episode(Programme.APCM, "Practitioner/a", Optional.empty())))
                    .hasSize(1);
        }
        for (Programme other : List.of(Programme.BHI, Programme.COCM, Programme.RPM)) {
            assertThat(conflicts(Programme.APCM, episode(other, "Practitioner/a", Optional.empty())))
                    .isEmpty();
        }
        assertThat(conflicts(Programme.TCM, episode(Programme.CCM, "Practitioner/a", Optional.empty())))
                .isEmpty();
    }

    @Test
    void running_findsTheSameProgrammeNotEndedBeforeTheStart() {
        Enrolled ended = episode(Programme.CCM, "Practitioner/a", Optional.of(LocalDate.of(2026, 10, 31)));
        assertThat(EnrolmentRules.running(Programme.CCM, NOV_10, List.of(ended)))
                .isEmpty();
        Enrolled endsThisMonth = episode(Programme.CCM, "Practitioner/a", Optional.of(LocalDate.of(2026, 11, 30)));
        assertThat(EnrolmentRules.running(Programme.CCM, NOV_10, List.of(endsThisMonth)))
                .contains(endsThisMonth);
        assertThat(EnrolmentRules.running(Programme.PCM, NOV_10, List.of(endsThisMonth)))
                .isEmpty();
    }

    @Test
    void withdrawal_endsOnTheLastDayOfTheMonth() {
        assertThat(EnrolmentRules.withdrawalEnd(LocalDate.of(2026, 2, 1), LocalDate.of(2025, 1, 1)))
                .isEqualTo(LocalDate.of(2026, 2, 28));
        assertThat(EnrolmentRules.withdrawalEnd(LocalDate.of(2026, 12, 31), LocalDate.of(2025, 1, 1)))
                .isEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(EnrolmentRules.withdrawalEnd(LocalDate.of(2026, 11, 27), LocalDate.of(2027, 1, 1)))
                .isEqualTo(LocalDate.of(2027, 1, 1));
    }
}
