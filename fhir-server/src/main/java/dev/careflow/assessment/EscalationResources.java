package dev.careflow.assessment;

import dev.careflow.vocabulary.CodeSystems;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * The resources of a safety escalation: the urgent review Task for one recipient, due by the end of the care team's
 * "today", and the patient's {@code safety} Flag; and how they are withdrawn when the signal goes.
 */
final class EscalationResources {

    static final String FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category";
    static final Set<Task.TaskStatus> OPEN = Set.of(
            Task.TaskStatus.DRAFT,
            Task.TaskStatus.REQUESTED,
            Task.TaskStatus.RECEIVED,
            Task.TaskStatus.ACCEPTED,
            Task.TaskStatus.READY,
            Task.TaskStatus.INPROGRESS,
            Task.TaskStatus.ONHOLD);

    private final Clock clock;

    EscalationResources(Clock clock) {
        this.clock = clock;
    }

    /** The review Task for one recipient, identified by {@code <response>|<role>}. */
    Task task(String patient, String responseId, String identifier, Optional<Reference> owner, SafetySignal signal) {
        Task task = new Task();
        task.addIdentifier()
                .setSystem(SafetyEscalationService.IDENTIFIER_SYSTEM)
                .setValue(identifier);
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setPriority(Task.TaskPriority.STAT);
        task.setCode(new CodeableConcept(
                new Coding(CodeSystems.CARE_TASK, SafetyEscalationService.SAFETY_REVIEW, "Urgent safety review")));
        task.setDescription(signal.description());
        task.setFor(new Reference(patient));
        task.setFocus(new Reference(responseId));
        task.setAuthoredOn(Date.from(clock.instant()));
        task.setReasonCode(new CodeableConcept().setText("Positive answer to " + signal.item()));
        owner.ifPresent(o -> task.setOwner(o.copy()));
        task.getRestriction()
                .getPeriod()
                .setEndElement(new DateTimeType(LocalDate.now(clock).toString()));
        return task;
    }

    /** The patient's safety Flag, identified by the response. */
    Flag flag(String patient, String responseId, SafetySignal signal) {
        Flag flag = new Flag();
        flag.addIdentifier()
                .setSystem(SafetyEscalationService.IDENTIFIER_SYSTEM)
                .setValue(responseId);
        flag.setStatus(Flag.FlagStatus.ACTIVE);
        flag.addCategory(new CodeableConcept(new Coding(FLAG_CATEGORY, "safety", "Safety")));
        flag.setCode(new CodeableConcept().setText("Risk of self-harm: " + signal.description()));
        flag.setSubject(new Reference(patient));
        flag.getPeriod().setStart(Date.from(clock.instant()));
        return flag;
    }

    /** Cancels an open Task (true), or leaves one already worked on as it is (false). */
    static boolean cancel(Task task, String responseId) {
        if (!OPEN.contains(task.getStatus())) {
            return false;
        }
        task.setStatus(Task.TaskStatus.CANCELLED);
        task.setStatusReason(new CodeableConcept()
                .setText(responseId + " was corrected or withdrawn: it no longer shows a safety signal"));
        return true;
    }

    /** Retires an active Flag as entered-in-error (true), or leaves any other as it is (false). */
    static boolean retire(Flag flag) {
        if (flag.getStatus() != Flag.FlagStatus.ACTIVE) {
            return false;
        }
        flag.setStatus(Flag.FlagStatus.ENTEREDINERROR);
        return true;
    }
}
