package dev.careflow.careplan;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Type;

/**
 * A Goal's first target judged on the patient's stored values of its measure (the newest {@value #RECENT} final
 * Observations), with the achievement rule of that measure ({@link GoalSettings#ruleFor}). {@code $progress} and
 * {@code $revise} judge Goals the same way.
 */
final class GoalEvaluator {

    /** How many newest values are read: enough for the trend window and a sustained run. */
    static final int RECENT = 20;

    /** What the stored values of a Goal's first target show. */
    record Evaluation(
            Goal.GoalTargetComponent target,
            List<Observation> newestFirst,
            boolean targetMet,
            Optional<GoalProgress.Trend> trend,
            String achievement) {}

    private final IRepository repository;
    private final GoalSettings settings;

    GoalEvaluator(IRepository repository, GoalSettings settings) {
        this.repository = repository;
        this.settings = settings;
    }

    /** The evaluation of the Goal's first target; empty for a Goal without a target. */
    Optional<Evaluation> evaluate(Goal goal, String patient) {
        if (!goal.hasTarget()) {
            return Optional.empty();
        }
        Goal.GoalTargetComponent target = goal.getTargetFirstRep();
        List<Observation> recent = target.getMeasure().hasCoding() ? recent(patient, target) : List.of();
        String before = goal.getAchievementStatus().getCodingFirstRep().getCode();
        if (recent.isEmpty()) {
            return Optional.of(new Evaluation(target, recent, false, Optional.empty(), before));
        }
        List<GoalProgress.Reading> readings = recent.stream()
                .map(o -> new GoalProgress.Reading(o.getValue(), effective(o)))
                .toList();
        List<Type> values = readings.stream().map(GoalProgress.Reading::value).toList();
        return Optional.of(new Evaluation(
                target,
                recent,
                GoalProgress.meets(target, values.get(0)),
                GoalProgress.trend(target, values, settings.trendWindow()),
                GoalProgress.achievement(
                        target, readings, before, settings.ruleFor(target.getMeasure()), settings.trendWindow())));
    }

    /**
     * The newest final (amended, corrected) Observations of the measure that have a value. A measure given as text only
     * ("Sessions attended") has no stored values: its Goal keeps the achievement status it was given.
     */
    private List<Observation> recent(String patient, Goal.GoalTargetComponent target) {
        Query query = Query.where("patient", Query.reference(patient))
                .and(
                        "code",
                        target.getMeasure().getCoding().stream()
                                .map(c -> Query.token(c.getSystem(), c.getCode()))
                                .toList())
                .and("status", Query.token("final"), Query.token("amended"), Query.token("corrected"))
                .sort("-date");
        return Stored.search(repository, Observation.class, query).stream()
                .filter(Observation::hasValue)
                .limit(RECENT)
                .toList();
    }

    private static Instant effective(Observation observation) {
        if (observation.hasEffectiveDateTimeType()) {
            return observation.getEffectiveDateTimeType().getValue().toInstant();
        }
        if (observation.hasEffectivePeriod() && observation.getEffectivePeriod().hasStart()) {
            return observation.getEffectivePeriod().getStart().toInstant();
        }
        if (observation.hasEffectiveInstantType()) {
            return observation.getEffectiveInstantType().getValue().toInstant();
        }
        return observation.hasIssued() ? observation.getIssued().toInstant() : null;
    }
}
