package dev.careflow.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a request's URL parameters must be before HAPI sees them, on REST requests and on the conditional URLs inside
 * transactions alike. Each rule stands for a 500 HAPI or PostgreSQL gave on such input, or for input HAPI silently
 * ignored (an unknown modifier), so that a client gets a 400 naming the parameter instead.
 */
final class SearchUrlRules {

    /** FHIR R4 search modifiers (search.html#modifiers) and HAPI's own ({@code :nickname}, {@code :mdm}, ...). */
    static final Set<String> MODIFIERS = Set.of(
            "missing",
            "exact",
            "contains",
            "text",
            "not",
            "above",
            "below",
            "in",
            "not-in",
            "of-type",
            "identifier",
            "iterate",
            "recurse",
            "nickname",
            "mdm",
            "text-advanced",
            "code-text",
            // HAPI: _elements:exclude
            "exclude");

    /** Whole numbers up to 999,999,999: beyond that HAPI's offset arithmetic overflows an int. */
    private static final Pattern PAGING_NUMBER = Pattern.compile("\\d{1,9}");

    private static final Set<String> PAGING = Set.of("_count", "_offset", "_getpagesoffset");

    /** A FHIR dateTime or instant: HAPI ignored an unreadable {@code _since} and returned everything. */
    private static final Pattern DATE_TIME = Pattern.compile(
            "\\d{4}(-\\d{2}(-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})?)?)?)?");

    private SearchUrlRules() {}

    /**
     * @param parameters the parameters, as decoded
     * @param resourceTypes the resource type names, which a reference parameter may use as its modifier
     * @param search whether these parameters are a search (modifiers are checked)
     * @param conditional whether they select the resource of a conditional write
     * @return what is wrong, one sentence per problem
     */
    static List<String> check(
            Map<String, String[]> parameters, Set<String> resourceTypes, boolean search, boolean conditional) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            String[] values = parameter.getValue() == null ? new String[0] : parameter.getValue();
            badCharacter(name).ifPresent(c -> problems.add("Parameter name '" + printable(name) + "' contains " + c));
            for (String value : values) {
                badCharacter(value)
                        .ifPresent(c -> problems.add("Parameter '" + printable(name) + "' has a value that contains "
                                + c + ", which FHIR strings may not hold"));
                if (name.equals("_since") && !DATE_TIME.matcher(value).matches()) {
                    problems.add("Parameter '" + name + "' must be a FHIR dateTime, such as 2026-01-01T00:00:00Z, not '"
                            + printable(value) + "'");
                }
                if (PAGING.contains(name) && !PAGING_NUMBER.matcher(value).matches()) {
                    problems.add("Parameter '" + name + "' must be a whole number from 0 to 999999999, not '"
                            + printable(value) + "'");
                }
            }
            if (search) {
                unknownModifier(name, resourceTypes).ifPresent(problems::add);
            }
            if (conditional && name.equals("_id:missing")) {
                problems.add(
                        "'_id:missing' cannot select the resource of a conditional write: every resource has an id");
            }
        }
        return problems;
    }

    private static java.util.Optional<String> unknownModifier(String name, Set<String> resourceTypes) {
        if (name.startsWith("_has:")) {
            return java.util.Optional.empty();
        }
        int colon = name.indexOf(':');
        if (colon <= 0) {
            return java.util.Optional.empty();
        }
        String modifier = name.substring(colon + 1);
        int dot = modifier.indexOf('.');
        if (dot >= 0) {
            modifier = modifier.substring(0, dot);
        }
        if (MODIFIERS.contains(modifier) || resourceTypes.contains(modifier)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("Unknown search modifier ':" + printable(modifier) + "' on parameter '"
                + printable(name.substring(0, colon)) + "' (FHIR's are :"
                + String.join(", :", new java.util.TreeSet<>(MODIFIERS))
                + ", or a resource type on a reference)");
    }

    /**
     * A character PostgreSQL cannot store or FHIR forbids in a string: a control character other than tab, carriage
     * return and line feed (NUL above all), or half of a surrogate pair.
     */
    static java.util.Optional<String> badCharacter(String text) {
        if (text == null) {
            return java.util.Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return java.util.Optional.of(String.format("the control character U+%04X", (int) c));
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return java.util.Optional.of(String.format("a lone surrogate U+%04X (not a character)", (int) c));
            }
            if (Character.isLowSurrogate(c)) {
                return java.util.Optional.of(String.format("a lone surrogate U+%04X (not a character)", (int) c));
            }
        }
        return java.util.Optional.empty();
    }

    /** The text with control characters and lone surrogates shown as escapes, and cut short, to quote back safely. */
    static String printable(String text) {
        StringBuilder shown = new StringBuilder();
        int i = 0;
        for (; i < text.length() && shown.length() < 100; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || Character.isSurrogate(c)) {
                shown.append(String.format("\\u%04X", (int) c));
            } else {
                shown.append(c);
            }
        }
        return i < text.length() ? shown + "..." : shown.toString();
    }
}
