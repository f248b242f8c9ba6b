package dev.careflow.careteam;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one clock of the server: the system's instant, in the care team's time zone ({@link CareTeamSettings#zone()}).
 * Every feature takes "now" from it and "today", deadlines and month boundaries in its zone ({@code
 * LocalDate.now(clock)}, {@code clock.getZone()}), never from the host's default zone; tests replace it to move time.
 */
@Configuration(proxyBeanMethods = false)
public class CareTeamClock {

    @Bean
    Clock careflowClock(CareTeamSettings settings) {
        return Clock.system(settings.zone());
    }
}
