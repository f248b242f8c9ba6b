package dev.careflow.transitions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BusinessCalendarTest {

    private final BusinessCalendar calendar = BusinessCalendar.usFederal(Set.of());

    /** The observed federal holidays as OPM publishes them, 2024 to 2030. */
    private static final List<String> OBSERVED = List.of(
            // 2024
            "2024-01-01",
            "2024-01-15",
            "2024-02-19",
            "2024-05-27",
            "2024-06-19",
            "2024-07-04",
            "2024-09-02",
            "2024-10-14",
            "2024-11-11",
            "2024-11-28",
            "2024-12-25",
            // 2025
            "2025-01-01",
            "2025-01-20",
            "2025-02-17",
            "2025-05-26",
            "2025-06-19",
            "2025-07-04",
            "2025-09-01",
            "2025-10-13",
            "2025-11-11",
            "2025-11-27",
            "2025-12-25",
            // 2026: Independence Day on a Saturday is observed Friday 3 July
            "2026-01-01",
            "2026-01-19",
            "2026-02-16",
            "2026-05-25",
            "2026-06-19",
            "2026-07-03",
            "2026-09-07",
            "2026-10-12",
            "2026-11-11",
            "2026-11-26",
            "2026-12-25",
            // 2027: Juneteenth (Sat) on Fri 18 June, Independence Day (Sun) on Mon 5 July, Christmas (Sat) on
            // Fri 24 December, and New Year's Day 2028 (Sat) on Fri 31 December 2027
            "2027-01-01",
            "2027-01-18",
            "2027-02-15",
            "2027-05-31",
            "2027-06-18",
            "2027-07-05",
            "2027-09-06",
            "2027-10-11",
            "2027-11-11",
            "2027-11-25",
            "2027-12-24",
            "2027-12-31",
            // 2028: Veterans Day (Sat) on Fri 10 November
            "2028-01-17",
            "2028-02-21",
            "2028-05-29",
            "2028-06-19",
            "2028-07-04",
            "2028-09-04",
            "2028-10-09",
            "2028-11-10",
            "2028-11-23",
            "2028-12-25",
            // 2029: Veterans Day (Sun) on Mon 12 November
            "2029-01-01",
            "2029-01-15",
            "2029-02-19",
            "2029-05-28",
            "2029-06-19",
            "2029-07-04",
            "2029-09-03",
            "2029-10-08",
            "2029-11-12",
            "2029-11-22",
            "2029-12-25",
            // 2030
            "2030-01-01",
            "2030-01-21",
            "2030-02-18",
            "2030-05-27",
            "2030-06-19",
            "2030-07-04",
            "2030-09-02",
            "2030-10-14",
            "2030-11-11",
            "2030-11-28",
            "2030-12-25");

    @Test
    void everyObservedFederalHoliday2024To2030_isNotABusinessDay() {
        for (String holiday : OBSERVED) {
            assertThat(calendar.isBusinessDay(LocalDate.parse(holiday)))
                    .as(holiday)
                    .isFalse();
        }
    }

    @Test
    void theObservedHolidays2024To2030_areExactlyThose() {
        List<String> computed = IntStream.rangeClosed(2024, 2030)
                .boxed()
                .flatMap(year -> BusinessCalendar.holidays(year).stream())
                .map(h -> h.observed().toString())
                .filter(date -> date.compareTo("2024-01-01") >= 0 && date.compareTo("2030-12-31") <= 0)
                .distinct()
                .sorted()
                .toList();
        assertThat(computed)
                .containsExactlyElementsOf(OBSERVED.stream().sorted().toList());
    }

    @Test
    void weekdaysThatAreNotHolidays_areBusinessDays() {
        long businessDays2025 = LocalDate.of(2025, 1, 1)
                .datesUntil(LocalDate.of(2026, 1, 1))
                .filter(calendar::isBusinessDay)
                .count();
        // 261 weekdays in 2025, 11 holidays on weekdays.
        assertThat(businessDays2025).isEqualTo(250);
    }

    @ParameterizedTest(name = "discharged {0}: contact due {1}")
    @CsvSource({
        "2025-06-06, 2025-06-10", // Friday -> Tuesday
        "2025-06-07, 2025-06-10", // Saturday -> Tuesday
        "2025-06-08, 2025-06-10", // Sunday -> Tuesday
        "2025-06-09, 2025-06-11", // Monday -> Wednesday
        "2024-11-27, 2024-12-02", // Wednesday before Thanksgiving -> Monday
        "2025-12-23, 2025-12-26", // Tuesday before Christmas -> Friday
        "2027-12-29, 2028-01-03", // Wednesday before the observed New Year's Day on Friday 31 December
        "2018-10-23, 2018-10-25" // Tuesday -> Thursday
    })
    void dischargeDate_contactDueTwoBusinessDaysLater(LocalDate discharge, LocalDate due) {
        assertThat(calendar.addBusinessDays(discharge, 2)).isEqualTo(due);
    }

    @Test
    void extraClosureDate_isSkipped() {
        BusinessCalendar closedOnTuesday = BusinessCalendar.usFederal(Set.of(LocalDate.of(2025, 6, 10)));
        assertThat(closedOnTuesday.addBusinessDays(LocalDate.of(2025, 6, 6), 2)).isEqualTo(LocalDate.of(2025, 6, 11));
    }

    @Test
    void zeroBusinessDays_isTheStartItself() {
        assertThat(calendar.addBusinessDays(LocalDate.of(2025, 6, 7), 0)).isEqualTo(LocalDate.of(2025, 6, 7));
    }
}
