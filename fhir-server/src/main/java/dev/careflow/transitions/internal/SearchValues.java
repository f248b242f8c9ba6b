package dev.careflow.transitions.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Values written into FHIR search URLs (the {@code ifNoneExist} of a conditional create, the URL of a conditional
 * update): the one place where names and identifiers are escaped. FHIR search gives {@code \}, {@code ,}, {@code $} and
 * {@code |} a meaning (escape, OR, composite and token separators), so each is escaped with a backslash (FHIR R4 §3.1.1.5,
 * "Escaping search parameters"); the result is then percent-encoded as UTF-8, spaces as {@code %20}. Unescaped, a ward
 * named "Mercy General, 5 North" searched as two names, never matched the stored one, and every later message naming it
 * met the stored search URL (409).
 */
final class SearchValues {

    private SearchValues() {}

    /** A string value ({@code name:exact=...}). */
    static String string(String value) {
        return percent(escape(value));
    }

    /** A token ({@code system|value}): each part escaped, the separator kept. */
    static String token(String system, String value) {
        return percent(escape(system)) + "|" + percent(escape(value));
    }

    /** A reference or a plain value with no FHIR-significant characters to escape ({@code Encounter/123}). */
    static String plain(String value) {
        return percent(value);
    }

    /** FHIR search escaping: a backslash before each of {@code \ , $ |}. */
    static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == ',' || c == '$' || c == '|') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    private static String percent(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
