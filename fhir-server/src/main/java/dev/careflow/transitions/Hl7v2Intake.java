package dev.careflow.transitions;

import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import dev.careflow.platform.CareflowException;
import dev.careflow.transitions.internal.v2.Acknowledgement;
import dev.careflow.transitions.internal.v2.AcknowledgementMode;
import dev.careflow.transitions.internal.v2.AdtMappingException;
import dev.careflow.transitions.internal.v2.AdtToFhirMapper;
import dev.careflow.transitions.internal.v2.Er7Header;
import java.nio.charset.Charset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * HL7 v2 ADT intake, for MLLP and HTTP alike (the same bytes get the same ACK on both): check the MSH (version,
 * processing id, message type and event) before parsing, parse (v2.3 to v2.5.1 into v2.5 structures, leniently), map to
 * a FHIR notification message, hand it to the one {@link NotificationService} pipeline, and always answer with an ACK:
 * AA when stored (or already stored: a repeated MSH-10 is not processed twice; or older than what is stored: not
 * applied), AR when the message cannot be read or is not one Careflow takes, AE when it was read but refused or could
 * not be stored. The reason is in MSA-3 and ERR, with its HL7 table 0357 code in ERR-3. A sender that values MSH-15 or
 * MSH-16 gets enhanced mode acknowledgements ({@link AcknowledgementMode}).
 */
@Service
public class Hl7v2Intake {

    private static final Logger log = LoggerFactory.getLogger(Hl7v2Intake.class);

    private final HapiContext hl7;
    private final AdtToFhirMapper mapper;
    private final NotificationService notifications;
    private final TransitionsSettings settings;
    private final PatientMergeService merges;
    private final NotificationMetrics metrics;

    public Hl7v2Intake(
            NotificationService notifications,
            PatientMergeService merges,
            TransitionsSettings settings,
            NotificationMetrics metrics) {
        this.notifications = notifications;
        this.metrics = metrics;
        this.merges = merges;
        this.settings = settings;
        this.mapper = new AdtToFhirMapper(settings.v2DefaultZone());
        this.hl7 = new DefaultHapiContext();
        hl7.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
        hl7.setValidationContext(ValidationContextFactory.noValidation());
    }

    /**
     * An MLLP frame's bytes in, its ACKs' bytes out (in the character set MSH-18 names), to send back in this order: in
     * original mode the one ACK, in enhanced mode (MSH-15/16) the commit ACK and the application ACK its sender asked
     * for, possibly none ({@link AcknowledgementMode}).
     */
    public List<byte[]> receive(byte[] er7) {
        Charset charset = Er7Header.charset(er7);
        return acknowledgements(new String(er7, charset), NotificationMetrics.Route.MLLP).stream()
                .map(ack -> ack.getBytes(charset))
                .toList();
    }

    /**
     * An ER7 message in, the one ACK to answer over HTTP out: the application ACK (in original mode, or when MSH-16
     * asks for it), else the commit ACK (when MSH-15 asks for it), else null: the sender asked for no ACK.
     */
    public String receive(String er7) {
        List<String> acks = acknowledgements(er7, NotificationMetrics.Route.HL7V2_HTTP);
        return acks.isEmpty() ? null : acks.get(acks.size() - 1);
    }

    /** An ER7 message in, the ACKs to send back in order (see {@link AcknowledgementMode}). */
    private List<String> acknowledgements(String er7, NotificationMetrics.Route route) {
        String message = normalise(er7);
        String applicationAck = applicationAck(message);
        count(route, message, applicationAck);
        return AcknowledgementMode.acknowledgements(Er7Header.read(message), applicationAck);
    }

    private void count(NotificationMetrics.Route route, String message, String applicationAck) {
        Er7Header header = Er7Header.read(message);
        metrics.received(
                route,
                NotificationMetrics.v2Event(header == null ? null : header.component(9, 2)),
                NotificationMetrics.Outcome.ofAck(applicationAck));
    }

    /** The application ACK (AA, AE or AR) of a normalised message, after processing it. */
    private String applicationAck(String message) {
        Er7Header header = Er7Header.read(message);
        if (message.isEmpty()) {
            return refuse(null, ErrorCode.SEGMENT_SEQUENCE_ERROR, "The message is empty");
        }
        if (header == null) {
            return refuse(null, ErrorCode.SEGMENT_SEQUENCE_ERROR, "The message does not start with an MSH segment");
        }
        if (header.controlId().isEmpty()) {
            return refuse(header, ErrorCode.REQUIRED_FIELD_MISSING, "MSH-10 (message control id) is empty");
        }
        if (!Acknowledgement.VERSIONS.contains(header.version())) {
            return refuse(
                    header,
                    ErrorCode.UNSUPPORTED_VERSION_ID,
                    "MSH-12 version '" + header.version() + "' is not supported: Careflow takes "
                            + String.join(", ", Acknowledgement.VERSIONS));
        }
        if (!settings.v2ProcessingIds().contains(header.processingId())) {
            return refuse(
                    header,
                    ErrorCode.UNSUPPORTED_PROCESSING_ID,
                    "MSH-11 processing id '" + header.processingId() + "' is not accepted here (only "
                            + String.join(", ", settings.v2ProcessingIds()) + ")");
        }
        String type = header.component(9, 1);
        String event = header.component(9, 2);
        if (!"ADT".equals(type)) {
            return refuse(
                    header, ErrorCode.UNSUPPORTED_MESSAGE_TYPE, "Not an ADT message: MSH-9 is " + header.field(9));
        }
        if (!AdtToFhirMapper.TRIGGERS.containsKey(event)) {
            return refuse(header, ErrorCode.UNSUPPORTED_EVENT_CODE, AdtToFhirMapper.unsupported(event));
        }
        Message parsed;
        try {
            parsed = hl7.getPipeParser().parse(message);
        } catch (HL7Exception e) {
            return refuse(header, ErrorCode.DATA_TYPE_ERROR, "The message could not be parsed: " + e.getMessage());
        }
        return process(header, parsed);
    }

    /** An AR ACK for a message over MLLP that is not let in (its sender is not allowed), nothing processed. */
    public String refuse(String er7, String reason) {
        String ack = refuse(Er7Header.read(normalise(er7)), ErrorCode.APPLICATION_INTERNAL_ERROR, reason);
        count(NotificationMetrics.Route.MLLP, normalise(er7), ack);
        return ack;
    }

    private String process(Er7Header header, Message message) {
        try {
            if (AdtToFhirMapper.MERGES.contains(header.component(9, 2))) {
                AdtToFhirMapper.PatientMerge merge = mapper.toMerge(message);
                int moved = merges.merge(merge.surviving(), merge.prior());
                log.info("HL7 v2 {} merged two patient records ({} resources moved)", header.controlId(), moved);
                return Acknowledgement.accept(header);
            }
            NotificationOutcome outcome = notifications.process(mapper.toNotification(message));
            log.info(
                    "HL7 v2 {} stored{}",
                    header.controlId(),
                    outcome.duplicate()
                            ? " before (duplicate control id: not processed again)"
                            : outcome.superseded() ? " nothing: older than what is stored for its encounter" : "");
            return Acknowledgement.accept(header);
        } catch (AdtMappingException e) {
            return refuse(header, e.code(), e.getMessage());
        } catch (ResourceVersionConflictException e) {
            return error(
                    header,
                    ErrorCode.APPLICATION_RECORD_LOCKED,
                    "The records this message changes were being changed by other messages; send it again");
        } catch (CareflowException e) {
            return error(
                    header,
                    switch (e.kind()) {
                        case CONFLICT -> ErrorCode.APPLICATION_RECORD_LOCKED;
                        case NOT_FOUND -> ErrorCode.UNKNOWN_KEY_IDENTIFIER;
                        default -> ErrorCode.DATA_TYPE_ERROR;
                    },
                    e.getMessage());
        } catch (RuntimeException e) {
            log.error("HL7 v2 {} could not be stored", header.controlId(), e);
            return error(
                    header, ErrorCode.APPLICATION_INTERNAL_ERROR, "The message could not be stored: " + e.getMessage());
        }
    }

    private static String refuse(Er7Header header, ErrorCode code, String reason) {
        log.warn("HL7 v2 {} refused (AR {}): {}", header == null ? "?" : header.controlId(), code.getCode(), reason);
        return Acknowledgement.error(header, Acknowledgement.Code.AR, code, reason);
    }

    private static String error(Er7Header header, ErrorCode code, String reason) {
        log.warn("HL7 v2 {} refused (AE {}): {}", header.controlId(), code.getCode(), reason);
        return Acknowledgement.error(header, Acknowledgement.Code.AE, code, reason);
    }

    private static String normalise(String er7) {
        return er7 == null ? "" : er7.strip().replace("\r\n", "\r").replace('\n', '\r');
    }
}
