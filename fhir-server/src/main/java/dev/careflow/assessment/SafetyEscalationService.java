package dev.careflow.assessment;

import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.param.TokenParam;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import dev.careflow.vocabulary.CodeSystems;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * supervising-clinician}), and a {@code safety} Flag on the patient ({@link EscalationResources}). Each carries an
 * identifier made of the response id, so storing or correcting the response again raises nothing twice (and a Task
 * already worked on is left as it is). A correction that no longer carries the signal, or a response retired as
 * entered-in-error, cancels the open Tasks and retires the Flag.
 */
@Service
public class SafetyEscalationService {

    private static final Logger log = LoggerFactory.getLogger(SafetyEscalationService.class);

    public static final String IDENTIFIER_SYSTEM = "https://careflow.dev/fhir/safety-escalation";
    public static final String CARE_TASK = CodeSystems.CARE_TASK;
    public static final String SAFETY_REVIEW = "safety-review";
    private static final List<String> RECIPIENTS =
            List.of(EscalationRecipients.CARE_MANAGER, EscalationRecipients.SUPERVISING_CLINICIAN);

    private final IRepository repository;
    private final EscalationRecipients recipients;
    private final EscalationResources resources;

    /** @param clock the care team's clock: the Tasks are due by the end of its "today" */
    public SafetyEscalationService(IRepository repository, EscalationRecipients recipients, Clock clock) {
        this.repository = repository;
        this.recipients = recipients;
        this.resources = new EscalationResources(clock);
    }

    /**
     * After a response's derived resources were stored, in its transaction.
     *
     * @param signal the signal the response now carries (empty when it carries none, or no longer counts)
     */
    public void afterScored(QuestionnaireResponse response, String responseId, Optional<SafetySignal> signal) {
        String patient = response.getSubject().getReference();
        List<Task> existing = tasks(responseId);
        if (signal.isEmpty()) {
            retire(existing, responseId);
            return;
        }
        if (patient == null) {
            return;
        }
        Map<String, Optional<Reference>> to = recipients.of(patient);
        for (Map.Entry<String, Optional<Reference>> recipient : to.entrySet()) {
            String value = responseId + "|" + recipient.getKey();
            boolean raised = existing.stream()
                    .anyMatch(t -> t.getIdentifier().stream().anyMatch(i -> value.equals(i.getValue())));
            if (!raised) {
                repository.create(resources.task(patient, responseId, value, recipient.getValue(), signal.get()));
            }
        }
        if (flag(responseId).isEmpty()) {
            repository.create(resources.flag(patient, responseId, signal.get()));
        }
        log.warn(
                "{}: safety signal ({}), escalated to {}",
                responseId,
                signal.get().item(),
                to.keySet());
    }

    /** The Tasks an escalation of this response raised, whoever they went to. */
    private List<Task> tasks(String responseId) {
        List<TokenParam> ours = RECIPIENTS.stream()
                .map(r -> Query.token(IDENTIFIER_SYSTEM, responseId + "|" + r))
                .toList();
        return Stored.search(repository, Task.class, Query.all().and("identifier", ours));
    }

    private Optional<Flag> flag(String responseId) {
        return Stored.first(
                repository, Flag.class, Query.where("identifier", Query.token(IDENTIFIER_SYSTEM, responseId)));
    }

    /** The response no longer carries the signal: open Tasks cancelled, the Flag entered in error. */
    private void retire(List<Task> tasks, String responseId) {
        tasks.stream().filter(t -> EscalationResources.cancel(t, responseId)).forEach(repository::update);
        flag(responseId).filter(EscalationResources::retire).ifPresent(repository::update);
    }
}
