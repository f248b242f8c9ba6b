package dev.careflow.populations;

import dev.careflow.vocabulary.CodeSystems;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.RiskAssessment;

/**
 * Who belongs to which registry, from one patient's record on a given day, with the evidence for each. Pure rules:
 *
 * <ul>
 *   <li>a Condition counts while active: clinicalStatus active, recurrence or relapse, and verificationStatus neither
 *       entered-in-error nor refuted; its ICD-10-CM codings (system {@code icd-10-cm} or {@code icd-10}) are read;
 *   <li>chronic-1, mcc-2, mcc-3: 1, 2, 3 or more distinct {@link ChronicConditionCategories}, one piece of evidence
 *       per category (its first Condition by id);
 *   <li>elderly-adl: the 65th birthday reached today or before, and the latest Katz ADL total below 6;
 *   <li>behavioural-health: the latest PHQ-9 total 10 or more, the latest GAD-7 total 10 or more, or any active
 *       Condition coded in ICD-10-CM chapter F;
 *   <li>recent-discharge: a transitional care EpisodeOfCare (type care-programme {@code tcm}, not entered-in-error or
 *       cancelled) that starts (the discharge date) 0 to 30 days before today;
 *   <li>high-readmission-risk: the latest LACE total 10 or more, or the latest HOSPITAL score 7 or more.
 * </ul>
 */
public final class RegistryRules {

    static final int ELDERLY_AGE = 65;
    static final int KATZ_FULL_FUNCTION = 6;
    static final int PHQ9_MODERATE = 10;
    static final int GAD7_MODERATE = 10;
    static final int DISCHARGE_DAYS = 30;
    static final int LACE_HIGH = 10;
    static final int HOSPITAL_HIGH = 7;

    static final String CARE_PROGRAMME = "https://careflow.dev/fhir/CodeSystem/care-programme";
    /** The identifier system of a TCM EpisodeOfCare: its value is the discharge Encounter's id. */
    static final String TCM_EPISODE = "https://careflow.dev/fhir/tcm-episode";

    private static final Set<String> ACTIVE = Set.of("active", "recurrence", "relapse");
    private static final Set<String> NOT_TRUE = Set.of("entered-in-error", "refuted");
    private static final Set<String> ICD10 = Set.of(CodeSystems.ICD_10_CM, "http://hl7.org/fhir/sid/icd-10");

    private final ChronicConditionCategories categories;

    public RegistryRules(ChronicConditionCategories categories) {
        this.categories = categories;
    }

    /** Each registry the patient belongs to today, with its evidence (registries not listed: not a member). */
    public Map<Registry, List<Evidence>> qualify(PatientRecord record, LocalDate today) {
        Map<Registry, List<Evidence>> result = new EnumMap<>(Registry.class);
        List<Condition> active = record.conditions().stream()
                .filter(RegistryRules::isActive)
                .sorted(Comparator.comparing(
                        c -> c.getIdElement().getIdPart(), Comparator.nullsLast(String::compareTo)))
                .toList();
        List<Evidence> chronic = chronic(active);
        put(result, Registry.CHRONIC_1, chronic.size() >= 1, chronic);
        put(result, Registry.MCC_2, chronic.size() >= 2, chronic);
        put(result, Registry.MCC_3, chronic.size() >= 3, chronic);
        put(result, Registry.ELDERLY_ADL, elderlyAdl(record, today));
        put(result, Registry.BEHAVIOURAL_HEALTH, behaviouralHealth(record, active));
        put(result, Registry.RECENT_DISCHARGE, recentDischarges(record.transitionalCare(), today));
        put(result, Registry.HIGH_READMISSION_RISK, readmissionRisk(record.readmissionRisks()));
        return result;
    }

    /** Active, and neither entered in error nor refuted. */
    public static boolean isActive(Condition condition) {
        boolean active = condition.getClinicalStatus().getCoding().stream()
                .anyMatch(c -> CodeSystems.CONDITION_CLINICAL.equals(c.getSystem()) && ACTIVE.contains(c.getCode()));
        boolean untrue =
                condition.getVerificationStatus().getCoding().stream().anyMatch(c -> NOT_TRUE.contains(c.getCode()));
        return active && !untrue;
    }

    /** One piece of evidence per distinct category, in the categories' order of first appearance. */
    private List<Evidence> chronic(List<Condition> active) {
        Map<String, Evidence> byCategory = new LinkedHashMap<>();
        for (Condition condition : active) {
            for (Coding coding : icd10(condition)) {
                for (Coding category : categories.of(coding.getCode())) {
                    byCategory.putIfAbsent(category.getCode(), new Evidence(category, reference(condition)));
                }
            }
        }
        return List.copyOf(byCategory.values());
    }

    private static List<Evidence> elderlyAdl(PatientRecord record, LocalDate today) {
        boolean elderly = record.birthDate()
                .map(born -> !born.plusYears(ELDERLY_AGE).isAfter(today))
                .orElse(false);
        Optional<Observation> katz = Scores.latest(record.scores(), Scores.KATZ_TOTAL);
        if (!elderly || katz.isEmpty() || Scores.value(katz.get()).getAsInt() >= KATZ_FULL_FUNCTION) {
            return List.of();
        }
        return List.of(
                new Evidence(Scores.KATZ_TOTAL.copy(), reference(katz.get())),
                new Evidence(Scores.AGE.copy(), record.patient()));
    }

    private static List<Evidence> behaviouralHealth(PatientRecord record, List<Condition> active) {
        List<Evidence> evidence = new ArrayList<>();
        atLeast(record.scores(), Scores.PHQ9_TOTAL, PHQ9_MODERATE).ifPresent(evidence::add);
        atLeast(record.scores(), Scores.GAD7_TOTAL, GAD7_MODERATE).ifPresent(evidence::add);
        for (Condition condition : active) {
            icd10(condition).stream()
                    .filter(c -> c.getCode().trim().toUpperCase().startsWith("F"))
                    .findFirst()
                    .ifPresent(c -> evidence.add(new Evidence(
                            new Coding(c.getSystem(), c.getCode(), c.getDisplay()), reference(condition))));
        }
        return evidence;
    }

    private static Optional<Evidence> atLeast(List<Observation> scores, Coding code, int threshold) {
        return Scores.latest(scores, code)
                .filter(o -> Scores.value(o).getAsInt() >= threshold)
                .map(o -> new Evidence(code.copy(), reference(o)));
    }

    private static List<Evidence> recentDischarges(List<EpisodeOfCare> episodes, LocalDate today) {
        List<Evidence> evidence = new ArrayList<>();
        for (EpisodeOfCare episode : episodes) {
            boolean tcm = episode.getType().stream().anyMatch(t -> t.hasCoding(CARE_PROGRAMME, "tcm"));
            boolean withdrawn = episode.getStatus() == EpisodeOfCare.EpisodeOfCareStatus.ENTEREDINERROR
                    || episode.getStatus() == EpisodeOfCare.EpisodeOfCareStatus.CANCELLED;
            if (!tcm || withdrawn || !episode.getPeriod().hasStart()) {
                continue;
            }
            long days =
                    ChronoUnit.DAYS.between(Scores.localDate(episode.getPeriod().getStartElement()), today);
            if (days >= 0 && days <= DISCHARGE_DAYS) {
                Coding reason = new Coding(CARE_PROGRAMME, "tcm", "Transitional Care Management");
                evidence.add(new Evidence(reason, discharge(episode)));
            }
        }
        return evidence;
    }

    /** The discharge Encounter the TCM episode is identified by, or the episode itself. */
    private static String discharge(EpisodeOfCare episode) {
        return episode.getIdentifier().stream()
                .filter(i -> TCM_EPISODE.equals(i.getSystem()) && i.hasValue())
                .map(i -> "Encounter/" + i.getValue())
                .findFirst()
                .orElse(reference(episode));
    }

    private static List<Evidence> readmissionRisk(List<RiskAssessment> assessments) {
        List<Evidence> evidence = new ArrayList<>();
        Scores.latestAssessment(assessments, Scores.LACE)
                .filter(a -> Scores.total(a).getAsInt() >= LACE_HIGH)
                .ifPresent(a -> evidence.add(new Evidence(Scores.LACE.copy(), reference(a))));
        Scores.latestAssessment(assessments, Scores.HOSPITAL)
                .filter(a -> Scores.total(a).getAsInt() >= HOSPITAL_HIGH)
                .ifPresent(a -> evidence.add(new Evidence(Scores.HOSPITAL.copy(), reference(a))));
        return evidence;
    }

    private static List<Coding> icd10(Condition condition) {
        return condition.getCode().getCoding().stream()
                .filter(c -> c.hasCode() && ICD10.contains(c.getSystem()))
                .toList();
    }

    private static void put(Map<Registry, List<Evidence>> result, Registry registry, List<Evidence> evidence) {
        put(result, registry, !evidence.isEmpty(), evidence);
    }

    private static void put(
            Map<Registry, List<Evidence>> result, Registry registry, boolean member, List<Evidence> evidence) {
        if (member) {
            result.put(registry, evidence);
        }
    }

    private static String reference(org.hl7.fhir.r4.model.Resource resource) {
        return resource.getIdElement().toUnqualifiedVersionless().getValue();
    }
}
