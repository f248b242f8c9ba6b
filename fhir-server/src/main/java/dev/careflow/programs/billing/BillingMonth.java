package dev.careflow.programs.billing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Date;
import java.util.Optional;
import org.hl7.fhir.r4.model.DateTimeType;

/**
 * A calendar month in the care team's zone, as instants (pure): {@code [start, end)}, and how a FHIR date (a day, or
 * an instant) is placed in it. A day given without a time covers the whole day in the zone.
 */
public record BillingMonth(YearMonth month, ZoneId zone) {

    public Instant start() {
        return month.atDay(1).atStartOfDay(zone).toInstant();
    }

    public Instant end() {
        return month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
    }

    public LocalDate firstDay() {
        return month.atDay(1);
    }

    public LocalDate lastDay() {
        return month.atEndOfMonth();
    }

    public boolean contains(Date date) {
        Instant instant = date.toInstant();
        return !instant.isBefore(start()) && instant.isBefore(end());
    }

    /** The day (in the zone) of an instant. */
    public LocalDate day(Date date) {
        return date.toInstant().atZone(zone).toLocalDate();
    }

    /** Where a period starting at the value begins: the value, or the start of its day when it has no time. */
    public Optional<Instant> from(DateTimeType value) {
        if (value == null || !value.hasValue()) {
            return Optional.empty();
        }
        String text = value.getValueAsString();
        if (text.length() <= 10) {
            return Optional.of(LocalDate.parse(pad(text)).atStartOfDay(zone).toInstant());
        }
        return Optional.of(value.getValue().toInstant());
    }

    /** Where a period ending at the value stops: the value, or the end of its day when it has no time. */
    public Optional<Instant> until(DateTimeType value) {
        if (value == null || !value.hasValue()) {
            return Optional.empty();
        }
        String text = value.getValueAsString();
        if (text.length() <= 10) {
            LocalDate day = LocalDate.parse(pad(text));
            LocalDate after =
                    text.length() == 4 ? day.plusYears(1) : text.length() == 7 ? day.plusMonths(1) : day.plusDays(1);
            return Optional.of(after.atStartOfDay(zone).toInstant());
        }
        return Optional.of(value.getValue().toInstant());
    }

    private static String pad(String text) {
        return text.length() == 4 ? text + "-01-01" : text.length() == 7 ? text + "-01" : text;
    }

    @Override
    public String toString() {
        return month.toString();
    }
}
