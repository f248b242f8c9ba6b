package dev.careflow.transitions.internal.v2;

import ca.uhn.hl7v2.ErrorCode;

/**
 * An HL7 v2 message that cannot become a notification; the message says exactly what is wrong and the code (HL7 table
 * 0357) says what kind of error it is, for ERR-3 of the ACK.
 */
public class AdtMappingException extends RuntimeException {

    private final ErrorCode code;

    public AdtMappingException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public AdtMappingException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
