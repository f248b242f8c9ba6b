package dev.careflow.programs.enrolment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.testing.FixtureRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Provenance;
import org.junit.jupiter.api.Test;

/** A withdrawn programme stays active to the end of its month and is finished from the next day on. */
class EndedEpisodesTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Clock WITHDRAWN_ON = Clock.fixed(Instant.parse("2026-11-27T15:00:00Z"), NEW_YORK);

    private final FixtureRepository repository = FixtureRepository.load("programs/enrolment");

    private EpisodeOfCare episode(String programme) {
        return repository.all(EpisodeOfCare.class).stream()
                .filter(e ->
                        Programme.of(e.getTypeFirstRep()).orElseThrow().code().equals(programme))
                .findFirst()
                .orElseThrow();
    }

    private void enrolMccInCcmAndOneInBhi_thenWithdrawFromCcm() {
        new EnrolmentService(repository, WITHDRAWN_ON)
                .enrol(EnrolmentServiceTest.verbal("Patient/mcc", "ccm", "Practitioner/dr-a"), Optional.empty());
        new EnrolmentService(repository, WITHDRAWN_ON)
                .enrol(EnrolmentServiceTest.verbal("Patient/one", "bhi", "Practitioner/dr-a"), Optional.empty());
        new WithdrawalService(repository, WITHDRAWN_ON).withdraw("Patient/mcc", "ccm", "Moving away", Optional.empty());
    }

    @Test
    void onTheLastDayOfTheMonth_theWithdrawnEpisodeIsStillActive() {
        enrolMccInCcmAndOneInBhi_thenWithdrawFromCcm();
        Clock lastDay = Clock.fixed(Instant.parse("2026-12-01T04:59:00Z"), NEW_YORK); // 23:59 on 30 November

        assertThat(new EndedEpisodes(repository, lastDay).finish()).isEmpty();
        assertThat(episode("ccm").getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
    }

    @Test
    void theNextDay_theWithdrawnEpisodeIsFinished_withItsHistoryAndAProvenance_andTheOthersStayActive() {
        enrolMccInCcmAndOneInBhi_thenWithdrawFromCcm();
        Clock nextDay = Clock.fixed(Instant.parse("2026-12-01T05:00:00Z"), NEW_YORK); // 00:00 on 1 December

        assertThat(new EndedEpisodes(repository, nextDay).finish()).hasSize(1);

        EpisodeOfCare ccm = episode("ccm");
        assertThat(ccm.getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.FINISHED);
        assertThat(ccm.getStatusHistoryFirstRep().getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        assertThat(ccm.getStatusHistoryFirstRep().getPeriod().getEndElement().getValueAsString())
                .isEqualTo("2026-11-30");
        assertThat(episode("bhi").getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        assertThat(repository.all(Provenance.class))
                .anySatisfy(p -> assertThat(p.getReasonFirstRep().getText()).contains("ended on 2026-11-30"));

        int transactions = repository.transactionCount();
        assertThat(new EndedEpisodes(repository, nextDay).finish())
                .as("a second run")
                .isEmpty();
        assertThat(repository.transactionCount()).isEqualTo(transactions);
    }
}
