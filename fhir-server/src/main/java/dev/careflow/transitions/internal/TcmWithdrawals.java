package dev.careflow.transitions.internal;

import dev.careflow.platform.UnitOfWork;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a withdrawn discharge (HL7 v2 A13) or admission (A11) started is withdrawn, in the message's unit of work. */
public final class TcmWithdrawals {

    private static final Logger log = LoggerFactory.getLogger(TcmWithdrawals.class);

    private final TcmQueries queries;

    public TcmWithdrawals(TcmQueries queries) {
        this.queries = queries;
    }

    /**
     * A discharge withdrawn (HL7 v2 A13): the open TCM Tasks are cancelled with the reason, the transitional care plan
     * revoked, the episode and the LACE assessment marked entered in error. The Tasks come first: closing the last of
     * them would otherwise complete the plan and finish the episode after they were withdrawn.
     */
    public List<Reference> onDischargeCancelled(IdType encounterId, UnitOfWork work) {
        String encounter = encounterId.getValue();
        List<Reference> changed = new ArrayList<>();
        for (String code : Tcm.TCM_TASKS) {
            changed.addAll(cancelOpen(encounter, code, "Discharge cancelled by the hospital (A13)", work));
        }
        for (CarePlan plan : queries.transitionalPlans(encounter)) {
            if (plan.getStatus() != CarePlan.CarePlanStatus.REVOKED
                    && plan.getStatus() != CarePlan.CarePlanStatus.ENTEREDINERROR) {
                plan.setStatus(CarePlan.CarePlanStatus.REVOKED);
                changed.add(update(plan, work));
            }
        }
        for (EpisodeOfCare episode : queries.episodes(encounterId.getIdPart())) {
            if (episode.getStatus() != EpisodeOfCare.EpisodeOfCareStatus.ENTEREDINERROR) {
                episode.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ENTEREDINERROR);
                changed.add(update(episode, work));
            }
        }
        for (RiskAssessment assessment : queries.laceAssessments(encounter)) {
            if (assessment.getStatus() != RiskAssessment.RiskAssessmentStatus.ENTEREDINERROR) {
                assessment.setStatus(RiskAssessment.RiskAssessmentStatus.ENTEREDINERROR);
                changed.add(update(assessment, work));
            }
        }
        log.info("Discharge of {} cancelled: {} TCM resources withdrawn", encounter, changed.size());
        return changed;
    }

    /** An admission withdrawn (HL7 v2 A11): the admission notice or readmission review it raised is cancelled. */
    public List<Reference> onAdmitCancelled(IdType encounterId, UnitOfWork work) {
        List<Reference> changed = new ArrayList<>();
        for (String code : List.of(Tcm.ADMISSION_NOTICE, Tcm.READMISSION_REVIEW)) {
            changed.addAll(cancelOpen(encounterId.getValue(), code, "Admission cancelled by the hospital (A11)", work));
        }
        log.info("Admission {} cancelled: {} review Tasks withdrawn", encounterId.getValue(), changed.size());
        return changed;
    }

    private List<Reference> cancelOpen(String encounter, String code, String reason, UnitOfWork work) {
        List<Reference> changed = new ArrayList<>();
        for (Task task : queries.tasks(encounter, code)) {
            if (Tcm.isOpen(task)) {
                task.setStatus(Task.TaskStatus.CANCELLED);
                task.setStatusReason(new CodeableConcept().setText(reason));
                changed.add(update(task, work));
            }
        }
        return changed;
    }

    /** An update of what this notification read, as it stands now (no version: the message holds its encounter). */
    public static Reference update(Resource resource, UnitOfWork work) {
        IdType id = resource.getIdElement().toUnqualifiedVersionless();
        resource.setIdElement(id);
        work.update(resource);
        return new Reference(id.getValue());
    }
}
