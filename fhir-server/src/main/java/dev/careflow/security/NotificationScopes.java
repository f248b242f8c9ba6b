package dev.careflow.security;

import java.util.List;

/**
 * The scopes a hospital feed needs, over {@code $process-message} and {@code POST /hl7v2} alike: a backend service's
 * {@code system/} scopes that let it create and update what a notification stores (the message, the patient, the
 * encounter, the episode of care and the Tasks it starts). A person's token never qualifies.
 */
final class NotificationScopes {

    static final List<String> TYPES = List.of("MessageHeader", "Patient", "Encounter", "EpisodeOfCare", "Task");

    private NotificationScopes() {}

    static boolean allowed(List<SmartScope> scopes) {
        return TYPES.stream()
                .allMatch(type -> allows(scopes, type, SmartScope.Permission.CREATE)
                        && allows(scopes, type, SmartScope.Permission.UPDATE));
    }

    private static boolean allows(List<SmartScope> scopes, String type, SmartScope.Permission permission) {
        return scopes.stream()
                .anyMatch(s -> s.context() == SmartScope.Context.SYSTEM
                        && s.restriction().isEmpty()
                        && s.covers(type)
                        && s.allows(permission));
    }
}
