package dev.careflow.careplan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.testing.FixtureRepository;
import dev.careflow.vocabulary.CodeSystems;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code $progress} on the fixture {@code careplan/progress}: a PHQ-9 goal {@code < 5 {score}}, a PHQ-9 of 8. */
class CarePlanProgressServiceTest {

    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2026-11-27T15:00:00Z"), ZoneId.of("America/New_York"));

    private FixtureRepository repository;
    private CarePlanProgressService progress;

    @BeforeEach
    void setUp() {
        repository = FixtureRepository.load("careplan/progress");
        progress = new CarePlanProgressService(repository, GoalSettings.defaults(), CLOCK);
    }

    @Test
    void aPhq9OfEightThenThree_meetsLessThanFive_andTheGoalIsAchieved_withProvenance() {
        Parameters first = progress.progress(new IdType("CarePlan/plan"));

        assertThat(part(first, "targetMet")).isEqualTo("false");
        assertThat(part(first, "achievementStatus")).isEqualTo("in-progress");
        assertThat(repository.transactionCount()).isEqualTo(1);

        repository.with(phq9("phq9-nov", "2026-11-20T10:00:00Z", 3));
        Parameters second = progress.progress(new IdType("CarePlan/plan"));

        assertThat(second.getParameter())
                .as("the goal without a target is left out")
                .hasSize(1);
        assertThat(part(second, "latest")).isEqualTo("Observation/phq9-nov");
        assertThat(part(second, "targetMet")).isEqualTo("true");
        assertThat(part(second, "trend")).isEqualTo("improving");
        assertThat(part(second, "achievementStatus")).isEqualTo("achieved");
        assertThat(part(second, "provenance")).isEqualTo("true");
        assertThat(repository.transactionCount()).isEqualTo(2);
        Goal goal = repository.all(Goal.class).stream()
                .filter(g -> g.getIdElement().getIdPart().equals("phq9"))
                .findFirst()
                .orElseThrow();
        assertThat(goal.getAchievementStatus().hasCoding(CodeSystems.GOAL_ACHIEVEMENT, "achieved"))
                .isTrue();
        assertThat(goal.getOutcomeReference())
                .extracting(Reference::getReference)
                .containsExactly("Observation/phq9-oct", "Observation/phq9-nov");
        assertThat(repository.all(Provenance.class))
                .hasSize(2)
                .extracting(p -> p.getTargetFirstRep().getReference())
                .containsExactlyInAnyOrder("Goal/phq9/_history/2", "Goal/phq9/_history/3");
    }

    @Test
    void nothingChanged_writesNothing() {
        progress.progress(new IdType("CarePlan/plan"));
        Parameters again = progress.progress(new IdType("CarePlan/plan"));

        assertThat(part(again, "provenance")).isNull();
        assertThat(repository.transactionCount()).isEqualTo(1);
        assertThat(repository.all(Provenance.class)).hasSize(1);
    }

    private static Observation phq9(String id, String when, int value) {
        Observation observation = new Observation()
                .setStatus(Observation.ObservationStatus.FINAL)
                .setCode(new CodeableConcept(new Coding(CodeSystems.LOINC, "44261-6", "PHQ-9 total score")))
                .setSubject(new Reference("Patient/p1"))
                .setEffective(new DateTimeType(when))
                .setValue(new IntegerType(value));
        observation.setId(id);
        return observation;
    }

    private static String part(Parameters parameters, String name) {
        return parameters.getParameterFirstRep().getPart().stream()
                .filter(p -> p.getName().equals(name))
                .findFirst()
                .map(p -> p.getValue() instanceof Reference r
                        ? r.getReference()
                        : p.getValue().primitiveValue())
                .orElse(null);
    }
}
