package dev.careflow.careplan;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.audit.Provenances;
import dev.careflow.platform.Stored;
import dev.careflow.platform.UnitOfWork;
import dev.careflow.vocabulary.CodeSystems;
import java.time.Clock;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Service;

/**
 * {@code CarePlan/[id]/$progress}: for each Goal of the plan with a target, the latest Observation of the target's
 * measure, whether it meets the target, the trend over recent values ({@link GoalEvaluator}), and
 * {@code Goal.achievementStatus} brought in line, with a Provenance for each Goal changed: all the Goals changed and
 * their Provenances are one unit of work.
 */
@Service
public class CarePlanProgressService {

    private final IRepository repository;
    private final GoalEvaluator evaluator;
    private final Clock clock;

    public CarePlanProgressService(IRepository repository, GoalSettings settings, Clock clock) {
        this.repository = repository;
        this.evaluator = new GoalEvaluator(repository, settings);
        this.clock = clock;
    }

    public Parameters progress(IdType planId) {
        CarePlan plan = Stored.require(repository, CarePlan.class, "CarePlan/" + planId.getIdPart());
        String patient = plan.getSubject().getReference();
        ProgressReport report = new ProgressReport();
        UnitOfWork work = new UnitOfWork(repository);
        Set<String> seen = new HashSet<>();
        for (Reference goalReference : plan.getGoal()) {
            Optional<Goal> found = Stored.find(repository, Goal.class, goalReference.getReference());
            if (found.isEmpty() || !found.get().hasTarget()) {
                continue;
            }
            Goal goal = found.get();
            GoalEvaluator.Evaluation evaluation =
                    evaluator.evaluate(goal, patient).orElseThrow();
            Parameters.ParametersParameterComponent part = report.add(goal, evaluation);
            boolean first =
                    seen.add(goal.getIdElement().toUnqualifiedVersionless().getValue());
            if (first && bringInLine(goal, evaluation, work)) {
                ProgressReport.writtenBack(part);
            }
        }
        work.commit();
        return report.parameters();
    }

    /** Adds the Goal's new achievement status and its Provenance to the unit of work, when the values changed it. */
    private boolean bringInLine(Goal goal, GoalEvaluator.Evaluation evaluation, UnitOfWork work) {
        String before = goal.getAchievementStatus().getCodingFirstRep().getCode();
        String after = evaluation.achievement();
        if (evaluation.newestFirst().isEmpty() || after == null || after.equals(before)) {
            return false;
        }
        Observation latest = evaluation.newestFirst().get(0);
        String latestId = latest.getIdElement().toUnqualifiedVersionless().getValue();
        goal.setAchievementStatus(new CodeableConcept(new Coding(CodeSystems.GOAL_ACHIEVEMENT, after, null)));
        if (goal.getOutcomeReference().stream().noneMatch(r -> latestId.equals(r.getReference()))) {
            goal.addOutcomeReference(new Reference(latestId));
        }
        work.update(goal);
        String reason = "Goal progress: achievement status " + (before == null ? "none" : before) + " -> " + after
                + " from the latest "
                + evaluation.target().getMeasure().getCodingFirstRep().getDisplay();
        work.create(Provenances.of(Provenances.Activity.UPDATE, reason, clock)
                .target(nextVersion(goal.getIdElement()))
                .assembler("Careflow $progress")
                .source(latestId)
                .build());
        return true;
    }

    /** The version this update makes ({@code If-Match} holds it to the one read), or the Goal when unversioned. */
    private static String nextVersion(IdType read) {
        IdType goal = read.toUnqualifiedVersionless();
        if (!read.hasVersionIdPart() || !read.isVersionIdPartValidLong()) {
            return goal.getValue();
        }
        return goal.withVersion(Long.toString(read.getVersionIdPartAsLong() + 1))
                .getValue();
    }
}
