package dev.careflow.transitions;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.Stored;
import dev.careflow.transitions.internal.Tcm;
import dev.careflow.transitions.internal.TcmQueries;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Moves a transitional care episode forward as its Tasks are done. A TCM Task that becomes completed gets its
 * completion time ({@code executionPeriod.end}, when the care manager did not say) and is recorded on the plan's
 * activity (its outputs as the activity's outcome); once none of the episode's TCM Tasks is open, the CarePlan is
 * completed and the EpisodeOfCare finished. Runs inside the write that completed the Task, so either all of it is
 * stored or none.
 */
@Service
public class TcmProgressService {

    private static final Logger log = LoggerFactory.getLogger(TcmProgressService.class);

    private final IRepository repository;
    private final TcmQueries queries;
    private final Clock clock;

    /** @param clock the care team's clock: "today" is taken in its zone */
    public TcmProgressService(IRepository repository, Clock clock) {
        this.repository = repository;
        this.queries = new TcmQueries(repository);
        this.clock = clock;
    }

    static boolean isTcmTask(IBaseResource resource) {
        return resource instanceof Task task && dev.careflow.task.CareTask.isTcm(task);
    }

    /** Before a TCM Task is stored as completed: the time it was done defaults to now. */
    public void beforeStored(IBaseResource previous, IBaseResource current) {
        if (!isTcmTask(current) || !becameCompleted(previous, (Task) current)) {
            return;
        }
        Task task = (Task) current;
        if (!task.getExecutionPeriod().hasEnd()) {
            task.getExecutionPeriod().setEnd(Date.from(clock.instant()));
        }
    }

    /** Once a TCM Task was written: record it on the plan and close the episode when nothing is left open. */
    public void afterStored(IBaseResource previous, IBaseResource current) {
        if (!isTcmTask(current)) {
            return;
        }
        Task task = (Task) current;
        boolean completed = becameCompleted(previous, task);
        boolean closed = previous instanceof Task before && Tcm.isOpen(before) && !Tcm.isOpen(task);
        if (!completed && !closed) {
            return;
        }
        IdType taskId = task.getIdElement().toUnqualifiedVersionless();
        Optional<CarePlan> plan = plan(task);
        plan.ifPresent(p -> {
            if (completed) {
                recordOnActivity(p, task, taskId);
            }
        });
        if (!task.getEncounter().hasReference()) {
            return;
        }
        String encounter = task.getEncounter().getReference();
        List<Task> siblings = queries.tasks(encounter).stream()
                .filter(TcmProgressService::isTcmTask)
                .filter(t -> !t.getIdElement().toUnqualifiedVersionless().equals(taskId))
                .toList();
        if (siblings.stream().anyMatch(Tcm::isOpen)) {
            plan.ifPresent(this::update);
            return;
        }
        LocalDate today = LocalDate.now(clock);
        plan.ifPresent(p -> {
            // A plan withdrawn with its discharge (revoked) stays withdrawn when its last Task closes.
            if (p.getStatus() == CarePlan.CarePlanStatus.ACTIVE) {
                p.setStatus(CarePlan.CarePlanStatus.COMPLETED);
                p.getPeriod().setEndElement(new DateTimeType(today.toString()));
            }
        });
        plan.ifPresent(this::update);
        episode(new IdType(encounter).getIdPart()).ifPresent(episode -> {
            if (episode.getStatus() == EpisodeOfCare.EpisodeOfCareStatus.ACTIVE) {
                episode.addStatusHistory()
                        .setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE)
                        .setPeriod(new Period()
                                .setStartElement(episode.getPeriod().getStartElement())
                                .setEndElement(new DateTimeType(today.toString())));
                episode.setStatus(EpisodeOfCare.EpisodeOfCareStatus.FINISHED);
                repository.update(episode);
                log.info(
                        "TCM episode {} finished: no TCM Task left open",
                        episode.getIdElement().getIdPart());
            }
        });
    }

    private static boolean becameCompleted(IBaseResource previous, Task current) {
        boolean wasCompleted = previous instanceof Task before && before.getStatus() == Task.TaskStatus.COMPLETED;
        return current.getStatus() == Task.TaskStatus.COMPLETED && !wasCompleted;
    }

    private static void recordOnActivity(CarePlan plan, Task task, IdType taskId) {
        String done = task.getExecutionPeriod().getEndElement().getValueAsString();
        for (CarePlan.CarePlanActivityComponent activity : plan.getActivity()) {
            String reference = activity.getReference().getReference();
            if (reference == null
                    || !new IdType(reference)
                            .toUnqualifiedVersionless()
                            .getValue()
                            .equals(taskId.getValue())) {
                continue;
            }
            for (Task.TaskOutputComponent output : task.getOutput()) {
                if (output.getValue() instanceof Reference outcome && outcome.hasReference()) {
                    boolean known = activity.getOutcomeReference().stream()
                            .anyMatch(r -> outcome.getReference().equals(r.getReference()));
                    if (!known) {
                        activity.addOutcomeReference(new Reference(outcome.getReference()));
                    }
                }
            }
            activity.addProgress()
                    .setTimeElement(new DateTimeType(done))
                    .setText(task.getCode().getCodingFirstRep().getDisplay() + " completed"
                            + (task.getRestriction().getPeriod().hasEnd() ? " (due " + Tcm.due(task) + ")" : ""));
        }
    }

    private Optional<CarePlan> plan(Task task) {
        for (Reference basedOn : task.getBasedOn()) {
            String reference = basedOn.getReference();
            if (reference == null || !reference.startsWith("CarePlan/")) {
                continue;
            }
            return Stored.find(repository, CarePlan.class, reference);
        }
        return Optional.empty();
    }

    private void update(CarePlan plan) {
        repository.update(plan);
    }

    private Optional<EpisodeOfCare> episode(String encounterId) {
        return queries.episodes(encounterId).stream().findFirst();
    }
}
