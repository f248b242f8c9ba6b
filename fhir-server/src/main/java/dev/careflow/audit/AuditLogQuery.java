package dev.careflow.audit;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An AuditEvent search as SQL over {@code careflow_audit_event}: each parameter a condition (several occurrences of
 * one parameter: all must hold; comma-separated values: any may), newest first unless {@code _sort} says otherwise,
 * one page of {@code _count} from {@code _offset}. What the log cannot answer is refused (400) naming the parameter.
 *
 * @param where the conditions, joined by {@code and} ({@code true} for none)
 * @param args the values of the conditions' placeholders, in order
 * @param ascending oldest first
 * @param count the page size
 * @param offset how many matches to skip
 * @param countOnly {@code _summary=count}: only the number of matches
 */
record AuditLogQuery(String where, List<Object> args, boolean ascending, int count, int offset, boolean countOnly) {

    /** The search parameters the log answers, beside the result parameters. */
    static final Set<String> PARAMETERS = Set.of(
            "_id",
            "date",
            "_lastUpdated",
            "patient",
            "entity",
            "agent",
            "entity-name",
            "type",
            "subtype",
            "action",
            "outcome");

    private static final Set<String> IGNORED = Set.of("_format", "_pretty", "_elements", "_total");

    static AuditLogQuery of(Map<String, String[]> parameters, int defaultCount, int maxCount) {
        List<String> conditions = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        boolean ascending = false;
        int count = defaultCount;
        int offset = 0;
        boolean countOnly = false;
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            String base = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
            String modifier = name.contains(":") ? name.substring(name.indexOf(':') + 1) : null;
            for (String value : parameter.getValue()) {
                if (value == null || value.isBlank() || IGNORED.contains(name)) {
                    continue;
                }
                switch (base) {
                    case "_count" -> count = Math.min(maxCount, Math.max(0, number(name, value)));
                    case "_offset" -> offset = Math.max(0, number(name, value));
                    case "_sort" -> ascending = ascending(value);
                    case "_summary" -> countOnly = countOnly || "count".equals(value);
                    default -> conditions.add(condition(base, modifier, value, args));
                }
            }
        }
        String where = conditions.isEmpty() ? "true" : String.join(" and ", conditions);
        return new AuditLogQuery(where, args, ascending, count, offset, countOnly);
    }

    private static String condition(String name, String modifier, String value, List<Object> args) {
        List<String> values = Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .toList();
        return switch (name) {
            case "_id" -> ids(modifier, values, args);
            case "date", "_lastUpdated" -> AuditLogDates.condition(name, modifier, values, args);
            case "patient" -> references("patients", name, modifier, values, "Patient", args);
            case "entity" -> references("entities", name, modifier, values, null, args);
            case "agent" -> references("agents", name, modifier, values, null, args);
            case "entity-name" -> names(modifier, values, args);
            case "type" -> tokens("types", name, modifier, values, args);
            case "subtype" -> tokens("subtypes", name, modifier, values, args);
            case "action", "outcome" -> codes(name, modifier, values, args);
            default ->
                throw refused(
                        "Unknown search parameter '" + name + "' for AuditEvent; the audit log is " + "searched by "
                                + String.join(", ", PARAMETERS.stream().sorted().toList()));
        };
    }

    private static String ids(String modifier, List<String> values, List<Object> args) {
        noModifier("_id", modifier);
        List<String> ids = values.stream().filter(AuditLogQuery::isUuid).toList();
        if (ids.isEmpty()) {
            return "false";
        }
        args.add(ids.toArray(String[]::new));
        return "id = any(?::uuid[])";
    }

    private static String references(
            String column, String name, String modifier, List<String> values, String type, List<Object> args) {
        String prefix = type;
        if (modifier != null) {
            if (!modifier.matches("[A-Z][A-Za-z]+")) {
                throw refused("The modifier ':" + modifier + "' of '" + name + "' is not supported for AuditEvent");
            }
            prefix = modifier;
        }
        List<String> exact = new ArrayList<>();
        List<String> anyType = new ArrayList<>();
        for (String value : values) {
            String reference = value.replaceAll("/_history/.*$", "");
            if (reference.contains("/")) {
                exact.add(reference);
            } else if (prefix != null) {
                exact.add(prefix + "/" + reference);
            } else {
                anyType.add("/" + reference);
            }
        }
        List<String> any = new ArrayList<>();
        if (!exact.isEmpty()) {
            args.add(exact.toArray(String[]::new));
            any.add(column + " && ?::text[]");
        }
        if (!anyType.isEmpty()) {
            args.add(anyType.toArray(String[]::new));
            any.add("exists (select 1 from unnest(" + column + ") r, unnest(?::text[]) s where r like '%' || s)");
        }
        return "(" + String.join(" or ", any) + ")";
    }

    private static String names(String modifier, List<String> values, List<Object> args) {
        List<String> lower =
                values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
        args.add(lower.toArray(String[]::new));
        if ("exact".equals(modifier)) {
            return "entity_names && ?::text[]";
        }
        String test = "contains".equals(modifier) ? "strpos(n, s) > 0" : modifier == null ? "starts_with(n, s)" : null;
        if (test == null) {
            throw refused("The modifier ':" + modifier + "' of 'entity-name' is not supported for AuditEvent");
        }
        return "exists (select 1 from unnest(entity_names) n, unnest(?::text[]) s where " + test + ")";
    }

    private static String tokens(String column, String name, String modifier, List<String> values, List<Object> args) {
        if (modifier != null && !"not".equals(modifier)) {
            throw refused("The modifier ':" + modifier + "' of '" + name + "' is not supported for AuditEvent");
        }
        List<String> whole = values.stream().filter(v -> !v.endsWith("|")).toList();
        List<String> systems = values.stream().filter(v -> v.endsWith("|")).toList();
        List<String> any = new ArrayList<>();
        if (!whole.isEmpty()) {
            args.add(whole.toArray(String[]::new));
            any.add(column + " && ?::text[]");
        }
        if (!systems.isEmpty()) {
            args.add(systems.toArray(String[]::new));
            any.add("exists (select 1 from unnest(" + column + ") t, unnest(?::text[]) s where starts_with(t, s))");
        }
        String condition = "(" + String.join(" or ", any) + ")";
        return modifier == null ? condition : "not " + condition;
    }

    private static String codes(String name, String modifier, List<String> values, List<Object> args) {
        if (modifier != null && !"not".equals(modifier)) {
            throw refused("The modifier ':" + modifier + "' of '" + name + "' is not supported for AuditEvent");
        }
        args.add(values.stream().map(v -> v.substring(v.indexOf('|') + 1)).toArray(String[]::new));
        String condition = "coalesce(" + name + ", '') = any(?::text[])";
        return modifier == null ? condition : "not " + condition;
    }

    private static boolean ascending(String value) {
        String first = value.split(",")[0].trim();
        return switch (first) {
            case "date", "_lastUpdated" -> true;
            case "-date", "-_lastUpdated" -> false;
            default ->
                throw refused(
                        "AuditEvent can be sorted by date or _lastUpdated (newest first: -date), not '" + first + "'");
        };
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException notANumber) {
            throw refused("'" + name + "' must be a whole number, not '" + value + "'");
        }
    }

    private static void noModifier(String name, String modifier) {
        if (modifier != null) {
            throw refused("The modifier ':" + modifier + "' of '" + name + "' is not supported for AuditEvent");
        }
    }

    private static boolean isUuid(String value) {
        try {
            return UUID.fromString(value).toString().equalsIgnoreCase(value);
        } catch (IllegalArgumentException notAUuid) {
            return false;
        }
    }

    static InvalidRequestException refused(String message) {
        return new InvalidRequestException(message);
    }

    /** Dates with FHIR's prefixes and precision, as conditions on {@code recorded}. */
    static final class AuditLogDates {

        private AuditLogDates() {}

        static String condition(String name, String modifier, List<String> values, List<Object> args) {
            noModifier(name, modifier);
            List<String> any = new ArrayList<>();
            for (String value : values) {
                any.add(one(name, value, args));
            }
            return "(" + String.join(" or ", any) + ")";
        }

        private static String one(String name, String value, List<Object> args) {
            DateParam date;
            try {
                date = new DateParam(value);
            } catch (RuntimeException unreadable) {
                throw refused("'" + name + "' must be a date (with a prefix such as ge), not '" + value + "'");
            }
            if (date.getValue() == null) {
                throw refused("'" + name + "' must be a date (with a prefix such as ge), not '" + value + "'");
            }
            TemporalPrecisionEnum precision =
                    date.getPrecision() == null ? TemporalPrecisionEnum.MILLI : date.getPrecision();
            Timestamp low = new Timestamp(date.getValue().getTime());
            Timestamp high = new Timestamp(precision.add(date.getValue(), 1).getTime());
            ParamPrefixEnum prefix = date.getPrefix() == null ? ParamPrefixEnum.EQUAL : date.getPrefix();
            switch (prefix) {
                case GREATERTHAN_OR_EQUALS -> args.add(low);
                case GREATERTHAN, STARTS_AFTER, LESSTHAN_OR_EQUALS -> args.add(high);
                case LESSTHAN, ENDS_BEFORE -> args.add(low);
                default -> {
                    args.add(low);
                    args.add(high);
                }
            }
            return switch (prefix) {
                case GREATERTHAN_OR_EQUALS, GREATERTHAN, STARTS_AFTER -> "recorded >= ?";
                case LESSTHAN_OR_EQUALS, LESSTHAN, ENDS_BEFORE -> "recorded < ?";
                case NOT_EQUAL -> "(recorded < ? or recorded >= ?)";
                default -> "(recorded >= ? and recorded < ?)";
            };
        }
    }
}
