package dev.careflow.transitions.internal.v2;

import java.util.Arrays;

/**
 * The MSH segment of an ER7 message as its raw fields, read without parsing the rest, so that a message HAPI cannot
 * parse (or should not be parsed: an unsupported version or processing id) is still answered with its own control id,
 * and never with an invented one.
 *
 * @param fieldSeparator MSH-1
 * @param encodingCharacters MSH-2
 * @param fields MSH-3 onwards as sent ({@code fields[0]} is MSH-3)
 */
public record Er7Header(char fieldSeparator, String encodingCharacters, String[] fields) {

    /** The standard delimiters, {@code |^~\&}. */
    public static final String STANDARD_ENCODING = "^~\\&";

    /** The MSH of a message, or null when it does not start with a readable MSH segment. */
    public static Er7Header read(String er7) {
        if (er7 == null || er7.length() < 8 || !er7.startsWith("MSH")) {
            return null;
        }
        char separator = er7.charAt(3);
        if (Character.isLetterOrDigit(separator) || separator == '\r' || separator == '\n') {
            return null;
        }
        int end = er7.indexOf('\r');
        String segment = end < 0 ? er7 : er7.substring(0, end);
        String[] raw = segment.substring(4).split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1);
        String encoding = raw.length > 0 ? raw[0] : "";
        if (encoding.isEmpty() || encoding.length() > 5) {
            return null;
        }
        return new Er7Header(separator, encoding, Arrays.copyOfRange(raw, 1, raw.length));
    }

    /**
     * The character set of a message's bytes as MSH-18 names it (HL7 table 0211: {@code UNICODE UTF-8}, {@code 8859/1},
     * {@code ASCII}...); without MSH-18, UTF-8 when the bytes are valid UTF-8, else ISO-8859-1 (what v2 senders that
     * do not say mostly send).
     */
    public static java.nio.charset.Charset charset(byte[] bytes) {
        Er7Header header = read(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
        String named = header == null ? "" : header.component(18, 1).toUpperCase(java.util.Locale.ROOT);
        switch (named) {
            case "UNICODE UTF-8", "UNICODE", "UTF-8":
                return java.nio.charset.StandardCharsets.UTF_8;
            case "8859/1":
                return java.nio.charset.StandardCharsets.ISO_8859_1;
            case "ASCII":
                return java.nio.charset.StandardCharsets.US_ASCII;
            case "8859/15":
                return java.nio.charset.Charset.forName("ISO-8859-15");
            default:
                break;
        }
        try {
            java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return java.nio.charset.StandardCharsets.UTF_8;
        } catch (java.nio.charset.CharacterCodingException e) {
            return java.nio.charset.StandardCharsets.ISO_8859_1;
        }
    }

    /** MSH-n as sent (n ≥ 3), or "" when absent. */
    public String field(int n) {
        int index = n - 3;
        return index >= 0 && index < fields.length ? fields[index] : "";
    }

    /** The first component of MSH-n, trimmed, or "" when absent. */
    public String component(int n, int component) {
        String field = field(n);
        if (field.isEmpty()) {
            return "";
        }
        char separator = encodingCharacters.charAt(0);
        String[] components = field.split(java.util.regex.Pattern.quote(String.valueOf(separator)), -1);
        return component - 1 < components.length ? components[component - 1].trim() : "";
    }

    /** MSH-10, the message control id, or "" when the message has none. */
    public String controlId() {
        return component(10, 1);
    }

    /** MSH-11.1, the processing id (P production, T training, D debugging). */
    public String processingId() {
        return component(11, 1);
    }

    /** MSH-12.1, the version id. */
    public String version() {
        return component(12, 1);
    }

    /** Whether the sender uses the standard delimiters, so that its fields can be echoed as they are. */
    public boolean standardDelimiters() {
        return fieldSeparator == '|' && encodingCharacters.startsWith(STANDARD_ENCODING);
    }
}
