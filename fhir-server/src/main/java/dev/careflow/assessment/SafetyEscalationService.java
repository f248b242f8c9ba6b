package dev.careflow.assessment;

import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.param.TokenParam;
import dev.careflow.careteam.CareManagerDirectory;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Safety escalation of a screen ({@link SafetySignal}): inside the response's own transaction, an urgent Task (priority
 * {@code stat}, code {@code safety-review}, due today in the care team's zone, {@code focus} the response) for the
 * patient's care manager and another for the supervising clinician when an active CareTeam names one ({@code
 * supervising-clinician}), and a {@code safety} Flag on the patient. Each carries an identifier made of the response
 * id, so storing or correcting the response again raises nothing twice (and a Task already worked on is left as it
 * is). A correction that no longer carries the signal, or a response retired as entered-in-error, cancels the open
 * Tasks and retires the Flag.
 */
@Service
public class SafetyEscalationService {

    private static final Logger log = LoggerFactory.getLogger(SafetyEscalationService.class);

    public static final String IDENTIFIER_SYSTEM = "https://careflow.dev/fhir/safety-escalation";
    public static final String CARE_TASK = "https://careflow.dev/fhir/CodeSystem/care-task";
    public static final String SAFETY_REVIEW = "safety-review";
    static final String FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category";
    private static final Set<Task.TaskStatus> OPEN = Set.of(
            Task.TaskStatus.DRAFT,
            Task.TaskStatus.REQUESTED,
            Task.TaskStatus.RECEIVED,
            Task.TaskStatus.ACCEPTED,
            Task.TaskStatus.READY,
            Task.TaskStatus.INPROGRESS,
            Task.TaskStatus.ONHOLD);

    private static final List<String> RECIPIENTS = List.of("care-manager", "supervising-clinician");

    private final IRepository repository;
    private final CareManagerDirectory careTeams;
    private final Clock clock;

    /** @param clock the care team's clock: the Tasks are due by the end of its "today" */
    public SafetyEscalationService(IRepository repository, CareManagerDirectory careTeams, Clock clock) {
        this.repository = repository;
        this.careTeams = careTeams;
        this.clock = clock;
    }

    /**
     * After a response's derived resources were stored, in its transaction.
     *
     * @param signal the signal the response now carries (empty when it carries none, or no longer counts)
     */
    public void afterScored(QuestionnaireResponse response, String responseId, Optional<SafetySignal> signal) {
        String patient = response.getSubject().getReference();
        Map<String, Optional<Reference>> recipients = new LinkedHashMap<>();
        if (signal.isPresent() && patient != null) {
            recipients.put("care-manager", careTeams.careManagerOf(patient));
            careTeams
                    .supervisingClinicianOf(patient)
                    .ifPresent(c -> recipients.put("supervising-clinician", Optional.of(c)));
        }
        List<TokenParam> ours = RECIPIENTS.stream()
                .map(r -> Query.token(IDENTIFIER_SYSTEM, responseId + "|" + r))
                .toList();
        List<Task> existing = Stored.search(repository, Task.class, Query.all().and("identifier", ours));
        if (signal.isEmpty()) {
            retire(existing, responseId);
            return;
        }
        for (Map.Entry<String, Optional<Reference>> recipient : recipients.entrySet()) {
            String value = responseId + "|" + recipient.getKey();
            boolean raised = existing.stream()
                    .anyMatch(t -> t.getIdentifier().stream().anyMatch(i -> value.equals(i.getValue())));
            if (!raised) {
                repository.create(task(patient, responseId, value, recipient.getValue(), signal.get()));
            }
        }
        if (flag(responseId).isEmpty()) {
            repository.create(newFlag(patient, responseId, signal.get()));
        }
        log.warn(
                "{}: safety signal ({}), escalated to {}",
                responseId,
                signal.get().item(),
                recipients.keySet());
    }

    private Task task(
            String patient, String responseId, String identifier, Optional<Reference> owner, SafetySignal signal) {
        Task task = new Task();
        task.addIdentifier().setSystem(IDENTIFIER_SYSTEM).setValue(identifier);
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setPriority(Task.TaskPriority.STAT);
        task.setCode(new CodeableConcept(new Coding(CARE_TASK, SAFETY_REVIEW, "Urgent safety review")));
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

    private Flag newFlag(String patient, String responseId, SafetySignal signal) {
        Flag flag = new Flag();
        flag.addIdentifier().setSystem(IDENTIFIER_SYSTEM).setValue(responseId);
        flag.setStatus(Flag.FlagStatus.ACTIVE);
        flag.addCategory(new CodeableConcept(new Coding(FLAG_CATEGORY, "safety", "Safety")));
        flag.setCode(new CodeableConcept().setText("Risk of self-harm: " + signal.description()));
        flag.setSubject(new Reference(patient));
        flag.getPeriod().setStart(Date.from(clock.instant()));
        return flag;
    }

    private Optional<Flag> flag(String responseId) {
        return Stored.first(
                repository, Flag.class, Query.where("identifier", Query.token(IDENTIFIER_SYSTEM, responseId)));
    }

    /** The response no longer carries the signal: open Tasks cancelled, the Flag entered in error. */
    private void retire(List<Task> tasks, String responseId) {
        for (Task task : tasks) {
            if (OPEN.contains(task.getStatus())) {
                task.setStatus(Task.TaskStatus.CANCELLED);
                task.setStatusReason(new CodeableConcept()
                        .setText(responseId + " was corrected or withdrawn: it no longer shows a safety signal"));
                repository.update(task);
            }
        }
        flag(responseId).filter(f -> f.getStatus() == Flag.FlagStatus.ACTIVE).ifPresent(f -> {
            f.setStatus(Flag.FlagStatus.ENTEREDINERROR);
            repository.update(f);
        });
    }
}
