package dev.careflow.transitions.internal;

import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import dev.careflow.transitions.LaceAssessment;
import dev.careflow.vocabulary.CodeSystems;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.Task;

/** What transitional care reads from the store: a discharge's episode, plans, Tasks and LACE, a patient's history. */
public final class TcmQueries {

    private final IRepository repository;

    public TcmQueries(IRepository repository) {
        this.repository = repository;
    }

    /** The TCM episodes started by the discharge from an encounter (any status). */
    public List<EpisodeOfCare> episodes(String encounterIdPart) {
        return Stored.search(
                repository,
                EpisodeOfCare.class,
                Query.where("identifier", Query.token(Tcm.TCM_EPISODE, encounterIdPart)));
    }

    /** The patient's TCM episodes (any status). */
    public List<EpisodeOfCare> tcmEpisodesOf(String patient) {
        return Stored.search(
                repository,
                EpisodeOfCare.class,
                Query.where("patient", Query.reference(patient)).and("type", Query.token(Tcm.CARE_PROGRAMME, "tcm")));
    }

    /** The patient's active or finished episodes of care, of any programme. */
    public List<EpisodeOfCare> activeOrFinishedEpisodesOf(String patient) {
        return Stored.search(
                repository,
                EpisodeOfCare.class,
                Query.where("patient", Query.reference(patient))
                        .and("status", Query.token("active"), Query.token("finished")));
    }

    /** The Tasks of an encounter with this care-task code. */
    public List<Task> tasks(String encounter, String code) {
        return Stored.search(
                repository,
                Task.class,
                Query.where("encounter", Query.reference(encounter))
                        .and("code", Query.token(CodeSystems.CARE_TASK, code)));
    }

    /** Every Task of an encounter. */
    public List<Task> tasks(String encounter) {
        return Stored.search(repository, Task.class, Query.where("encounter", Query.reference(encounter)));
    }

    /** The transitional care plans of an encounter. */
    public List<CarePlan> transitionalPlans(String encounter) {
        return Stored.search(
                repository,
                CarePlan.class,
                Query.where("encounter", Query.reference(encounter))
                        .and("category", Query.token(Tcm.PLAN_CATEGORY, Tcm.TRANSITIONAL_CARE)));
    }

    /** The LACE assessments of an encounter. */
    public List<RiskAssessment> laceAssessments(String encounter) {
        return Stored.search(
                repository,
                RiskAssessment.class,
                Query.where("encounter", Query.reference(encounter))
                        .and("method", Query.token(LaceAssessment.METHOD_SYSTEM, LaceAssessment.METHOD_CODE)));
    }

    /** The LACE total recorded for an encounter, if any. */
    public Optional<Integer> laceTotal(String encounter) {
        return laceAssessments(encounter).stream()
                .findFirst()
                .map(r -> r.getPredictionFirstRep().getExtensionByUrl(LaceAssessment.EXTENSION))
                .map(e -> e.getExtensionByUrl("total"))
                .map(total -> Integer.valueOf(total.getValue().primitiveValue()));
    }

    /** Every Condition recorded for the patient. */
    public List<Condition> conditions(String patient) {
        return Stored.search(repository, Condition.class, Query.where("patient", Query.reference(patient)));
    }

    /** The patient's emergency encounters from a day on. */
    public List<Encounter> emergencies(String patient, LocalDate since) {
        return Stored.search(
                repository,
                Encounter.class,
                Query.where("patient", Query.reference(patient))
                        .and("class", Query.token(CodeSystems.V3_ACT_CODE, "EMER"))
                        .and("date", new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS, since.toString())));
    }
}
