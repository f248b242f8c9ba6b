package dev.careflow.security;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMART resource scope, v2 ({@code patient/Observation.rs}, {@code user/*.cruds}, with an optional
 * {@code ?param=value} restriction) or v1 ({@code patient/Observation.read}, {@code user/*.write},
 * {@code system/*.*}).
 *
 * @param context whose data: the launched patient's, what the user may see, or the whole system's
 * @param resourceType a resource type, or {@code *}
 * @param permissions what may be done
 * @param restriction a v2 search restriction ({@code category=laboratory}), if any
 */
public record SmartScope(
        Context context, String resourceType, Set<Permission> permissions, Optional<String> restriction) {

    public enum Context {
        PATIENT,
        USER,
        SYSTEM
    }

    public enum Permission {
        CREATE,
        READ,
        UPDATE,
        DELETE,
        SEARCH
    }

    private static final Pattern SCOPE =
            Pattern.compile("^(patient|user|system)/([A-Za-z]+|\\*)\\.([a-z*]+)(?:\\?(.+))?$");
    private static final Pattern V2 = Pattern.compile("^c?r?u?d?s?$");

    /** The scope a string names, or empty for what is not a resource scope (openid, launch, offline_access, ...). */
    public static Optional<SmartScope> parse(String scope) {
        Matcher matcher = SCOPE.matcher(scope.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Context context = Context.valueOf(matcher.group(1).toUpperCase());
        String type = matcher.group(2);
        String verbs = matcher.group(3);
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        switch (verbs) {
            case "read" -> permissions.addAll(List.of(Permission.READ, Permission.SEARCH));
            case "write" -> permissions.addAll(List.of(Permission.CREATE, Permission.UPDATE, Permission.DELETE));
            case "*" -> permissions.addAll(EnumSet.allOf(Permission.class));
            default -> {
                if (verbs.isEmpty() || !V2.matcher(verbs).matches()) {
                    return Optional.empty();
                }
                for (char verb : verbs.toCharArray()) {
                    permissions.add(
                            switch (verb) {
                                case 'c' -> Permission.CREATE;
                                case 'r' -> Permission.READ;
                                case 'u' -> Permission.UPDATE;
                                case 'd' -> Permission.DELETE;
                                default -> Permission.SEARCH;
                            });
                }
            }
        }
        return Optional.of(new SmartScope(context, type, permissions, Optional.ofNullable(matcher.group(4))));
    }

    /** Every resource scope in a space-separated {@code scope} claim. */
    public static List<SmartScope> parseAll(String scopes) {
        if (scopes == null || scopes.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(scopes.trim().split("\\s+"))
                .map(SmartScope::parse)
                .flatMap(Optional::stream)
                .toList();
    }

    public boolean allows(Permission permission) {
        return permissions.contains(permission);
    }

    public boolean covers(String type) {
        return "*".equals(resourceType) || resourceType.equals(type);
    }
}
