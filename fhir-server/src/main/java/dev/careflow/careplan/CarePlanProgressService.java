package dev.careflow.careplan;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.StoredResources;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code CarePlan/[id]/$progress}: for each Goal of the plan with a target, the latest Observation of the target's
 * measure, whether it meets the target, the trend over recent values, and {@code Goal.achievementStatus} brought in
 * line, with a Provenance for each Goal changed.
 */
@Service
public class CarePlanProgressService {

    static final String ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement";
    /** How many newest values are read: enough for the trend window and a sustained run. */
    static final int RECENT = 20;

    private final DaoRegistry daos;
    private final GoalSettings settings;

    public CarePlanProgressService(DaoRegistry daos, GoalSettings settings) {
        this.daos = daos;
        this.settings = settings;
    }

    /** What the stored values of a Goal's first target show. */
    public record Evaluation(
            Goal.GoalTargetComponent target,
            List<Observation> newestFirst,
            boolean targetMet,
            Optional<GoalProgress.Trend> trend,
            String achievement) {}

    /**
     * The Goal's first target judged on the patient's stored values of its measure, with the achievement rule of that
     * measure ({@link GoalSettings#ruleFor}); empty for a Goal without a target.
     */
    public Optional<Evaluation> evaluate(Goal goal, String patient) {
        if (!goal.hasTarget()) {
            return Optional.empty();
        }
        Goal.GoalTargetComponent target = goal.getTargetFirstRep();
        List<Observation> recent = target.hasMeasure() ? recent(patient, target.getMeasure()) : List.of();
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

    private static java.time.Instant effective(Observation observation) {
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

    @Transactional
    public Parameters progress(IdType planId) {
        CarePlan plan = read(CarePlan.class, "CarePlan/" + planId.getIdPart())
                .orElseThrow(() -> new CareflowException(
                        CareflowException.Kind.NOT_FOUND, List.of("CarePlan/" + planId.getIdPart() + " is not known")));
        String patient = plan.getSubject().getReference();
        Parameters result = new Parameters();
        for (Reference goalReference : plan.getGoal()) {
            Optional<Goal> found = goalReference.getReference() == null
                    ? Optional.empty()
                    : read(Goal.class, goalReference.getReference());
            if (found.isEmpty() || !found.get().hasTarget()) {
                continue;
            }
            Goal goal = found.get();
            Evaluation evaluation = evaluate(goal, patient).orElseThrow();
            Goal.GoalTargetComponent target = evaluation.target();
            Parameters.ParametersParameterComponent part = result.addParameter().setName("goal");
            part.addPart()
                    .setName("goal")
                    .setValue(new Reference(goal.getIdElement().toUnqualifiedVersionless()));
            part.addPart().setName("measure").setValue(target.getMeasure().copy());
            List<Observation> recent = evaluation.newestFirst();
            String before = goal.getAchievementStatus().getCodingFirstRep().getCode();
            if (recent.isEmpty()) {
                part.addPart().setName("latest").setValue(new CodeType("none"));
                continue;
            }
            Observation latest = recent.get(0);
            part.addPart()
                    .setName("latest")
                    .setValue(new Reference(latest.getIdElement().toUnqualifiedVersionless()));
            part.addPart().setName("value").setValue(latest.getValue().copy());
            part.addPart().setName("targetMet").setValue(new BooleanType(evaluation.targetMet()));
            evaluation.trend().ifPresent(t -> part.addPart().setName("trend").setValue(new CodeType(t.code())));
            String after = evaluation.achievement();
            part.addPart().setName("achievementStatus").setValue(new CodeType(after));
            if (after != null && !after.equals(before)) {
                goal.setAchievementStatus(new CodeableConcept(new Coding(ACHIEVEMENT, after, null)));
                boolean known = goal.getOutcomeReference().stream().anyMatch(r -> latest.getIdElement()
                        .toUnqualifiedVersionless()
                        .getValue()
                        .equals(r.getReference()));
                if (!known) {
                    goal.addOutcomeReference(new Reference(latest.getIdElement().toUnqualifiedVersionless()));
                }
                IdType updated = (IdType) daos.getResourceDao(Goal.class)
                        .update(goal, new SystemRequestDetails())
                        .getId();
                Provenance provenance = new Provenance();
                provenance.addTarget(new Reference(updated.getValue()));
                provenance.setRecorded(new Date());
                provenance.setActivity(new CodeableConcept(
                        new Coding("http://terminology.hl7.org/CodeSystem/v3-DataOperation", "UPDATE", "revise")));
                provenance
                        .addReason()
                        .setText("Goal progress: achievement status " + (before == null ? "none" : before) + " -> "
                                + after + " from the latest "
                                + target.getMeasure().getCodingFirstRep().getDisplay());
                provenance
                        .addAgent()
                        .setType(new CodeableConcept(new Coding(
                                "http://terminology.hl7.org/CodeSystem/provenance-participant-type",
                                "assembler",
                                "Assembler")))
                        .setWho(new Reference().setDisplay("Careflow $progress"));
                provenance
                        .addEntity()
                        .setRole(Provenance.ProvenanceEntityRole.SOURCE)
                        .setWhat(new Reference(latest.getIdElement().toUnqualifiedVersionless()));
                daos.getResourceDao(Provenance.class).create(provenance, new SystemRequestDetails());
                part.addPart().setName("provenance").setValue(new BooleanType(true));
            }
        }
        return result;
    }

    private List<Observation> recent(String patient, CodeableConcept measure) {
        TokenOrListParam codes = new TokenOrListParam();
        measure.getCoding().forEach(c -> codes.addOr(new TokenParam(c.getSystem(), c.getCode())));
        SearchParameterMap map = SearchParameterMap.newSynchronous()
                .add("patient", new ReferenceParam(patient))
                .add("code", codes)
                .add(
                        "status",
                        new TokenOrListParam().add("final").add("amended").add("corrected"));
        map.setSort(new SortSpec("date", SortOrderEnum.DESC));
        List<Observation> found = new ArrayList<>();
        for (Observation observation : StoredResources.search(daos, Observation.class, map)) {
            if (observation.hasValue() && found.size() < RECENT) {
                found.add(observation);
            }
        }
        return found;
    }

    private <T extends org.hl7.fhir.instance.model.api.IBaseResource> Optional<T> read(Class<T> type, String id) {
        return StoredResources.find(daos, type, id);
    }
}
