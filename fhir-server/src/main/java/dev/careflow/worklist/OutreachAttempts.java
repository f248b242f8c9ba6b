package dev.careflow.worklist;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The pure rules of outreach attempts to a patient for one Task: how many unsuccessful attempts count, and whether
 * they satisfy the TCM interactive contact. CMS (TCM FAQ, 2016): "If two or more separate attempts are made in a timely
 * manner and documented in the medical record but are unsuccessful, and other TCM criteria are met, the service may be
 * reported." Separate: at least {@code separatedBy} apart. Timely: made by the contact's deadline.
 */
public final class OutreachAttempts {

    /** One attempt: when it was made, and whether it reached the patient. */
    public record Attempt(Instant sent, boolean successful) {}

    private OutreachAttempts() {}

    /** The unsuccessful attempts that count as separate (each at least {@code separatedBy} after the one before). */
    public static List<Attempt> separateUnsuccessful(List<Attempt> attempts, Duration separatedBy) {
        List<Attempt> counted = new ArrayList<>();
        attempts.stream()
                .filter(a -> !a.successful() && a.sent() != null)
                .sorted(Comparator.comparing(Attempt::sent))
                .forEach(a -> {
                    if (counted.isEmpty()
                            || !a.sent()
                                    .isBefore(counted.get(counted.size() - 1)
                                            .sent()
                                            .plus(separatedBy))) {
                        counted.add(a);
                    }
                });
        return counted;
    }

    /**
     * When the TCM interactive contact was satisfied by unsuccessful attempts: the time of the {@code needed}-th separate
     * unsuccessful attempt made by the deadline; empty when there are not enough.
     */
    public static Optional<Instant> tcmContactSatisfied(
            List<Attempt> attempts, Optional<Instant> deadline, int needed, Duration separatedBy) {
        List<Attempt> timely = separateUnsuccessful(
                attempts.stream()
                        .filter(a -> a.sent() != null
                                && deadline.map(d -> !a.sent().isAfter(d)).orElse(true))
                        .toList(),
                separatedBy);
        return timely.size() >= needed ? Optional.of(timely.get(needed - 1).sent()) : Optional.empty();
    }

    /** What unsuccessful attempts make of a follow-up call. */
    public enum CallOutcome {
        OPEN,
        ESCALATED,
        UNREACHABLE
    }

    public static CallOutcome followUpCall(List<Attempt> attempts, int escalateAfter, int unreachableAfter) {
        long unsuccessful = attempts.stream().filter(a -> !a.successful()).count();
        if (unsuccessful >= unreachableAfter) {
            return CallOutcome.UNREACHABLE;
        }
        return unsuccessful >= escalateAfter ? CallOutcome.ESCALATED : CallOutcome.OPEN;
    }
}
