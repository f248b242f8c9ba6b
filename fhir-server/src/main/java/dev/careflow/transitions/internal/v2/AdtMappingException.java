package dev.careflow.transitions.internal.v2;

/** An HL7 v2 message that cannot become a notification; the message says exactly what is wrong. */
public class AdtMappingException extends RuntimeException {

    public AdtMappingException(String message) {
        super(message);
    }

    public AdtMappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
