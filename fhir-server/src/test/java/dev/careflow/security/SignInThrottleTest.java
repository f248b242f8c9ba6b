package dev.careflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-27T09:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final SignInThrottle throttle =
            new SignInThrottle(new SecuritySettings.SignIn(3, Duration.ofMinutes(10)), clock);

    @Test
    void theThirdFailure_locksTheName_forTheLockoutPeriod() {
        assertThat(throttle.failed("Carla")).isNull();
        assertThat(throttle.failed("carla")).isNull();
        assertThat(throttle.isLocked("carla")).isFalse();

        assertThat(throttle.failed("CARLA")).isEqualTo(clock.now.plus(Duration.ofMinutes(10)));
        assertThat(throttle.isLocked("carla"))
                .as("names compare case-insensitively")
                .isTrue();
        assertThat(throttle.isLocked("pat")).isFalse();

        clock.now = clock.now.plus(Duration.ofMinutes(10));
        assertThat(throttle.isLocked("carla")).isFalse();
    }

    @Test
    void eachFurtherLockout_lastsTwiceAsLong() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("pat");
        }
        clock.now = clock.now.plus(Duration.ofMinutes(11));
        throttle.failed("pat");
        throttle.failed("pat");
        assertThat(throttle.failed("pat")).isEqualTo(clock.now.plus(Duration.ofMinutes(20)));
    }

    @Test
    void aSuccess_clearsTheFailures() {
        throttle.failed("nurse");
        throttle.failed("nurse");
        throttle.succeeded("nurse");
        throttle.failed("nurse");
        assertThat(throttle.isLocked("nurse")).isFalse();
    }
}
