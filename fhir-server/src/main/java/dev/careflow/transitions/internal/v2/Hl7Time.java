package dev.careflow.transitions.internal.v2;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HL7 v2 DTM/TS values ({@code YYYY[MM[DD[HH[MM[SS[.S+]]]]]][+/-ZZZZ]}) as FHIR dateTime strings, keeping the offset
 * the sender gave; a time without an offset is read in the sender's configured zone.
 */
final class Hl7Time {

    private static final Pattern TS =
            Pattern.compile("(\\d{4})(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(?:\\.\\d{1,4})?([+-]\\d{4})?");

    private static final DateTimeFormatter FHIR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    private Hl7Time() {}

    static String toFhir(String value, ZoneId defaultZone, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Matcher m = TS.matcher(value.trim());
        if (!m.matches()) {
            throw new AdtMappingException(
                    ca.uhn.hl7v2.ErrorCode.DATA_TYPE_ERROR, field + " '" + value + "' is not an HL7 date/time");
        }
        try {
            if (m.group(4) == null) {
                String date = m.group(1)
                        + (m.group(2) == null ? "" : "-" + m.group(2))
                        + (m.group(3) == null ? "" : "-" + m.group(3));
                if (m.group(3) != null) {
                    java.time.LocalDate.parse(date);
                }
                return date;
            }
            LocalDateTime local = LocalDateTime.of(
                    Integer.parseInt(m.group(1)),
                    Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)),
                    m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
            ZoneOffset offset = m.group(7) == null
                    ? defaultZone.getRules().getOffset(local)
                    : ZoneOffset.of(
                            m.group(7).substring(0, 3) + ":" + m.group(7).substring(3));
            return local.atOffset(offset).format(FHIR);
        } catch (java.time.DateTimeException e) {
            throw new AdtMappingException(
                    ca.uhn.hl7v2.ErrorCode.DATA_TYPE_ERROR, field + " '" + value + "' is not a valid date/time");
        }
    }
}
