package dev.careflow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The server's clock in integration tests: the system clock in the care team's zone, which a test may move by an
 * offset (and must {@link #reset()} when done, as the context is shared).
 */
public final class TestClock extends Clock {

    private final ZoneId zone;
    private final AtomicReference<Duration> offset;

    public TestClock(ZoneId zone) {
        this(zone, new AtomicReference<>(Duration.ZERO));
    }

    private TestClock(ZoneId zone, AtomicReference<Duration> offset) {
        this.zone = zone;
        this.offset = offset;
    }

    /** From now on the clock reads this instant, moving on with real time. */
    public void setInstant(Instant instant) {
        offset.set(Duration.between(Instant.now(), instant));
    }

    public void reset() {
        offset.set(Duration.ZERO);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return new TestClock(other, offset);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }
}
