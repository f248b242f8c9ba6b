package dev.careflow.transitions;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;

/**
 * A notification message that passed the structural checks: what it is about and how to recognise it again.
 *
 * @param message the message Bundle as received
 * @param header its MessageHeader (the first entry)
 * @param event the notification event
 * @param update whether the sender marks it as an update of an earlier notification (HL7 v2 A08)
 * @param key what identifies this message across retries: Bundle.identifier, else the MessageHeader's id and source
 * @param encounterUrl the fullUrl of the Encounter in focus
 * @param patientUrl the fullUrl of that Encounter's Patient
 * @param eventTime when the event happened as the sender says (Bundle.timestamp; for HL7 v2 EVN-6, else EVN-2, else
 *     MSH-7), or null: a notification older than one already processed for the same Encounter changes nothing
 */
public record ReceivedNotification(
        Bundle message,
        MessageHeader header,
        NotificationEvent event,
        boolean update,
        String key,
        String encounterUrl,
        String patientUrl,
        java.time.Instant eventTime) {

    /** Whether the sender withdraws the admission (HL7 v2 A11 cancel admit). */
    public boolean cancelsAdmit() {
        return hasTrigger("A11");
    }

    /** Whether the sender withdraws the discharge (HL7 v2 A13 cancel discharge): the patient is still in. */
    public boolean cancelsDischarge() {
        return hasTrigger("A13");
    }

    private boolean hasTrigger(String trigger) {
        return header.getReason().getCoding().stream()
                .anyMatch(c ->
                        dev.careflow.transitions.internal.NotificationChecker.V2_TRIGGER_SYSTEM.equals(c.getSystem())
                                && trigger.equals(c.getCode()));
    }
}
