package dev.careflow.referral;

import dev.careflow.vocabulary.Extensions;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/** The pure rules of a closed referral loop: what the Task produced, and where it is recorded. No storage. */
final class ReferralOutcomes {

    private ReferralOutcomes() {}

    /** The references among the Task's outputs (what was done: a Procedure, an Observation, ...). */
    static List<Reference> of(Task task) {
        return task.getOutput().stream()
                .filter(o -> o.getValue() instanceof Reference r && r.hasReference())
                .map(o -> new Reference(((Reference) o.getValue()).getReference()))
                .toList();
    }

    /** "Referral completed by ..." as the plan and the goal say it. */
    static String done(Task task) {
        return "Referral completed"
                + (task.getOwner().hasDisplay() ? " by " + task.getOwner().getDisplay() : "");
    }

    /** The Goals the request names it serves ({@code resource-pertainsToGoal}). */
    static Set<String> goalsOf(ServiceRequest request) {
        Set<String> goals = new LinkedHashSet<>();
        request.getExtensionsByUrl(Extensions.PERTAINS_TO_GOAL).stream()
                .filter(e -> e.getValue() instanceof Reference r && r.hasReference())
                .forEach(e -> goals.add(versionless(((Reference) e.getValue()).getReference())));
        return goals;
    }

    /** The reasons of the request (versionless references), to find the plan's Goals that address them. */
    static Set<String> reasonsOf(ServiceRequest request) {
        Set<String> reasons = new LinkedHashSet<>();
        request.getReasonReference().stream()
                .filter(Reference::hasReference)
                .forEach(r -> reasons.add(versionless(r.getReference())));
        return reasons;
    }

    /** Whether the Goal addresses one of the reasons. */
    static boolean addressesAny(Goal goal, Set<String> reasons) {
        return goal.getAddresses().stream()
                .filter(Reference::hasReference)
                .anyMatch(a -> reasons.contains(versionless(a.getReference())));
    }

    /** Records the outcomes on the plan's activities that hold the request; answers whether any did. */
    static boolean recordOnPlan(CarePlan plan, String request, List<Reference> outcomes, String done, Date now) {
        boolean changed = false;
        for (CarePlan.CarePlanActivityComponent activity : plan.getActivity()) {
            if (!activity.getReference().hasReference()
                    || !versionless(activity.getReference().getReference()).equals(request)) {
                continue;
            }
            outcomes.forEach(o -> addOnce(activity.getOutcomeReference(), o));
            activity.addProgress().setTimeElement(new DateTimeType(now)).setText(done);
            changed = true;
        }
        return changed;
    }

    /**
     * An Observation outcome is the Goal's {@code outcomeReference}; R4 allows nothing else there, so any other kind
     * (a Procedure, say) is recorded as a note that names it.
     */
    static void recordOnGoal(Goal goal, Reference outcome, String done, Date now) {
        if ("Observation".equals(outcome.getReferenceElement().getResourceType())) {
            addOnce(goal.getOutcomeReference(), outcome);
            return;
        }
        String text = done + ": " + outcome.getReference();
        if (goal.getNote().stream().noneMatch(n -> text.equals(n.getText()))) {
            goal.addNote().setTimeElement(new DateTimeType(now)).setText(text);
        }
    }

    private static void addOnce(List<Reference> references, Reference reference) {
        if (references.stream().noneMatch(r -> reference.getReference().equals(r.getReference()))) {
            references.add(reference.copy());
        }
    }

    static String versionless(String reference) {
        return new IdType(reference).toUnqualifiedVersionless().getValue();
    }
}
