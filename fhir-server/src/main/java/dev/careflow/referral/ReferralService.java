package dev.careflow.referral;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import dev.careflow.careteam.CareManagerDirectory;
import dev.careflow.platform.StoredResources;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Closes the loop on a referral (a Task to fulfil a ServiceRequest, Gravity SDOH style). When the performer completes
 * the Task, the ServiceRequest is completed and what was done (the Task's outputs) becomes the outcome of the CarePlan
 * activity that holds the request and of the Goals the request serves. When the performer rejects it, the care manager
 * gets a Task to re-refer. Runs inside the write that changed the Task: all of it is stored, or none.
 */
@Service
public class ReferralService {

    private static final Logger log = LoggerFactory.getLogger(ReferralService.class);

    static final String TASK_CODE = "http://hl7.org/fhir/CodeSystem/task-code";
    static final String CARE_TASK = "https://careflow.dev/fhir/CodeSystem/care-task";
    static final String RE_REFERRAL = "re-referral";
    /** The standard extension by which a request names the Goals it serves. */
    static final String PERTAINS_TO_GOAL = "http://hl7.org/fhir/StructureDefinition/resource-pertainsToGoal";

    private final DaoRegistry daos;
    private final CareManagerDirectory careManagers;
    private final ReferralSettings settings;
    private final Clock clock;

    /** @param clock the care team's clock: due dates are counted from its "today" */
    public ReferralService(
            DaoRegistry daos, CareManagerDirectory careManagers, ReferralSettings settings, Clock clock) {
        this.daos = daos;
        this.careManagers = careManagers;
        this.settings = settings;
        this.clock = clock;
    }

    /** A referral: a Task to fulfil a ServiceRequest. */
    static boolean isReferral(Task task) {
        return task.getCode().hasCoding(TASK_CODE, "fulfill")
                && task.getFocus().getReferenceElement().getResourceType() != null
                && "ServiceRequest".equals(task.getFocus().getReferenceElement().getResourceType());
    }

    /** After a Task was written: act on a referral that has just been completed or rejected. */
    public void afterStored(Task previous, Task current) {
        if (!isReferral(current) || (previous != null && previous.getStatus() == current.getStatus())) {
            return;
        }
        if (current.getStatus() == Task.TaskStatus.COMPLETED) {
            closeLoop(current);
        } else if (current.getStatus() == Task.TaskStatus.REJECTED) {
            reRefer(current);
        }
    }

    private void closeLoop(Task task) {
        IdType requestId = versionless(task.getFocus().getReference());
        Optional<ServiceRequest> found = read(ServiceRequest.class, requestId);
        if (found.isEmpty()) {
            return;
        }
        ServiceRequest request = found.get();
        List<Reference> outcomes = task.getOutput().stream()
                .filter(o -> o.getValue() instanceof Reference r && r.hasReference())
                .map(o -> new Reference(((Reference) o.getValue()).getReference()))
                .toList();
        if (request.getStatus() != ServiceRequest.ServiceRequestStatus.COMPLETED) {
            request.setStatus(ServiceRequest.ServiceRequestStatus.COMPLETED);
            daos.getResourceDao(ServiceRequest.class).update(request, new SystemRequestDetails());
        }
        String done = "Referral completed"
                + (task.getOwner().hasDisplay() ? " by " + task.getOwner().getDisplay() : "");
        Set<String> goals = new LinkedHashSet<>();
        request.getExtensionsByUrl(PERTAINS_TO_GOAL).stream()
                .filter(e -> e.getValue() instanceof Reference r && r.hasReference())
                .forEach(e -> goals.add(
                        versionless(((Reference) e.getValue()).getReference()).getValue()));
        for (CarePlan plan : plansHolding(requestId)) {
            boolean changed = false;
            for (CarePlan.CarePlanActivityComponent activity : plan.getActivity()) {
                if (!activity.getReference().hasReference()
                        || !versionless(activity.getReference().getReference()).equals(requestId)) {
                    continue;
                }
                outcomes.forEach(o -> addOnce(activity.getOutcomeReference(), o));
                activity.addProgress().setTimeElement(DateTimeType.now()).setText(done);
                changed = true;
            }
            if (changed) {
                goals.addAll(goalsAddressing(plan, request));
                daos.getResourceDao(CarePlan.class).update(plan, new SystemRequestDetails());
            }
        }
        if (!outcomes.isEmpty()) {
            for (String goalId : goals) {
                read(Goal.class, new IdType(goalId)).ifPresent(goal -> {
                    outcomes.forEach(o -> recordOnGoal(goal, o, done));
                    daos.getResourceDao(Goal.class).update(goal, new SystemRequestDetails());
                });
            }
        }
        log.info("Referral {} completed: {} closed with {} outcome(s)", task.getIdPart(), requestId, outcomes.size());
    }

    /** The plan's Goals that address what the request is for. */
    private List<String> goalsAddressing(CarePlan plan, ServiceRequest request) {
        Set<String> reasons = new LinkedHashSet<>();
        request.getReasonReference().stream()
                .filter(Reference::hasReference)
                .forEach(r -> reasons.add(versionless(r.getReference()).getValue()));
        List<String> goals = new ArrayList<>();
        for (Reference goalReference : plan.getGoal()) {
            if (!goalReference.hasReference()) {
                continue;
            }
            IdType goalId = versionless(goalReference.getReference());
            read(Goal.class, goalId).ifPresent(goal -> {
                boolean addresses = goal.getAddresses().stream()
                        .filter(Reference::hasReference)
                        .anyMatch(a ->
                                reasons.contains(versionless(a.getReference()).getValue()));
                if (addresses) {
                    goals.add(goalId.getValue());
                }
            });
        }
        return goals;
    }

    private void reRefer(Task rejected) {
        Task next = new Task();
        next.setStatus(Task.TaskStatus.REQUESTED);
        next.setIntent(Task.TaskIntent.ORDER);
        next.setPriority(rejected.getPriority());
        next.setCode(new CodeableConcept(new Coding(CARE_TASK, RE_REFERRAL, "Re-refer after a rejected referral")));
        String why = rejected.getStatusReason().hasText()
                ? rejected.getStatusReason().getText()
                : rejected.getStatusReason().getCodingFirstRep().getDisplay();
        next.setDescription("The referral was rejected"
                + (rejected.getOwner().hasDisplay()
                        ? " by " + rejected.getOwner().getDisplay()
                        : "")
                + (why != null && !why.isBlank() ? ": " + why : "")
                + ". Find another performer.");
        next.setFocus(
                new Reference(versionless(rejected.getFocus().getReference()).getValue()));
        next.setFor(rejected.getFor().copy());
        next.setReasonReference(
                new Reference(rejected.getIdElement().toUnqualifiedVersionless().getValue()));
        rejected.getBasedOn().stream()
                .filter(Reference::hasReference)
                .forEach(b -> next.addBasedOn(new Reference(b.getReference())));
        next.setAuthoredOn(Date.from(clock.instant()));
        next.getRestriction()
                .getPeriod()
                .setEndElement(new DateTimeType(LocalDate.now(clock)
                        .plusDays(settings.reReferralDueDays())
                        .toString()));
        owner(rejected).ifPresent(next::setOwner);
        daos.getResourceDao(Task.class).create(next, new SystemRequestDetails());
        log.info("Referral {} rejected: re-referral Task raised", rejected.getIdPart());
    }

    /** Who re-refers: the practitioner who referred, else the patient's care manager; else the unassigned queue. */
    private Optional<Reference> owner(Task rejected) {
        String requester = rejected.getRequester().getReference();
        if (requester != null && (requester.startsWith("Practitioner/") || requester.startsWith("PractitionerRole/"))) {
            return Optional.of(new Reference(requester));
        }
        return rejected.getFor().hasReference()
                ? careManagers.careManagerOf(rejected.getFor().getReference())
                : Optional.empty();
    }

    private List<CarePlan> plansHolding(IdType request) {
        return StoredResources.search(
                daos,
                CarePlan.class,
                SearchParameterMap.newSynchronous().add("activity-reference", new ReferenceParam(request.getValue())));
    }

    private <T extends org.hl7.fhir.instance.model.api.IBaseResource> Optional<T> read(Class<T> type, IdType id) {
        return StoredResources.find(daos, type, id.getValue());
    }

    /**
     * An Observation outcome is the Goal's {@code outcomeReference}; R4 allows nothing else there, so any other kind
     * (a Procedure, say) is recorded as a note that names it.
     */
    private static void recordOnGoal(Goal goal, Reference outcome, String done) {
        if ("Observation".equals(outcome.getReferenceElement().getResourceType())) {
            addOnce(goal.getOutcomeReference(), outcome);
            return;
        }
        String text = done + ": " + outcome.getReference();
        if (goal.getNote().stream().noneMatch(n -> text.equals(n.getText()))) {
            goal.addNote().setTimeElement(DateTimeType.now()).setText(text);
        }
    }

    private static void addOnce(List<Reference> references, Reference reference) {
        if (references.stream().noneMatch(r -> reference.getReference().equals(r.getReference()))) {
            references.add(reference.copy());
        }
    }

    private static IdType versionless(String reference) {
        return new IdType(reference).toUnqualifiedVersionless();
    }
}
