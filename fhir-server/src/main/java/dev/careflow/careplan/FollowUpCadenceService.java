package dev.careflow.careplan;

import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.MethodOutcome;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import dev.careflow.platform.UnitOfWork;
import dev.careflow.task.OpenTasks;
import dev.careflow.task.TaskDue;
import dev.careflow.vocabulary.CodeSystems;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Keeps a care plan's repeating activities going: when an active CarePlan has an activity with a cadence (a follow-up
 * call every 14 days), there is always one open Task for it ({@link CadenceTasks} says which and when). Each Task is
 * created only if none has its identifier: replays and two nodes racing create it once. Runs in storage hooks, so
 * what it writes joins the transaction of the write that set it off.
 */
@Service
public class FollowUpCadenceService {

    private static final Logger log = LoggerFactory.getLogger(FollowUpCadenceService.class);

    private final IRepository repository;
    private final Clock clock;

    /** @param clock the care team's clock: its zone is the care team's */
    public FollowUpCadenceService(IRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** After a CarePlan was written: an active plan gets the first Task of each cadence that has none open. */
    public void afterPlanStored(CarePlan plan) {
        if (plan.getStatus() != CarePlan.CarePlanStatus.ACTIVE) {
            return;
        }
        String planId = plan.getIdElement().toUnqualifiedVersionless().getValue();
        for (Cadence cadence : cadences(plan)) {
            boolean anyOpen = tasks(planId, cadence).stream().anyMatch(OpenTasks::isOpen);
            if (!anyOpen) {
                raise(plan, cadence, today().plus(cadence.every()), Optional.empty());
            }
        }
    }

    /** After a Task was written: a cadence Task that was just completed, or just marked overdue, gets its successor. */
    public void afterTaskStored(Task previous, Task current) {
        boolean completed = current.getStatus() == Task.TaskStatus.COMPLETED
                && (previous == null || previous.getStatus() != Task.TaskStatus.COMPLETED);
        boolean fellDue = TaskDue.isMarkedOverdue(current) && (previous == null || !TaskDue.isMarkedOverdue(previous));
        if ((!completed && !fellDue) || !CadenceTasks.isCadenceTask(current)) {
            return;
        }
        Optional<CarePlan> plan = plan(current).filter(p -> p.getStatus() == CarePlan.CarePlanStatus.ACTIVE);
        String code = CadenceTasks.careTask(current);
        Optional<Cadence> cadence = plan.flatMap(
                p -> cadences(p).stream().filter(c -> c.code().equals(code)).findFirst());
        if (cadence.isEmpty()) {
            return;
        }
        String planId = plan.get().getIdElement().toUnqualifiedVersionless().getValue();
        LocalDate due = TaskDue.dueDate(current).orElseThrow();
        // A later one already open (the successor of this Task when it fell due): nothing more to raise.
        String self = current.getIdElement().toUnqualifiedVersionless().getValue();
        boolean successorOpen = tasks(planId, cadence.get()).stream()
                .filter(t ->
                        !t.getIdElement().toUnqualifiedVersionless().getValue().equals(self))
                .filter(OpenTasks::isOpen)
                .anyMatch(t -> TaskDue.dueDate(t).map(d -> !d.isBefore(due)).orElse(false));
        if (!successorOpen) {
            LocalDate next = CadenceTasks.nextDue(current, completed, cadence.get(), today(), clock.getZone());
            raise(plan.get(), cadence.get(), next, Optional.of(current));
        }
    }

    /** The plan's repeating activities: by reference to a ServiceRequest (MCC eCare Plan), or as detail. */
    private List<Cadence> cadences(CarePlan plan) {
        List<Cadence> cadences = new ArrayList<>();
        for (CarePlan.CarePlanActivityComponent activity : plan.getActivity()) {
            String reference = activity.getReference().getReference();
            if (reference != null && reference.startsWith("ServiceRequest/")) {
                Optional<ServiceRequest> request = Stored.find(repository, ServiceRequest.class, reference);
                if (request.isEmpty()) {
                    log.debug("Activity of {} refers to {}, which is gone", plan.getIdElement(), reference);
                }
                request.flatMap(Cadence::of).ifPresent(cadences::add);
            } else {
                Cadence.of(activity).ifPresent(cadences::add);
            }
        }
        return Cadence.perCareTask(cadences);
    }

    /**
     * Creates the Task unless one has its identifier: a conditional create ({@code If-None-Exist}), which joins the
     * transaction of the write that set the cadence off (a transaction Bundle cannot run inside it).
     */
    private void raise(CarePlan plan, Cadence cadence, LocalDate due, Optional<Task> previous) {
        Task task = CadenceTasks.task(plan, cadence, due, previous, clock.instant());
        Query sameIdentifier = Query.where(
                "identifier",
                Query.token(
                        CadenceTasks.CADENCE_IDENTIFIER,
                        task.getIdentifierFirstRep().getValue()));
        String condition = "Task?" + UnitOfWork.toUrl(repository.fhirContext(), sameIdentifier);
        MethodOutcome outcome = repository.create(task, Map.of(Constants.HEADER_IF_NONE_EXIST, condition));
        if (Boolean.TRUE.equals(outcome.getCreated())) {
            log.info(
                    "{} due {} raised for {}",
                    cadence.display(),
                    due,
                    plan.getIdElement().toUnqualifiedVersionless());
        }
    }

    private List<Task> tasks(String planId, Cadence cadence) {
        return Stored.search(
                repository,
                Task.class,
                Query.where("based-on", Query.reference(planId))
                        .and("code", Query.token(CodeSystems.CARE_TASK, cadence.code())));
    }

    private Optional<CarePlan> plan(Task task) {
        return task.getBasedOn().stream()
                .map(Reference::getReference)
                .filter(r -> r != null && r.startsWith("CarePlan/"))
                .findFirst()
                .flatMap(reference -> Stored.find(repository, CarePlan.class, reference));
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), clock.getZone());
    }
}
