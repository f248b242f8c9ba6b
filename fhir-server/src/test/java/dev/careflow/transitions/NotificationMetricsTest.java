package dev.careflow.transitions;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import dev.careflow.platform.CareflowException;
import dev.careflow.testing.FixtureRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.junit.jupiter.api.Test;

class NotificationMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final NotificationMetrics metrics = new NotificationMetrics(registry);

    private double count(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void received_countsByRouteEventAndOutcome_andRefusalsApart() {
        metrics.received(NotificationMetrics.Route.MLLP, "A03", NotificationMetrics.Outcome.STORED);
        metrics.received(NotificationMetrics.Route.MLLP, "A03", NotificationMetrics.Outcome.STORED);
        metrics.received(NotificationMetrics.Route.FHIR, "notification-discharge", NotificationMetrics.Outcome.REFUSED);

        assertThat(count(NotificationMetrics.RECEIVED, "route", "mllp", "event", "A03", "outcome", "stored"))
                .isEqualTo(2);
        assertThat(count(
                        NotificationMetrics.RECEIVED,
                        "route",
                        "fhir",
                        "event",
                        "notification-discharge",
                        "outcome",
                        "refused"))
                .isEqualTo(1);
        assertThat(count(NotificationMetrics.REFUSED, "route", "fhir")).isEqualTo(1);
        assertThat(count(NotificationMetrics.REFUSED, "route", "mllp")).isZero();
    }

    @Test
    void events_comeFromFixedListsNeverFromTheSender() {
        Bundle discharge = FixtureRepository.resource(Bundle.class, TransitionsFixtures.DISCHARGE);

        assertThat(NotificationMetrics.event(discharge)).isEqualTo("notification-discharge");
        assertThat(NotificationMetrics.event(new Bundle())).isEqualTo("other");
        assertThat(NotificationMetrics.v2Event("A03")).isEqualTo("A03");
        assertThat(NotificationMetrics.v2Event("A40")).isEqualTo("A40");
        assertThat(NotificationMetrics.v2Event("Z99<script>")).isEqualTo("other");
        assertThat(NotificationMetrics.v2Event(null)).isEqualTo("other");
    }

    @Test
    void outcomes_ofAcksAndErrors() {
        assertThat(NotificationMetrics.Outcome.ofAck("MSH|^~\\&|CF\rMSA|AA|C1"))
                .isEqualTo(NotificationMetrics.Outcome.STORED);
        assertThat(NotificationMetrics.Outcome.ofAck("MSH|^~\\&|CF\rMSA|AR|C1|no"))
                .isEqualTo(NotificationMetrics.Outcome.REFUSED);
        assertThat(NotificationMetrics.Outcome.ofAck("MSH|^~\\&|CF\rMSA|AE|C1|db"))
                .isEqualTo(NotificationMetrics.Outcome.FAILED);
        assertThat(NotificationMetrics.Outcome.of(
                        new CareflowException(CareflowException.Kind.MALFORMED, List.of("bad"))))
                .isEqualTo(NotificationMetrics.Outcome.REFUSED);
        assertThat(NotificationMetrics.Outcome.of(new UnprocessableEntityException("invalid")))
                .isEqualTo(NotificationMetrics.Outcome.REFUSED);
        assertThat(NotificationMetrics.Outcome.of(new InternalErrorException("down")))
                .isEqualTo(NotificationMetrics.Outcome.FAILED);
    }

    @Test
    void started_countsTheEpisodesAStoredNotificationStarted() {
        metrics.started(new NotificationOutcome(
                null,
                false,
                false,
                null,
                null,
                List.of(new IdType("EpisodeOfCare/1"), new IdType("Task/2"), new IdType("CarePlan/3"))));
        metrics.started(new NotificationOutcome(null, true, false, null, null, List.of()));

        assertThat(count(NotificationMetrics.TCM_STARTED)).isEqualTo(1);
    }
}
