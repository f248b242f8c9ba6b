package dev.careflow.careplan;

import java.io.InputStream;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import org.fhir.ucum.Decimal;
import org.fhir.ucum.UcumEssenceService;
import org.fhir.ucum.UcumException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * UCUM unit conversion for goal targets, through the UCUM reference implementation ({@code org.fhir:ucum}, which HAPI's
 * JPA model brings for its normalised quantity search) and its {@code ucum-essence.xml}. Should that library be
 * missing, a small table of the conversions care plans use (mass, length, temperature aside) stands in; units outside
 * it do not convert. Conversions that need more than the units (mg/dL of glucose to mmol/L needs its molar mass) do not
 * convert either: the caller treats such a value as not comparable.
 */
final class Units {

    private static final Logger log = LoggerFactory.getLogger(Units.class);

    /** Fallback: factor to the base unit of the dimension, keyed by UCUM code. */
    private static final Map<String, Map.Entry<String, BigDecimal>> TABLE = Map.ofEntries(
            Map.entry("kg", Map.entry("g", new BigDecimal("1000"))),
            Map.entry("g", Map.entry("g", BigDecimal.ONE)),
            Map.entry("mg", Map.entry("g", new BigDecimal("0.001"))),
            Map.entry("[lb_av]", Map.entry("g", new BigDecimal("453.59237"))),
            Map.entry("[oz_av]", Map.entry("g", new BigDecimal("28.349523125"))),
            Map.entry("m", Map.entry("m", BigDecimal.ONE)),
            Map.entry("cm", Map.entry("m", new BigDecimal("0.01"))),
            Map.entry("mm", Map.entry("m", new BigDecimal("0.001"))),
            Map.entry("[in_i]", Map.entry("m", new BigDecimal("0.0254"))),
            Map.entry("[ft_i]", Map.entry("m", new BigDecimal("0.3048"))),
            Map.entry("L", Map.entry("L", BigDecimal.ONE)),
            Map.entry("mL", Map.entry("L", new BigDecimal("0.001"))),
            Map.entry("dL", Map.entry("L", new BigDecimal("0.1"))),
            Map.entry("min", Map.entry("s", new BigDecimal("60"))),
            Map.entry("h", Map.entry("s", new BigDecimal("3600"))),
            Map.entry("d", Map.entry("s", new BigDecimal("86400"))),
            Map.entry("wk", Map.entry("s", new BigDecimal("604800"))));

    private static final UcumEssenceService SERVICE = load();

    private Units() {}

    /** The value in the wanted unit, or empty when the units do not convert. */
    static Optional<BigDecimal> convert(BigDecimal value, String from, String to) {
        if (from.equals(to)) {
            return Optional.of(value);
        }
        if (SERVICE != null) {
            try {
                if (!SERVICE.isComparable(from, to)) {
                    return Optional.empty();
                }
                Decimal converted = SERVICE.convert(new Decimal(value.toPlainString()), from, to);
                return Optional.of(new BigDecimal(converted.asDecimal()));
            } catch (UcumException | RuntimeException e) {
                return Optional.empty();
            }
        }
        Map.Entry<String, BigDecimal> source = TABLE.get(from);
        Map.Entry<String, BigDecimal> target = TABLE.get(to);
        if (source == null || target == null || !source.getKey().equals(target.getKey())) {
            return Optional.empty();
        }
        return Optional.of(
                value.multiply(source.getValue()).divide(target.getValue(), java.math.MathContext.DECIMAL64));
    }

    private static UcumEssenceService load() {
        try (InputStream essence = Units.class.getClassLoader().getResourceAsStream("ucum-essence.xml")) {
            if (essence == null) {
                log.warn("ucum-essence.xml not on the classpath: goal targets convert only the units of a small table");
                return null;
            }
            return new UcumEssenceService(essence);
        } catch (Exception | LinkageError e) {
            log.warn(
                    "UCUM service unavailable ({}): goal targets convert only the units of a small table",
                    e.toString());
            return null;
        }
    }
}
