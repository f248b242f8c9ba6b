package dev.careflow.transitions;

import java.util.List;
import org.hl7.fhir.r4.model.IdType;

/**
 * What Careflow did with a notification.
 *
 * @param notification the notification as checked
 * @param duplicate whether the same message had been processed before (then nothing was stored this time)
 * @param superseded whether the message is older than what was already processed for its Encounter (then nothing was
 *     stored: a late or resent event never overwrites newer state)
 * @param patient the stored Patient (null for a duplicate)
 * @param encounter the stored Encounter (null for a duplicate)
 * @param followUp what the notification started: TCM episode, plan, tasks, risk assessment, or review tasks
 */
public record NotificationOutcome(
        ReceivedNotification notification,
        boolean duplicate,
        boolean superseded,
        IdType patient,
        IdType encounter,
        List<IdType> followUp) {}
