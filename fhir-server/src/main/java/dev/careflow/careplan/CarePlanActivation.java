package dev.careflow.careplan;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import dev.careflow.platform.StoredResources;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Service;

/**
 * When a draft CarePlan becomes active, so does what it proposed: its draft ServiceRequests become active, its draft
 * Tasks requested, its proposed Goals active. Runs in the write that activated the plan.
 */
@Service
public class CarePlanActivation {

    private final DaoRegistry daos;

    public CarePlanActivation(DaoRegistry daos) {
        this.daos = daos;
    }

    public void afterStored(CarePlan previous, CarePlan current) {
        if (previous == null
                || previous.getStatus() != CarePlan.CarePlanStatus.DRAFT
                || current.getStatus() != CarePlan.CarePlanStatus.ACTIVE) {
            return;
        }
        for (CarePlan.CarePlanActivityComponent activity : current.getActivity()) {
            String reference = activity.getReference().getReference();
            if (reference == null) {
                continue;
            }
            if (reference.startsWith("ServiceRequest/")) {
                read(ServiceRequest.class, reference).ifPresent(request -> {
                    if (request.getStatus() == ServiceRequest.ServiceRequestStatus.DRAFT) {
                        request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
                        daos.getResourceDao(ServiceRequest.class).update(request, new SystemRequestDetails());
                    }
                });
            } else if (reference.startsWith("Task/")) {
                read(Task.class, reference).ifPresent(task -> {
                    if (task.getStatus() == Task.TaskStatus.DRAFT) {
                        task.setStatus(Task.TaskStatus.REQUESTED);
                        daos.getResourceDao(Task.class).update(task, new SystemRequestDetails());
                    }
                });
            }
        }
        for (Reference goalReference : current.getGoal()) {
            if (goalReference.getReference() == null) {
                continue;
            }
            read(Goal.class, goalReference.getReference()).ifPresent(goal -> {
                if (goal.getLifecycleStatus() == Goal.GoalLifecycleStatus.PROPOSED) {
                    goal.setLifecycleStatus(Goal.GoalLifecycleStatus.ACTIVE);
                    daos.getResourceDao(Goal.class).update(goal, new SystemRequestDetails());
                }
            });
        }
    }

    private <T extends org.hl7.fhir.instance.model.api.IBaseResource> java.util.Optional<T> read(
            Class<T> type, String reference) {
        return StoredResources.find(daos, type, reference);
    }
}
