package dev.careflow.careplan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.careflow.careteam.CareManagerDirectory;
import dev.careflow.platform.CareflowException;
import dev.careflow.testing.FixtureRepository;
import dev.careflow.vocabulary.CodeSystems;
import dev.careflow.vocabulary.Extensions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.hl7.fhir.r4.model.ActivityDefinition;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code $propose-care-plan} on the fixture {@code careplan/proposal}: a patient with depression (F32.1). */
class CarePlanProposalServiceTest {

    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2026-11-27T15:00:00Z"), ZoneId.of("America/New_York"));

    private FixtureRepository repository;
    private CarePlanProposalService proposals;

    @BeforeEach
    void setUp() {
        repository = FixtureRepository.load("careplan/proposal");
        CareManagerDirectory careManagers = mock(CareManagerDirectory.class);
        when(careManagers.careManagerOf("Patient/p1")).thenReturn(Optional.of(new Reference("Practitioner/cm1")));
        when(careManagers.careManagerOf("Patient/p2")).thenReturn(Optional.empty());
        proposals = new CarePlanProposalService(repository, careManagers, CLOCK);
    }

    @Test
    void depression_storesADraftPlanWithItsGoalRequestsAndProvenance_inOneTransaction() {
        Bundle answer = proposals.propose(new IdType("Patient/p1"), true);

        assertThat(repository.transactionCount()).isEqualTo(1);
        CarePlan plan = repository.all(CarePlan.class).get(0);
        assertThat(answer.getEntryFirstRep().getFullUrl()).isEqualTo(versionless(plan));
        assertThat(plan.getStatus()).isEqualTo(CarePlan.CarePlanStatus.DRAFT);
        assertThat(plan.getAuthor().getReference()).isEqualTo("Practitioner/cm1");
        assertThat(plan.getAddresses()).extracting(Reference::getReference).containsExactly("Condition/depression");
        assertThat(plan.getInstantiatesCanonical())
                .extracting(c -> c.getValue())
                .containsExactly("https://careflow.dev/fhir/PlanDefinition/depression");
        assertThat(plan.getPeriod().getStartElement().getValueAsString()).isEqualTo("2026-11-27");

        Goal goal = repository.all(Goal.class).get(0);
        assertThat(plan.getGoal()).extracting(Reference::getReference).containsExactly(versionless(goal));
        assertThat(goal.getLifecycleStatus()).isEqualTo(Goal.GoalLifecycleStatus.PROPOSED);
        assertThat(goal.getTargetFirstRep().getDueDateType().getValueAsString()).isEqualTo("2027-05-27");
        assertThat(((Quantity) goal.getTargetFirstRep().getDetail()).getComparator())
                .isEqualTo(Quantity.QuantityComparator.LESS_THAN);

        assertThat(repository.all(ServiceRequest.class)).hasSize(3).allSatisfy(request -> {
            assertThat(request.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.DRAFT);
            assertThat(request.getRequester().getReference()).isEqualTo("Practitioner/cm1");
            assertThat(((Reference) request.getExtensionByUrl(Extensions.PERTAINS_TO_GOAL)
                                    .getValue())
                            .getReference())
                    .isEqualTo(versionless(goal));
        });
        Task education = repository.all(Task.class).get(0);
        assertThat(education.getCode().getCodingFirstRep().getCode()).isEqualTo("patient-education");
        assertThat(education.getBasedOnFirstRep().getReference()).isEqualTo(versionless(plan));
        assertThat(education.getFocus().getReference()).isEqualTo(versionless(goal));
        assertThat(plan.getActivity()).hasSize(4);

        Provenance provenance = repository.all(Provenance.class).get(0);
        assertThat(provenance.getTarget()).hasSize(6);
        assertThat(provenance.getActivity().getCodingFirstRep().getSystem()).isEqualTo(CodeSystems.V3_DATA_OPERATION);
        assertThat(provenance.getEntityFirstRep().getWhat().getReference()).isEqualTo("PlanDefinition/depression");
        assertThat(answer.getEntry()).hasSize(6);
    }

    @Test
    void notPersisted_answersTheProposal_andStoresNothing() {
        Bundle answer = proposals.propose(new IdType("Patient/p1"), false);

        assertThat(answer.getType()).isEqualTo(Bundle.BundleType.COLLECTION);
        assertThat(answer.getEntry()).hasSize(6);
        assertThat(answer.getEntryFirstRep().getFullUrl()).startsWith("urn:uuid:");
        assertThat(repository.all(CarePlan.class)).isEmpty();
        assertThat(repository.transactionCount()).isZero();
    }

    @Test
    void aPatientWithoutActiveProblems_isRefused_andNothingIsStored() {
        repository.with(new Patient().setId("p2"));

        assertThatThrownBy(() -> proposals.propose(new IdType("Patient/p2"), true))
                .isInstanceOf(CareflowException.class)
                .hasMessageContaining("Patient/p2 has no active problem or health concern to plan for");
        assertThat(repository.all(CarePlan.class)).isEmpty();
        assertThat(repository.transactionCount()).isZero();
    }

    @Test
    void aMissingActivityDefinition_refusesTheWholeProposal() {
        repository.delete(ActivityDefinition.class, new IdType("ActivityDefinition/patient-education"));

        assertThatThrownBy(() -> proposals.propose(new IdType("Patient/p1"), true))
                .isInstanceOf(CareflowException.class)
                .hasMessageContaining(
                        "ActivityDefinition https://careflow.dev/fhir/ActivityDefinition/patient-education");
        assertThat(repository.all(CarePlan.class)).isEmpty();
        assertThat(repository.all(Goal.class)).isEmpty();
        assertThat(repository.transactionCount()).isZero();
    }

    @Test
    void anUnknownPatient_isNotFound() {
        assertThatThrownBy(() -> proposals.propose(new IdType("Patient/nobody"), true))
                .isInstanceOf(CareflowException.class)
                .hasMessageContaining("Patient/nobody is not known");
    }

    private static String versionless(org.hl7.fhir.r4.model.Resource resource) {
        return resource.getIdElement().toUnqualifiedVersionless().getValue();
    }
}
