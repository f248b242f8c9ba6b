package dev.careflow.assessment;

import dev.careflow.vocabulary.CodeSystems;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coding;

/**
 * The screening instruments Careflow scores, each a Questionnaire in the {@code terminology} package. Item answers are
 * scored from the Questionnaire's own {@code ordinalValue}s; what the instrument adds is its total (if any), its bands
 * and which needs its answers reveal ({@link ScoringRules}).
 */
public enum Instrument {
    PHQ_9(
            "phq-9",
            loinc("44249-1", "PHQ-9 quick depression assessment panel"),
            false,
            total("44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"),
            List.of(
                    new Band(0, 4, "minimal"),
                    new Band(5, 9, "mild"),
                    new Band(10, 14, "moderate"),
                    new Band(15, 19, "moderately severe"),
                    new Band(20, 27, "severe"))),
    GAD_7(
            "gad-7",
            loinc("69737-5", "Generalized anxiety disorder 7 item (GAD-7)"),
            false,
            total("70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"),
            List.of(
                    new Band(0, 4, "minimal"),
                    new Band(5, 9, "mild"),
                    new Band(10, 14, "moderate"),
                    new Band(15, 21, "severe"))),
    HUNGER_VITAL_SIGN(
            "hunger-vital-sign", loinc("88121-9", "Hunger Vital Sign [HVS]"), true, Optional.empty(), List.of()),
    AHC_HRSN(
            "ahc-hrsn",
            loinc("96777-8", "Accountable health communities (AHC) health-related social needs screening (HRSN) tool"),
            true,
            Optional.empty(),
            List.of()),
    PRAPARE(
            "prapare",
            loinc(
                    "93025-5",
                    "Protocol for Responding to and Assessing Patients' Assets, Risks, and Experiences [PRAPARE]"),
            true,
            Optional.empty(),
            List.of()),
    ADL(
            "adl",
            new Coding(CodeSystems.ADL_ITEM, "katz-adl", "Katz Index of Independence in Activities of Daily Living"),
            false,
            Optional.of(new Coding(CodeSystems.ADL_ITEM, "katz-adl-total", "Katz ADL total score")),
            List.of(
                    new Band(0, 2, "severe impairment"),
                    new Band(3, 5, "moderate impairment"),
                    new Band(6, 6, "full function")));

    public static final String CANONICAL_BASE = "https://careflow.dev/fhir/Questionnaire/";

    /** A range of totals, both ends included. */
    public record Band(int from, int to, String name) {}

    private final String id;
    private final Coding panel;
    private final boolean social;
    private final Optional<Coding> totalCode;
    private final List<Band> bands;

    Instrument(String id, Coding panel, boolean social, Optional<Coding> totalCode, List<Band> bands) {
        this.id = id;
        this.panel = panel;
        this.social = social;
        this.totalCode = totalCode;
        this.bands = bands;
    }

    public String url() {
        return CANONICAL_BASE + id;
    }

    public String id() {
        return id;
    }

    /** The panel code: what the instrument's panel Observation is. */
    public Coding panel() {
        return panel.copy();
    }

    /** Social-needs instruments' Observations and Conditions also carry the {@code sdoh} category. */
    public boolean social() {
        return social;
    }

    public Optional<Coding> totalCode() {
        return totalCode.map(Coding::copy);
    }

    public Optional<String> band(int total) {
        return bands.stream()
                .filter(b -> total >= b.from() && total <= b.to())
                .map(Band::name)
                .findFirst();
    }

    /** The instrument a Questionnaire canonical names (with or without a {@code |version}), if Careflow scores it. */
    public static Optional<Instrument> byCanonical(String canonical) {
        return ScoringRules.byCanonical(canonical).map(ScoringRule::instrument);
    }

    private static Coding loinc(String code, String display) {
        return new Coding(CodeSystems.LOINC, code, display);
    }

    private static Optional<Coding> total(String code, String display) {
        return Optional.of(loinc(code, display));
    }
}
