package dev.careflow.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutreachAttemptsTest {

    private static OutreachAttempts.Attempt missed(String at) {
        return new OutreachAttempts.Attempt(Instant.parse(at), false);
    }

    private static final Optional<Instant> DEADLINE = Optional.of(Instant.parse("2026-03-05T05:00:00Z"));

    @Test
    void twoSeparateTimelyMisses_satisfyTheTcmContact_atTheSecond() {
        List<OutreachAttempts.Attempt> attempts =
                List.of(missed("2026-03-04T14:00:00Z"), missed("2026-03-03T15:00:00Z"));
        assertThat(OutreachAttempts.tcmContactSatisfied(attempts, DEADLINE, 2, Duration.ofHours(1)))
                .contains(Instant.parse("2026-03-04T14:00:00Z"));
    }

    @Test
    void missesTooCloseTogether_orAfterTheDeadline_orReachedCalls_doNotCount() {
        assertThat(OutreachAttempts.tcmContactSatisfied(
                        List.of(missed("2026-03-03T15:00:00Z"), missed("2026-03-03T15:30:00Z")),
                        DEADLINE,
                        2,
                        Duration.ofHours(1)))
                .isEmpty();
        assertThat(OutreachAttempts.tcmContactSatisfied(
                        List.of(missed("2026-03-03T15:00:00Z"), missed("2026-03-05T06:00:00Z")),
                        DEADLINE,
                        2,
                        Duration.ofHours(1)))
                .isEmpty();
        assertThat(OutreachAttempts.tcmContactSatisfied(
                        List.of(
                                missed("2026-03-03T15:00:00Z"),
                                new OutreachAttempts.Attempt(Instant.parse("2026-03-04T15:00:00Z"), true)),
                        DEADLINE,
                        2,
                        Duration.ofHours(1)))
                .isEmpty();
    }

    @Test
    void followUpCalls_escalateThenEndUnreachable() {
        List<OutreachAttempts.Attempt> two = List.of(missed("2026-05-01T10:00:00Z"), missed("2026-05-02T10:00:00Z"));
        assertThat(OutreachAttempts.followUpCall(two, 3, 5)).isEqualTo(OutreachAttempts.CallOutcome.OPEN);
        List<OutreachAttempts.Attempt> three = new java.util.ArrayList<>(two);
        three.add(missed("2026-05-03T10:00:00Z"));
        assertThat(OutreachAttempts.followUpCall(three, 3, 5)).isEqualTo(OutreachAttempts.CallOutcome.ESCALATED);
        three.add(missed("2026-05-04T10:00:00Z"));
        three.add(missed("2026-05-05T10:00:00Z"));
        assertThat(OutreachAttempts.followUpCall(three, 3, 5)).isEqualTo(OutreachAttempts.CallOutcome.UNREACHABLE);
    }
}
