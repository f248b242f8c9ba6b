package dev.careflow.assessment;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * What a scored screening becomes, following the Gravity SDOH pattern: an Observation per answer (category
 * {@code survey}, plus {@code sdoh} for social-needs instruments, {@code derivedFrom} the response), the total or the
 * screen's result, a panel Observation with {@code hasMember} all of them, and a health-concern Condition per need
 * found, whose {@code evidence.detail} points at the Observations that show it.
 *
 * <p>Each resource carries an identifier whose system names the response and whose value is a stable key, so that a
 * corrected response replaces what the earlier version derived instead of adding to it. References between derived
 * resources are written as {@code urn:careflow:derived:<key>}; whoever stores or returns them resolves those.
 */
public final class DerivedResources {

    public static final String KEY_REFERENCE = "urn:careflow:derived:";
    static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    static final String US_CORE_CATEGORY = "http://hl7.org/fhir/us/core/CodeSystem/us-core-category";
    static final String CONDITION_CATEGORY = "http://hl7.org/fhir/us/core/CodeSystem/condition-category";
    static final String GRAVITY = "http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes";

    /** One derived resource and its key. */
    public record Derived(String key, Resource resource) {}

    private DerivedResources() {}

    /** The identifier system of what a response derived: one per response. */
    public static String identifierSystem(String response) {
        return "https://careflow.dev/fhir/derived/" + response;
    }

    /**
     * @param response the stored response's versionless reference ({@code QuestionnaireResponse/id}), or empty for a
     *     response not stored (nothing then says where the resources came from, and they carry no identifier)
     */
    public static List<Derived> of(Score score, QuestionnaireResponse source, Optional<String> response) {
        Instrument instrument = score.instrument();
        Reference subject = new Reference(source.getSubject().getReference());
        DateTimeType when = source.hasAuthored()
                ? new DateTimeType(source.getAuthoredElement().getValueAsString())
                : new DateTimeType(new Date());
        List<Derived> derived = new ArrayList<>();
        List<String> members = new ArrayList<>();
        Map<String, List<String>> observationsByLinkId = new java.util.LinkedHashMap<>();

        for (Map.Entry<String, Score.Answer> entry : score.answers().entrySet()) {
            Score.Answer answer = entry.getValue();
            boolean many = answer.chosen().size() > 1;
            for (Coding chosen : answer.chosen()) {
                String key = "item:" + entry.getKey() + (many ? ":" + chosen.getCode() : "");
                Observation observation = observation(instrument, subject, when, response, answer.code());
                observation.setValue(new CodeableConcept(chosen.copy()).setText(chosen.getDisplay()));
                derived.add(new Derived(key, observation));
                members.add(key);
                observationsByLinkId
                        .computeIfAbsent(entry.getKey(), l -> new ArrayList<>())
                        .add(key);
            }
        }
        if (score.total().isPresent() && instrument.totalCode().isPresent()) {
            Observation total = observation(
                    instrument, subject, when, response, instrument.totalCode().get());
            total.setValue(new IntegerType(score.total().get()));
            score.band().ifPresent(band -> total.addInterpretation().setText(band));
            derived.add(new Derived("total", total));
            members.add("total");
        }
        if (score.positive().isPresent()) {
            Observation risk = observation(
                    instrument,
                    subject,
                    when,
                    response,
                    new Coding("http://loinc.org", "88124-3", "Food insecurity risk [HVS]"));
            risk.setValue(new CodeableConcept(
                    score.positive().get()
                            ? new Coding("http://loinc.org", "LA19952-3", "At risk")
                            : new Coding("http://loinc.org", "LA19983-8", "No risk")));
            derived.add(new Derived("result", risk));
            members.add("result");
        }
        Observation panel = observation(instrument, subject, when, response, instrument.panel());
        members.forEach(m -> panel.addHasMember(new Reference(KEY_REFERENCE + m)));
        derived.add(new Derived("panel", panel));

        for (Map.Entry<HealthConcern, List<String>> finding : score.findings().entrySet()) {
            HealthConcern concern = finding.getKey();
            Condition condition = new Condition();
            condition.addCategory(
                    new CodeableConcept(new Coding(CONDITION_CATEGORY, "health-concern", "Health Concern")));
            concern.sdohDomain().ifPresent(domain -> {
                condition.addCategory(new CodeableConcept(new Coding(US_CORE_CATEGORY, "sdoh", "SDOH")));
                condition.addCategory(new CodeableConcept(new Coding(GRAVITY, gravity(domain), null)));
            });
            CodeableConcept code = new CodeableConcept().setText(concern.display());
            concern.icd10().ifPresent(icd -> code.addCoding(new Coding(HealthConcern.ICD10CM, icd, concern.display())));
            concern.sdohDomain()
                    .ifPresent(domain -> code.addCoding(new Coding(HealthConcern.SDOH_DOMAIN, domain, null)));
            condition.setCode(code);
            condition.setClinicalStatus(new CodeableConcept(
                    new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active")));
            condition.setVerificationStatus(new CodeableConcept(new Coding(
                    "http://terminology.hl7.org/CodeSystem/condition-ver-status", "unconfirmed", "Unconfirmed")));
            condition.setSubject(subject.copy());
            condition.setRecordedDateElement(when.copy());
            Condition.ConditionEvidenceComponent evidence = condition.addEvidence();
            for (String linkId : finding.getValue()) {
                for (String key : observationsByLinkId.getOrDefault(linkId, List.of())) {
                    evidence.addDetail(new Reference(KEY_REFERENCE + key));
                }
            }
            if (members.contains("total")) {
                evidence.addDetail(new Reference(KEY_REFERENCE + "total"));
            }
            if (members.contains("result")) {
                evidence.addDetail(new Reference(KEY_REFERENCE + "result"));
            }
            derived.add(new Derived("concern:" + concern.key(), condition));
        }
        response.ifPresent(r -> derived.forEach(d -> identify(d, r)));
        return derived;
    }

    private static Observation observation(
            Instrument instrument, Reference subject, DateTimeType when, Optional<String> response, Coding code) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept(new Coding(OBSERVATION_CATEGORY, "survey", "Survey")));
        if (instrument.social()) {
            observation.addCategory(new CodeableConcept(new Coding(US_CORE_CATEGORY, "sdoh", "SDOH")));
        }
        observation.setCode(new CodeableConcept(code.copy()).setText(code.getDisplay()));
        observation.setSubject(subject.copy());
        observation.setEffective(when.copy());
        observation.setIssued(new Date());
        response.ifPresent(r -> observation.addDerivedFrom(new Reference(r)));
        return observation;
    }

    private static void identify(Derived derived, String response) {
        org.hl7.fhir.r4.model.Identifier identifier = new org.hl7.fhir.r4.model.Identifier()
                .setSystem(identifierSystem(response))
                .setValue(derived.key());
        if (derived.resource() instanceof Observation o) {
            o.addIdentifier(identifier);
        } else if (derived.resource() instanceof Condition c) {
            c.addIdentifier(identifier);
        }
    }

    /** Careflow's sdoh-domain codes are Gravity's, save interpersonal safety (see the ConceptMap). */
    private static String gravity(String domain) {
        return "interpersonal-safety".equals(domain) ? "intimate-partner-violence" : domain;
    }
}
