package dev.careflow.careplan;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.audit.Provenances;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import dev.careflow.platform.UnitOfWork;
import dev.careflow.task.OpenTasks;
import java.time.Clock;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Service;

/**
 * {@code CarePlan/[id]/$revise}: the next version of a plan as a new active CarePlan that {@code replaces} the current
 * one (which is revoked), carrying over the Goals not yet achieved and the activities still open: the same Goals and
 * requests are referenced, and the open Tasks based on the old plan are re-pointed to the new one, not duplicated;
 * what the plan carries over that was still proposed becomes active, as when a plan is activated. A Provenance says who
 * revised it, why, and from what. All of it is one unit of work (the cadence, a storage hook, runs after every entry
 * is written, so it finds the re-pointed Tasks open and raises nothing twice).
 */
@Service
public class CarePlanRevisionService {

    private final IRepository repository;
    private final GoalEvaluator evaluator;
    private final CarePlanActivation activation;
    private final Clock clock;

    public CarePlanRevisionService(
            IRepository repository, GoalSettings settings, CarePlanActivation activation, Clock clock) {
        this.repository = repository;
        this.evaluator = new GoalEvaluator(repository, settings);
        this.activation = activation;
        this.clock = clock;
    }

    /** The revised plan. */
    public CarePlan revise(IdType planId, Optional<String> reason, Optional<Reference> author) {
        String id = "CarePlan/" + planId.getIdPart();
        CarePlan current = Stored.require(repository, CarePlan.class, id);
        RevisionRules.requireRevisable(id, current);
        CarePlan next = next(current, id, author);
        Map<String, Resource> updates = new LinkedHashMap<>();
        String patient = current.getSubject().getReference();
        for (Reference goal : current.getGoal()) {
            Optional<Goal> open = Stored.find(repository, Goal.class, goal.getReference())
                    .filter(g -> RevisionRules.isOpen(g, evaluator.evaluate(g, patient)));
            if (open.isPresent()) {
                next.addGoal(goal.copy());
                activate(open.get(), updates);
            }
        }
        for (CarePlan.CarePlanActivityComponent activity : current.getActivity()) {
            if (isOpen(activity)) {
                next.addActivity(activity.copy());
                activation.proposal(activity.getReference()).ifPresent(r -> activate(r, updates));
            }
        }
        UnitOfWork work = new UnitOfWork(repository);
        Reference nextReference = work.create(next);
        for (Task task : Stored.search(repository, Task.class, Query.where("based-on", Query.reference(id)))) {
            if (OpenTasks.isOpen(task)) {
                Task moved = (Task) updates.getOrDefault(key(task), task);
                RevisionRules.repoint(moved, id, nextReference.getReference());
                updates.put(key(moved), moved);
            }
        }
        updates.values().forEach(work::update);
        current.setStatus(CarePlan.CarePlanStatus.REVOKED);
        current.getPeriod().setEndElement(new DateTimeType(Date.from(clock.instant())));
        work.update(current);
        work.create(Provenances.of(Provenances.Activity.UPDATE, reason.orElse("Care plan revised"), clock)
                .target(nextReference)
                .target(id)
                .author(next.hasAuthor() ? next.getAuthor() : new Reference().setDisplay("unknown"))
                .revisionOf(id)
                .build());
        IdType stored = work.commit().idOf(nextReference).toUnqualifiedVersionless();
        return Stored.require(repository, CarePlan.class, stored.getValue());
    }

    /** The new plan: the current one's subject, title, categories, conditions and team, replacing it, active. */
    private CarePlan next(CarePlan current, String id, Optional<Reference> author) {
        CarePlan next = new CarePlan();
        next.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        next.setIntent(current.getIntent());
        next.setSubject(current.getSubject().copy());
        next.setTitle(current.getTitle());
        next.setDescription(current.getDescription());
        current.getCategory().forEach(c -> next.addCategory(c.copy()));
        current.getAddresses().forEach(a -> next.addAddresses(a.copy()));
        current.getInstantiatesCanonical().forEach(c -> next.addInstantiatesCanonical(c.getValue()));
        current.getCareTeam().forEach(t -> next.addCareTeam(t.copy()));
        next.setAuthor(author.map(Reference::copy).orElse(current.getAuthor().copy()));
        next.addReplaces(new Reference(id));
        next.setCreated(Date.from(clock.instant()));
        next.getPeriod().setStartElement(new DateTimeType(Date.from(clock.instant())));
        return next;
    }

    private boolean isOpen(CarePlan.CarePlanActivityComponent activity) {
        if (activity.hasDetail()) {
            return RevisionRules.isOpen(activity.getDetail());
        }
        String reference = activity.getReference().getReference();
        if (reference == null) {
            return false;
        }
        if (reference.startsWith("Task/")) {
            return Stored.find(repository, Task.class, reference)
                    .map(OpenTasks::isOpen)
                    .orElse(false);
        }
        if (reference.startsWith("ServiceRequest/")) {
            return Stored.find(repository, ServiceRequest.class, reference)
                    .map(RevisionRules::isOpen)
                    .orElse(false);
        }
        return !activity.hasOutcomeReference();
    }

    private static void activate(Resource resource, Map<String, Resource> updates) {
        if (ActivationRules.activate(resource)) {
            updates.putIfAbsent(key(resource), resource);
        }
    }

    private static String key(Resource resource) {
        return resource.getIdElement().toUnqualifiedVersionless().getValue();
    }
}
