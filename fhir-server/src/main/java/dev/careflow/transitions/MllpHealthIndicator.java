package dev.careflow.transitions;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health}'s {@code mllp}: whether the HL7 v2 listener is accepting connections, on which port and
 * with how many open; DOWN when it should listen and does not.
 */
@Component("mllpHealthIndicator")
class MllpHealthIndicator implements HealthIndicator {

    private final ObjectProvider<MllpListener> listener;
    private final TransitionsSettings settings;

    MllpHealthIndicator(ObjectProvider<MllpListener> listener, TransitionsSettings settings) {
        this.listener = listener;
        this.settings = settings;
    }

    @Override
    public Health health() {
        MllpListener mllp = listener.getIfAvailable();
        if (!settings.mllp().enabled() || mllp == null) {
            return Health.up().withDetail("listener", "off").build();
        }
        return mllp.isRunning()
                ? Health.up()
                        .withDetail("port", mllp.port())
                        .withDetail("openConnections", mllp.openConnections())
                        .build()
                : Health.down()
                        .withDetail("error", "the MLLP listener is not listening")
                        .build();
    }
}
