package dev.careflow.programs.billing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The billing codes of care management programmes as ONE table (pure): each row a CPT or HCPCS code, its programme,
 * what it measures, its threshold, and its source. A base code is earned when its measure reaches the threshold; an
 * add-on ({@link Rule#addOnTo}) earns one unit per further {@code threshold} beyond its base's threshold, up to
 * {@code maxUnits}. Where CMS counts a unit of time as attained once its midpoint is passed ({@link Rule#midpoint}: the
 * collaborative care codes), a base is earned at more than half its threshold and each add-on unit at more than half
 * its step beyond the base's full threshold. Sources:
 *
 * <ul>
 *   <li>CCM: CMS MLN909188 "Chronic Care Management Services" (99490, 99439 up to twice a month, 99491, 99437, 99487,
 *       99489; PCM 99424-99427 are in the same booklet's table).
 *   <li>BHI / CoCM: CMS MLN909432 "Behavioral Health Integration Services" (99484; 99492 first month, 99493 later
 *       months, 99494 each additional 30 minutes).
 *   <li>TCM: CMS MLN908628 "Transitional Care Management Services" (99495 moderate, 99496 high complexity; the date of
 *       service is the face-to-face visit's, the claim may be sent once the visit is furnished).
 *   <li>RPM: CMS "Remote Patient Monitoring" FAQ and the CY2021 PFS final rule (99453 once per episode, 99454 16 days of
 *       readings in 30 days, 99457 first 20 minutes, 99458 each additional 20).
 *   <li>APCM: CY2025 Physician Fee Schedule final rule (G0556, G0557, G0558 monthly by level, no time threshold).
 * </ul>
 */
public final class BillingRules {

    /** What a code measures. */
    public enum Measure {
        /** Clinical staff time (including time of anyone but the billing practitioner). */
        STAFF_MINUTES("minutes of clinical staff time"),
        /** Time the billing practitioner (physician or QHP) spends himself. */
        PHYSICIAN_MINUTES("minutes of the billing practitioner's own time"),
        /** Every counted minute of the programme, whoever spent it. */
        ALL_MINUTES("minutes"),
        /** Days of the month with a device reading (an Observation naming a device). */
        DEVICE_DAYS("days of readings"),
        /** A monthly service without a time threshold. */
        MONTHLY("month"),
        /** A service billed for an event (the TCM face-to-face visit). */
        EVENT("event");

        private final String unit;

        Measure(String unit) {
            this.unit = unit;
        }

        public String unit() {
            return unit;
        }
    }

    /** When in an episode a code applies. */
    public enum Timing {
        ANY_MONTH,
        FIRST_MONTH,
        LATER_MONTHS,
        ONCE_PER_EPISODE
    }

    /** One row of the table. */
    public record Rule(
            String code,
            String programme,
            Measure measure,
            int threshold,
            Optional<String> addOnTo,
            int maxUnits,
            Timing timing,
            String source,
            boolean midpoint) {

        boolean isAddOn() {
            return addOnTo.isPresent();
        }

        /** The measure at which the base code, or the first unit of the add-on beyond its base, is earned. */
        long reachedAt() {
            return midpoint ? threshold / 2 + 1 : threshold;
        }
    }

    private static final String CCM = "CMS MLN909188 Chronic Care Management Services";
    private static final String BHI = "CMS MLN909432 Behavioral Health Integration Services";
    private static final String TCM = "CMS MLN908628 Transitional Care Management Services";
    private static final String RPM = "CMS Remote Patient Monitoring FAQ; CY2021 PFS final rule";
    private static final String APCM = "CY2025 Physician Fee Schedule final rule, APCM";
    private static final int ANY = Integer.MAX_VALUE;

    /** The table, in the order programmes are preferred when one activity could count for several. */
    public static final List<Rule> TABLE = List.of(
            base("99487", "complex-ccm", Measure.ALL_MINUTES, 60, Timing.ANY_MONTH, CCM),
            addOn("99489", "complex-ccm", Measure.ALL_MINUTES, 30, "99487", ANY, Timing.ANY_MONTH, CCM),
            base("99490", "ccm", Measure.STAFF_MINUTES, 20, Timing.ANY_MONTH, CCM),
            addOn("99439", "ccm", Measure.STAFF_MINUTES, 20, "99490", 2, Timing.ANY_MONTH, CCM),
            base("99491", "ccm", Measure.PHYSICIAN_MINUTES, 30, Timing.ANY_MONTH, CCM),
            addOn("99437", "ccm", Measure.PHYSICIAN_MINUTES, 30, "99491", ANY, Timing.ANY_MONTH, CCM),
            base("99424", "pcm", Measure.PHYSICIAN_MINUTES, 30, Timing.ANY_MONTH, CCM),
            addOn("99425", "pcm", Measure.PHYSICIAN_MINUTES, 30, "99424", ANY, Timing.ANY_MONTH, CCM),
            base("99426", "pcm", Measure.STAFF_MINUTES, 30, Timing.ANY_MONTH, CCM),
            addOn("99427", "pcm", Measure.STAFF_MINUTES, 30, "99426", 2, Timing.ANY_MONTH, CCM),
            base("99484", "bhi", Measure.ALL_MINUTES, 20, Timing.ANY_MONTH, BHI),
            midpoint(base("99492", "cocm", Measure.ALL_MINUTES, 70, Timing.FIRST_MONTH, BHI)),
            midpoint(addOn("99494", "cocm", Measure.ALL_MINUTES, 30, "99492", ANY, Timing.FIRST_MONTH, BHI)),
            midpoint(base("99493", "cocm", Measure.ALL_MINUTES, 60, Timing.LATER_MONTHS, BHI)),
            midpoint(addOn("99494", "cocm", Measure.ALL_MINUTES, 30, "99493", ANY, Timing.LATER_MONTHS, BHI)),
            base("99453", "rpm", Measure.DEVICE_DAYS, 16, Timing.ONCE_PER_EPISODE, RPM),
            base("99454", "rpm", Measure.DEVICE_DAYS, 16, Timing.ANY_MONTH, RPM),
            base("99457", "rpm", Measure.ALL_MINUTES, 20, Timing.ANY_MONTH, RPM),
            addOn("99458", "rpm", Measure.ALL_MINUTES, 20, "99457", ANY, Timing.ANY_MONTH, RPM),
            base("G0556", "apcm", Measure.MONTHLY, 0, Timing.ANY_MONTH, APCM),
            base("G0557", "apcm", Measure.MONTHLY, 0, Timing.ANY_MONTH, APCM),
            base("G0558", "apcm", Measure.MONTHLY, 0, Timing.ANY_MONTH, APCM),
            base("99495", "tcm", Measure.EVENT, 0, Timing.ONCE_PER_EPISODE, TCM),
            base("99496", "tcm", Measure.EVENT, 0, Timing.ONCE_PER_EPISODE, TCM));

    /** The programmes whose time is counted, most specific first: one activity counts for the first that applies. */
    public static final List<String> TIMED_PROGRAMMES = List.of("complex-ccm", "ccm", "pcm", "bhi", "cocm", "rpm");

    /** What one programme's episode measured in a month. */
    public record Measured(
            String programme,
            long staffMinutes,
            long physicianMinutes,
            int deviceDays,
            boolean firstMonth,
            boolean setupBilledBefore) {

        long of(Measure measure) {
            return switch (measure) {
                case STAFF_MINUTES -> staffMinutes;
                case PHYSICIAN_MINUTES -> physicianMinutes;
                case ALL_MINUTES -> staffMinutes + physicianMinutes;
                case DEVICE_DAYS -> deviceDays;
                case MONTHLY, EVENT -> 0;
            };
        }
    }

    /** A code earned: its row, the units, and the measure that earned it. */
    public record Earned(Rule rule, int units, long measured) {}

    /** The codes earned and, for codes not (or not fully) earned, what is missing. */
    public record Outcome(List<Earned> earned, List<String> shortfalls) {}

    private BillingRules() {}

    /** The time- and day-based codes of a programme earned by what was measured in the month. */
    public static Outcome evaluate(Measured measured) {
        List<Earned> earned = new ArrayList<>();
        List<String> shortfalls = new ArrayList<>();
        for (Rule rule : TABLE) {
            if (!rule.programme().equals(measured.programme())
                    || rule.measure() == Measure.MONTHLY
                    || rule.measure() == Measure.EVENT
                    || !applies(rule.timing(), measured)) {
                continue;
            }
            long value = measured.of(rule.measure());
            if (!rule.isAddOn()) {
                if (value >= rule.reachedAt()) {
                    earned.add(new Earned(rule, 1, value));
                } else if (value > 0 || rule.measure() != Measure.PHYSICIAN_MINUTES) {
                    shortfalls.add(shortOf(rule.code(), rule, rule.reachedAt() - value));
                }
                continue;
            }
            Rule base = rule(rule.addOnTo().get());
            if (value < base.threshold()) {
                continue;
            }
            long beyond = value - base.threshold();
            long first = rule.reachedAt();
            int units = beyond < first ? 0 : (int) Math.min(rule.maxUnits(), 1 + (beyond - first) / rule.threshold());
            if (units > 0) {
                earned.add(new Earned(rule, units, value));
            }
            if (units < rule.maxUnits()) {
                shortfalls.add(
                        shortOf("another " + rule.code(), rule, first + (long) units * rule.threshold() - beyond));
            }
        }
        return new Outcome(earned, shortfalls);
    }

    private static boolean applies(Timing timing, Measured measured) {
        return switch (timing) {
            case ANY_MONTH -> true;
            case FIRST_MONTH -> measured.firstMonth();
            case LATER_MONTHS -> !measured.firstMonth();
            case ONCE_PER_EPISODE -> !measured.setupBilledBefore();
        };
    }

    private static String shortOf(String what, Rule rule, long missing) {
        if (rule.measure() == Measure.DEVICE_DAYS) {
            return missing + " more " + (missing == 1 ? "day" : "days") + " of readings for " + what;
        }
        return missing + " " + (missing == 1 ? "minute" : "minutes") + " short of " + what;
    }

    /** The row of a code (the first, for 99494 which follows both CoCM base codes). */
    public static Rule rule(String code) {
        return TABLE.stream()
                .filter(r -> r.code().equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No billing rule for " + code));
    }

    /** Whether the code is a HCPCS level II code (a letter and four digits) rather than CPT. */
    public static boolean isHcpcs(String code) {
        return Character.isLetter(code.charAt(0));
    }

    private static Rule base(String code, String programme, Measure measure, int threshold, Timing timing, String src) {
        return new Rule(code, programme, measure, threshold, Optional.empty(), 1, timing, src, false);
    }

    private static Rule addOn(
            String code, String programme, Measure measure, int step, String to, int max, Timing timing, String src) {
        return new Rule(code, programme, measure, step, Optional.of(to), max, timing, src, false);
    }

    /** The row, counted by the midpoint rule. */
    private static Rule midpoint(Rule rule) {
        return new Rule(
                rule.code(),
                rule.programme(),
                rule.measure(),
                rule.threshold(),
                rule.addOnTo(),
                rule.maxUnits(),
                rule.timing(),
                rule.source(),
                true);
    }
}
