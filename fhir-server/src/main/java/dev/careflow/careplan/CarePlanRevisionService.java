package dev.careflow.careplan;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.StoredResources;
import dev.careflow.task.OpenTasks;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code CarePlan/[id]/$revise}: the next version of a plan as a new CarePlan that {@code replaces} the current one
 * (which is revoked), carrying over the Goals not yet achieved and the activities still open: the same Goals and
 * requests are referenced, and the open Tasks based on the old plan are re-pointed to the new one, not duplicated. A
 * Provenance says who revised it, why, and from what. All in one database transaction.
 */
@Service
public class CarePlanRevisionService {

    private static final Set<String> DONE_GOALS = Set.of("achieved", "sustaining", "not-attainable");

    private final DaoRegistry daos;
    private final CarePlanProgressService progress;

    public CarePlanRevisionService(DaoRegistry daos, CarePlanProgressService progress) {
        this.daos = daos;
        this.progress = progress;
    }

    /** The revised plan. */
    @Transactional
    public CarePlan revise(IdType planId, Optional<String> reason, Optional<Reference> author) {
        String id = "CarePlan/" + planId.getIdPart();
        CarePlan current = read(CarePlan.class, id)
                .orElseThrow(
                        () -> new CareflowException(CareflowException.Kind.NOT_FOUND, List.of(id + " is not known")));
        if (current.getStatus() != CarePlan.CarePlanStatus.ACTIVE
                && current.getStatus() != CarePlan.CarePlanStatus.ONHOLD) {
            throw new CareflowException(
                    CareflowException.Kind.CONFLICT,
                    List.of(id + " is " + current.getStatus().toCode()
                            + ": only an active or on-hold plan can be revised"));
        }
        CarePlan next = new CarePlan();
        next.setStatus(CarePlan.CarePlanStatus.DRAFT);
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
        next.setCreated(new Date());
        next.getPeriod().setStartElement(DateTimeType.now());
        for (Reference goalReference : current.getGoal()) {
            Optional<Goal> goal = goalReference.getReference() == null
                    ? Optional.empty()
                    : read(Goal.class, goalReference.getReference());
            boolean open = goal.map(g -> isOpen(g, current.getSubject().getReference()))
                    .orElse(false);
            if (open) {
                next.addGoal(goalReference.copy());
            }
        }
        for (CarePlan.CarePlanActivityComponent activity : current.getActivity()) {
            if (isOpen(activity)) {
                next.addActivity(activity.copy());
            }
        }
        IdType nextId = (IdType) daos.getResourceDao(CarePlan.class)
                .create(next, new SystemRequestDetails())
                .getId()
                .toUnqualifiedVersionless();
        next.setId(nextId);

        // Open Tasks based on the old plan now serve the new one.
        for (Task task : StoredResources.search(
                daos, Task.class, SearchParameterMap.newSynchronous().add("based-on", new ReferenceParam(id)))) {
            if (!OpenTasks.isOpen(task)) {
                continue;
            }
            task.getBasedOn().stream()
                    .filter(b -> b.getReference() != null
                            && new IdType(b.getReference())
                                    .toUnqualifiedVersionless()
                                    .getValue()
                                    .equals(id))
                    .forEach(b -> b.setReference(nextId.getValue()));
            daos.getResourceDao(Task.class).update(task, new SystemRequestDetails());
        }

        current.setStatus(CarePlan.CarePlanStatus.REVOKED);
        current.getPeriod().setEndElement(DateTimeType.now());
        daos.getResourceDao(CarePlan.class).update(current, new SystemRequestDetails());

        // Active only now, with its Tasks in place: the cadence finds them open and raises nothing twice.
        next.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        daos.getResourceDao(CarePlan.class).update(next, new SystemRequestDetails());

        Provenance provenance = new Provenance();
        provenance.addTarget(new Reference(nextId.getValue()));
        provenance.addTarget(new Reference(id));
        provenance.setRecorded(new Date());
        provenance.setActivity(new CodeableConcept(
                new Coding("http://terminology.hl7.org/CodeSystem/v3-DataOperation", "UPDATE", "revise")));
        provenance.addReason().setText(reason.orElse("Care plan revised"));
        provenance
                .addAgent()
                .setType(new CodeableConcept(new Coding(
                        "http://terminology.hl7.org/CodeSystem/provenance-participant-type", "author", "Author")))
                .setWho(next.hasAuthor() ? next.getAuthor().copy() : new Reference().setDisplay("unknown"));
        provenance.addEntity().setRole(Provenance.ProvenanceEntityRole.REVISION).setWhat(new Reference(id));
        daos.getResourceDao(Provenance.class).create(provenance, new SystemRequestDetails());
        return read(CarePlan.class, nextId.getValue()).orElseThrow();
    }

    /**
     * A Goal still to work on: not ended, and not achieved by the rule {@code $progress} applies to its measure's
     * values (so one in-range weight does not close a weight goal, whatever status was stored). A Goal without values
     * of its measure keeps what its stored achievement status says.
     */
    private boolean isOpen(Goal goal, String patient) {
        if (goal.getLifecycleStatus() == Goal.GoalLifecycleStatus.COMPLETED
                || goal.getLifecycleStatus() == Goal.GoalLifecycleStatus.CANCELLED
                || goal.getLifecycleStatus() == Goal.GoalLifecycleStatus.ENTEREDINERROR) {
            return false;
        }
        String stored =
                String.valueOf(goal.getAchievementStatus().getCodingFirstRep().getCode());
        if ("not-attainable".equals(stored)) {
            return false;
        }
        Optional<CarePlanProgressService.Evaluation> evaluation = progress.evaluate(goal, patient);
        if (evaluation.isPresent() && !evaluation.get().newestFirst().isEmpty()) {
            return !DONE_GOALS.contains(evaluation.get().achievement());
        }
        return !DONE_GOALS.contains(stored);
    }

    private boolean isOpen(CarePlan.CarePlanActivityComponent activity) {
        if (activity.hasDetail()) {
            CarePlan.CarePlanActivityStatus status = activity.getDetail().getStatus();
            return status != CarePlan.CarePlanActivityStatus.COMPLETED
                    && status != CarePlan.CarePlanActivityStatus.CANCELLED
                    && status != CarePlan.CarePlanActivityStatus.STOPPED
                    && status != CarePlan.CarePlanActivityStatus.ENTEREDINERROR;
        }
        String reference = activity.getReference().getReference();
        if (reference == null) {
            return false;
        }
        if (reference.startsWith("Task/")) {
            return read(Task.class, reference).map(OpenTasks::isOpen).orElse(false);
        }
        if (reference.startsWith("ServiceRequest/")) {
            return read(ServiceRequest.class, reference)
                    .map(r -> r.getStatus() == ServiceRequest.ServiceRequestStatus.ACTIVE
                            || r.getStatus() == ServiceRequest.ServiceRequestStatus.DRAFT
                            || r.getStatus() == ServiceRequest.ServiceRequestStatus.ONHOLD)
                    .orElse(false);
        }
        return !activity.hasOutcomeReference();
    }

    private <T extends org.hl7.fhir.instance.model.api.IBaseResource> Optional<T> read(Class<T> type, String id) {
        return StoredResources.find(daos, type, id);
    }
}
