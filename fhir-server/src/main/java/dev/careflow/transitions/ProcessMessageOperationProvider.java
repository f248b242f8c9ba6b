package dev.careflow.transitions;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.CareflowOperationProvider;
import dev.careflow.platform.OperationAccess;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/**
 * {@code POST [base]/$process-message}: a hospital's Da Vinci notification (admit, discharge, transfer) as a FHIR
 * message Bundle. Answers 200 with a response message whose MessageHeader.response names the request and says
 * {@code ok}, also for a replay of a message processed before.
 */
@Component
public class ProcessMessageOperationProvider implements CareflowOperationProvider {

    public static final String CANONICAL = "https://careflow.dev/fhir/OperationDefinition/process-message";

    private final NotificationService notifications;

    public ProcessMessageOperationProvider(NotificationService notifications) {
        this.notifications = notifications;
    }

    @OperationAccess(
            resource = {"MessageHeader", "Patient", "Encounter", "EpisodeOfCare", "Task"},
            interaction = {OperationAccess.Interaction.CREATE, OperationAccess.Interaction.UPDATE},
            backendOnly = true)
    @Operation(name = "$process-message", idempotent = false, canonicalUrl = CANONICAL)
    public Bundle processMessage(
            @OperationParam(name = "content", min = 1, max = 1, typeName = "Bundle") IBaseBundle content) {
        if (!(content instanceof Bundle message)) {
            throw new CareflowException(
                    CareflowException.Kind.MALFORMED, java.util.List.of("$process-message takes a Bundle"));
        }
        return response(notifications.processMessage(message));
    }

    static Bundle response(NotificationOutcome outcome) {
        MessageHeader request = outcome.notification().header();
        Bundle response = new Bundle();
        response.setType(Bundle.BundleType.MESSAGE);
        // No Bundle.id: HAPI would answer with a Location to a Bundle that is not stored. The identifier names it.
        response.getIdentifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:" + UUID.randomUUID());
        response.setTimestampElement(InstantType.now());
        MessageHeader header = new MessageHeader();
        header.setId(UUID.randomUUID().toString());
        header.setEvent(request.getEvent());
        header.getSource().setName("Careflow").setEndpoint("urn:careflow:process-message");
        if (request.getSource().hasEndpoint()) {
            header.addDestination()
                    .setEndpoint(request.getSource().getEndpoint())
                    .setName(request.getSource().getName());
        }
        header.getResponse().setIdentifier(requestId(outcome.notification())).setCode(MessageHeader.ResponseType.OK);
        if (outcome.encounter() != null) {
            header.addFocus(new Reference(outcome.encounter()));
        }
        response.addEntry()
                .setFullUrl("urn:uuid:" + header.getIdElement().getIdPart())
                .setResource(header);
        return response;
    }

    /**
     * The request MessageHeader's id (MessageHeader.response.identifier is of type id): its logical id, else the uuid of
     * its {@code urn:uuid:} fullUrl.
     */
    private static String requestId(ReceivedNotification notification) {
        MessageHeader request = notification.header();
        if (request.getIdElement().hasIdPart()) {
            return request.getIdElement().getIdPart();
        }
        String fullUrl = notification.message().getEntryFirstRep().getFullUrl();
        return fullUrl == null ? "unknown" : fullUrl.substring(fullUrl.lastIndexOf(':') + 1);
    }
}
