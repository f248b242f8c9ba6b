package dev.careflow.transitions;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.careteam.CareManagerDirectory;
import dev.careflow.platform.Stored;
import dev.careflow.platform.UnitOfWork;
import dev.careflow.transitions.internal.DischargeDispositions;
import dev.careflow.transitions.internal.Tcm;
import dev.careflow.transitions.internal.TcmKeys;
import dev.careflow.transitions.internal.TcmQueries;
import dev.careflow.transitions.internal.TcmResources;
import dev.careflow.transitions.internal.TcmWithdrawals;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Transitional care management (CMS TCM, CPT 99495/99496) started by notifications.
 *
 * <p>On an inpatient, observation or skilled-nursing discharge to a community setting (not to another hospital or
 * facility, not a death: {@link DischargeDispositions}; a transfer is never a discharge): an EpisodeOfCare of programme TCM, a transitional care
 * CarePlan, the three TCM Tasks with their deadlines, and a RiskAssessment holding the LACE index. A later notice
 * about the same discharge (an HL7 v2 A08, a corrected discharge time) recomputes the open deadlines instead of adding
 * work. On an admission: a {@code readmission-review} Task when it falls within 30 days of a TCM discharge, else an
 * {@code admission-notice} Task when the patient is in an active care programme. A withdrawn discharge (A13) or
 * admission (A11) withdraws what it started.
 */
@Service
public class TransitionalCareService {

    private static final Logger log = LoggerFactory.getLogger(TransitionalCareService.class);

    private final IRepository repository;
    private final TcmQueries queries;
    private final TcmWithdrawals withdrawals;
    private final LaceAssessor lace;
    private final TransitionsSettings settings;
    private final BusinessCalendar calendar;
    private final CareManagerDirectory careManagers;
    private final Clock clock;

    public TransitionalCareService(
            IRepository repository, TransitionsSettings settings, CareManagerDirectory careManagers, Clock clock) {
        this.repository = repository;
        this.queries = new TcmQueries(repository);
        this.withdrawals = new TcmWithdrawals(queries);
        this.lace = new LaceAssessor(queries);
        this.settings = settings;
        this.careManagers = careManagers;
        this.clock = clock;
        this.calendar = BusinessCalendar.usFederal(new HashSet<>(settings.extraClosureDates()));
    }

    /**
     * Adds what a stored notification calls for (creates and updates) to the unit of work that also stores the
     * notification's receipt; answers references to what it added, in order. An update (HL7 v2 A08) of a discharged
     * encounter corrects its TCM; an update is never an admission.
     */
    public List<Reference> onNotification(
            ReceivedNotification notification, IdType patient, IdType encounterId, UnitOfWork work) {
        if (notification.cancelsDischarge()) {
            return withdrawals.onDischargeCancelled(encounterId, work);
        }
        if (notification.cancelsAdmit()) {
            return withdrawals.onAdmitCancelled(encounterId, work);
        }
        Encounter encounter = Stored.require(repository, Encounter.class, encounterId.getValue());
        boolean discharged = encounter.getStatus() == Encounter.EncounterStatus.FINISHED
                && encounter.getPeriod().hasEnd();
        if (notification.event() == NotificationEvent.TRANSFER) {
            // A transfer (v2 A02/A07, Da Vinci notification-transfer) moves the patient: it is never a discharge home.
            return List.of();
        }
        if (notification.event() == NotificationEvent.DISCHARGE || discharged) {
            return discharged ? onDischarge(patient, encounter, work) : List.of();
        }
        if (notification.event() == NotificationEvent.ADMIT && !notification.update()) {
            return onAdmit(patient, encounter, work);
        }
        return List.of();
    }

    // ---------------------------------------------------------------- discharge

    private List<Reference> onDischarge(IdType patient, Encounter encounter, UnitOfWork work) {
        String encounterClass = encounter.getClass_().getCode();
        boolean actCode = !encounter.getClass_().hasSystem()
                || LaceAssessment.ACT_CODE.equals(encounter.getClass_().getSystem());
        // Only v3 ActCode classes are configured; a v2 class the ConceptMap leaves unmapped (R, N, U...) starts
        // nothing.
        if (!actCode || !settings.tcmEncounterClasses().contains(encounterClass)) {
            log.info("Discharge from a {} encounter starts no TCM", encounterClass);
            return List.of();
        }
        Optional<String> elsewhere = DischargeDispositions.notToCommunity(encounter);
        if (elsewhere.isPresent()) {
            log.info(
                    "Discharge of {} starts no TCM: {}",
                    encounter.getIdElement().getIdPart(),
                    elsewhere.get());
            return List.of();
        }
        IdType encounterId = encounter.getIdElement().toUnqualifiedVersionless();
        LocalDate discharge = Tcm.localDate(encounter.getPeriod().getEndElement());
        LaceAssessment assessment = lace.assess(patient, encounter);
        TcmDeadlines deadlines = TcmDeadlines.of(
                discharge,
                calendar,
                TcmDeadlines.Complexity.fromLace(assessment.index(), settings.highComplexityLace()));

        // An episode withdrawn with its discharge (A13) stays as it is; a new discharge starts TCM again.
        List<EpisodeOfCare> episodes = queries.episodes(encounterId.getIdPart());
        Optional<EpisodeOfCare> existing = episodes.stream()
                .filter(e -> e.getStatus() != EpisodeOfCare.EpisodeOfCareStatus.ENTEREDINERROR)
                .findFirst();
        if (existing.isPresent()) {
            return recompute(existing.get(), encounterId, discharge, deadlines, assessment, work);
        }
        TcmKeys keys = new TcmKeys(encounterId, episodes.size());
        return start(patient, encounterId, discharge, deadlines, assessment, keys, work);
    }

    private List<Reference> start(
            IdType patient,
            IdType encounterId,
            LocalDate discharge,
            TcmDeadlines deadlines,
            LaceAssessment assessment,
            TcmKeys keys,
            UnitOfWork work) {
        Optional<Reference> careManager = careManagers.careManagerOf(patient.getValue());
        List<Reference> started = new ArrayList<>();
        Reference episode = keys.create(TcmResources.episode(patient, encounterId, discharge, careManager), work);
        started.add(episode);
        CarePlan plan = TcmResources.plan(patient, encounterId, discharge, episode);
        Reference planRef = work.create(plan);
        for (Tcm.Deadline deadline : Tcm.deadlines(deadlines)) {
            Task task = TcmResources.task(
                    deadline.code(), deadline.display(), patient, encounterId, deadline.due(), careManager, clock);
            task.addBasedOn(planRef.copy());
            Reference taskRef = keys.create(task, work);
            plan.addActivity().setReference(taskRef.copy());
            started.add(taskRef);
        }
        started.add(planRef);
        started.add(work.create(TcmResources.riskAssessment(patient, encounterId, assessment, clock)));
        log.info(
                "TCM started for {} after discharge on {}: LACE {} ({}), contact due {}, visit due {}",
                patient.getValue(),
                discharge,
                assessment.index().total(),
                deadlines.complexity(),
                deadlines.interactiveContactDue(),
                deadlines.faceToFaceDue());
        return started;
    }

    /** A later notice about the same discharge: move the open deadlines, refresh LACE; add no Tasks. */
    private List<Reference> recompute(
            EpisodeOfCare episode,
            IdType encounterId,
            LocalDate discharge,
            TcmDeadlines deadlines,
            LaceAssessment assessment,
            UnitOfWork work) {
        List<Reference> changed = new ArrayList<>();
        TcmResources.setPeriod(episode, discharge);
        changed.add(TcmWithdrawals.update(episode, work));
        for (Tcm.Deadline deadline : Tcm.deadlines(deadlines)) {
            for (Task task : queries.tasks(encounterId.getValue(), deadline.code())) {
                if (Tcm.isOpen(task) && !deadline.due().equals(Tcm.due(task))) {
                    TcmResources.setDue(task, deadline.due());
                    changed.add(TcmWithdrawals.update(task, work));
                }
            }
        }
        for (RiskAssessment existing : queries.laceAssessments(encounterId.getValue())) {
            RiskAssessment refreshed = TcmResources.riskAssessment(
                    new IdType(existing.getSubject().getReference()).toUnqualifiedVersionless(),
                    encounterId,
                    assessment,
                    clock);
            refreshed.setId(existing.getIdElement().toUnqualifiedVersionless());
            changed.add(TcmWithdrawals.update(refreshed, work));
        }
        log.info("TCM deadlines recomputed for {} (discharge {})", encounterId.getValue(), discharge);
        return changed;
    }

    // ---------------------------------------------------------------- admission

    private List<Reference> onAdmit(IdType patient, Encounter encounter, UnitOfWork work) {
        if (!encounter.getPeriod().hasStart()) {
            return List.of();
        }
        IdType encounterId = encounter.getIdElement().toUnqualifiedVersionless();
        LocalDate admitted = Tcm.localDate(encounter.getPeriod().getStartElement());
        // A TCM episode whose Tasks are all done is finished, yet a readmission within its 30 days still counts.
        List<EpisodeOfCare> episodes = queries.activeOrFinishedEpisodesOf(patient.getValue());
        boolean inProgramme =
                episodes.stream().anyMatch(e -> e.getStatus() == EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        Optional<EpisodeOfCare> recentTcm = episodes.stream()
                .filter(e -> Tcm.isReadmissionAfter(e, admitted, encounterId.getIdPart()))
                .findFirst();
        if (recentTcm.isEmpty() && !inProgramme) {
            return List.of();
        }
        String code = recentTcm.isPresent() ? Tcm.READMISSION_REVIEW : Tcm.ADMISSION_NOTICE;
        if (!queries.tasks(encounterId.getValue(), code).isEmpty()) {
            return List.of();
        }
        Task task = TcmResources.task(
                code,
                recentTcm.isPresent() ? "Readmission review" : "Admission notice",
                patient,
                encounterId,
                calendar.addBusinessDays(admitted, 1),
                careManagers.careManagerOf(patient.getValue()),
                clock);
        recentTcm.ifPresent(episode -> {
            task.addBasedOn(new Reference(episode.getIdElement().toUnqualifiedVersionless()));
            task.setDescription("Readmitted on " + admitted + ", within 30 days of the TCM discharge on "
                    + Tcm.localDate(episode.getPeriod().getStartElement()));
        });
        log.info("{} raises {} for {}", encounterId.getValue(), code, patient.getValue());
        return List.of(work.create(task));
    }
}
