package dev.careflow.programs.enrolment;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which programmes a patient qualifies for, from the registries they are in (pure rules, no storage). Sources: the CMS
 * Care Management Services booklet (MLN909188) and the CY 2025 Physician Fee Schedule final rule (CMS-1807-F) for APCM.
 *
 * <ul>
 *   <li>CCM: two or more chronic-condition categories.
 *   <li>Complex CCM: CCM with moderate or high complexity; Careflow's proxy for the medical decision making it cannot
 *       see: three or more categories and a recent discharge or a high readmission risk.
 *   <li>PCM: one high-risk condition: at least one chronic-condition category.
 *   <li>APCM: a billing practitioner relationship (the patient's general practitioner); level by {@link ApcmLevel}.
 *   <li>TCM: a recent discharge. BHI and CoCM: the behavioural health registry.
 *   <li>RPM: a chronic condition a physiologic device can follow: at least one category (the device's medical necessity
 *       is the ordering clinician's call).
 * </ul>
 */
public final class Eligibility {

    private Eligibility() {}

    /** One programme's answer: eligible or not, why (texts), the evidence (references), APCM's level. */
    public record Verdict(
            Programme programme,
            boolean eligible,
            List<String> reasons,
            List<String> evidence,
            Optional<ApcmLevel> level) {}

    public static List<Verdict> of(PatientFacts facts) {
        List<Verdict> verdicts = new ArrayList<>();
        for (Programme programme : Programme.values()) {
            verdicts.add(of(programme, facts));
        }
        return verdicts;
    }

    public static Verdict of(Programme programme, PatientFacts facts) {
        int categories = facts.chronicCategories();
        List<String> names = facts.categoryNames();
        String counted = categories + " chronic-condition " + (categories == 1 ? "category" : "categories")
                + (names.isEmpty() ? "" : " [" + String.join(", ", names) + "]");
        return switch (programme) {
            case CCM -> verdict(programme, facts, categories >= 2, counted + " (CCM needs 2 or more)", chronic(facts));
            case COMPLEX_CCM -> complex(facts, categories, counted);
            case PCM ->
                verdict(programme, facts, categories >= 1, counted + " (PCM needs 1 high-risk)", chronic(facts));
            case RPM -> verdict(programme, facts, categories >= 1, counted + " (RPM needs 1)", chronic(facts));
            case APCM -> apcm(facts, categories, counted);
            case TCM -> registry(programme, facts, PatientFacts.RECENT_DISCHARGE, "a discharge in the last 30 days");
            case BHI, COCM ->
                registry(programme, facts, PatientFacts.BEHAVIOURAL_HEALTH, "a behavioural health condition");
        };
    }

    private static Verdict complex(PatientFacts facts, int categories, String counted) {
        List<String> reasons = new ArrayList<>(List.of(counted + " (complex CCM needs 3 or more)"));
        boolean acute = facts.in(PatientFacts.RECENT_DISCHARGE) || facts.in(PatientFacts.HIGH_READMISSION_RISK);
        reasons.add(
                acute
                        ? "a recent discharge or a high readmission risk (moderate or high complexity)"
                        : "no recent discharge and no high readmission risk (complexity not shown)");
        List<String> evidence = new ArrayList<>(chronic(facts));
        evidence.addAll(groups(facts, PatientFacts.RECENT_DISCHARGE, PatientFacts.HIGH_READMISSION_RISK));
        return new Verdict(Programme.COMPLEX_CCM, categories >= 3 && acute, reasons, evidence, Optional.empty());
    }

    private static Verdict apcm(PatientFacts facts, int categories, String counted) {
        if (facts.primaryCare().isEmpty()) {
            return new Verdict(
                    Programme.APCM,
                    false,
                    List.of("no billing practitioner relationship (no general practitioner recorded)"),
                    List.of(),
                    Optional.empty());
        }
        boolean qmb = facts.qmbCoverage().isPresent();
        ApcmLevel level = ApcmLevel.of(categories, qmb);
        List<String> reasons = List.of(
                "primary care by " + facts.primaryCare().get(),
                counted,
                qmb ? "Qualified Medicare Beneficiary" : "not a Qualified Medicare Beneficiary");
        List<String> evidence = new ArrayList<>(chronic(facts));
        facts.qmbCoverage().ifPresent(evidence::add);
        return new Verdict(Programme.APCM, true, reasons, evidence, Optional.of(level));
    }

    private static Verdict registry(Programme programme, PatientFacts facts, String registry, String what) {
        boolean in = facts.in(registry);
        return verdict(
                programme,
                facts,
                in,
                (in ? "" : "not ") + "in " + registry + " (" + what + ")",
                groups(facts, registry));
    }

    private static Verdict verdict(
            Programme programme, PatientFacts facts, boolean eligible, String reason, List<String> evidence) {
        return new Verdict(programme, eligible, List.of(reason), evidence, Optional.empty());
    }

    /** The chronic registries the patient is in, then each category's evidence. */
    private static List<String> chronic(PatientFacts facts) {
        List<String> evidence =
                new ArrayList<>(groups(facts, PatientFacts.CHRONIC_1, PatientFacts.MCC_2, PatientFacts.MCC_3));
        facts.registries().getOrDefault(PatientFacts.CHRONIC_1, List.of()).stream()
                .map(PatientFacts.Evidence::detail)
                .flatMap(Optional::stream)
                .distinct()
                .forEach(evidence::add);
        return evidence;
    }

    private static List<String> groups(PatientFacts facts, String... registries) {
        List<String> groups = new ArrayList<>();
        for (String registry : registries) {
            if (facts.in(registry)) {
                groups.add("Group/" + registry);
            }
        }
        return groups;
    }
}
