package dev.careflow.transitions;

import java.util.List;
import org.hl7.fhir.r4.model.IdType;

/**
 * What Careflow did with a notification.
 *
 * @param notification the notification as checked
 * @param duplicate whether the same message had been processed before (then nothing was stored this time)
 * @param patient the stored Patient (null for a duplicate)
 * @param encounter the stored Encounter (null for a duplicate)
 * @param followUp what the notification started: TCM episode, plan, tasks, risk assessment, or review tasks
 */
public record NotificationOutcome(
        ReceivedNotification notification,
        boolean duplicate,
        IdType patient,
        IdType encounter,
        List<IdType> followUp) {}
