package dev.careflow.referral;

import static dev.careflow.referral.ReferralOutcomes.versionless;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.careteam.CareManagerDirectory;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import dev.careflow.task.CareTask;
import dev.careflow.vocabulary.CodeSystems;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Goal;
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
 * gets a Task to re-refer. Runs inside the write that changed the Task (a storage hook): the repository's writes join
 * that database transaction, so all of it is stored, or none.
 */
@Service
public class ReferralService {

    private static final Logger log = LoggerFactory.getLogger(ReferralService.class);

    private final IRepository repository;
    private final CareManagerDirectory careManagers;
    private final ReferralSettings settings;
    private final Clock clock;

    /** @param clock the care team's clock: due dates are counted from its "today" */
    public ReferralService(
            IRepository repository, CareManagerDirectory careManagers, ReferralSettings settings, Clock clock) {
        this.repository = repository;
        this.careManagers = careManagers;
        this.settings = settings;
        this.clock = clock;
    }

    /** A referral: a Task to fulfil a ServiceRequest. */
    static boolean isReferral(Task task) {
        return task.getCode().hasCoding(CodeSystems.TASK_CODE, "fulfill")
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
        String requestId = versionless(task.getFocus().getReference());
        Optional<ServiceRequest> found = Stored.find(repository, ServiceRequest.class, requestId);
        if (found.isEmpty()) {
            return;
        }
        ServiceRequest request = found.get();
        List<Reference> outcomes = ReferralOutcomes.of(task);
        if (request.getStatus() != ServiceRequest.ServiceRequestStatus.COMPLETED) {
            request.setStatus(ServiceRequest.ServiceRequestStatus.COMPLETED);
            repository.update(request);
        }
        String done = ReferralOutcomes.done(task);
        Date now = Date.from(clock.instant());
        Set<String> goals = new LinkedHashSet<>(ReferralOutcomes.goalsOf(request));
        for (CarePlan plan : Stored.search(
                repository, CarePlan.class, Query.where("activity-reference", Query.reference(requestId)))) {
            if (ReferralOutcomes.recordOnPlan(plan, requestId, outcomes, done, now)) {
                goals.addAll(goalsAddressing(plan, request));
                repository.update(plan);
            }
        }
        if (!outcomes.isEmpty()) {
            for (String goalId : goals) {
                Stored.find(repository, Goal.class, goalId).ifPresent(goal -> {
                    outcomes.forEach(o -> ReferralOutcomes.recordOnGoal(goal, o, done, now));
                    repository.update(goal);
                });
            }
        }
        log.info("Referral {} completed: {} closed with {} outcome(s)", task.getIdPart(), requestId, outcomes.size());
    }

    /** The plan's Goals that address what the request is for. */
    private List<String> goalsAddressing(CarePlan plan, ServiceRequest request) {
        Set<String> reasons = ReferralOutcomes.reasonsOf(request);
        return plan.getGoal().stream()
                .filter(Reference::hasReference)
                .map(g -> versionless(g.getReference()))
                .filter(id -> Stored.find(repository, Goal.class, id)
                        .map(goal -> ReferralOutcomes.addressesAny(goal, reasons))
                        .orElse(false))
                .toList();
    }

    private void reRefer(Task rejected) {
        Task next = new Task();
        next.setStatus(Task.TaskStatus.REQUESTED);
        next.setIntent(Task.TaskIntent.ORDER);
        next.setPriority(rejected.getPriority());
        next.setCode(CareTask.RE_REFERRAL.concept());
        next.getCode().getCodingFirstRep().setDisplay("Re-refer after a rejected referral");
        next.setDescription(description(rejected));
        next.setFocus(new Reference(versionless(rejected.getFocus().getReference())));
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
        repository.create(next);
        log.info("Referral {} rejected: re-referral Task raised", rejected.getIdPart());
    }

    /** "The referral was rejected by ...: why. Find another performer." */
    static String description(Task rejected) {
        String why = rejected.getStatusReason().hasText()
                ? rejected.getStatusReason().getText()
                : rejected.getStatusReason().getCodingFirstRep().getDisplay();
        return "The referral was rejected"
                + (rejected.getOwner().hasDisplay()
                        ? " by " + rejected.getOwner().getDisplay()
                        : "")
                + (why != null && !why.isBlank() ? ": " + why : "")
                + ". Find another performer.";
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
}
