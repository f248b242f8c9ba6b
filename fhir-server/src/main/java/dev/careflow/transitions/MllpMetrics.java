package dev.careflow.transitions;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/** The MLLP listener's connections: {@code careflow.mllp.connections.open} now, {@code careflow.mllp.connections}. */
@Component
class MllpMetrics implements MeterBinder {

    private final MllpListener listener;

    MllpMetrics(MllpListener listener) {
        this.listener = listener;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("careflow.mllp.connections.open", listener, MllpListener::openConnections)
                .description("MLLP connections open now")
                .register(registry);
        FunctionCounter.builder("careflow.mllp.connections", listener, MllpListener::acceptedConnections)
                .description("MLLP connections accepted since the start")
                .register(registry);
    }
}
