package dev.careflow.worklist;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.Stored;
import dev.careflow.task.CareTask;
import dev.careflow.task.OpenTasks;
import dev.careflow.task.OutreachRecords;
import dev.careflow.task.TaskDue;
import dev.careflow.vocabulary.CodeSystems;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Outreach attempts: a Communication whose {@code partOf} or {@code basedOn} names a Task is an attempt at that Task
 * (status {@code completed}: the patient was reached; {@code not-done}: an unsuccessful attempt, {@code statusReason}
 * saying why; {@code sent} when). Inside the Communication's transaction the Task follows:
 *
 * <ul>
 *   <li>the first attempt starts it ({@code in-progress}, {@code executionPeriod.start});
 *   <li>a successful attempt completes it (the contact happened);
 *   <li>a TCM interactive contact is completed, business status {@code contact-attempts-documented}, once enough
 *       separate unsuccessful attempts were made by its deadline ({@link OutreachAttempts#tcmContactSatisfied});
 *   <li>a follow-up call is escalated after {@code escalate-after} unsuccessful attempts (priority urgent, business
 *       status {@code escalated}) and ends as {@code failed}, business status {@code unreachable}, after {@code
 *       unreachable-after}.
 * </ul>
 */
@Service
public class OutreachService {

    private static final Logger log = LoggerFactory.getLogger(OutreachService.class);

    static final String BUSINESS_STATUS = CodeSystems.TASK_BUSINESS_STATUS;
    private static final Set<Task.TaskStatus> NOT_STARTED = Set.of(
            Task.TaskStatus.REQUESTED, Task.TaskStatus.RECEIVED, Task.TaskStatus.ACCEPTED, Task.TaskStatus.READY);

    private final IRepository repository;
    private final OutreachSettings settings;
    private final Clock clock;

    /** @param clock the care team's clock: a date-only deadline ends at midnight in its zone */
    public OutreachService(IRepository repository, OutreachSettings settings, Clock clock) {
        this.repository = repository;
        this.settings = settings;
        this.clock = clock;
    }

    /** After a Communication was written, inside its transaction. */
    public void afterCommunicationStored(Communication communication) {
        if (!OutreachRecords.isAttempt(communication)) {
            return;
        }
        for (String taskId : OutreachRecords.tasksOf(communication)) {
            Optional<Task> found = Stored.find(repository, Task.class, taskId);
            if (found.isEmpty() || !OpenTasks.isOpen(found.get())) {
                continue;
            }
            follow(found.get(), attempts(List.of(taskId)).getOrDefault(taskId, List.of()), communication);
        }
    }

    /** The attempts recorded against each of these Tasks ({@code Task/id}), oldest first. */
    public Map<String, List<OutreachAttempts.Attempt>> attempts(Collection<String> tasks) {
        Map<String, List<OutreachAttempts.Attempt>> byTask = new HashMap<>();
        OutreachRecords.byTask(repository, tasks)
                .forEach((task, communications) -> byTask.put(
                        task,
                        communications.stream()
                                .map(c -> new OutreachAttempts.Attempt(
                                        sent(c), c.getStatus() == Communication.CommunicationStatus.COMPLETED))
                                .sorted(Comparator.comparing(
                                        OutreachAttempts.Attempt::sent,
                                        Comparator.nullsLast(Comparator.naturalOrder())))
                                .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new))));
        return byTask;
    }

    private void follow(Task task, List<OutreachAttempts.Attempt> attempts, Communication latest) {
        String id = task.getIdElement().toUnqualifiedVersionless().getValue();
        Instant first = attempts.stream()
                .map(OutreachAttempts.Attempt::sent)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .orElse(clock.instant());
        if (NOT_STARTED.contains(task.getStatus())) {
            task.setStatus(Task.TaskStatus.INPROGRESS);
        }
        if (!task.getExecutionPeriod().hasStart()) {
            task.getExecutionPeriod().setStartElement(at(first));
        }
        Reference attempt =
                new Reference(latest.getIdElement().toUnqualifiedVersionless().getValue());
        long unsuccessful = attempts.stream().filter(a -> !a.successful()).count();
        if (latest.getStatus() == Communication.CommunicationStatus.COMPLETED) {
            task.setStatus(Task.TaskStatus.COMPLETED);
            task.getExecutionPeriod().setEndElement(at(sentOrNow(latest)));
            task.addOutput()
                    .setType(new CodeableConcept().setText("outreach attempt"))
                    .setValue(attempt);
            log.info("{}: patient reached, completed", id);
        } else if (CareTask.TCM_INTERACTIVE_CONTACT.in(task.getCode())) {
            followTcmContact(task, attempts, id, unsuccessful);
        } else if (CareTask.FOLLOW_UP_CALL.in(task.getCode())) {
            followUpCall(task, attempts, latest, id, unsuccessful);
        }
        repository.update(task);
    }

    private void followTcmContact(Task task, List<OutreachAttempts.Attempt> attempts, String id, long unsuccessful) {
        Optional<Instant> satisfied = OutreachAttempts.tcmContactSatisfied(
                attempts, TaskDue.deadline(task, clock.getZone()), settings.tcmAttempts(), settings.separatedBy());
        if (satisfied.isPresent()) {
            task.setStatus(Task.TaskStatus.COMPLETED);
            task.getExecutionPeriod().setEndElement(at(satisfied.get()));
            task.setBusinessStatus(businessStatus("contact-attempts-documented", "Contact attempts documented"));
            task.addNote()
                    .setTime(Date.from(clock.instant()))
                    .setText(settings.tcmAttempts()
                            + " separate unsuccessful attempts documented by the deadline: the interactive"
                            + " contact requirement is met (CMS TCM FAQ)");
            log.info("{}: TCM contact satisfied by {} unsuccessful attempts", id, unsuccessful);
        }
    }

    private void followUpCall(
            Task task, List<OutreachAttempts.Attempt> attempts, Communication latest, String id, long unsuccessful) {
        switch (OutreachAttempts.followUpCall(attempts, settings.escalateAfter(), settings.unreachableAfter())) {
            case UNREACHABLE -> {
                task.setStatus(Task.TaskStatus.FAILED);
                task.setStatusReason(new CodeableConcept(new Coding(BUSINESS_STATUS, "unreachable", "Unreachable"))
                        .setText("Patient unreachable after " + unsuccessful + " attempts"));
                task.setBusinessStatus(businessStatus("unreachable", "Unreachable"));
                task.getExecutionPeriod().setEndElement(at(sentOrNow(latest)));
                log.info("{}: unreachable after {} attempts", id, unsuccessful);
            }
            case ESCALATED -> {
                if (!task.getBusinessStatus().hasCoding(BUSINESS_STATUS, "escalated")) {
                    task.setPriority(Task.TaskPriority.URGENT);
                    task.setBusinessStatus(businessStatus("escalated", "Escalated"));
                    task.addNote()
                            .setTime(Date.from(clock.instant()))
                            .setText("Escalated after " + unsuccessful + " unsuccessful attempts");
                }
            }
            case OPEN -> {}
        }
    }

    /** An instant as a dateTime in the care team's zone, so that its date is the care team's date. */
    private org.hl7.fhir.r4.model.DateTimeType at(Instant instant) {
        return new org.hl7.fhir.r4.model.DateTimeType(
                Date.from(instant),
                ca.uhn.fhir.model.api.TemporalPrecisionEnum.SECOND,
                java.util.TimeZone.getTimeZone(clock.getZone()));
    }

    private static CodeableConcept businessStatus(String code, String display) {
        return new CodeableConcept(new Coding(BUSINESS_STATUS, code, display));
    }

    private Instant sentOrNow(Communication communication) {
        Instant sent = sent(communication);
        return sent == null ? clock.instant() : sent;
    }

    private static Instant sent(Communication communication) {
        return communication.hasSent() ? communication.getSent().toInstant() : null;
    }
}
