package dev.careflow.platform;

import java.util.List;

/**
 * A refusal by Careflow's care logic, with every reason found. Services throw it; {@link DomainExceptionInterceptor}
 * turns it into the HTTP status and an OperationOutcome with one issue per reason, so services need not know HAPI's
 * exception types.
 */
public class CareflowException extends RuntimeException {

    /** What kind of refusal, and the HTTP status it becomes. */
    public enum Kind {
        /** The request cannot be read as what the operation takes (400). */
        MALFORMED(400, "structure"),
        /** A referenced resource does not exist (404). */
        NOT_FOUND(404, "not-found"),
        /** The request conflicts with the current state, such as an illegal transition (409). */
        CONFLICT(409, "conflict"),
        /** The request is readable but breaks a rule (422). */
        UNPROCESSABLE(422, "processing");

        private final int status;
        private final String issueType;

        Kind(int status, String issueType) {
            this.status = status;
            this.issueType = issueType;
        }

        public int status() {
            return status;
        }

        public String issueType() {
            return issueType;
        }
    }

    private final Kind kind;
    private final List<String> reasons;

    public CareflowException(Kind kind, List<String> reasons) {
        super(String.join("; ", reasons));
        this.kind = kind;
        this.reasons = List.copyOf(reasons);
    }

    public Kind kind() {
        return kind;
    }

    public List<String> reasons() {
        return reasons;
    }
}
