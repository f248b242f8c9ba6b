package dev.careflow.transitions.internal;

import dev.careflow.transitions.LaceAssessment;
import dev.careflow.vocabulary.CodeSystems;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Date;
import java.util.Optional;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.Task;

/** Builds the resources of transitional care: the episode, the plan, the Tasks and the LACE assessment. */
public final class TcmResources {

    private TcmResources() {}

    /** The TCM episode of a discharge: 30 days from the discharge date, identified by the discharge encounter. */
    public static EpisodeOfCare episode(
            IdType patient, IdType encounter, LocalDate discharge, Optional<Reference> careManager) {
        EpisodeOfCare episode = new EpisodeOfCare();
        episode.addIdentifier().setSystem(Tcm.TCM_EPISODE).setValue(encounter.getIdPart());
        episode.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        episode.addType(concept(Tcm.CARE_PROGRAMME, "tcm", "Transitional Care Management"));
        episode.setPatient(new Reference(patient));
        setPeriod(episode, discharge);
        careManager.ifPresent(episode::setCareManager);
        return episode;
    }

    /** The episode's period: the discharge date and the 29 days after it. */
    public static void setPeriod(EpisodeOfCare episode, LocalDate discharge) {
        episode.setPeriod(new Period()
                .setStartElement(new DateTimeType(discharge.toString()))
                .setEndElement(new DateTimeType(discharge.plusDays(29).toString())));
    }

    /** The transitional care plan, supported by the episode; its activities are added with the Tasks. */
    public static CarePlan plan(IdType patient, IdType encounter, LocalDate discharge, Reference episode) {
        CarePlan plan = new CarePlan();
        plan.getMeta().addProfile(Tcm.CAREPLAN_PROFILE);
        plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        plan.setIntent(CarePlan.CarePlanIntent.PLAN);
        plan.addCategory(concept(Tcm.PLAN_CATEGORY, Tcm.TRANSITIONAL_CARE, "Transitional care"));
        plan.setTitle("Transitional care after discharge on " + discharge);
        plan.setSubject(new Reference(patient));
        plan.setEncounter(new Reference(encounter));
        plan.setPeriod(new Period().setStartElement(new DateTimeType(discharge.toString())));
        plan.addSupportingInfo(episode.copy());
        return plan;
    }

    /** An urgent care Task for the patient about the encounter, due on a day, owned by the care manager if any. */
    public static Task task(
            String code,
            String display,
            IdType patient,
            IdType encounter,
            LocalDate due,
            Optional<Reference> owner,
            Clock clock) {
        Task task = new Task();
        task.getMeta().addProfile(Tcm.TASK_PROFILE);
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setPriority(Task.TaskPriority.URGENT);
        task.setCode(concept(CodeSystems.CARE_TASK, code, display));
        task.setFor(new Reference(patient));
        task.setEncounter(new Reference(encounter));
        task.setAuthoredOn(Date.from(clock.instant()));
        setDue(task, due);
        owner.ifPresent(task::setOwner);
        return task;
    }

    public static void setDue(Task task, LocalDate due) {
        task.getRestriction().getPeriod().setEndElement(new DateTimeType(due.toString()));
    }

    /** The LACE assessment of the patient's discharge from the encounter. */
    public static RiskAssessment riskAssessment(IdType patient, IdType encounter, LaceAssessment lace, Clock clock) {
        RiskAssessment assessment = lace.toRiskAssessment();
        assessment.setOccurrence(new DateTimeType(Date.from(clock.instant())));
        assessment.setSubject(new Reference(patient));
        assessment.setEncounter(new Reference(encounter));
        assessment.addBasis(new Reference(encounter));
        return assessment;
    }

    private static CodeableConcept concept(String system, String code, String display) {
        return new CodeableConcept(new Coding(system, code, display));
    }
}
