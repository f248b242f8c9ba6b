package dev.careflow.assessment;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.UriParam;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.StoredResources;
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

    private final DaoRegistry daos;
    private final FhirContext fhirContext;

    public AssessmentService(DaoRegistry daos, FhirContext fhirContext) {
        this.daos = daos;
        this.fhirContext = fhirContext;
    }

    /** After a response was written, inside its transaction. */
    public void afterStored(QuestionnaireResponse response) {
        Optional<Instrument> instrument = Instrument.byCanonical(response.getQuestionnaire());
        if (instrument.isEmpty()) {
            return;
        }
        String responseId = response.getIdElement().toUnqualifiedVersionless().getValue();
        if (SCORED.contains(response.getStatus())) {
            List<DerivedResources.Derived> derived = derive(instrument.get(), response, Optional.of(responseId));
            store(responseId, derived);
        } else if (response.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.ENTEREDINERROR
                || response.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.STOPPED) {
            store(responseId, List.of());
        }
    }

    /** The derived resources of a stored response as a transaction Bundle, stored nowhere. */
    public Bundle extract(IdType id) {
        return extract(daos.getResourceDao(QuestionnaireResponse.class)
                .read(id.toUnqualifiedVersionless(), new SystemRequestDetails()));
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
        String subject = response.getSubject().getReference();
        if (subject == null || !subject.startsWith("Patient/")) {
            throw new CareflowException(
                    CareflowException.Kind.UNPROCESSABLE,
                    List.of("A response to " + instrument.url() + " needs a Patient as its subject"));
        }
        Score score = InstrumentScorer.score(instrument, questionnaire(instrument), response);
        return DerivedResources.of(score, response, responseId);
    }

    private Questionnaire questionnaire(Instrument instrument) {
        List<Questionnaire> found = StoredResources.search(
                daos,
                Questionnaire.class,
                SearchParameterMap.newSynchronous().add("url", new UriParam(instrument.url())));
        if (found.isEmpty()) {
            throw new CareflowException(
                    CareflowException.Kind.UNPROCESSABLE,
                    List.of("Questionnaire " + instrument.url() + " is not installed on this server"));
        }
        return (Questionnaire) found.get(0);
    }

    /** Writes what was derived, updating what an earlier version derived and retiring what no longer follows. */
    private void store(String responseId, List<DerivedResources.Derived> derived) {
        String system = DerivedResources.identifierSystem(responseId);
        Map<String, Resource> existing = new LinkedHashMap<>();
        for (Class<? extends Resource> type : List.of(Observation.class, Condition.class)) {
            StoredResources.search(
                            daos,
                            type,
                            SearchParameterMap.newSynchronous().add("identifier", new TokenParam(system, null)))
                    .forEach(r -> existing.put(key(r, system), r));
        }
        Map<String, String> ids = new HashMap<>();
        existing.forEach((key, resource) ->
                ids.put(key, resource.getIdElement().toUnqualifiedVersionless().getValue()));
        for (DerivedResources.Derived d : derived) {
            resolve(d.resource(), ids);
            Resource earlier = existing.get(d.key());
            if (earlier != null) {
                d.resource().setId(earlier.getIdElement().toUnqualifiedVersionless());
                daos.getResourceDao(d.resource().fhirType()).update(d.resource(), new SystemRequestDetails());
            } else {
                IdType id = (IdType) daos.getResourceDao(d.resource().fhirType())
                        .create(d.resource(), new SystemRequestDetails())
                        .getId();
                ids.put(d.key(), id.toUnqualifiedVersionless().getValue());
            }
        }
        Set<String> current = new java.util.HashSet<>();
        derived.forEach(d -> current.add(d.key()));
        int retired = 0;
        for (Map.Entry<String, Resource> earlier : existing.entrySet()) {
            if (!current.contains(earlier.getKey()) && retire(earlier.getValue())) {
                daos.getResourceDao(earlier.getValue().fhirType())
                        .update(earlier.getValue(), new SystemRequestDetails());
                retired++;
            }
        }
        log.info("{}: {} derived resource(s) stored, {} retired", responseId, derived.size(), retired);
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
                fhirContext.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class)) {
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
