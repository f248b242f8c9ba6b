package dev.careflow.populations;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;

/**
 * A patient's care-management risk tier, from the registries the patient is in (CodeSystem {@code risk-tier}):
 *
 * <ul>
 *   <li><b>high</b>: high readmission risk; or 3+ chronic condition categories with a discharge in the last 30 days;
 *       or behavioural health with a latest PHQ-9 total of 20 or more (severe depression);
 *   <li><b>rising</b>: otherwise 2+ chronic condition categories, behavioural health, elderly with ADL dependency, or
 *       a discharge in the last 30 days;
 *   <li><b>low</b>: otherwise.
 * </ul>
 */
public enum RiskTier {
    HIGH("high", "High risk"),
    RISING("rising", "Rising risk"),
    LOW("low", "Low risk");

    public static final String CODE_SYSTEM = "https://careflow.dev/fhir/CodeSystem/risk-tier";
    public static final Coding METHOD = new Coding(Scores.RISK_METHOD, "care-tier", "Care-management risk tier");
    static final int PHQ9_SEVERE = 20;

    private final String code;
    private final String display;

    RiskTier(String code, String display) {
        this.code = code;
        this.display = display;
    }

    public String code() {
        return code;
    }

    public Coding coding() {
        return new Coding(CODE_SYSTEM, code, display);
    }

    /** The tier a stored coding names, if any. */
    public static Optional<RiskTier> byCode(String code) {
        for (RiskTier tier : values()) {
            if (tier.code.equals(code)) {
                return Optional.of(tier);
            }
        }
        return Optional.empty();
    }

    /** A tier and what it rests on: the registry Groups the patient is in and their evidence resources. */
    public record Assessed(RiskTier tier, List<String> basis) {}

    /** The tier of a patient in these registries, whose record this is. */
    public static Assessed of(Map<Registry, List<Evidence>> registries, PatientRecord record) {
        return new Assessed(tier(registries, record), basis(registries, record.patient()));
    }

    static RiskTier tier(Map<Registry, List<Evidence>> registries, PatientRecord record) {
        Set<Registry> in = registries.keySet();
        boolean severeDepression = in.contains(Registry.BEHAVIOURAL_HEALTH)
                && Scores.latest(record.scores(), Scores.PHQ9_TOTAL)
                        .map(o -> Scores.value(o).getAsInt() >= PHQ9_SEVERE)
                        .orElse(false);
        if (in.contains(Registry.HIGH_READMISSION_RISK)
                || (in.contains(Registry.MCC_3) && in.contains(Registry.RECENT_DISCHARGE))
                || severeDepression) {
            return HIGH;
        }
        if (in.contains(Registry.MCC_2)
                || in.contains(Registry.BEHAVIOURAL_HEALTH)
                || in.contains(Registry.ELDERLY_ADL)
                || in.contains(Registry.RECENT_DISCHARGE)) {
            return RISING;
        }
        return LOW;
    }

    private static List<String> basis(Map<Registry, List<Evidence>> registries, String patient) {
        Set<String> basis = new LinkedHashSet<>();
        registries.keySet().forEach(r -> basis.add(r.groupReference()));
        registries.values().stream()
                .flatMap(List::stream)
                .map(Evidence::detail)
                .filter(d -> !d.equals(patient))
                .forEach(basis::add);
        return new ArrayList<>(basis);
    }
}
