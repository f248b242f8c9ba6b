package dev.careflow.transitions.internal.v2;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Original or enhanced acknowledgement mode (HL7 v2 chapter 2, MSH-15 accept and MSH-16 application acknowledgement
 * type, table 0155: AL always, NE never, ER on error only, SU on success only). With both fields empty: original mode,
 * one application ACK (AA/AE/AR). With either valued: enhanced mode, a commit ACK (CA/CE/CR) when MSH-15's condition
 * holds, then the application ACK when MSH-16's; an empty one of the two is taken as NE, a value outside table 0155 as
 * AL (a sender gets an answer rather than silence). Careflow stores a message before it answers, so the commit ACK
 * tells the same as the application ACK: CA when stored (AA), CE when it could not be (AE), CR when refused (AR).
 */
public final class AcknowledgementMode {

    private AcknowledgementMode() {}

    /** The ACKs to send back for a message, in order (none when the sender asked for none). */
    public static List<String> acknowledgements(Er7Header message, String applicationAck) {
        if (message == null || !enhanced(message)) {
            return List.of(applicationAck);
        }
        boolean success = "AA".equals(Acknowledgement.code(applicationAck));
        List<String> acks = new ArrayList<>(2);
        if (wanted(message.component(15, 1), success)) {
            acks.add(Acknowledgement.commit(applicationAck));
        }
        if (wanted(message.component(16, 1), success)) {
            acks.add(applicationAck);
        }
        return acks;
    }

    /** Whether MSH-15 or MSH-16 is valued: the sender asks for enhanced mode. */
    public static boolean enhanced(Er7Header message) {
        return !message.component(15, 1).isEmpty() || !message.component(16, 1).isEmpty();
    }

    static boolean wanted(String condition, boolean success) {
        return switch (condition.toUpperCase(Locale.ROOT)) {
            case "", "NE" -> false;
            case "ER" -> !success;
            case "SU" -> success;
            default -> true;
        };
    }
}
