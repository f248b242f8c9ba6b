package dev.careflow.audit;

import java.util.Optional;

/** Who calls: the person the verified token of the request this thread serves names, for records of who did what. */
public final class Callers {

    private Callers() {}

    /** The token's {@code fhirUser} ({@code Practitioner/1}, ...), empty for a backend client or without a token. */
    public static Optional<String> fhirUser() {
        return AuditEvents.claims().get("fhirUser") instanceof String user && !user.isBlank()
                ? Optional.of(user)
                : Optional.empty();
    }
}
