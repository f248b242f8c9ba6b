package dev.careflow.transitions;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import dev.careflow.platform.StoredResources;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Transitional care management (CMS TCM, CPT 99495/99496) started by notifications.
 *
 * <p>On an inpatient, observation or skilled-nursing discharge: an EpisodeOfCare of programme TCM, a transitional care
 * CarePlan, the three TCM Tasks with their deadlines, and a RiskAssessment holding the LACE index. A later notice
 * about the same discharge (an HL7 v2 A08, a corrected discharge time) recomputes the open deadlines instead of adding
 * work. On an admission: a {@code readmission-review} Task when it falls within 30 days of a TCM discharge, else an
 * {@code admission-notice} Task when the patient is in an active care programme.
 */
@Service
public class TransitionalCareService {

    private static final Logger log = LoggerFactory.getLogger(TransitionalCareService.class);

    public static final String CAREFLOW = "https://careflow.dev/fhir";
    public static final String CARE_TASK = CAREFLOW + "/CodeSystem/care-task";
    public static final String CARE_PROGRAMME = CAREFLOW + "/CodeSystem/care-programme";
    public static final String PLAN_CATEGORY = CAREFLOW + "/CodeSystem/care-plan-category";
    public static final String TCM_EPISODE = CAREFLOW + "/tcm-episode";
    public static final String LACE_EXTENSION = CAREFLOW + "/StructureDefinition/lace-index";
    public static final String TASK_PROFILE = CAREFLOW + "/StructureDefinition/careflow-task";

    static final String CONTACT = "tcm-interactive-contact";
    static final String VISIT = "tcm-face-to-face-visit";
    static final String RECONCILIATION = "medication-reconciliation";
    static final String READMISSION_REVIEW = "readmission-review";
    static final String ADMISSION_NOTICE = "admission-notice";

    private final DaoRegistry daos;
    private final TransitionsSettings settings;
    private final BusinessCalendar calendar;
    private final dev.careflow.careteam.CareManagerDirectory careManagers;

    public TransitionalCareService(
            DaoRegistry daos, TransitionsSettings settings, dev.careflow.careteam.CareManagerDirectory careManagers) {
        this.daos = daos;
        this.settings = settings;
        this.careManagers = careManagers;
        this.calendar = BusinessCalendar.usFederal(new HashSet<>(settings.extraClosureDates()));
    }

    /**
     * What a stored notification calls for, as transaction entries (creates and updates) for the caller to write
     * together with the notification's receipt; nothing is written here. An update (HL7 v2 A08) of a discharged
     * encounter corrects its TCM; an update is never an admission.
     */
    public List<Bundle.BundleEntryComponent> onNotification(
            ReceivedNotification notification, IdType patient, IdType encounterId) {
        NotificationEvent event = notification.event();
        boolean update = notification.update();
        if (notification.cancelsDischarge()) {
            return onDischargeCancelled(encounterId);
        }
        if (notification.cancelsAdmit()) {
            return onAdmitCancelled(encounterId);
        }
        Encounter encounter = read(Encounter.class, encounterId);
        boolean discharged = encounter.getStatus() == Encounter.EncounterStatus.FINISHED
                && encounter.getPeriod().hasEnd();
        if (event == NotificationEvent.DISCHARGE || discharged) {
            return discharged ? onDischarge(patient, encounter) : List.of();
        }
        if (event == NotificationEvent.ADMIT && !update) {
            return onAdmit(patient, encounter);
        }
        return List.of();
    }

    // ---------------------------------------------------------------- discharge

    private List<Bundle.BundleEntryComponent> onDischarge(IdType patient, Encounter encounter) {
        String encounterClass = encounter.getClass_().getCode();
        boolean actCode = !encounter.getClass_().hasSystem()
                || LaceAssessment.ACT_CODE.equals(encounter.getClass_().getSystem());
        // Only v3 ActCode classes are configured; a v2 class the ConceptMap leaves unmapped (R, N, U...) starts
        // nothing.
        if (!actCode || !settings.tcmEncounterClasses().contains(encounterClass)) {
            log.info("Discharge from a {} encounter starts no TCM", encounterClass);
            return List.of();
        }
        IdType encounterId = encounter.getIdElement().toUnqualifiedVersionless();
        LocalDate discharge = localDate(encounter.getPeriod().getEndElement());
        LaceAssessment lace = assessLace(patient, encounter);
        TcmDeadlines deadlines = TcmDeadlines.of(
                discharge, calendar, TcmDeadlines.Complexity.fromLace(lace.index(), settings.highComplexityLace()));

        // An episode withdrawn with its discharge (A13) stays as it is; a new discharge starts TCM again.
        Optional<EpisodeOfCare> existing = episodes(encounterId).stream()
                .filter(e -> e.getStatus() != EpisodeOfCare.EpisodeOfCareStatus.ENTEREDINERROR)
                .findFirst();
        if (existing.isPresent()) {
            return recompute(existing.get(), encounterId, discharge, deadlines, lace);
        }
        return start(patient, encounterId, discharge, deadlines, lace);
    }

    private List<Bundle.BundleEntryComponent> start(
            IdType patient, IdType encounterId, LocalDate discharge, TcmDeadlines deadlines, LaceAssessment lace) {
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        String episodeUrl = "urn:uuid:" + UUID.randomUUID();
        String planUrl = "urn:uuid:" + UUID.randomUUID();

        EpisodeOfCare episode = new EpisodeOfCare();
        episode.addIdentifier().setSystem(TCM_EPISODE).setValue(encounterId.getIdPart());
        episode.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        episode.addType(concept(CARE_PROGRAMME, "tcm", "Transitional Care Management"));
        episode.setPatient(new Reference(patient));
        episode.setPeriod(new Period()
                .setStartElement(new DateTimeType(discharge.toString()))
                .setEndElement(new DateTimeType(discharge.plusDays(29).toString())));
        Optional<Reference> careManager = careManager(patient);
        careManager.ifPresent(episode::setCareManager);
        add(transaction, episode, episodeUrl);

        CarePlan plan = new CarePlan();
        plan.getMeta().addProfile(CAREFLOW + "/StructureDefinition/careflow-careplan");
        plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
        plan.setIntent(CarePlan.CarePlanIntent.PLAN);
        plan.addCategory(concept(PLAN_CATEGORY, "transitional-care", "Transitional care"));
        plan.setTitle("Transitional care after discharge on " + discharge);
        plan.setSubject(new Reference(patient));
        plan.setEncounter(new Reference(encounterId));
        plan.setPeriod(new Period().setStartElement(new DateTimeType(discharge.toString())));
        plan.addSupportingInfo(new Reference(episodeUrl));

        List<String> taskUrls = new ArrayList<>();
        for (Deadline deadline : deadlines(deadlines)) {
            Task task = task(deadline.code(), deadline.display(), patient, encounterId, deadline.due(), careManager);
            task.addBasedOn(new Reference(planUrl));
            String taskUrl = "urn:uuid:" + UUID.randomUUID();
            taskUrls.add(taskUrl);
            add(transaction, task, taskUrl);
            plan.addActivity().setReference(new Reference(taskUrl));
        }
        add(transaction, plan, planUrl);
        add(transaction, riskAssessment(patient, encounterId, lace), "urn:uuid:" + UUID.randomUUID());

        log.info(
                "TCM started for {} after discharge on {}: LACE {} ({}), contact due {}, visit due {}",
                patient.getValue(),
                discharge,
                lace.index().total(),
                deadlines.complexity(),
                deadlines.interactiveContactDue(),
                deadlines.faceToFaceDue());
        return transaction.getEntry();
    }

    /** A later notice about the same discharge: move the open deadlines, refresh LACE; add no Tasks. */
    private List<Bundle.BundleEntryComponent> recompute(
            EpisodeOfCare episode,
            IdType encounterId,
            LocalDate discharge,
            TcmDeadlines deadlines,
            LaceAssessment lace) {
        List<Bundle.BundleEntryComponent> changed = new ArrayList<>();
        episode.setPeriod(new Period()
                .setStartElement(new DateTimeType(discharge.toString()))
                .setEndElement(new DateTimeType(discharge.plusDays(29).toString())));
        changed.add(update(episode));
        for (Deadline deadline : deadlines(deadlines)) {
            for (Task task : tasks(encounterId, deadline.code())) {
                if (isOpen(task) && !deadline.due().equals(due(task))) {
                    task.getRestriction()
                            .getPeriod()
                            .setEndElement(new DateTimeType(deadline.due().toString()));
                    changed.add(update(task));
                }
            }
        }
        for (RiskAssessment existing : search(
                RiskAssessment.class,
                SearchParameterMap.newSynchronous()
                        .add("encounter", new ReferenceParam(encounterId.getValue()))
                        .add("method", new TokenParam(LaceAssessment.METHOD_SYSTEM, LaceAssessment.METHOD_CODE)))) {
            RiskAssessment refreshed = riskAssessment(
                    new IdType(existing.getSubject().getReference()).toUnqualifiedVersionless(), encounterId, lace);
            refreshed.setId(existing.getIdElement().toUnqualifiedVersionless());
            changed.add(update(refreshed));
        }
        log.info("TCM deadlines recomputed for {} (discharge {})", encounterId.getValue(), discharge);
        return changed;
    }

    private record Deadline(String code, String display, LocalDate due) {}

    private static List<Deadline> deadlines(TcmDeadlines deadlines) {
        return List.of(
                new Deadline(CONTACT, "TCM interactive contact", deadlines.interactiveContactDue()),
                new Deadline(VISIT, "TCM face-to-face visit", deadlines.faceToFaceDue()),
                new Deadline(RECONCILIATION, "Medication reconciliation", deadlines.medicationReconciliationDue()));
    }

    private List<EpisodeOfCare> episodes(IdType encounterId) {
        return search(
                EpisodeOfCare.class,
                SearchParameterMap.newSynchronous()
                        .add("identifier", new TokenParam(TCM_EPISODE, encounterId.getIdPart())));
    }

    // ---------------------------------------------------------------- cancellations

    /**
     * A discharge withdrawn (HL7 v2 A13): the open TCM Tasks are cancelled with the reason, the transitional care plan
     * revoked, the episode and the LACE assessment marked entered in error. The Tasks come first: closing the last of
     * them would otherwise complete the plan and finish the episode after they were withdrawn.
     */
    private List<Bundle.BundleEntryComponent> onDischargeCancelled(IdType encounterId) {
        List<Bundle.BundleEntryComponent> changed = new ArrayList<>();
        for (String code : List.of(CONTACT, VISIT, RECONCILIATION)) {
            changed.addAll(cancelOpen(encounterId, code, "Discharge cancelled by the hospital (A13)"));
        }
        for (CarePlan plan : search(
                CarePlan.class,
                SearchParameterMap.newSynchronous()
                        .add("encounter", new ReferenceParam(encounterId.getValue()))
                        .add("category", new TokenParam(PLAN_CATEGORY, "transitional-care")))) {
            if (plan.getStatus() != CarePlan.CarePlanStatus.REVOKED
                    && plan.getStatus() != CarePlan.CarePlanStatus.ENTEREDINERROR) {
                plan.setStatus(CarePlan.CarePlanStatus.REVOKED);
                changed.add(update(plan));
            }
        }
        for (EpisodeOfCare episode : episodes(encounterId)) {
            if (episode.getStatus() != EpisodeOfCare.EpisodeOfCareStatus.ENTEREDINERROR) {
                episode.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ENTEREDINERROR);
                changed.add(update(episode));
            }
        }
        for (RiskAssessment assessment : search(
                RiskAssessment.class,
                SearchParameterMap.newSynchronous()
                        .add("encounter", new ReferenceParam(encounterId.getValue()))
                        .add("method", new TokenParam(LaceAssessment.METHOD_SYSTEM, LaceAssessment.METHOD_CODE)))) {
            if (assessment.getStatus() != RiskAssessment.RiskAssessmentStatus.ENTEREDINERROR) {
                assessment.setStatus(RiskAssessment.RiskAssessmentStatus.ENTEREDINERROR);
                changed.add(update(assessment));
            }
        }
        log.info("Discharge of {} cancelled: {} TCM resources withdrawn", encounterId.getValue(), changed.size());
        return changed;
    }

    /** An admission withdrawn (HL7 v2 A11): the admission notice or readmission review it raised is cancelled. */
    private List<Bundle.BundleEntryComponent> onAdmitCancelled(IdType encounterId) {
        List<Bundle.BundleEntryComponent> changed = new ArrayList<>();
        for (String code : List.of(ADMISSION_NOTICE, READMISSION_REVIEW)) {
            changed.addAll(cancelOpen(encounterId, code, "Admission cancelled by the hospital (A11)"));
        }
        log.info("Admission {} cancelled: {} review Tasks withdrawn", encounterId.getValue(), changed.size());
        return changed;
    }

    private List<Bundle.BundleEntryComponent> cancelOpen(IdType encounterId, String code, String reason) {
        List<Bundle.BundleEntryComponent> changed = new ArrayList<>();
        for (Task task : tasks(encounterId, code)) {
            if (isOpen(task)) {
                task.setStatus(Task.TaskStatus.CANCELLED);
                task.setStatusReason(new CodeableConcept().setText(reason));
                changed.add(update(task));
            }
        }
        return changed;
    }

    // ---------------------------------------------------------------- admission

    private List<Bundle.BundleEntryComponent> onAdmit(IdType patient, Encounter encounter) {
        if (!encounter.getPeriod().hasStart()) {
            return List.of();
        }
        IdType encounterId = encounter.getIdElement().toUnqualifiedVersionless();
        LocalDate admitted = localDate(encounter.getPeriod().getStartElement());
        // A TCM episode whose Tasks are all done is finished, yet a readmission within its 30 days still counts.
        List<EpisodeOfCare> episodes = search(
                EpisodeOfCare.class,
                SearchParameterMap.newSynchronous()
                        .add("patient", new ReferenceParam(patient.getValue()))
                        .add(
                                "status",
                                new TokenOrListParam()
                                        .add(new TokenParam("active"))
                                        .add(new TokenParam("finished"))));
        boolean inProgramme =
                episodes.stream().anyMatch(e -> e.getStatus() == EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        Optional<EpisodeOfCare> recentTcm = episodes.stream()
                .filter(e -> e.getType().stream().anyMatch(t -> t.hasCoding(CARE_PROGRAMME, "tcm")))
                .filter(e -> e.getPeriod().hasStart())
                .filter(e -> {
                    LocalDate discharge = localDate(e.getPeriod().getStartElement());
                    long days = ChronoUnit.DAYS.between(discharge, admitted);
                    return days >= 0
                            && days <= 30
                            && !e.getIdentifierFirstRep().getValue().equals(encounterId.getIdPart());
                })
                .findFirst();
        if (recentTcm.isEmpty() && !inProgramme) {
            return List.of();
        }
        String code = recentTcm.isPresent() ? READMISSION_REVIEW : ADMISSION_NOTICE;
        if (!tasks(encounterId, code).isEmpty()) {
            return List.of();
        }
        Task task = task(
                code,
                recentTcm.isPresent() ? "Readmission review" : "Admission notice",
                patient,
                encounterId,
                calendar.addBusinessDays(admitted, 1),
                careManager(patient));
        recentTcm.ifPresent(episode -> {
            task.addBasedOn(new Reference(episode.getIdElement().toUnqualifiedVersionless()));
            task.setDescription("Readmitted on " + admitted + ", within 30 days of the TCM discharge on "
                    + localDate(episode.getPeriod().getStartElement()));
        });
        Bundle entries = new Bundle();
        add(entries, task, "urn:uuid:" + UUID.randomUUID());
        log.info("{} raises {} for {}", encounterId.getValue(), code, patient.getValue());
        return entries.getEntry();
    }

    // ---------------------------------------------------------------- LACE

    private LaceAssessment assessLace(IdType patient, Encounter encounter) {
        LocalDate admitted = encounter.getPeriod().hasStart()
                ? localDate(encounter.getPeriod().getStartElement())
                : localDate(encounter.getPeriod().getEndElement());
        LocalDate discharged = localDate(encounter.getPeriod().getEndElement());
        int lengthOfStay = (int) Math.max(0, ChronoUnit.DAYS.between(admitted, discharged));
        boolean acute = LaceAssessment.isAcuteAdmission(encounter);

        List<Condition> conditions = search(
                Condition.class,
                SearchParameterMap.newSynchronous().add("patient", new ReferenceParam(patient.getValue())));
        List<String> icd10 = new ArrayList<>();
        List<Reference> conditionRefs = new ArrayList<>();
        for (Condition condition : conditions) {
            for (Coding coding : condition.getCode().getCoding()) {
                if (coding.hasCode() && LaceAssessment.isIcd10(coding.getSystem())) {
                    icd10.add(coding.getCode());
                    conditionRefs.add(new Reference(condition.getIdElement().toUnqualifiedVersionless()));
                }
            }
        }
        CharlsonComorbidity charlson = CharlsonComorbidity.fromIcd10(icd10);

        IdType encounterId = encounter.getIdElement().toUnqualifiedVersionless();
        List<Encounter> emergencies = search(
                Encounter.class,
                SearchParameterMap.newSynchronous()
                        .add("patient", new ReferenceParam(patient.getValue()))
                        .add("class", new TokenParam(LaceAssessment.ACT_CODE, "EMER"))
                        .add(
                                "date",
                                new DateParam(
                                        ParamPrefixEnum.GREATERTHAN_OR_EQUALS,
                                        admitted.minusMonths(6).toString())));
        List<Reference> emergencyRefs = emergencies.stream()
                .filter(e -> !e.getIdElement().toUnqualifiedVersionless().equals(encounterId))
                .filter(e -> e.getPeriod().hasStart()
                        && localDate(e.getPeriod().getStartElement()).isBefore(admitted))
                .map(e -> new Reference(e.getIdElement().toUnqualifiedVersionless()))
                .toList();
        LaceIndex index = LaceIndex.of(lengthOfStay, acute, charlson.index(), emergencyRefs.size());
        return new LaceAssessment(index, charlson, lengthOfStay, acute, conditionRefs, emergencyRefs);
    }

    private static RiskAssessment riskAssessment(IdType patient, IdType encounterId, LaceAssessment lace) {
        RiskAssessment assessment = lace.toRiskAssessment();
        assessment.setSubject(new Reference(patient));
        assessment.setEncounter(new Reference(encounterId));
        assessment.addBasis(new Reference(encounterId));
        return assessment;
    }

    // ---------------------------------------------------------------- helpers

    private Task task(
            String code, String display, IdType patient, IdType encounter, LocalDate due, Optional<Reference> owner) {
        Task task = new Task();
        task.getMeta().addProfile(TASK_PROFILE);
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setPriority(Task.TaskPriority.URGENT);
        task.setCode(concept(CARE_TASK, code, display));
        task.setFor(new Reference(patient));
        task.setEncounter(new Reference(encounter));
        task.setAuthoredOn(new java.util.Date());
        task.getRestriction().getPeriod().setEndElement(new DateTimeType(due.toString()));
        owner.ifPresent(task::setOwner);
        return task;
    }

    /** The patient's care manager: a participant in the care-manager role of an active CareTeam. */
    private Optional<Reference> careManager(IdType patient) {
        return careManagers.careManagerOf(patient.getValue());
    }

    private List<Task> tasks(IdType encounter, String code) {
        return search(
                Task.class,
                SearchParameterMap.newSynchronous()
                        .add("encounter", new ReferenceParam(encounter.getValue()))
                        .add("code", new TokenParam(CARE_TASK, code)));
    }

    static boolean isOpen(Task task) {
        return dev.careflow.task.OpenTasks.isOpen(task);
    }

    static LocalDate due(Task task) {
        return dev.careflow.task.TaskDue.dueDate(task).orElse(null);
    }

    /** The calendar date as the sender wrote it, in the sender's own offset (not converted to UTC). */
    static LocalDate localDate(DateTimeType value) {
        String text = value.getValueAsString();
        if (text.length() <= 10) {
            return LocalDate.parse(padDate(text));
        }
        return OffsetDateTime.parse(text).toLocalDate();
    }

    private static String padDate(String text) {
        return text.length() == 4 ? text + "-01-01" : text.length() == 7 ? text + "-01" : text;
    }

    private static CodeableConcept concept(String system, String code, String display) {
        return new CodeableConcept(new Coding(system, code, display));
    }

    private static void add(Bundle transaction, Resource resource, String fullUrl) {
        transaction
                .addEntry()
                .setFullUrl(fullUrl)
                .setResource(resource)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl(resource.fhirType());
    }

    /** An update as a transaction entry. */
    private static Bundle.BundleEntryComponent update(Resource resource) {
        IdType id = resource.getIdElement().toUnqualifiedVersionless();
        Bundle.BundleEntryComponent entry =
                new Bundle.BundleEntryComponent().setFullUrl(id.getValue()).setResource(resource);
        entry.getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(id.getValue());
        return entry;
    }

    private <T extends IBaseResource> T read(Class<T> type, IdType id) {
        return dao(type).read(id, new SystemRequestDetails());
    }

    private <T extends IBaseResource> List<T> search(Class<T> type, SearchParameterMap parameters) {
        return StoredResources.search(daos, type, parameters);
    }

    private <T extends IBaseResource> IFhirResourceDao<T> dao(Class<T> type) {
        return daos.getResourceDao(type);
    }
}
