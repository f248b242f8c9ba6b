package dev.careflow.security;

import dev.careflow.security.SecuritySettings.Role;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What may be granted to whom, the same rules for the embedded authorization server (at grant time) and for every
 * token the resource server accepts (at use time, so an external issuer's over-broad token is cut down as well):
 *
 * <ul>
 *   <li>a patient or related person: {@code patient/} scopes only, for their own (or their dependant's) record;
 *   <li>staff: {@code patient/} scopes (with a patient chosen on the picker) and {@code user/} scopes;
 *   <li>{@code system/} scopes only to a client acting for itself (client credentials), never to a person.
 * </ul>
 *
 * A grant is the intersection of what the client asked for, what it is registered for and what the person may have;
 * anything else is dropped, as SMART allows, and the token response lists what was granted.
 */
public final class Entitlements {

    /** Scopes that grant no data by themselves: identity, launch context, refresh. */
    private static final Set<String> CONTEXT_SCOPES =
            Set.of("openid", "fhirUser", "profile", "launch", "launch/patient", "offline_access", "online_access");

    private Entitlements() {}

    /** The scopes a person signing in gets, of those the client asked for. */
    public static Set<String> forPerson(Role role, Collection<String> requested, Collection<String> registered) {
        Set<String> granted = new LinkedHashSet<>();
        for (String scope : requested) {
            if (registered.contains(scope) && personMay(role, scope)) {
                granted.add(scope);
            }
        }
        return granted;
    }

    /** The scopes a client acting for itself (client credentials) gets: {@code system/} scopes only. */
    public static Set<String> forClient(Collection<String> requested, Collection<String> registered) {
        Set<String> granted = new LinkedHashSet<>();
        for (String scope : requested) {
            if (registered.contains(scope) && scope.startsWith("system/")) {
                granted.add(scope);
            }
        }
        return granted;
    }

    static boolean personMay(Role role, String scope) {
        if (CONTEXT_SCOPES.contains(scope)) {
            return role != Role.NONE || "openid".equals(scope);
        }
        if (scope.startsWith("patient/")) {
            return role != Role.NONE;
        }
        if (scope.startsWith("user/")) {
            return role == Role.STAFF;
        }
        return false;
    }

    /**
     * The resource scopes a token may use here, given who it is for: a token naming a patient or related person as
     * its {@code fhirUser} uses only its {@code patient/} scopes; a token naming any person uses no {@code system/}
     * scope. Tokens without {@code fhirUser} (backend services) keep what they carry.
     */
    public static List<SmartScope> effective(List<SmartScope> scopes, Optional<String> fhirUser) {
        if (fhirUser.isEmpty() || fhirUser.get().isBlank()) {
            return scopes;
        }
        // Relative (Patient/123) or absolute (https://ehr.example/fhir/Patient/123).
        String[] parts = fhirUser.get().split("/");
        String type = parts.length >= 2 ? parts[parts.length - 2] : "";
        boolean patientSide = type.equals("Patient") || type.equals("RelatedPerson");
        return scopes.stream()
                .filter(s -> s.context() != SmartScope.Context.SYSTEM)
                .filter(s -> !patientSide || s.context() == SmartScope.Context.PATIENT)
                .toList();
    }
}
