package dev.careflow.careplan;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import dev.careflow.platform.StoredResources;
import dev.careflow.task.OpenTasks;
import dev.careflow.task.TaskDue;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Keeps a care plan's repeating activities going: when an active CarePlan has an activity with a cadence (a follow-up
 * call every 14 days), there is always one open Task for it. The first is due one interval after the plan becomes
 * active; the next is raised when the previous one is completed (due one interval after it was done) or falls due
 * undone (one interval after its due date, and never in the past). Each Task carries an identifier made of the plan,
 * the activity's code and the Task it follows (or, for the first, its due date), and is created only if none has it:
 * replays and two nodes racing create it once.
 */
@Service
public class FollowUpCadenceService {

    private static final Logger log = LoggerFactory.getLogger(FollowUpCadenceService.class);

    static final String CADENCE_IDENTIFIER = "https://careflow.dev/fhir/task-cadence";

    private final DaoRegistry daos;
    private final Clock clock;

    /** @param clock the care team's clock: its zone is the care team's */
    public FollowUpCadenceService(DaoRegistry daos, Clock clock) {
        this.daos = daos;
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

    /**
     * The plan's repeating activities: by reference to a ServiceRequest (MCC eCare Plan), or as detail. One cadence per
     * care task, whatever the plan's shape: several activities for the same task (three follow-up-call requests, say)
     * are one cadence at the most frequent of their intervals, so the patient has one open call Task, not one per
     * request.
     */
    private List<Cadence> cadences(CarePlan plan) {
        Map<String, Cadence> byCode = new LinkedHashMap<>();
        for (Cadence cadence : activities(plan)) {
            byCode.merge(
                    cadence.code(),
                    cadence,
                    (a, b) -> b.every().getDays() < a.every().getDays() ? b : a);
        }
        return List.copyOf(byCode.values());
    }

    private List<Cadence> activities(CarePlan plan) {
        List<Cadence> cadences = new java.util.ArrayList<>();
        for (CarePlan.CarePlanActivityComponent activity : plan.getActivity()) {
            String reference = activity.getReference().getReference();
            if (reference != null && reference.startsWith("ServiceRequest/")) {
                Optional<ServiceRequest> request = StoredResources.find(daos, ServiceRequest.class, reference);
                if (request.isEmpty()) {
                    log.debug("Activity of {} refers to {}, which is gone", plan.getIdElement(), reference);
                }
                request.flatMap(Cadence::of).ifPresent(cadences::add);
            } else {
                Cadence.of(activity).ifPresent(cadences::add);
            }
        }
        return cadences;
    }

    /** After a Task was written: a cadence Task that was just completed, or just marked overdue, gets its successor. */
    public void afterTaskStored(Task previous, Task current) {
        boolean completed = current.getStatus() == Task.TaskStatus.COMPLETED
                && (previous == null || previous.getStatus() != Task.TaskStatus.COMPLETED);
        boolean fellDue = TaskDue.isMarkedOverdue(current) && (previous == null || !TaskDue.isMarkedOverdue(previous));
        if ((!completed && !fellDue) || !current.hasIdentifier() || !isCadenceTask(current)) {
            return;
        }
        Optional<CarePlan> plan = plan(current);
        if (plan.isEmpty() || plan.get().getStatus() != CarePlan.CarePlanStatus.ACTIVE) {
            return;
        }
        String planId = plan.get().getIdElement().toUnqualifiedVersionless().getValue();
        String code = current.getCode().getCoding().stream()
                .filter(c -> Cadence.CARE_TASK.equals(c.getSystem()))
                .map(Coding::getCode)
                .findFirst()
                .orElse("");
        Optional<Cadence> cadence =
                cadences(plan.get()).stream().filter(c -> c.code().equals(code)).findFirst();
        if (cadence.isEmpty()) {
            return;
        }
        LocalDate due = TaskDue.dueDate(current).orElseThrow();
        // A later one already open (the successor of this Task when it fell due): nothing more to raise.
        String self = current.getIdElement().toUnqualifiedVersionless().getValue();
        boolean successorOpen = tasks(planId, cadence.get()).stream()
                .filter(t ->
                        !t.getIdElement().toUnqualifiedVersionless().getValue().equals(self))
                .filter(OpenTasks::isOpen)
                .anyMatch(t -> TaskDue.dueDate(t).map(d -> !d.isBefore(due)).orElse(false));
        if (successorOpen) {
            return;
        }
        LocalDate from = completed
                ? (current.getExecutionPeriod().hasEnd()
                        ? LocalDate.ofInstant(
                                current.getExecutionPeriod().getEnd().toInstant(), clock.getZone())
                        : today())
                : due;
        LocalDate next = from.plus(cadence.get().every());
        if (next.isBefore(today())) {
            next = today();
        }
        raise(plan.get(), cadence.get(), next, Optional.of(current));
    }

    private void raise(CarePlan plan, Cadence cadence, LocalDate due, Optional<Task> previous) {
        String planId = plan.getIdElement().toUnqualifiedVersionless().getValue();
        Task task = new Task();
        // The first of a plan is keyed by its due date, each next one by the Task it follows.
        String key = planId + "|" + cadence.code() + "|"
                + previous.map(p -> "after:" + p.getIdElement().getIdPart()).orElse("first:" + due);
        task.addIdentifier().setSystem(CADENCE_IDENTIFIER).setValue(key);
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setCode(new CodeableConcept(new Coding(Cadence.CARE_TASK, cadence.code(), cadence.display())));
        task.setDescription(cadence.display() + " (every " + cadence.every().getDays() + " days, per the care plan)");
        task.setFor(new Reference(plan.getSubject().getReference()));
        task.addBasedOn(new Reference(planId));
        cadence.request().ifPresent(request -> task.addBasedOn(new Reference(request)));
        task.setAuthoredOn(Date.from(clock.instant()));
        task.getRestriction().getPeriod().setEndElement(new DateTimeType(due.toString()));
        Optional<Reference> owner = previous.filter(Task::hasOwner)
                .map(p -> p.getOwner().copy())
                .or(() -> plan.hasAuthor() ? Optional.of(plan.getAuthor().copy()) : Optional.empty());
        owner.ifPresent(task::setOwner);
        var outcome = daos.getResourceDao(Task.class)
                .create(task, "Task?identifier=" + CADENCE_IDENTIFIER + "|" + encode(key), new SystemRequestDetails());
        if (Boolean.TRUE.equals(outcome.getCreated())) {
            log.info("{} due {} raised for {}", cadence.display(), due, planId);
        }
    }

    private boolean isCadenceTask(Task task) {
        return task.getIdentifier().stream().anyMatch(i -> CADENCE_IDENTIFIER.equals(i.getSystem()));
    }

    private List<Task> tasks(String planId, Cadence cadence) {
        return StoredResources.search(
                daos,
                Task.class,
                SearchParameterMap.newSynchronous()
                        .add("based-on", new ReferenceParam(planId))
                        .add("code", new TokenParam(Cadence.CARE_TASK, cadence.code())));
    }

    private Optional<CarePlan> plan(Task task) {
        return task.getBasedOn().stream()
                .map(Reference::getReference)
                .filter(r -> r != null && r.startsWith("CarePlan/"))
                .findFirst()
                .flatMap(reference -> StoredResources.find(daos, CarePlan.class, reference));
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), clock.getZone());
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
