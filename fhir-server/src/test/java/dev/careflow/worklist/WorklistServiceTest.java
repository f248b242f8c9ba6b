package dev.careflow.worklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.careflow.careteam.CareManagerDirectory;
import dev.careflow.platform.CareflowException;
import dev.careflow.populations.RiskTier;
import dev.careflow.programs.enrolment.EligibilityService;
import dev.careflow.testing.FixtureRepository;
import dev.careflow.transitions.TransitionsFixtures;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** The worklist of a care manager, Friday 2026-11-20 at 10:00 in New York (fixtures/worklist/caseload). */
class WorklistServiceTest {

    static final Clock FRIDAY_10AM = Clock.fixed(Instant.parse("2026-11-20T15:00:00Z"), ZoneId.of("America/New_York"));

    private final FixtureRepository repository = FixtureRepository.load("worklist/caseload");
    private final WorklistService worklists = service(repository);

    static WorklistService service(FixtureRepository repository) {
        return new WorklistService(
                repository,
                new CareManagerDirectory(repository),
                new OutreachService(repository, OutreachServiceTest.SETTINGS, FRIDAY_10AM),
                FRIDAY_10AM,
                TransitionsFixtures.settings(),
                new EligibilityService(repository, FRIDAY_10AM));
    }

    /** The nurse's whole worklist, first page. */
    static WorklistQuery all() {
        return new WorklistQuery(
                "Practitioner/nurse",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                WorklistQuery.DEFAULT_COUNT,
                0);
    }

    private List<String> lines(WorklistQuery query) {
        return worklists.worklist(query).items().stream()
                .map(i -> i.category().code() + " "
                        + i.resource().getIdElement().toUnqualifiedVersionless().getValue())
                .toList();
    }

    @Test
    void safetyAndOverdueFirst_thenTcm_dueToday_news_andUpcomingByPriority() {
        assertThat(lines(all()))
                .containsExactly(
                        "safety-alert Task/safety",
                        "overdue Task/overdue",
                        "tcm-due-soon Task/tcm-contact",
                        "due-today Task/due-today",
                        "new-discharge Encounter/short-stay",
                        "positive-screen Condition/food-insecurity",
                        "rejected-referral Task/rejected-referral",
                        "upcoming Task/urgent-upcoming",
                        "upcoming Task/routine-upcoming");
    }

    @Test
    void page_carriesItsPatients_andTheTotal() {
        WorklistQuery secondPage = new WorklistQuery(
                "Practitioner/nurse",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                2,
                2);
        WorklistService.Page page = worklists.worklist(secondPage);
        assertThat(page.total()).isEqualTo(9);
        assertThat(page.items())
                .extracting(WorklistService.Item::patient)
                .containsExactly("Patient/ben", "Patient/ada");
        assertThat(page.patients()).containsOnlyKeys("Patient/ada", "Patient/ben");
    }

    @Test
    void aPositiveScreen_staysUntilAnActivePlanAddressesIt() {
        CarePlan plan = new CarePlan()
                .setStatus(CarePlan.CarePlanStatus.ACTIVE)
                .setIntent(CarePlan.CarePlanIntent.PLAN)
                .setSubject(new Reference("Patient/ada"));
        plan.setId("food-plan");
        repository.with(plan);
        assertThat(lines(all())).contains("positive-screen Condition/food-insecurity");

        plan.addAddresses(new Reference("Condition/food-insecurity"));
        repository.update(plan);
        assertThat(lines(all())).noneMatch(line -> line.startsWith("positive-screen"));
    }

    @Test
    void filters_keepOnlyTasksThatMeetThem() {
        WorklistQuery urgentDueBeforeDecember = new WorklistQuery(
                "Practitioner/nurse",
                Optional.of(LocalDate.of(2026, 12, 1)),
                Optional.of(Task.TaskPriority.URGENT),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                WorklistQuery.DEFAULT_COUNT,
                0);
        assertThat(lines(urgentDueBeforeDecember)).containsExactly("upcoming Task/urgent-upcoming");
    }

    @Test
    void caseload_mostOverdueFirst() {
        List<WorklistService.CaseloadEntry> caseload = worklists.caseload("Practitioner/nurse");
        assertThat(caseload)
                .extracting(e -> e.patient().getNameFirstRep().getFamily(), WorklistService.CaseloadEntry::overdueTasks)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Lovelace", 2),
                        org.assertj.core.groups.Tuple.tuple("Franklin", 0));
    }

    @Test
    void anUnknownPractitioner_isRefused() {
        assertThatThrownBy(() -> worklists.caseload("Practitioner/nobody"))
                .isInstanceOf(CareflowException.class)
                .hasMessageContaining("Practitioner/nobody is not known");
    }

    @Test
    void caseload_showsEachTier_lowWithoutAnAssessment_andSortsByRisk() {
        org.hl7.fhir.r4.model.RiskAssessment high = new org.hl7.fhir.r4.model.RiskAssessment();
        high.setId("tier-ben");
        high.setStatus(org.hl7.fhir.r4.model.RiskAssessment.RiskAssessmentStatus.FINAL);
        high.setSubject(new Reference("Patient/ben"));
        high.setMethod(new org.hl7.fhir.r4.model.CodeableConcept(RiskTier.METHOD.copy()));
        high.addPrediction().setOutcome(new org.hl7.fhir.r4.model.CodeableConcept(RiskTier.HIGH.coding()));
        repository.with(high);

        assertThat(worklists.caseload("Practitioner/nurse"))
                .extracting(e -> e.patient().getNameFirstRep().getFamily(), e -> e.tier())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Lovelace", RiskTier.LOW),
                        org.assertj.core.groups.Tuple.tuple("Franklin", RiskTier.HIGH));
        assertThat(worklists.caseload("Practitioner/nurse", true))
                .extracting(e -> e.patient().getNameFirstRep().getFamily())
                .containsExactly("Franklin", "Lovelace");
    }
}
