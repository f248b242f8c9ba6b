package dev.careflow.assessment;

import ca.uhn.fhir.context.FhirContext;
import dev.careflow.vocabulary.CodeSystems;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * What a scored screening becomes, following the Gravity SDOH pattern: an Observation per answer (category
 * {@code survey}, plus {@code sdoh} for social-needs instruments, {@code derivedFrom} the response), the total or the
 * screen's result, a panel Observation with {@code hasMember} all of them, and a health-concern Condition per need
 * found ({@link HealthConcerns}), whose {@code evidence.detail} points at the Observations that show it.
 *
 * <p>Each resource carries an identifier whose system names the response and whose value is a stable key, so that a
 * corrected response replaces what the earlier version derived instead of adding to it. References between derived
 * resources are written as {@code urn:careflow:derived:<key>}; whoever stores or returns them resolves those
 * ({@link #resolve}).
 */
public final class DerivedResources {

    public static final String KEY_REFERENCE = "urn:careflow:derived:";
    static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    static final String US_CORE_CATEGORY = "http://hl7.org/fhir/us/core/CodeSystem/us-core-category";
    static final String CONDITION_CATEGORY = "http://hl7.org/fhir/us/core/CodeSystem/condition-category";
    static final String HEALTH_CONCERN = "health-concern";

    /** One derived resource and its key. */
    public record Derived(String key, Resource resource) {}

    private final Score score;
    private final Reference subject;
    private final DateTimeType when;
    private final Date now;
    private final Optional<String> response;
    private final List<Derived> derived = new ArrayList<>();
    private final List<String> members = new ArrayList<>();
    private final Map<String, List<String>> observationsByLinkId = new LinkedHashMap<>();

    private DerivedResources(Score score, QuestionnaireResponse source, Optional<String> response, Date now) {
        this.score = score;
        this.subject = new Reference(source.getSubject().getReference());
        this.when = source.hasAuthored()
                ? new DateTimeType(source.getAuthoredElement().getValueAsString())
                : new DateTimeType(now);
        this.now = now;
        this.response = response;
    }

    /** The identifier system of what a response derived: one per response. */
    public static String identifierSystem(String response) {
        return "https://careflow.dev/fhir/derived/" + response;
    }

    /**
     * @param response the stored response's versionless reference ({@code QuestionnaireResponse/id}), or empty for a
     *     response not stored (nothing then says where the resources came from, and they carry no identifier)
     * @param now when the derivation happens (the Observations' {@code issued})
     */
    public static List<Derived> of(Score score, QuestionnaireResponse source, Optional<String> response, Date now) {
        DerivedResources build = new DerivedResources(score, source, response, now);
        build.answers();
        build.result();
        Observation panel = build.observation(score.instrument().panel());
        build.members.forEach(m -> panel.addHasMember(new Reference(KEY_REFERENCE + m)));
        build.derived.add(new Derived("panel", panel));
        score.findings().forEach(build::concern);
        response.ifPresent(r -> build.derived.forEach(d -> identify(d, r)));
        return build.derived;
    }

    /** Replaces each {@code urn:careflow:derived:<key>} reference in the resource by the target's reference. */
    static void resolve(FhirContext context, Resource resource, Map<String, String> targets) {
        for (Reference reference : context.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class)) {
            String value = reference.getReference();
            if (value != null && value.startsWith(KEY_REFERENCE)) {
                String target = targets.get(value.substring(KEY_REFERENCE.length()));
                if (target == null) {
                    throw new IllegalStateException("Derived resource refers to unknown key " + value);
                }
                reference.setReference(target);
            }
        }
    }

    private void answers() {
        for (Map.Entry<String, Score.Answer> entry : score.answers().entrySet()) {
            Score.Answer answer = entry.getValue();
            boolean many = answer.chosen().size() > 1;
            for (Coding chosen : answer.chosen()) {
                String key = "item:" + entry.getKey() + (many ? ":" + chosen.getCode() : "");
                Observation observation = observation(answer.code());
                observation.setValue(new CodeableConcept(chosen.copy()).setText(chosen.getDisplay()));
                member(key, observation);
                observationsByLinkId
                        .computeIfAbsent(entry.getKey(), l -> new ArrayList<>())
                        .add(key);
            }
        }
    }

    /** The total (with its band) for instruments that have one, the screen's result for those that have not. */
    private void result() {
        Instrument instrument = score.instrument();
        if (score.total().isPresent() && instrument.totalCode().isPresent()) {
            Observation total = observation(instrument.totalCode().get());
            total.setValue(new IntegerType(score.total().get()));
            score.band().ifPresent(band -> total.addInterpretation().setText(band));
            member("total", total);
        }
        if (score.positive().isPresent()) {
            Observation risk = observation(new Coding(CodeSystems.LOINC, "88124-3", "Food insecurity risk [HVS]"));
            risk.setValue(new CodeableConcept(
                    score.positive().get()
                            ? new Coding(CodeSystems.LOINC, "LA19952-3", "At risk")
                            : new Coding(CodeSystems.LOINC, "LA19983-8", "No risk")));
            member("result", risk);
        }
    }

    private void member(String key, Observation observation) {
        derived.add(new Derived(key, observation));
        members.add(key);
    }

    private void concern(HealthConcern concern, List<String> linkIds) {
        Condition condition = HealthConcerns.condition(concern, subject, when);
        Condition.ConditionEvidenceComponent evidence = condition.addEvidence();
        for (String linkId : linkIds) {
            for (String key : observationsByLinkId.getOrDefault(linkId, List.of())) {
                evidence.addDetail(new Reference(KEY_REFERENCE + key));
            }
        }
        for (String summary : List.of("total", "result")) {
            if (members.contains(summary)) {
                evidence.addDetail(new Reference(KEY_REFERENCE + summary));
            }
        }
        derived.add(new Derived("concern:" + concern.key(), condition));
    }

    private Observation observation(Coding code) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept(new Coding(OBSERVATION_CATEGORY, "survey", "Survey")));
        if (score.instrument().social()) {
            observation.addCategory(new CodeableConcept(new Coding(US_CORE_CATEGORY, "sdoh", "SDOH")));
        }
        observation.setCode(new CodeableConcept(code.copy()).setText(code.getDisplay()));
        observation.setSubject(subject.copy());
        observation.setEffective(when.copy());
        observation.setIssued(now);
        response.ifPresent(r -> observation.addDerivedFrom(new Reference(r)));
        return observation;
    }

    private static void identify(Derived derived, String response) {
        Identifier identifier =
                new Identifier().setSystem(identifierSystem(response)).setValue(derived.key());
        if (derived.resource() instanceof Observation o) {
            o.addIdentifier(identifier);
        } else if (derived.resource() instanceof Condition c) {
            c.addIdentifier(identifier);
        }
    }
}
