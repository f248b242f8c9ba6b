package dev.careflow.referral;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.careteam.CareManagerDirectory;
import dev.careflow.task.CareTask;
import dev.careflow.testing.FixtureRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** A food-bank referral (fixtures/referral/loop), completed or rejected on Friday 2026-11-20. */
class ReferralServiceTest {

    private static final Clock FRIDAY =
            Clock.fixed(Instant.parse("2026-11-20T15:00:00Z"), ZoneId.of("America/New_York"));

    private final FixtureRepository repository = FixtureRepository.load("referral/loop");
    private final ReferralService referrals =
            new ReferralService(repository, new CareManagerDirectory(repository), new ReferralSettings(2), FRIDAY);

    private <T extends org.hl7.fhir.r4.model.Resource> T read(Class<T> type, String reference) {
        return repository.read(type, new IdType(reference));
    }

    private Task moved(Task.TaskStatus status) {
        Task task = read(Task.class, "Task/referral");
        task.setStatus(status);
        return task;
    }

    @Test
    void completingTheReferral_closesTheLoop_onTheRequestThePlanAndTheGoal() {
        Task before = read(Task.class, "Task/referral");
        Task done = moved(Task.TaskStatus.COMPLETED);
        done.addOutput()
                .setType(new CodeableConcept().setText("delivered"))
                .setValue(new Reference("Procedure/delivery"));
        done.addOutput()
                .setType(new CodeableConcept().setText("rescreen"))
                .setValue(new Reference("Observation/rescreen"));

        referrals.afterStored(before, done);

        assertThat(read(ServiceRequest.class, "ServiceRequest/food-bank").getStatus())
                .isEqualTo(ServiceRequest.ServiceRequestStatus.COMPLETED);
        CarePlan.CarePlanActivityComponent activity =
                read(CarePlan.class, "CarePlan/plan").getActivityFirstRep();
        assertThat(activity.getOutcomeReference())
                .extracting(Reference::getReference)
                .containsExactly("Procedure/delivery", "Observation/rescreen");
        assertThat(activity.getProgressFirstRep().getText()).isEqualTo("Referral completed by Eastside Food Bank");
        Goal goal = read(Goal.class, "Goal/food-security");
        assertThat(goal.getOutcomeReference())
                .extracting(Reference::getReference)
                .containsExactly("Observation/rescreen");
        assertThat(goal.getNoteFirstRep().getText())
                .isEqualTo("Referral completed by Eastside Food Bank: Procedure/delivery");
        assertThat(repository.all(Task.class)).hasSize(1);
    }

    @Test
    void rejectingTheReferral_asksTheReferrerToReRefer_withinTwoDays() {
        Task before = read(Task.class, "Task/referral");
        before.setStatus(Task.TaskStatus.REQUESTED);
        Task rejected = moved(Task.TaskStatus.REJECTED);
        rejected.setStatusReason(new CodeableConcept().setText("No capacity this month"));

        referrals.afterStored(before, rejected);

        List<Task> reReferrals = repository.all(Task.class).stream()
                .filter(t -> CareTask.RE_REFERRAL.in(t.getCode()))
                .toList();
        assertThat(reReferrals).singleElement().satisfies(next -> {
            assertThat(next.getOwner().getReference()).isEqualTo("Practitioner/referrer");
            assertThat(next.getFocus().getReference()).isEqualTo("ServiceRequest/food-bank");
            assertThat(next.getRestriction().getPeriod().getEndElement().getValueAsString())
                    .isEqualTo("2026-11-22");
            assertThat(next.getDescription())
                    .isEqualTo("The referral was rejected by Eastside Food Bank: No capacity this month."
                            + " Find another performer.");
        });
        assertThat(read(ServiceRequest.class, "ServiceRequest/food-bank").getStatus())
                .isEqualTo(ServiceRequest.ServiceRequestStatus.ACTIVE);
    }

    @Test
    void aWriteThatKeepsTheStatus_changesNothing() {
        Task task = read(Task.class, "Task/referral");
        referrals.afterStored(task, task.copy());
        assertThat(read(ServiceRequest.class, "ServiceRequest/food-bank").getStatus())
                .isEqualTo(ServiceRequest.ServiceRequestStatus.ACTIVE);
    }
}
