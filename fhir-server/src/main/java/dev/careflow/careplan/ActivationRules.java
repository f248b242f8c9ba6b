package dev.careflow.careplan;

import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * What becomes of a plan's proposals when the plan becomes active: a draft ServiceRequest active, a draft Task
 * requested, a proposed Goal active. Anything else stays as it is.
 */
final class ActivationRules {

    private ActivationRules() {}

    /** Moves the resource on; whether it changed (and must be stored). */
    static boolean activate(Resource resource) {
        if (resource instanceof ServiceRequest request
                && request.getStatus() == ServiceRequest.ServiceRequestStatus.DRAFT) {
            request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
            return true;
        }
        if (resource instanceof Task task && task.getStatus() == Task.TaskStatus.DRAFT) {
            task.setStatus(Task.TaskStatus.REQUESTED);
            return true;
        }
        if (resource instanceof Goal goal && goal.getLifecycleStatus() == Goal.GoalLifecycleStatus.PROPOSED) {
            goal.setLifecycleStatus(Goal.GoalLifecycleStatus.ACTIVE);
            return true;
        }
        return false;
    }
}
