package dev.careflow.transitions;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.message.ACK;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import dev.careflow.platform.CareflowException;
import dev.careflow.transitions.internal.v2.AdtMappingException;
import dev.careflow.transitions.internal.v2.AdtToFhirMapper;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * HL7 v2 ADT intake, for MLLP and HTTP alike: parse (v2.3 to v2.5.1 into v2.5 structures, leniently), map to a FHIR
 * notification message, hand it to the one {@link NotificationService} pipeline, and always answer with an ACK: AA
 * when stored (or already stored: a repeated MSH-10 is not processed twice), AR when the message cannot be read or is
 * not an ADT A01/A03/A08, AE when it was read but refused or could not be stored; the reason is in MSA-3 and ERR.
 */
@Service
public class Hl7v2Intake {

    private static final Logger log = LoggerFactory.getLogger(Hl7v2Intake.class);
    private static final Pattern CONTROL_ID = Pattern.compile("^MSH(.)(?:[^\\r\\n]*?\\1){8}([^\\r\\n|^]*)");

    private final HapiContext hl7;
    private final AdtToFhirMapper mapper;
    private final NotificationService notifications;

    public Hl7v2Intake(NotificationService notifications, TransitionsSettings settings) {
        this.notifications = notifications;
        this.mapper = new AdtToFhirMapper(settings.v2DefaultZone());
        this.hl7 = new DefaultHapiContext();
        hl7.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
        hl7.setValidationContext(ValidationContextFactory.noValidation());
        // ACK control ids from memory, not from HAPI's default counter file in the working directory.
        hl7.getParserConfiguration().setIdGenerator(new ca.uhn.hl7v2.util.idgenerator.UUIDGenerator());
        // HAPI's contexts share one global executor by default; anyone closing another context would stop ours.
        hl7.setExecutorService(java.util.concurrent.Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "careflow-mllp");
            thread.setDaemon(true);
            return thread;
        }));
    }

    HapiContext context() {
        return hl7;
    }

    /** An ER7 message in, its ACK out. */
    public String receive(String er7) {
        String normalised = er7.strip().replace("\r\n", "\r").replace('\n', '\r');
        Message message;
        try {
            message = hl7.getPipeParser().parse(normalised);
        } catch (HL7Exception e) {
            log.warn("HL7 v2 message refused (unreadable): {}", e.getMessage());
            return minimalAck(normalised, "AR", "The message could not be parsed: " + e.getMessage());
        }
        return encode(receive(message));
    }

    /** A parsed message in, its ACK out. */
    public Message receive(Message message) {
        try {
            NotificationOutcome outcome = notifications.process(mapper.toNotification(message));
            log.info(
                    "HL7 v2 {} stored{}",
                    controlId(message),
                    outcome.duplicate() ? " before (duplicate control id: not processed again)" : "");
            return ack(message, AcknowledgmentCode.AA, null);
        } catch (AdtMappingException e) {
            log.warn("HL7 v2 {} refused: {}", controlId(message), e.getMessage());
            return ack(message, AcknowledgmentCode.AR, e.getMessage());
        } catch (CareflowException e) {
            log.warn("HL7 v2 {} refused: {}", controlId(message), e.getMessage());
            return ack(message, AcknowledgmentCode.AE, e.getMessage());
        } catch (RuntimeException e) {
            log.error("HL7 v2 {} could not be stored", controlId(message), e);
            return ack(message, AcknowledgmentCode.AE, "The message could not be stored: " + e.getMessage());
        }
    }

    /** An AR ACK for a message that is not let in (its sender is not allowed), nothing processed. */
    public Message refuse(Message message, String reason) {
        log.warn("HL7 v2 {} refused: {}", controlId(message), reason);
        return ack(message, AcknowledgmentCode.AR, reason);
    }

    private static Message ack(Message message, AcknowledgmentCode code, String reason) {
        try {
            Message ack = reason == null
                    ? message.generateACK()
                    : message.generateACK(code, new HL7Exception(truncate(reason, 250)));
            if (reason != null) {
                new Terser(ack).set("MSA-3", truncate(reason, 80));
            }
            return ack;
        } catch (HL7Exception | IOException e) {
            throw new IllegalStateException("Could not build an ACK", e);
        }
    }

    private String encode(Message ack) {
        try {
            return hl7.getPipeParser().encode(ack);
        } catch (HL7Exception e) {
            throw new IllegalStateException("Could not encode an ACK", e);
        }
    }

    /** An ACK for a message too broken to parse, echoing its control id when one can be read. */
    String minimalAck(String raw, String code, String reason) {
        try {
            ACK ack = new ACK();
            ack.initQuickstart("ACK", null, "P");
            ack.getMSA().getAcknowledgmentCode().setValue(code);
            Matcher controlId = CONTROL_ID.matcher(raw);
            if (controlId.find()) {
                ack.getMSA().getMessageControlID().setValue(controlId.group(2));
            }
            ack.getMSA().getTextMessage().setValue(truncate(reason, 80));
            ack.getERR()
                    .getErrorCodeAndLocation(0)
                    .getCodeIdentifyingError()
                    .getText()
                    .setValue(truncate(reason, 200));
            ack.getERR().getHL7ErrorCode().getIdentifier().setValue("102");
            ack.getERR().getSeverity().setValue("E");
            ack.getERR().getDiagnosticInformation().setValue(truncate(reason, 250));
            return hl7.getPipeParser().encode(ack);
        } catch (HL7Exception | IOException e) {
            throw new IllegalStateException("Could not build an ACK", e);
        }
    }

    private static String controlId(Message message) {
        try {
            return new Terser(message).get("MSH-10");
        } catch (HL7Exception e) {
            return "?";
        }
    }

    private static String truncate(String text, int length) {
        String single = text.replace('\r', ' ').replace('\n', ' ');
        return single.length() <= length ? single : single.substring(0, length - 1) + "…";
    }
}
