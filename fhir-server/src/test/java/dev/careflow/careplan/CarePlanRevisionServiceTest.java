package dev.careflow.careplan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.careflow.platform.CareflowException;
import dev.careflow.platform.Stored;
import dev.careflow.testing.FixtureRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code $revise} on the fixture {@code careplan/revision}: an active plan with an open HbA1c goal, a completed goal, a
 * PHQ-9 goal its values show met (8 then 3), a proposed goal, an achieved goal measured as text only, an active referral, a draft request, a revoked lab, an
 * open and a completed call Task, and another open Task based on the plan.
 */
class CarePlanRevisionServiceTest {

    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2026-11-27T15:00:00Z"), ZoneId.of("America/New_York"));

    private FixtureRepository repository;
    private CarePlanRevisionService revisions;

    @BeforeEach
    void setUp() {
        repository = FixtureRepository.load("careplan/revision");
        revisions = new CarePlanRevisionService(
                repository, GoalSettings.defaults(), new CarePlanActivation(repository), CLOCK);
    }

    @Test
    void revise_carriesOpenGoalsAndActivities_repointsOpenTasks_revokesTheOld_inOneTransaction() {
        CarePlan next = revisions.revise(
                new IdType("CarePlan/old"),
                Optional.of("PHQ-9 in remission"),
                Optional.of(new Reference("Practitioner/b")));

        assertThat(repository.transactionCount()).isEqualTo(1);
        String nextId = next.getIdElement().toUnqualifiedVersionless().getValue();
        assertThat(next.getStatus()).isEqualTo(CarePlan.CarePlanStatus.ACTIVE);
        assertThat(next.getReplacesFirstRep().getReference()).isEqualTo("CarePlan/old");
        assertThat(next.getAuthor().getReference()).isEqualTo("Practitioner/b");
        assertThat(next.getGoal()).extracting(Reference::getReference).containsExactly("Goal/open", "Goal/proposed");
        assertThat(next.getActivity())
                .extracting(a -> a.getReference().getReference())
                .containsExactly("ServiceRequest/referral", "ServiceRequest/draft-education", "Task/open-call");

        assertThat(read(CarePlan.class, "CarePlan/old").getStatus()).isEqualTo(CarePlan.CarePlanStatus.REVOKED);
        assertThat(read(Task.class, "Task/open-call").getBasedOnFirstRep().getReference())
                .isEqualTo(nextId);
        assertThat(read(Task.class, "Task/unlisted-open").getBasedOnFirstRep().getReference())
                .isEqualTo(nextId);
        assertThat(read(Task.class, "Task/done-call").getBasedOnFirstRep().getReference())
                .isEqualTo("CarePlan/old");
        assertThat(repository.all(Task.class)).hasSize(3);
        assertThat(read(ServiceRequest.class, "ServiceRequest/draft-education").getStatus())
                .isEqualTo(ServiceRequest.ServiceRequestStatus.ACTIVE);
        assertThat(read(Goal.class, "Goal/proposed").getLifecycleStatus()).isEqualTo(Goal.GoalLifecycleStatus.ACTIVE);

        Provenance provenance = repository.all(Provenance.class).get(0);
        assertThat(provenance.getTarget()).extracting(Reference::getReference).containsExactly(nextId, "CarePlan/old");
        assertThat(provenance.getReasonFirstRep().getText()).isEqualTo("PHQ-9 in remission");
        assertThat(provenance.getAgentFirstRep().getWho().getReference()).isEqualTo("Practitioner/b");
        assertThat(provenance.getEntityFirstRep().getWhat().getReference()).isEqualTo("CarePlan/old");
    }

    @Test
    void aRevokedPlan_isRefused_andNothingIsStored() {
        revisions.revise(new IdType("CarePlan/old"), Optional.empty(), Optional.empty());

        assertThatThrownBy(() -> revisions.revise(new IdType("CarePlan/old"), Optional.empty(), Optional.empty()))
                .isInstanceOf(CareflowException.class)
                .hasMessageContaining("CarePlan/old is revoked: only an active or on-hold plan can be revised");
        assertThat(repository.transactionCount()).isEqualTo(1);
        assertThat(repository.all(CarePlan.class)).hasSize(2);
    }

    @Test
    void anUnknownPlan_isNotFound() {
        assertThatThrownBy(() -> revisions.revise(new IdType("CarePlan/nope"), Optional.empty(), Optional.empty()))
                .isInstanceOf(CareflowException.class)
                .hasMessageContaining("CarePlan/nope is not known");
    }

    private <T extends org.hl7.fhir.r4.model.Resource> T read(Class<T> type, String reference) {
        return Stored.require(repository, type, reference);
    }
}
