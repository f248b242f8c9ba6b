package dev.careflow.programs.enrolment;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A stored programme episode as the enrolment rules see it.
 *
 * @param episode {@code EpisodeOfCare/id}
 * @param billingPractitioner {@code Practitioner/id}, empty when none is recorded
 * @param end the last day of the episode, empty while it runs
 */
public record Enrolled(
        String episode,
        Programme programme,
        Optional<String> billingPractitioner,
        LocalDate start,
        Optional<LocalDate> end) {

    /** Whether the episode still runs on that day or later (not ended before it). */
    public boolean runsOnOrAfter(LocalDate day) {
        return end.isEmpty() || !end.get().isBefore(day);
    }
}
