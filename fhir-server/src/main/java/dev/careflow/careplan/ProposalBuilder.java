package dev.careflow.careplan;

import dev.careflow.vocabulary.CodeSystems;
import dev.careflow.vocabulary.Extensions;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.PlanDefinition;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Timing;

/**
 * Builds a proposed care plan: one draft CarePlan, then for each applicable PlanDefinition its Goals (targets with due
 * dates counted from today) and its actions as draft requests (a Task or a ServiceRequest per ActivityDefinition). Each
 * resource gets its reference from {@code place} as it is made (a {@code UnitOfWork}'s placeholder, or a plain
 * {@code urn:uuid} when nothing is stored), so the others can point at it.
 */
final class ProposalBuilder {

    /** How a PlanDefinition's action and a Goal's relative target are resolved. */
    interface Library {
        ActivityDefinition activity(String canonical);

        Optional<Quantity> latest(CodeableConcept measure);
    }

    private final String patient;
    private final Optional<Reference> careManager;
    private final Clock clock;
    private final Function<Resource, Reference> place;
    private final Map<Reference, Resource> made = new LinkedHashMap<>();
    private final CarePlan plan = new CarePlan();
    private final Reference planReference;
    private final Set<String> addressed = new LinkedHashSet<>();
    private final List<String> titles = new ArrayList<>();

    ProposalBuilder(String patient, Optional<Reference> careManager, Clock clock, Function<Resource, Reference> place) {
        this.patient = patient;
        this.careManager = careManager;
        this.clock = clock;
        this.place = place;
        plan.setStatus(CarePlan.CarePlanStatus.DRAFT);
        plan.setIntent(CarePlan.CarePlanIntent.PLAN);
        plan.setSubject(new Reference(patient));
        plan.addCategory(new CodeableConcept(new Coding(CodeSystems.US_CORE_CAREPLAN_CATEGORY, "assess-plan", null)));
        plan.setTitle("Proposed care plan");
        plan.setCreated(Date.from(clock.instant()));
        plan.getPeriod().setStartElement(new DateTimeType(today().toString()));
        careManager.ifPresent(m -> plan.setAuthor(m.copy()));
        planReference = add(plan);
    }

    /** Adds what a PlanDefinition proposes for the conditions it applies to. */
    ProposalBuilder add(PlanDefinition definition, List<Condition> conditions, Library library) {
        List<Reference> reasons = conditions.stream()
                .map(c -> new Reference(
                        c.getIdElement().toUnqualifiedVersionless().getValue()))
                .toList();
        reasons.forEach(r -> addressed.add(r.getReference()));
        plan.addInstantiatesCanonical(definition.getUrl());
        titles.add(definition.getTitle());
        Map<String, Reference> goals = new HashMap<>();
        for (PlanDefinition.PlanDefinitionGoalComponent goalDefinition : definition.getGoal()) {
            Reference goal = add(goal(goalDefinition, reasons, library));
            goals.put(goalDefinition.getId(), goal);
            plan.addGoal(goal.copy());
        }
        for (PlanDefinition.PlanDefinitionActionComponent action : definition.getAction()) {
            ActivityDefinition activity =
                    library.activity(action.getDefinitionCanonicalType().getValue());
            List<Reference> served = action.getGoalId().stream()
                    .map(g -> goals.get(g.getValue()))
                    .filter(Objects::nonNull)
                    .toList();
            Resource request = activity.getKind() == ActivityDefinition.ActivityDefinitionKind.TASK
                    ? task(activity, action, reasons, served)
                    : serviceRequest(activity, reasons, served);
            plan.addActivity().setReference(add(request).copy().setDisplay(action.getTitle()));
        }
        return this;
    }

    /** The plan, its Goals and requests, in order, by the references they were placed under. */
    Map<Reference, Resource> build() {
        plan.getAddresses().clear();
        addressed.forEach(a -> plan.addAddresses(new Reference(a)));
        plan.setDescription("Proposed from " + String.join(", ", titles) + ".");
        return made;
    }

    private Reference add(Resource resource) {
        Reference reference = place.apply(resource);
        made.put(reference, resource);
        return reference;
    }

    private Goal goal(PlanDefinition.PlanDefinitionGoalComponent definition, List<Reference> reasons, Library library) {
        Goal goal = new Goal();
        goal.setLifecycleStatus(Goal.GoalLifecycleStatus.PROPOSED);
        goal.setDescription(definition.getDescription().copy());
        goal.setPriority(definition.getPriority().copy());
        goal.setSubject(new Reference(patient));
        goal.setStart(new DateType(today().toString()));
        reasons.forEach(r -> goal.addAddresses(r.copy()));
        for (PlanDefinition.PlanDefinitionGoalTargetComponent target : definition.getTarget()) {
            Goal.GoalTargetComponent made =
                    goal.addTarget().setMeasure(target.getMeasure().copy());
            if (target.hasDetail()) {
                made.setDetail(target.getDetail().copy());
            }
            if (target.getExtensionByUrl(Extensions.TARGET_RELATIVE_TO_LATEST) != null
                    && made.getDetail() instanceof Range range) {
                made.setDetail(library.latest(target.getMeasure())
                        .map(latest -> ProposalRules.relativeTo(range, latest))
                        .orElse(null));
            }
            if (target.hasDue()) {
                made.setDue(
                        new DateType(ProposalRules.due(target.getDue(), today()).toString()));
            }
        }
        return goal;
    }

    private Task task(
            ActivityDefinition activity,
            PlanDefinition.PlanDefinitionActionComponent action,
            List<Reference> reasons,
            List<Reference> served) {
        Task task = new Task();
        task.setStatus(Task.TaskStatus.DRAFT);
        task.setIntent(Task.TaskIntent.PLAN);
        task.setCode(activity.getCode().copy());
        task.setDescription(action.hasTitle() ? action.getTitle() : activity.getDescription());
        task.setFor(new Reference(patient));
        task.setAuthoredOn(Date.from(clock.instant()));
        task.addBasedOn(planReference.copy());
        if (!reasons.isEmpty()) {
            task.setReasonReference(reasons.get(0).copy());
        }
        served.stream().findFirst().ifPresent(goal -> task.setFocus(goal.copy()));
        careManager.ifPresent(m -> task.setOwner(m.copy()));
        return task;
    }

    private ServiceRequest serviceRequest(
            ActivityDefinition activity, List<Reference> reasons, List<Reference> served) {
        ServiceRequest request = new ServiceRequest();
        request.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT);
        request.setIntent(ServiceRequest.ServiceRequestIntent.PLAN);
        request.setCode(activity.getCode().copy());
        request.setSubject(new Reference(patient));
        request.setAuthoredOn(Date.from(clock.instant()));
        request.addInstantiatesCanonical(activity.getUrl());
        reasons.forEach(r -> request.addReasonReference(r.copy()));
        activity.getTopic().forEach(t -> request.addCategory(t.copy()));
        if (!request.hasCategory()) {
            // Careflow's ServiceRequest profile requires a category: what a care plan requests of others is a referral.
            request.addCategory(new CodeableConcept(new Coding(CodeSystems.SNOMED, "3457005", "Patient referral")));
        }
        if (activity.getTiming() instanceof Timing timing) {
            request.setOccurrence(timing.copy());
        }
        // Required by the profile: the care manager, or until one is assigned, the care team the plan will have.
        request.setRequester(careManager.map(Reference::copy).orElseGet(() -> new Reference()
                .setDisplay("Care team of " + patient + " (proposed by Careflow)")));
        served.forEach(goal -> request.addExtension(Extensions.PERTAINS_TO_GOAL, goal.copy()));
        return request;
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }
}
