package dev.careflow.security;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Locks a user name after repeated failed sign-ins: after {@code maxFailures} failures in a row it is locked for the
 * lockout period, and each further lockout of the same name doubles the period (up to a day); a successful sign-in
 * clears the record. While locked, even the right password is refused. Names are compared case-insensitively, and a
 * name that does not exist is throttled the same way, so the lockout says nothing of who has an account.
 */
final class SignInThrottle {

    private static final Duration LONGEST = Duration.ofDays(1);

    private final int maxFailures;
    private final Duration lockout;
    private final Clock clock;
    /** Bounded, so that guessing at random names cannot fill the memory. */
    private final Map<String, Record> records = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(LONGEST.multipliedBy(2))
            .<String, Record>build()
            .asMap();

    SignInThrottle(SecuritySettings.SignIn settings, Clock clock) {
        this.maxFailures = Math.max(1, settings.maxFailures());
        this.lockout = settings.lockout();
        this.clock = clock;
    }

    /** Whether the name is locked now. */
    boolean isLocked(String username) {
        Record record = records.get(key(username));
        return record != null && record.lockedUntil != null && clock.instant().isBefore(record.lockedUntil);
    }

    /** Notes a failure; returns when the name is locked until, if this failure locked it. */
    Instant failed(String username) {
        Record record = records.compute(key(username), (k, current) -> {
            Record next = current == null ? new Record() : current;
            if (next.lockedUntil != null && !clock.instant().isBefore(next.lockedUntil)) {
                next.failures = 0;
                next.lockedUntil = null;
            }
            next.failures++;
            if (next.failures >= maxFailures && next.lockedUntil == null) {
                Duration period = lockout.multipliedBy(1L << Math.min(next.lockouts, 10));
                next.lockedUntil = clock.instant().plus(period.compareTo(LONGEST) > 0 ? LONGEST : period);
                next.lockouts++;
            }
            return next;
        });
        return record.failures >= maxFailures ? record.lockedUntil : null;
    }

    void succeeded(String username) {
        records.remove(key(username));
    }

    private static String key(String username) {
        return username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
    }

    private static final class Record {
        int failures;
        int lockouts;
        Instant lockedUntil;
    }
}
