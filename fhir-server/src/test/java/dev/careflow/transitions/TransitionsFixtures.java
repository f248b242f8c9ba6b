package dev.careflow.transitions;

import ca.uhn.fhir.context.FhirContext;
import dev.careflow.careteam.CareManagerDirectory;
import dev.careflow.testing.FixtureRepository;
import dev.careflow.transitions.internal.NotificationChecker;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.mockito.Mockito;

/** The transitions services on a fixture repository, at a fixed time: the day after the Da Vinci discharge. */
public final class TransitionsFixtures {

    static final String DISCHARGE = "transitions/davinci/discharge-notification-message-bundle-01.json";
    static final String ADMIT = "transitions/davinci/admit-notification-message-bundle-01.json";
    /** The day after the discharge of 2018-10-23 (a Tuesday). */
    static final Clock DAY_AFTER = Clock.fixed(Instant.parse("2018-10-24T15:00:00Z"), ZoneOffset.UTC);

    private TransitionsFixtures() {}

    /** The shipped transitions settings, MLLP off: for every test that needs them, in any package. */
    public static TransitionsSettings settings() {
        return new TransitionsSettings(
                new TransitionsSettings.Mllp(false, 0, List.of(), 64, 8),
                10,
                List.of(),
                ZoneId.of("UTC"),
                Set.of("IMP", "ACUTE", "NONAC", "OBSENC", "SS"),
                Set.of("P"),
                4);
    }

    /** No care team: the care manager lookup finds nobody. */
    static TransitionalCareService transitionalCare(FixtureRepository repository, Clock clock) {
        return new TransitionalCareService(repository, settings(), Mockito.mock(CareManagerDirectory.class), clock);
    }

    static NotificationStore store(FixtureRepository repository, Clock clock) {
        return new NotificationStore(repository, transitionalCare(repository, clock), clock);
    }

    /** A message fixture, checked as the service checks it (structure only: no profile validation here). */
    static ReceivedNotification received(String file) {
        return received(FixtureRepository.resource(Bundle.class, file));
    }

    /** A message (a fixture changed by the test, or a mapped HL7 v2 message), checked as the service checks it. */
    static ReceivedNotification received(Bundle message) {
        FhirContext context = FhirContext.forR4Cached();
        return new NotificationChecker(context, context.newValidator(), reference -> false).check(message);
    }
}
