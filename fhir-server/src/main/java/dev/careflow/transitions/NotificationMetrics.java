package dev.careflow.transitions;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import dev.careflow.platform.CareflowException;
import dev.careflow.transitions.internal.v2.Acknowledgement;
import dev.careflow.transitions.internal.v2.AdtToFhirMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.springframework.stereotype.Component;

/**
 * Careflow's notification metrics: {@code careflow.notifications.received} (every message, tagged {@code route}
 * {@code fhir}, {@code hl7v2-http} or {@code mllp}, {@code event} and {@code outcome}), {@code
 * careflow.notifications.refused} (the refused ones, by route and event) and {@code careflow.tcm.episodes.started}.
 * Tag values come from fixed lists, never from what a sender wrote.
 */
@Component
class NotificationMetrics {

    static final String RECEIVED = "careflow.notifications.received";
    static final String REFUSED = "careflow.notifications.refused";
    static final String TCM_STARTED = "careflow.tcm.episodes.started";

    /** How a message came in. */
    enum Route {
        FHIR("fhir"),
        HL7V2_HTTP("hl7v2-http"),
        MLLP("mllp");

        final String tag;

        Route(String tag) {
            this.tag = tag;
        }
    }

    /** What became of a message: stored, duplicate, superseded (older than what is stored), refused, failed. */
    enum Outcome {
        STORED,
        DUPLICATE,
        SUPERSEDED,
        REFUSED,
        FAILED;

        static Outcome of(NotificationOutcome outcome) {
            return outcome.duplicate() ? DUPLICATE : outcome.superseded() ? SUPERSEDED : STORED;
        }

        /** A message that was not stored: refused when the answer is a 4xx, failed otherwise. */
        static Outcome of(RuntimeException error) {
            boolean refused = error instanceof CareflowException
                    || (error instanceof BaseServerResponseException response && response.getStatusCode() < 500);
            return refused ? REFUSED : FAILED;
        }

        /** An HL7 v2 application ACK's MSA-1: AA stored, AR refused, AE failed. */
        static Outcome ofAck(String ack) {
            return switch (Acknowledgement.code(ack)) {
                case "AA" -> STORED;
                case "AR" -> REFUSED;
                default -> FAILED;
            };
        }
    }

    private final MeterRegistry registry;

    NotificationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void received(Route route, String event, Outcome outcome) {
        String tag = outcome.name().toLowerCase(java.util.Locale.ROOT);
        registry.counter(RECEIVED, "route", route.tag, "event", event, "outcome", tag)
                .increment();
        if (outcome == Outcome.REFUSED || outcome == Outcome.FAILED) {
            registry.counter(REFUSED, "route", route.tag, "event", event).increment();
        }
    }

    /** The TCM episodes a stored notification started. */
    void started(NotificationOutcome outcome) {
        long episodes = outcome.followUp().stream()
                .map(IdType::getResourceType)
                .filter("EpisodeOfCare"::equals)
                .count();
        if (episodes > 0) {
            registry.counter(TCM_STARTED).increment(episodes);
        }
    }

    /** The Da Vinci event of a FHIR message ({@code notification-discharge}...), else {@code other}. */
    static String event(Bundle message) {
        if (message.hasEntry() && message.getEntryFirstRep().getResource() instanceof MessageHeader header) {
            return NotificationEvent.fromCode(header.getEventCoding().getCode())
                    .map(NotificationEvent::code)
                    .orElse("other");
        }
        return "other";
    }

    /** The trigger event of an HL7 v2 message (MSH-9.2: {@code A03}...) when Careflow knows it, else {@code other}. */
    static String v2Event(String trigger) {
        return trigger != null
                        && (AdtToFhirMapper.TRIGGERS.containsKey(trigger) || AdtToFhirMapper.MERGES.contains(trigger))
                ? trigger
                : "other";
    }
}
