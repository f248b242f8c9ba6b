package dev.careflow.careplan;

import dev.careflow.platform.CareflowException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/** The pure rules of {@code $revise}: which plans can be revised, what is carried over, how Tasks follow. */
final class RevisionRules {

    private static final Set<String> DONE_GOALS = Set.of("achieved", "sustaining", "not-attainable");

    private RevisionRules() {}

    /** Only an active or on-hold plan is revised; any other is refused with its status. */
    static void requireRevisable(String id, CarePlan plan) {
        if (plan.getStatus() != CarePlan.CarePlanStatus.ACTIVE && plan.getStatus() != CarePlan.CarePlanStatus.ONHOLD) {
            throw new CareflowException(
                    CareflowException.Kind.CONFLICT,
                    List.of(id + " is " + plan.getStatus().toCode()
                            + ": only an active or on-hold plan can be revised"));
        }
    }

    /**
     * A Goal still to work on: not ended, and not achieved by the rule {@code $progress} applies to its measure's
     * values (so one in-range weight does not close a weight goal, whatever status was stored). A Goal without values
     * of its measure keeps what its stored achievement status says.
     */
    static boolean isOpen(Goal goal, Optional<GoalEvaluator.Evaluation> evaluation) {
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
        if (evaluation.isPresent() && !evaluation.get().newestFirst().isEmpty()) {
            return !DONE_GOALS.contains(evaluation.get().achievement());
        }
        return !DONE_GOALS.contains(stored);
    }

    /** An activity given as detail that is not completed, cancelled, stopped or entered in error. */
    static boolean isOpen(CarePlan.CarePlanActivityDetailComponent detail) {
        CarePlan.CarePlanActivityStatus status = detail.getStatus();
        return status != CarePlan.CarePlanActivityStatus.COMPLETED
                && status != CarePlan.CarePlanActivityStatus.CANCELLED
                && status != CarePlan.CarePlanActivityStatus.STOPPED
                && status != CarePlan.CarePlanActivityStatus.ENTEREDINERROR;
    }

    /** A request still to be carried out: draft, active or on hold. */
    static boolean isOpen(ServiceRequest request) {
        return request.getStatus() == ServiceRequest.ServiceRequestStatus.ACTIVE
                || request.getStatus() == ServiceRequest.ServiceRequestStatus.DRAFT
                || request.getStatus() == ServiceRequest.ServiceRequestStatus.ONHOLD;
    }

    /** Points the Task's {@code basedOn} the old plan at the new one instead. */
    static void repoint(Task task, String from, String to) {
        task.getBasedOn().stream()
                .filter(b -> b.getReference() != null
                        && new IdType(b.getReference())
                                .toUnqualifiedVersionless()
                                .getValue()
                                .equals(from))
                .forEach(b -> b.setReference(to));
    }
}
