package dev.careflow.populations;

import dev.careflow.platform.PeriodicJob;
import org.springframework.stereotype.Component;

/**
 * Runs {@link StratifyService#sweep()} {@code careflow.populations.sweep-delay} after start and then every {@code
 * careflow.populations.sweep-interval} (daily by default): memberships that age out with time (a discharge more than
 * 30 days ago) are removed and those that come with it (a 65th birthday) added, without any write to set them off.
 * Off with {@code careflow.populations.enabled=false}.
 */
@Component
class RegistrySweep extends PeriodicJob {

    private final StratifyService stratify;

    RegistrySweep(StratifyService stratify, PopulationSettings settings) {
        super(
                "Registry sweep",
                "careflow.populations.sweep-interval",
                settings.sweepDelay(),
                settings.effectiveSweepInterval());
        this.stratify = stratify;
    }

    @Override
    protected void runOnce() {
        stratify.sweep();
    }
}
