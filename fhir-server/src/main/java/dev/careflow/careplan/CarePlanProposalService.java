package dev.careflow.careplan;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.UriParam;
import dev.careflow.careteam.CareManagerDirectory;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.StoredResources;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Timing;
import org.springframework.stereotype.Service;

/**
 * Proposes a care plan from the PlanDefinition library: each active PlanDefinition whose {@code focus} (useContext)
 * matches one of the patient's active problems or health concerns contributes its Goals (with measurable targets, due
 * dates counted from today) and its actions as real requests (ServiceRequests and Tasks from the ActivityDefinitions
 * they name), all gathered in one draft CarePlan that {@code addresses} the conditions (MCC eCare Plan:
 * {@code activity.reference}, no {@code activity.detail}). Stored in one transaction when asked to, returned only
 * otherwise. The care manager activates it with a normal update ({@link CarePlanActivation}).
 */
@Service
public class CarePlanProposalService {

    static final String FOCUS = "focus";
    static final String PERTAINS_TO_GOAL = "http://hl7.org/fhir/StructureDefinition/resource-pertainsToGoal";
    static final String RELATIVE_TO_LATEST = "https://careflow.dev/fhir/StructureDefinition/target-relative-to-latest";
    static final String ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";

    private final DaoRegistry daos;
    private final FhirContext fhirContext;
    private final CareManagerDirectory careManagers;
    private final java.time.Clock clock;

    /** @param clock the care team's clock: goal start and due dates are counted from its "today" */
    public CarePlanProposalService(
            DaoRegistry daos, FhirContext fhirContext, CareManagerDirectory careManagers, java.time.Clock clock) {
        this.daos = daos;
        this.fhirContext = fhirContext;
        this.careManagers = careManagers;
        this.clock = clock;
    }

    /** The proposal: a Bundle (collection) with the CarePlan first, then its Goals and requests. */
    public Bundle propose(IdType patientId, boolean persist) {
        String patient = "Patient/" + patientId.getIdPart();
        if (StoredResources.find(daos, Patient.class, patient).isEmpty()) {
            throw new CareflowException(CareflowException.Kind.NOT_FOUND, List.of(patient + " is not known"));
        }
        List<Condition> problems = activeProblems(patient);
        Map<PlanDefinition, List<Condition>> applicable = new LinkedHashMap<>();
        for (PlanDefinition definition : search(
                PlanDefinition.class, SearchParameterMap.newSynchronous().add("status", new TokenParam("active")))) {
            List<Condition> matched =
                    problems.stream().filter(c -> applies(definition, c)).toList();
            if (!matched.isEmpty()) {
                applicable.put(definition, matched);
            }
        }
        if (applicable.isEmpty()) {
            throw new CareflowException(
                    CareflowException.Kind.UNPROCESSABLE,
                    List.of(
                            problems.isEmpty()
                                    ? patient + " has no active problem or health concern to plan for"
                                    : "No PlanDefinition applies to the active problems of " + patient + ": "
                                            + String.join(
                                                    ", ",
                                                    problems.stream()
                                                            .map(CarePlanProposalService::name)
                                                            .toList())));
        }
        Optional<Reference> careManager = careManagers.careManagerOf(patient);
        Map<Resource, String> urls = new LinkedHashMap<>();
        CarePlan plan = new CarePlan();
        plan.setStatus(CarePlan.CarePlanStatus.DRAFT);
        plan.setIntent(CarePlan.CarePlanIntent.PLAN);
        plan.setSubject(new Reference(patient));
        plan.addCategory(new CodeableConcept(
                new Coding("http://hl7.org/fhir/us/core/CodeSystem/careplan-category", "assess-plan", null)));
        plan.setTitle("Proposed care plan");
        plan.setCreated(new Date());
        plan.getPeriod()
                .setStartElement(new org.hl7.fhir.r4.model.DateTimeType(
                        LocalDate.now(clock).toString()));
        careManager.ifPresent(m -> plan.setAuthor(m.copy()));
        urls.put(plan, urn());
        Set<String> addressed = new LinkedHashSet<>();
        List<String> titles = new ArrayList<>();
        for (Map.Entry<PlanDefinition, List<Condition>> entry : applicable.entrySet()) {
            PlanDefinition definition = entry.getKey();
            List<Reference> reasons = entry.getValue().stream()
                    .map(c -> new Reference(
                            c.getIdElement().toUnqualifiedVersionless().getValue()))
                    .toList();
            reasons.forEach(r -> addressed.add(r.getReference()));
            plan.addInstantiatesCanonical(definition.getUrl());
            titles.add(definition.getTitle());
            Map<String, Goal> goals = new HashMap<>();
            for (PlanDefinition.PlanDefinitionGoalComponent goalDefinition : definition.getGoal()) {
                Goal goal = goal(goalDefinition, patient, reasons);
                goals.put(goalDefinition.getId(), goal);
                urls.put(goal, urn());
                plan.addGoal(new Reference(urls.get(goal)));
            }
            for (PlanDefinition.PlanDefinitionActionComponent action : definition.getAction()) {
                ActivityDefinition activity =
                        activity(action.getDefinitionCanonicalType().getValue());
                List<Goal> served = action.getGoalId().stream()
                        .map(g -> goals.get(g.getValue()))
                        .filter(java.util.Objects::nonNull)
                        .toList();
                Resource request =
                        request(activity, action, patient, reasons, served, urls, careManager, urls.get(plan));
                urls.put(request, urn());
                plan.addActivity().setReference(new Reference(urls.get(request)).setDisplay(action.getTitle()));
            }
        }
        addressed.forEach(a -> plan.addAddresses(new Reference(a)));
        plan.setDescription("Proposed from " + String.join(", ", titles) + ".");

        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        urls.forEach((resource, url) -> transaction
                .addEntry()
                .setFullUrl(url)
                .setResource(resource)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl(resource.fhirType()));
        if (!persist) {
            transaction.setType(Bundle.BundleType.COLLECTION);
            transaction.getEntry().forEach(e -> e.setRequest(null));
            return transaction;
        }
        // Who proposed what, from which definitions.
        org.hl7.fhir.r4.model.Provenance provenance = new org.hl7.fhir.r4.model.Provenance();
        urls.values().forEach(url -> provenance.addTarget(new Reference(url)));
        provenance.setRecorded(new Date());
        provenance.setActivity(new CodeableConcept(
                new Coding("http://terminology.hl7.org/CodeSystem/v3-DataOperation", "CREATE", "create")));
        provenance.addReason().setText("Care plan proposed by $propose-care-plan");
        provenance
                .addAgent()
                .setType(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/provenance-participant-type", "assembler", "Assembler")))
                .setWho(new Reference().setDisplay("Careflow $propose-care-plan"));
        careManager.ifPresent(m -> provenance
                .addAgent()
                .setType(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/provenance-participant-type", "author", "Author")))
                .setWho(m.copy()));
        applicable.keySet().forEach(definition -> provenance
                .addEntity()
                .setRole(org.hl7.fhir.r4.model.Provenance.ProvenanceEntityRole.SOURCE)
                .setWhat(new Reference(
                        definition.getIdElement().toUnqualifiedVersionless().getValue())));
        transaction
                .addEntry()
                .setFullUrl(urn())
                .setResource(provenance)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Provenance");
        @SuppressWarnings("unchecked")
        IFhirSystemDao<Bundle, ?> system = (IFhirSystemDao<Bundle, ?>) daos.getSystemDao();
        Bundle response = system.transaction(new SystemRequestDetails(), transaction);
        Map<String, String> stored = new HashMap<>();
        for (int i = 0; i < transaction.getEntry().size(); i++) {
            stored.put(
                    transaction.getEntry().get(i).getFullUrl(),
                    new IdType(response.getEntry().get(i).getResponse().getLocation())
                            .toUnqualifiedVersionless()
                            .getValue());
        }
        Bundle result = new Bundle().setType(Bundle.BundleType.COLLECTION);
        for (Bundle.BundleEntryComponent entry : transaction.getEntry()) {
            Resource resource = entry.getResource();
            if (resource instanceof org.hl7.fhir.r4.model.Provenance) {
                continue;
            }
            String id = stored.get(entry.getFullUrl());
            resource.setId(id);
            for (Reference reference :
                    fhirContext.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class)) {
                String target = stored.get(reference.getReference());
                if (target != null) {
                    reference.setReference(target);
                }
            }
            result.addEntry().setFullUrl(id).setResource(resource);
        }
        return result;
    }

    private List<Condition> activeProblems(String patient) {
        return search(Condition.class, SearchParameterMap.newSynchronous().add("patient", new ReferenceParam(patient)))
                .stream()
                .filter(c -> c.getClinicalStatus().getCoding().stream()
                        .anyMatch(
                                s -> List.of("active", "recurrence", "relapse").contains(s.getCode())))
                .filter(c -> c.getVerificationStatus().getCoding().stream()
                        .noneMatch(s -> List.of("entered-in-error", "refuted").contains(s.getCode())))
                .toList();
    }

    /** Whether a condition has a code the PlanDefinition focuses on (an ICD-10-CM code also matches its subcodes). */
    static boolean applies(PlanDefinition definition, Condition condition) {
        for (var context : definition.getUseContext()) {
            if (!FOCUS.equals(context.getCode().getCode()) || !context.hasValueCodeableConcept()) {
                continue;
            }
            for (Coding focus : context.getValueCodeableConcept().getCoding()) {
                for (Coding coding : condition.getCode().getCoding()) {
                    if (focus.getSystem() == null
                            || !focus.getSystem().equals(coding.getSystem())
                            || coding.getCode() == null) {
                        continue;
                    }
                    boolean same = coding.getCode().equals(focus.getCode());
                    boolean beneath = ICD10CM.equals(focus.getSystem())
                            && coding.getCode().startsWith(focus.getCode());
                    if (same || beneath) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private Goal goal(PlanDefinition.PlanDefinitionGoalComponent definition, String patient, List<Reference> reasons) {
        Goal goal = new Goal();
        goal.setLifecycleStatus(Goal.GoalLifecycleStatus.PROPOSED);
        goal.setDescription(definition.getDescription().copy());
        goal.setPriority(definition.getPriority().copy());
        goal.setSubject(new Reference(patient));
        goal.setStart(new DateType(LocalDate.now(clock).toString()));
        reasons.forEach(r -> goal.addAddresses(r.copy()));
        for (PlanDefinition.PlanDefinitionGoalTargetComponent target : definition.getTarget()) {
            Goal.GoalTargetComponent made =
                    goal.addTarget().setMeasure(target.getMeasure().copy());
            if (target.hasDetail()) {
                made.setDetail(target.getDetail().copy());
            }
            if (target.getExtensionByUrl(RELATIVE_TO_LATEST) != null && made.getDetail() instanceof Range range) {
                Optional<Quantity> latest = latest(patient, target.getMeasure());
                if (latest.isPresent()) {
                    BigDecimal value = latest.get().getValue();
                    made.setDetail(new Range()
                            .setLow(quantity(value.add(range.getLow().getValue()), latest.get()))
                            .setHigh(quantity(value.add(range.getHigh().getValue()), latest.get())));
                } else {
                    made.setDetail(null);
                }
            }
            if (target.hasDue()) {
                made.setDue(new DateType(due(target.getDue()).toString()));
            }
        }
        return goal;
    }

    private Resource request(
            ActivityDefinition activity,
            PlanDefinition.PlanDefinitionActionComponent action,
            String patient,
            List<Reference> reasons,
            List<Goal> served,
            Map<Resource, String> urls,
            Optional<Reference> careManager,
            String planUrl) {
        if (activity.getKind() == ActivityDefinition.ActivityDefinitionKind.TASK) {
            Task task = new Task();
            task.setStatus(Task.TaskStatus.DRAFT);
            task.setIntent(Task.TaskIntent.PLAN);
            task.setCode(activity.getCode().copy());
            task.setDescription(action.hasTitle() ? action.getTitle() : activity.getDescription());
            task.setFor(new Reference(patient));
            task.setAuthoredOn(new Date());
            task.addBasedOn(new Reference(planUrl));
            if (!reasons.isEmpty()) {
                task.setReasonReference(reasons.get(0).copy());
            }
            served.stream().findFirst().ifPresent(goal -> task.setFocus(new Reference(urls.get(goal))));
            careManager.ifPresent(m -> task.setOwner(m.copy()));
            return task;
        }
        ServiceRequest request = new ServiceRequest();
        request.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
        request.setIntent(ServiceRequest.ServiceRequestIntent.PLAN);
        request.setCode(activity.getCode().copy());
        request.setSubject(new Reference(patient));
        request.setAuthoredOn(new Date());
        request.addInstantiatesCanonical(activity.getUrl());
        reasons.forEach(r -> request.addReasonReference(r.copy()));
        activity.getTopic().forEach(t -> request.addCategory(t.copy()));
        if (activity.getTiming() instanceof Timing timing) {
            request.setOccurrence(timing.copy());
        }
        careManager.ifPresent(m -> request.setRequester(m.copy()));
        served.forEach(goal -> request.addExtension(PERTAINS_TO_GOAL, new Reference(urls.get(goal))));
        return request;
    }

    private ActivityDefinition activity(String canonical) {
        List<ActivityDefinition> found = search(
                ActivityDefinition.class, SearchParameterMap.newSynchronous().add("url", new UriParam(canonical)));
        if (found.isEmpty()) {
            throw new CareflowException(
                    CareflowException.Kind.UNPROCESSABLE,
                    List.of("ActivityDefinition " + canonical + " named by a PlanDefinition is not installed"));
        }
        return found.get(0);
    }

    private Optional<Quantity> latest(String patient, CodeableConcept measure) {
        Coding code = measure.getCodingFirstRep();
        SearchParameterMap latest = SearchParameterMap.newSynchronous()
                .add("patient", new ReferenceParam(patient))
                .add("code", new TokenParam(code.getSystem(), code.getCode()));
        latest.setSort(new ca.uhn.fhir.rest.api.SortSpec("date", ca.uhn.fhir.rest.api.SortOrderEnum.DESC));
        return search(Observation.class, latest).stream()
                .filter(o -> o.getValue() instanceof Quantity)
                .map(o -> (Quantity) o.getValue())
                .findFirst();
    }

    private static Quantity quantity(BigDecimal value, Quantity like) {
        return new Quantity()
                .setValue(value)
                .setUnit(like.getUnit())
                .setSystem(like.getSystem())
                .setCode(like.getCode());
    }

    private LocalDate due(Duration duration) {
        int amount = duration.getValue().intValue();
        LocalDate today = LocalDate.now(clock);
        return switch (duration.getCode() == null ? "d" : duration.getCode()) {
            case "wk" -> today.plusWeeks(amount);
            case "mo" -> today.plusMonths(amount);
            case "a" -> today.plusYears(amount);
            default -> today.plusDays(amount);
        };
    }

    private static String name(Condition condition) {
        Coding coding = condition.getCode().getCodingFirstRep();
        return condition.getCode().hasText()
                ? condition.getCode().getText()
                : coding.getCode() + (coding.hasDisplay() ? " " + coding.getDisplay() : "");
    }

    private static String urn() {
        return "urn:uuid:" + UUID.randomUUID();
    }

    private <T extends IBaseResource> List<T> search(Class<T> type, SearchParameterMap parameters) {
        return StoredResources.search(daos, type, parameters);
    }
}
