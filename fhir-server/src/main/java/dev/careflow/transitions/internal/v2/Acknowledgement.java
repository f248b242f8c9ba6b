package dev.careflow.transitions.internal.v2;

import ca.uhn.hl7v2.ErrorCode;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * An HL7 v2 ACK (original acknowledgement mode) written as ER7, for MLLP and HTTP alike, so that the same bytes get the
 * same answer on both routes. MSA-2 echoes the message's MSH-10 and is left empty when the message has none that can
 * be read; an error carries its HL7 table 0357 code in ERR-3 (and in ERR-1 for senders before v2.5), the reason in
 * MSA-3 and ERR-7. The ACK's own control id is random, not taken from a counter file.
 */
public final class Acknowledgement {

    /** The versions Careflow takes (and answers in); others are answered in the newest. */
    public static final java.util.List<String> VERSIONS = java.util.List.of("2.3", "2.3.1", "2.4", "2.5", "2.5.1");

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSZ");

    private Acknowledgement() {}

    /** MSA-1: application accept, error or reject. */
    public enum Code {
        AA,
        AE,
        AR,
        /** Enhanced mode commit accept, error and reject (see {@link AcknowledgementMode}). */
        CA,
        CE,
        CR
    }

    /** MSA-1 of an ACK this class wrote. */
    public static String code(String ack) {
        String[] segments = ack.split("\r");
        for (String segment : segments) {
            if (segment.startsWith("MSA|")) {
                String[] fields = segment.split("\\|", -1);
                return fields.length > 1 ? fields[1] : "";
            }
        }
        return "";
    }

    /**
     * The enhanced mode commit ACK matching an application ACK this class wrote: the same answer (AA as CA, AE as CE,
     * AR as CR, with the same MSA-2, reason and ERR) under a control id of its own.
     */
    public static String commit(String applicationAck) {
        String[] segments = applicationAck.split("\r", -1);
        StringBuilder commit = new StringBuilder(applicationAck.length());
        for (String segment : segments) {
            if (segment.isEmpty()) {
                continue;
            }
            String[] fields = segment.split("\\|", -1);
            if (segment.startsWith("MSH|") && fields.length > 9) {
                fields[9] = controlId();
            } else if (segment.startsWith("MSA|") && fields.length > 1) {
                fields[1] = "C" + fields[1].substring(1);
            }
            commit.append(String.join("|", fields)).append('\r');
        }
        return commit.toString();
    }

    private static String controlId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }

    /** An AA: the message was stored (or had been before). */
    public static String accept(Er7Header message) {
        return build(message, Code.AA, null, null);
    }

    /** An AE or AR with its table 0357 code and reason. */
    public static String error(Er7Header message, Code code, ErrorCode error, String reason) {
        return build(message, code, error, reason);
    }

    private static String build(Er7Header message, Code code, ErrorCode error, String reason) {
        boolean echo = message != null && message.standardDelimiters();
        String trigger = message == null ? "" : message.component(9, 2);
        String version = message != null && VERSIONS.contains(message.version()) ? message.version() : "2.5.1";
        String processing = message == null || message.processingId().isEmpty() ? "P" : message.processingId();
        StringBuilder ack = new StringBuilder();
        ack.append("MSH|^~\\&|")
                .append(echo ? message.field(5) : "CAREFLOW")
                .append('|')
                .append(echo ? message.field(6) : "")
                .append('|')
                .append(echo ? message.field(3) : "")
                .append('|')
                .append(echo ? message.field(4) : "")
                .append('|')
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(TS))
                .append("||ACK^")
                .append(escape(trigger))
                .append("^ACK|")
                .append(controlId())
                .append('|')
                .append(escape(processing))
                .append('|')
                .append(version)
                .append('\r');
        ack.append("MSA|").append(code).append('|').append(message == null ? "" : escape(message.controlId()));
        if (reason != null) {
            ack.append('|').append(escape(truncate(reason, 80)));
        }
        ack.append('\r');
        if (error != null) {
            String described = error.getCode() + "^" + escape(error.getMessage()) + "^HL70357";
            ack.append("ERR|^^^")
                    .append(error.getCode())
                    .append('&')
                    .append(escape(error.getMessage()))
                    .append("&HL70357||")
                    .append(described)
                    .append("|E||||")
                    .append(escape(truncate(reason == null ? error.getMessage() : reason, 250)))
                    .append('\r');
        }
        return ack.toString();
    }

    /** ER7 escaping of a text value with the standard delimiters; line breaks become spaces. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\' -> escaped.append("\\E\\");
                case '|' -> escaped.append("\\F\\");
                case '^' -> escaped.append("\\S\\");
                case '&' -> escaped.append("\\T\\");
                case '~' -> escaped.append("\\R\\");
                case '\r', '\n' -> escaped.append(' ');
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static String truncate(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length - 1) + "…";
    }
}
