package dev.careflow.transitions;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Transitions of care: discharge notifications and the TCM clock.
 *
 * @param mllp the HL7 v2 MLLP listener
 * @param highComplexityLace a LACE index at or above this makes a TCM case high complexity (face-to-face within 7
 *     days, CPT 99496); below it, moderate (14 days, CPT 99495)
 * @param extraClosureDates dates on which the practice is closed besides US federal holidays; they are not business
 *     days for the 2-business-day contact
 * @param v2DefaultZone the time zone of HL7 v2 times sent without an offset
 * @param tcmEncounterClasses Encounter.class codes (v3 ActCode) whose discharge starts TCM: inpatient, acute and
 *     non-acute inpatient (skilled nursing), observation, short stay
 * @param v2ProcessingIds the HL7 v2 processing ids (MSH-11) taken: P production by default; T training and D debugging
 *     messages are answered AR 202 and not stored unless listed here
 * @param parallelMessages the most notifications one server process stores at once, from both routes (messages about
 *     one encounter are ordered by a database lock whatever this is); a message beyond them waits for a turn before
 *     its database transaction, holding no connection and nothing read, so a burst queues instead of filling memory
 */
@Validated
@ConfigurationProperties("careflow.transitions")
public record TransitionsSettings(
        @DefaultValue Mllp mllp,
        @DefaultValue("10") @Min(0) @Max(19) int highComplexityLace,
        @DefaultValue List<LocalDate> extraClosureDates,
        @DefaultValue("UTC") ZoneId v2DefaultZone,
        @DefaultValue({"IMP", "ACUTE", "NONAC", "OBSENC", "SS"}) Set<String> tcmEncounterClasses,
        @DefaultValue("P") Set<String> v2ProcessingIds,
        @DefaultValue("4") @Min(1) int parallelMessages) {

    /**
     * @param enabled listen for HL7 v2 over MLLP
     * @param port the TCP port (2575 is MLLP's registered port); 0 picks a free one
     * @param allowedNetworks the networks (CIDR) senders may connect from: MLLP carries no credentials, so the
     *     interface engine's network is what is trusted; messages from elsewhere are answered AR and not processed
     * @param maxConnections the most connections open at once; a connection beyond them is closed at once (and logged)
     * @param workers the threads that process messages (an idle connection holds none): the most messages processed
     *     at once, each connection's strictly in order
     */
    public record Mllp(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("2575") @Min(0) int port,
            @DefaultValue({"127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"})
                    List<String> allowedNetworks,
            @DefaultValue("64") @Min(1) int maxConnections,
            @DefaultValue("8") @Min(1) int workers) {}
}
