package dev.careflow.careplan;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.Stored;
import java.util.Optional;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Service;

/**
 * When a draft CarePlan becomes active, so does what it proposed ({@link ActivationRules}): its draft ServiceRequests
 * become active, its draft Tasks requested, its proposed Goals active. Runs in the write that activated the plan (a
 * storage hook), so its updates join that transaction.
 */
@Service
public class CarePlanActivation {

    private final IRepository repository;

    public CarePlanActivation(IRepository repository) {
        this.repository = repository;
    }

    public void afterStored(CarePlan previous, CarePlan current) {
        if (previous == null
                || previous.getStatus() != CarePlan.CarePlanStatus.DRAFT
                || current.getStatus() != CarePlan.CarePlanStatus.ACTIVE) {
            return;
        }
        for (CarePlan.CarePlanActivityComponent activity : current.getActivity()) {
            proposal(activity.getReference()).filter(ActivationRules::activate).ifPresent(repository::update);
        }
        for (Reference goal : current.getGoal()) {
            Stored.find(repository, Goal.class, goal.getReference())
                    .filter(ActivationRules::activate)
                    .ifPresent(repository::update);
        }
    }

    /** The request an activity references (a ServiceRequest or a Task), if it is stored. */
    Optional<Resource> proposal(Reference activity) {
        String reference = activity.getReference();
        if (reference == null) {
            return Optional.empty();
        }
        if (reference.startsWith("ServiceRequest/")) {
            return Stored.find(repository, ServiceRequest.class, reference).map(Resource.class::cast);
        }
        if (reference.startsWith("Task/")) {
            return Stored.find(repository, Task.class, reference).map(Resource.class::cast);
        }
        return Optional.empty();
    }
}
