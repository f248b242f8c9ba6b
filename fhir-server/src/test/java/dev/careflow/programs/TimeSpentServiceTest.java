package dev.careflow.programs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.careflow.platform.CareflowException;
import dev.careflow.testing.FixtureRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * {@code $time-spent} on the fixture {@code programs/time-spent}: calls of two practitioners in October and November,
 * one at 03:00 UTC on 1 November (still October in New York), and Tasks that do not count (no practitioner, over 12
 * hours, still open, another patient's).
 */
class TimeSpentServiceTest {

    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2026-11-27T15:00:00Z"), ZoneId.of("America/New_York"));

    private final TimeSpentService service = new TimeSpentService(FixtureRepository.load("programs/time-spent"), CLOCK);

    @Test
    void minutesPerMonthAndPractitioner_inTheCareTeamsZone() {
        TimeSpentService.TimeSpent spent =
                service.timeSpent(new IdType("Patient/p1"), Optional.empty(), Optional.empty());

        assertThat(spent.months())
                .containsExactly(
                        Map.entry(YearMonth.of(2026, 10), Map.of("Practitioner/a", new TimeSpentService.Tally(50, 2))),
                        Map.entry(
                                YearMonth.of(2026, 11),
                                Map.of(
                                        "", new TimeSpentService.Tally(10, 1),
                                        "Practitioner/b", new TimeSpentService.Tally(45, 1))));
    }

    @Test
    void fromAndTo_limitTheMonths() {
        TimeSpentService.TimeSpent spent = service.timeSpent(
                new IdType("Patient/p1"), Optional.of(YearMonth.of(2026, 11)), Optional.of(YearMonth.of(2026, 11)));

        assertThat(spent.months()).containsOnlyKeys(YearMonth.of(2026, 11));
    }

    @Test
    void fromAfterTo_isRefused_andAnUnknownPatientIsNotFound() {
        assertThatThrownBy(() -> service.timeSpent(
                        new IdType("Patient/p1"),
                        Optional.of(YearMonth.of(2026, 12)),
                        Optional.of(YearMonth.of(2026, 11))))
                .isInstanceOf(CareflowException.class)
                .hasMessageContaining("from (2026-12) is after to (2026-11)");
        assertThatThrownBy(() -> service.timeSpent(new IdType("Patient/nobody"), Optional.empty(), Optional.empty()))
                .isInstanceOf(CareflowException.class)
                .hasMessageContaining("Patient/nobody is not known");
    }

    @Test
    void outreachAttempts_areCountedPerMonthAndTask_withTheirRecordedMinutes_inTheAnswer() {
        TimeSpentService.TimeSpent spent =
                service.timeSpent(new IdType("Patient/p1"), Optional.empty(), Optional.empty());

        // 1 December 03:00 UTC is still 30 November in New York; an attempt never sent, a Communication in progress
        // and another patient's call do not count.
        assertThat(spent.attempts())
                .containsExactly(Map.entry(
                        YearMonth.of(2026, 11),
                        Map.of("Task/still-open", new TimeSpentService.Attempts(3, 2, Optional.of(18L)))));
        Parameters answer = TimeSpentParameters.of(spent);
        assertThat(answer.getParameter()).extracting(p -> p.getName()).containsExactly("month", "month", "attempts");
        assertThat(((IntegerType) answer.getParameter().get(2).getValue()).getValue())
                .isEqualTo(3);
        Parameters.ParametersParameterComponent outreach = answer.getParameter().get(1).getPart().stream()
                .filter(p -> p.getName().equals("outreach"))
                .findFirst()
                .orElseThrow();
        assertThat(outreach.getPart())
                .extracting(p -> p.getName() + "="
                        + (p.getValue() instanceof Reference r
                                ? r.getReference()
                                : p.getValue().primitiveValue()))
                .containsExactly("task=Task/still-open", "attempts=3", "unsuccessful=2", "minutes=18");
    }

    @Test
    void aMonthWithOnlyAttempts_isAnsweredWithoutPractitioners() {
        TimeSpentService.TimeSpent spent = service.timeSpent(
                new IdType("Patient/p1"), Optional.of(YearMonth.of(2026, 11)), Optional.of(YearMonth.of(2026, 11)));
        TimeSpentService.TimeSpent attemptsOnly = new TimeSpentService.TimeSpent(Map.of(), spent.attempts());

        Parameters answer = TimeSpentParameters.of(attemptsOnly);

        assertThat(answer.getParameter().get(0).getPart())
                .extracting(p -> p.getName())
                .containsExactly("month", "totalMinutes", "outreach");
    }
}
