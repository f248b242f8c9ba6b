package dev.careflow.assessment;

import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.UriParam;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Turns completed screenings into findings. When a response to one of Careflow's instruments is stored completed (or
 * amended), its score and the Observations and health-concern Conditions it implies ({@link DerivedResources}) are
 * stored in the same transaction; a corrected response updates them in place and retires (entered-in-error) what no
 * longer follows; a response marked entered-in-error retires all of it. {@code $extract} returns the same resources
 * as a transaction Bundle without storing anything.
 */
@Service
public class AssessmentService {

    private static final Logger log = LoggerFactory.getLogger(AssessmentService.class);

    private static final Set<QuestionnaireResponse.QuestionnaireResponseStatus> SCORED = Set.of(
            QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED,
            QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED);

    private final IRepository repository;
    private final SafetyEscalationService safety;

    public AssessmentService(IRepository repository, SafetyEscalationService safety) {
        this.repository = repository;
        this.safety = safety;
    }

    /** After a response was written, inside its transaction. */
    public void afterStored(QuestionnaireResponse response) {
        Optional<Instrument> instrument = Instrument.byCanonical(response.getQuestionnaire());
        if (instrument.isEmpty()) {
            return;
        }
        String responseId = response.getIdElement().toUnqualifiedVersionless().getValue();
        if (SCORED.contains(response.getStatus())) {
            Score score = score(instrument.get(), response);
            store(responseId, DerivedResources.of(score, response, Optional.of(responseId)));
            safety.afterScored(response, responseId, SafetySignal.of(score));
        } else if (response.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.ENTEREDINERROR
                || response.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.STOPPED) {
            store(responseId, List.of());
            safety.afterScored(response, responseId, Optional.empty());
        }
    }

    /** The derived resources of a stored response as a transaction Bundle, stored nowhere. */
    public Bundle extract(IdType id) {
        return extract(
                repository.read(QuestionnaireResponse.class, new IdType("QuestionnaireResponse", id.getIdPart())));
    }

    /** The derived resources of a response as a transaction Bundle, stored nowhere. */
    public Bundle extract(QuestionnaireResponse response) {
        Instrument instrument = Instrument.byCanonical(response.getQuestionnaire())
                .orElseThrow(() -> new CareflowException(
                        CareflowException.Kind.UNPROCESSABLE,
                        List.of("Questionnaire '" + response.getQuestionnaire() + "' is not one Careflow scores: "
                                + instrumentList())));
        if (!SCORED.contains(response.getStatus())) {
            throw new CareflowException(
                    CareflowException.Kind.UNPROCESSABLE,
                    List.of("Only a completed or amended response can be extracted, not one with status '"
                            + (response.getStatus() == null
                                    ? "none"
                                    : response.getStatus().toCode()) + "'"));
        }
        Optional<String> stored = response.getIdElement().hasIdPart()
                ? Optional.of("QuestionnaireResponse/" + response.getIdElement().getIdPart())
                : Optional.empty();
        List<DerivedResources.Derived> derived = derive(instrument, response, stored);
        Map<String, String> urls = new HashMap<>();
        derived.forEach(d -> urls.put(d.key(), "urn:uuid:" + UUID.randomUUID()));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (DerivedResources.Derived d : derived) {
            resolve(d.resource(), urls);
            Bundle.BundleEntryComponent entry =
                    bundle.addEntry().setFullUrl(urls.get(d.key())).setResource(d.resource());
            String type = d.resource().fhirType();
            if (stored.isPresent()) {
                entry.getRequest()
                        .setMethod(Bundle.HTTPVerb.PUT)
                        .setUrl(type + "?identifier=" + DerivedResources.identifierSystem(stored.get()) + "|"
                                + d.key());
            } else {
                entry.getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl(type);
            }
        }
        return bundle;
    }

    private List<DerivedResources.Derived> derive(
            Instrument instrument, QuestionnaireResponse response, Optional<String> responseId) {
        return DerivedResources.of(score(instrument, response), response, responseId);
    }

    private Score score(Instrument instrument, QuestionnaireResponse response) {
        String subject = response.getSubject().getReference();
        if (subject == null || !subject.startsWith("Patient/")) {
            throw new CareflowException(
                    CareflowException.Kind.UNPROCESSABLE,
                    List.of("A response to " + instrument.url() + " needs a Patient as its subject"));
        }
        return InstrumentScorer.score(instrument, questionnaire(instrument), response);
    }

    private Questionnaire questionnaire(Instrument instrument) {
        List<Questionnaire> found =
                Stored.search(repository, Questionnaire.class, Query.where("url", new UriParam(instrument.url())));
        if (found.isEmpty()) {
            throw new CareflowException(
                    CareflowException.Kind.UNPROCESSABLE,
                    List.of("Questionnaire " + instrument.url() + " is not installed on this server"));
        }
        return (Questionnaire) found.get(0);
    }

    /**
     * Writes what was derived, updating what an earlier version derived and retiring what no longer follows. A health
     * concern the patient already has active (the same need, found by another response or recorded by a clinician) is
     * not created again: this response's identifier and evidence are added to it, and a correction or retirement of
     * this response takes back only its own part of it.
     */
    private void store(String responseId, List<DerivedResources.Derived> derived) {
        String system = DerivedResources.identifierSystem(responseId);
        Map<String, Resource> existing = new LinkedHashMap<>();
        for (Class<? extends Resource> type : List.of(Observation.class, Condition.class)) {
            Stored.search(repository, type, Query.where("identifier", new TokenParam(system, null)))
                    .forEach(r -> existing.put(key(r, system), r));
        }
        Map<String, String> ids = new HashMap<>();
        existing.forEach((key, resource) ->
                ids.put(key, resource.getIdElement().toUnqualifiedVersionless().getValue()));
        Set<String> ownObservations = new java.util.HashSet<>();
        for (DerivedResources.Derived d : derived) {
            resolve(d.resource(), ids);
            Resource earlier = existing.get(d.key());
            if (earlier == null && d.resource() instanceof Condition concern) {
                Optional<Condition> active = activeConcern(concern);
                if (active.isPresent()) {
                    merge(active.get(), concern, system, ownObservations);
                    repository.update(active.get());
                    continue;
                }
            }
            if (earlier instanceof Condition shared && !ownedAlone(shared, system)) {
                merge(shared, (Condition) d.resource(), system, ownObservations);
                repository.update(shared);
            } else if (earlier != null) {
                d.resource().setId(earlier.getIdElement().toUnqualifiedVersionless());
                repository.update(d.resource());
            } else {
                IdType id = (IdType) repository.create(d.resource()).getId();
                ids.put(d.key(), id.toUnqualifiedVersionless().getValue());
            }
            if (d.resource() instanceof Observation) {
                ownObservations.add(ids.get(d.key()));
            }
        }
        existing.values().stream()
                .filter(r -> r instanceof Observation)
                .forEach(r -> ownObservations.add(
                        r.getIdElement().toUnqualifiedVersionless().getValue()));
        Set<String> current = new java.util.HashSet<>();
        derived.forEach(d -> current.add(d.key()));
        int retired = 0;
        for (Map.Entry<String, Resource> earlier : existing.entrySet()) {
            if (current.contains(earlier.getKey())) {
                continue;
            }
            if (earlier.getValue() instanceof Condition shared && !ownedAlone(shared, system)) {
                detach(shared, system, ownObservations);
                repository.update(shared);
            } else if (retire(earlier.getValue())) {
                repository.update(earlier.getValue());
                retired++;
            }
        }
        log.info("{}: {} derived resource(s) stored, {} retired", responseId, derived.size(), retired);
    }

    /** The patient's active health concern for the same need (same ICD-10-CM or SDOH domain code), if any. */
    private Optional<Condition> activeConcern(Condition concern) {
        Optional<Coding> need = concern.getCode().getCoding().stream()
                .filter(c -> HealthConcern.ICD10CM.equals(c.getSystem()))
                .findFirst()
                .or(() -> concern.getCode().getCoding().stream().findFirst());
        if (need.isEmpty()) {
            return Optional.empty();
        }
        return Stored.first(
                repository,
                Condition.class,
                Query.where("patient", Query.reference(concern.getSubject().getReference()))
                        .and("category", Query.token("health-concern"))
                        .and("clinical-status", Query.token("active"))
                        .and(
                                "code",
                                Query.token(need.get().getSystem(), need.get().getCode())));
    }

    /** Whether a Condition came from this response alone (no other response's identifier, nor any other). */
    private static boolean ownedAlone(Condition condition, String system) {
        return condition.getIdentifier().stream().allMatch(i -> system.equals(i.getSystem()));
    }

    /** Adds this response's identifier and evidence to a concern that others share, replacing its earlier part. */
    private static void merge(Condition into, Condition derived, String system, Set<String> ownObservations) {
        detach(into, system, ownObservations);
        derived.getIdentifier().forEach(i -> into.addIdentifier(i.copy()));
        Condition.ConditionEvidenceComponent evidence = into.addEvidence();
        derived.getEvidence().forEach(e -> e.getDetail().forEach(r -> evidence.addDetail(r.copy())));
        derived.getEvidence()
                .forEach(e -> ownObservations.addAll(
                        e.getDetail().stream().map(Reference::getReference).toList()));
    }

    /** Takes this response's identifier and evidence back from a concern that others share. */
    private static void detach(Condition from, String system, Set<String> ownObservations) {
        from.getIdentifier().removeIf(i -> system.equals(i.getSystem()));
        from.getEvidence().forEach(e -> e.getDetail().removeIf(r -> ownObservations.contains(r.getReference())));
        from.getEvidence().removeIf(e -> !e.hasDetail() && !e.hasCode());
    }

    /** Marks a derived resource entered-in-error; false when it already is. */
    private static boolean retire(Resource resource) {
        if (resource instanceof Observation o) {
            if (o.getStatus() == Observation.ObservationStatus.ENTEREDINERROR) {
                return false;
            }
            o.setStatus(Observation.ObservationStatus.ENTEREDINERROR);
            return true;
        }
        if (resource instanceof Condition c) {
            if (c.getVerificationStatus()
                    .hasCoding("http://terminology.hl7.org/CodeSystem/condition-ver-status", "entered-in-error")) {
                return false;
            }
            c.setClinicalStatus(null);
            c.setVerificationStatus(new CodeableConcept(new Coding(
                    "http://terminology.hl7.org/CodeSystem/condition-ver-status",
                    "entered-in-error",
                    "Entered in Error")));
            return true;
        }
        return false;
    }

    private void resolve(Resource resource, Map<String, String> targets) {
        for (Reference reference :
                repository.fhirContext().newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class)) {
            String value = reference.getReference();
            if (value != null && value.startsWith(DerivedResources.KEY_REFERENCE)) {
                String target = targets.get(value.substring(DerivedResources.KEY_REFERENCE.length()));
                if (target == null) {
                    throw new IllegalStateException("Derived resource refers to unknown key " + value);
                }
                reference.setReference(target);
            }
        }
    }

    private static String key(Resource resource, String system) {
        List<org.hl7.fhir.r4.model.Identifier> identifiers =
                resource instanceof Observation o ? o.getIdentifier() : ((Condition) resource).getIdentifier();
        return identifiers.stream()
                .filter(i -> system.equals(i.getSystem()))
                .map(org.hl7.fhir.r4.model.Identifier::getValue)
                .findFirst()
                .orElse("");
    }

    private static String instrumentList() {
        return String.join(
                ", ",
                java.util.Arrays.stream(Instrument.values())
                        .map(Instrument::url)
                        .toList());
    }
}
