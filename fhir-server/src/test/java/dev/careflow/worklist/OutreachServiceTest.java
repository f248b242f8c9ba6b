package dev.careflow.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.testing.FixtureRepository;
import dev.careflow.vocabulary.CodeSystems;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** Outreach attempts recorded against a Task move it on (fixtures/worklist/outreach). */
class OutreachServiceTest {

    static final OutreachSettings SETTINGS = new OutreachSettings(2, Duration.ofHours(1), 3, 5);

    private final FixtureRepository repository = FixtureRepository.load("worklist/outreach");
    private final OutreachService outreach = new OutreachService(repository, SETTINGS, WorklistServiceTest.FRIDAY_10AM);

    private void attempt(String task, Communication.CommunicationStatus status, String sent) {
        Communication communication = new Communication().setStatus(status);
        communication.addPartOf(new Reference(task));
        communication.setSent(Date.from(Instant.parse(sent)));
        communication.setId(new IdType(
                "Communication", repository.create(communication).getId().getIdPart()));
        outreach.afterCommunicationStored(communication);
    }

    private Task task(String id) {
        return repository.read(Task.class, new IdType("Task", id));
    }

    @Test
    void anUnsuccessfulAttempt_isRecorded_andStartsTheTask() {
        attempt("Task/call", Communication.CommunicationStatus.NOTDONE, "2026-11-20T14:00:00Z");

        Task call = task("call");
        assertThat(call.getStatus()).isEqualTo(Task.TaskStatus.INPROGRESS);
        assertThat(call.getExecutionPeriod().getStart()).isEqualTo(Date.from(Instant.parse("2026-11-20T14:00:00Z")));
        assertThat(outreach.attempts(java.util.List.of("Task/call")).get("Task/call"))
                .singleElement()
                .satisfies(a -> assertThat(a.successful()).isFalse());
    }

    @Test
    void reachingThePatient_completesTheTask_withTheAttemptAsOutput() {
        attempt("Task/call", Communication.CommunicationStatus.COMPLETED, "2026-11-20T14:30:00Z");

        Task call = task("call");
        assertThat(call.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
        assertThat(((Reference) call.getOutputFirstRep().getValue()).getReference())
                .startsWith("Communication/");
    }

    @Test
    void threeUnsuccessfulCalls_escalate() {
        attempt("Task/call", Communication.CommunicationStatus.NOTDONE, "2026-11-18T14:00:00Z");
        attempt("Task/call", Communication.CommunicationStatus.NOTDONE, "2026-11-19T14:00:00Z");
        attempt("Task/call", Communication.CommunicationStatus.NOTDONE, "2026-11-20T14:00:00Z");

        Task call = task("call");
        assertThat(call.getPriority()).isEqualTo(Task.TaskPriority.URGENT);
        assertThat(call.getBusinessStatus().hasCoding(CodeSystems.TASK_BUSINESS_STATUS, "escalated"))
                .isTrue();
        assertThat(call.getNote()).hasSize(1);
    }

    @Test
    void twoSeparateUnsuccessfulAttempts_satisfyTheTcmContact() {
        attempt("Task/contact", Communication.CommunicationStatus.NOTDONE, "2026-11-20T13:00:00Z");
        assertThat(task("contact").getStatus()).isEqualTo(Task.TaskStatus.INPROGRESS);
        attempt("Task/contact", Communication.CommunicationStatus.NOTDONE, "2026-11-20T14:30:00Z");

        Task contact = task("contact");
        assertThat(contact.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
        assertThat(contact.getBusinessStatus()
                        .hasCoding(CodeSystems.TASK_BUSINESS_STATUS, "contact-attempts-documented"))
                .isTrue();
    }
}
