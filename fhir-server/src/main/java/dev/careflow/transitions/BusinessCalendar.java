package dev.careflow.transitions;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Business days for CMS deadlines: Monday to Friday, excluding the US federal holidays (5 U.S.C. 6103) on their
 * observed days and any extra closure dates. A holiday on a Saturday is observed the Friday before, on a Sunday the
 * Monday after; New Year's Day on a Saturday is observed on Friday 31 December of the year before.
 */
public final class BusinessCalendar {

    /** A federal holiday: its name, the date it falls on, the date it is observed. */
    public record Holiday(String name, LocalDate date, LocalDate observed) {}

    private final Set<LocalDate> extraClosures;

    private BusinessCalendar(Set<LocalDate> extraClosures) {
        this.extraClosures = Set.copyOf(extraClosures);
    }

    public static BusinessCalendar usFederal(Set<LocalDate> extraClosures) {
        return new BusinessCalendar(extraClosures);
    }

    /** The federal holidays of a year (Juneteenth from 2021), with their observed dates. */
    public static List<Holiday> holidays(int year) {
        List<Holiday> holidays = new ArrayList<>();
        holidays.add(fixed("New Year's Day", LocalDate.of(year, Month.JANUARY, 1)));
        holidays.add(nth("Birthday of Martin Luther King, Jr.", year, Month.JANUARY, 3, DayOfWeek.MONDAY));
        holidays.add(nth("Washington's Birthday", year, Month.FEBRUARY, 3, DayOfWeek.MONDAY));
        holidays.add(new Holiday(
                "Memorial Day",
                LocalDate.of(year, Month.MAY, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)),
                LocalDate.of(year, Month.MAY, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))));
        if (year >= 2021) {
            holidays.add(fixed("Juneteenth National Independence Day", LocalDate.of(year, Month.JUNE, 19)));
        }
        holidays.add(fixed("Independence Day", LocalDate.of(year, Month.JULY, 4)));
        holidays.add(nth("Labor Day", year, Month.SEPTEMBER, 1, DayOfWeek.MONDAY));
        holidays.add(nth("Columbus Day", year, Month.OCTOBER, 2, DayOfWeek.MONDAY));
        holidays.add(fixed("Veterans Day", LocalDate.of(year, Month.NOVEMBER, 11)));
        holidays.add(nth("Thanksgiving Day", year, Month.NOVEMBER, 4, DayOfWeek.THURSDAY));
        holidays.add(fixed("Christmas Day", LocalDate.of(year, Month.DECEMBER, 25)));
        return holidays;
    }

    public boolean isBusinessDay(LocalDate date) {
        DayOfWeek day = date.getDayOfWeek();
        return day != DayOfWeek.SATURDAY
                && day != DayOfWeek.SUNDAY
                && !extraClosures.contains(date)
                && !isObservedHoliday(date);
    }

    /** The {@code days}-th business day after {@code start}; {@code start} itself never counts. */
    public LocalDate addBusinessDays(LocalDate start, int days) {
        if (days < 0) {
            throw new IllegalArgumentException("days must not be negative: " + days);
        }
        LocalDate date = start;
        int counted = 0;
        while (counted < days) {
            date = date.plusDays(1);
            if (isBusinessDay(date)) {
                counted++;
            }
        }
        return date;
    }

    static boolean isObservedHoliday(LocalDate date) {
        // New Year's Day of the next year can be observed on 31 December.
        for (int year = date.getYear(); year <= date.getYear() + 1; year++) {
            for (Holiday holiday : holidays(year)) {
                if (holiday.observed().equals(date)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Holiday fixed(String name, LocalDate date) {
        LocalDate observed =
                switch (date.getDayOfWeek()) {
                    case SATURDAY -> date.minusDays(1);
                    case SUNDAY -> date.plusDays(1);
                    default -> date;
                };
        return new Holiday(name, date, observed);
    }

    private static Holiday nth(String name, int year, Month month, int n, DayOfWeek day) {
        LocalDate date = LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, day));
        return new Holiday(name, date, date);
    }
}
