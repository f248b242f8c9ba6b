package dev.careflow.programs.billing;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.hl7.fhir.r4.model.EpisodeOfCare;

/**
 * One programme episode of a patient as billing sees it in a month: its programme, its billing practitioner, and the
 * part of the month it may bill ({@code [from, until)}: the episode's period, its consent's period and the month
 * intersected), or why it bills nothing ({@code refusal}).
 */
record Enrolment(
        EpisodeOfCare episode,
        String programme,
        Optional<String> billingPractitioner,
        Instant from,
        Instant until,
        Optional<String> refusal) {

    String reference() {
        return episode.getIdElement().toUnqualifiedVersionless().getValue();
    }

    boolean covers(Date date) {
        Instant instant = date.toInstant();
        return refusal.isEmpty() && !instant.isBefore(from) && instant.isBefore(until);
    }

    boolean bills() {
        return refusal.isEmpty();
    }

    /** Whether the episode started in the month (its first month: CoCM's 99492). */
    boolean startsIn(BillingMonth month) {
        return !from.isBefore(month.start())
                && month.from(episode.getPeriod().getStartElement())
                        .map(start -> !start.isBefore(month.start()))
                        .orElse(false);
    }
}
