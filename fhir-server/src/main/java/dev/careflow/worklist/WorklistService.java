package dev.careflow.worklist;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import dev.careflow.careteam.CareManagerDirectory;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.StoredResources;
import dev.careflow.task.CareTask;
import dev.careflow.task.OpenTasks;
import dev.careflow.task.TaskDue;
import dev.careflow.transitions.TransitionsSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Service;

/**
 * A care manager's work, most urgent first, and their caseload. The care manager's patients are those whose active
 * CareTeam names them (as Practitioner or through one of their PractitionerRoles) in the care-manager role; their work
 * is the open Tasks they own and the unassigned open Tasks of their patients, with what needs their eyes although no
 * Task says so yet: new discharges, positive screens with no active plan, and referrals a performer rejected.
 */
@Service
public class WorklistService {

    static final String TASK_CODE = "http://hl7.org/fhir/CodeSystem/task-code";
    /** A discharge stays news for two days. */
    static final Duration NEW_DISCHARGE = Duration.ofHours(48);

    /** One line of the worklist. */
    public record Item(WorkCategory category, Resource resource, String patient, Optional<Instant> due, int priority) {}

    /**
     * One page of the worklist: its items, the patients they concern, how many items there are in all, and the outreach
     * attempts recorded against the page's Tasks (by {@code Task/id}).
     */
    public record Page(
            List<Item> items,
            Map<String, Patient> patients,
            int total,
            Map<String, List<OutreachAttempts.Attempt>> attempts) {}

    /** One patient of a caseload. */
    public record CaseloadEntry(Patient patient, int openTasks, int overdueTasks, List<EpisodeOfCare> programmes) {}

    private final DaoRegistry daos;
    private final CareManagerDirectory careManagers;
    private final OutreachService outreach;
    private final Clock clock;
    private final TransitionsSettings transitions;

    /**
     * @param clock the care team's clock: its zone is the care team's
     * @param transitions the encounter classes whose discharge is news (those that start TCM)
     */
    public WorklistService(
            DaoRegistry daos,
            CareManagerDirectory careManagers,
            OutreachService outreach,
            Clock clock,
            TransitionsSettings transitions) {
        this.transitions = transitions;
        this.daos = daos;
        this.careManagers = careManagers;
        this.outreach = outreach;
        this.clock = clock;
    }

    public Page worklist(WorklistQuery query) {
        Set<String> me = identities(query.practitioner());
        Set<String> caseload = caseload(me);
        query.patient().ifPresent(p -> caseload.retainAll(Set.of(p)));
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, clock.getZone());

        Map<String, Item> items = new LinkedHashMap<>();
        List<Task> tasks = new ArrayList<>(openTasksOwnedBy(me));
        if (!caseload.isEmpty()) {
            search(
                            Task.class,
                            SearchParameterMap.newSynchronous()
                                    .add("patient", anyOf(caseload))
                                    .add(
                                            "status",
                                            anyToken(OpenTasks.STATUSES.stream()
                                                    .map(Task.TaskStatus::toCode)
                                                    .toList())))
                    .stream()
                    .filter(t -> !t.hasOwner())
                    .forEach(tasks::add);
        }
        for (Task task : tasks) {
            String patient = patientOf(task);
            if (query.patient().isPresent() && !query.patient().get().equals(patient)) {
                continue;
            }
            if (!matches(task, query)) {
                continue;
            }
            Optional<Instant> deadline = TaskDue.deadline(task, clock.getZone());
            items.putIfAbsent(
                    key(task), new Item(taskCategory(task, deadline, now, today), task, patient, deadline, rank(task)));
        }
        if (!query.filtersTasks() && !caseload.isEmpty()) {
            newDischarges(caseload, now).forEach(i -> items.putIfAbsent(key(i.resource()), i));
            positiveScreens(caseload).forEach(i -> items.putIfAbsent(key(i.resource()), i));
            rejectedReferrals(caseload).forEach(i -> items.putIfAbsent(key(i.resource()), i));
        }
        List<Item> ordered = items.values().stream()
                .sorted(Comparator.comparing(Item::category)
                        .thenComparing(i -> i.due().orElse(Instant.MAX))
                        .thenComparing(Item::priority)
                        .thenComparing(i -> i.resource().getIdElement().getIdPart()))
                .toList();
        int from = Math.min(query.offset(), ordered.size());
        int to = Math.min(from + query.count(), ordered.size());
        List<Item> page = ordered.subList(from, to);
        return new Page(
                page,
                patients(page.stream().map(Item::patient).toList()),
                ordered.size(),
                outreach.attempts(page.stream()
                        .filter(i -> i.resource() instanceof Task)
                        .map(i -> key(i.resource()))
                        .toList()));
    }

    public List<CaseloadEntry> caseload(String practitioner) {
        Set<String> me = identities(practitioner);
        Set<String> patients = caseload(me);
        if (patients.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (Task task : search(
                Task.class,
                SearchParameterMap.newSynchronous()
                        .add("patient", anyOf(patients))
                        .add(
                                "status",
                                anyToken(OpenTasks.STATUSES.stream()
                                        .map(Task.TaskStatus::toCode)
                                        .toList())))) {
            int[] count = counts.computeIfAbsent(patientOf(task), p -> new int[2]);
            count[0]++;
            if (TaskDue.isOverdue(task, now, clock.getZone())) {
                count[1]++;
            }
        }
        Map<String, List<EpisodeOfCare>> programmes = new LinkedHashMap<>();
        for (EpisodeOfCare episode : search(
                EpisodeOfCare.class,
                SearchParameterMap.newSynchronous()
                        .add("patient", anyOf(patients))
                        .add("status", new TokenParam("active")))) {
            programmes
                    .computeIfAbsent(versionless(episode.getPatient().getReference()), p -> new ArrayList<>())
                    .add(episode);
        }
        List<CaseloadEntry> entries = new ArrayList<>();
        for (Patient patient : patients(patients).values()) {
            String id = patient.getIdElement().toUnqualifiedVersionless().getValue();
            int[] count = counts.getOrDefault(id, new int[2]);
            entries.add(new CaseloadEntry(patient, count[0], count[1], programmes.getOrDefault(id, List.of())));
        }
        entries.sort(Comparator.comparing((CaseloadEntry e) -> -e.overdueTasks())
                .thenComparing(e -> -e.openTasks())
                .thenComparing(
                        e -> e.patient().getNameFirstRep().getFamily(), Comparator.nullsLast(String::compareTo)));
        return entries;
    }

    /** The practitioner and each of their roles: the references by which work is assigned to them. */
    private Set<String> identities(String practitioner) {
        if (StoredResources.find(daos, Practitioner.class, practitioner).isEmpty()) {
            throw new CareflowException(CareflowException.Kind.NOT_FOUND, List.of(practitioner + " is not known"));
        }
        Set<String> me = new LinkedHashSet<>();
        me.add(practitioner);
        search(
                        PractitionerRole.class,
                        SearchParameterMap.newSynchronous().add("practitioner", new ReferenceParam(practitioner)))
                .forEach(role ->
                        me.add(role.getIdElement().toUnqualifiedVersionless().getValue()));
        return me;
    }

    private Set<String> caseload(Set<String> me) {
        Set<String> patients = new LinkedHashSet<>();
        me.forEach(member -> patients.addAll(careManagers.patientsOf(member)));
        return patients;
    }

    private List<Task> openTasksOwnedBy(Set<String> me) {
        return search(
                Task.class,
                SearchParameterMap.newSynchronous()
                        .add("owner", anyOf(me))
                        .add(
                                "status",
                                anyToken(OpenTasks.STATUSES.stream()
                                        .map(Task.TaskStatus::toCode)
                                        .toList())));
    }

    private static boolean matches(Task task, WorklistQuery query) {
        if (query.priority().isPresent()
                && task.getPriority() != query.priority().get()) {
            return false;
        }
        if (query.code().isPresent()
                && task.getCode().getCoding().stream()
                        .noneMatch(c -> query.code().get().equals(c.getCode())
                                && query.codeSystem()
                                        .map(s -> s.equals(c.getSystem()))
                                        .orElse(true))) {
            return false;
        }
        if (query.dueBefore().isPresent()) {
            return TaskDue.dueDate(task)
                    .map(due -> due.isBefore(query.dueBefore().get()))
                    .orElse(false);
        }
        return true;
    }

    private WorkCategory taskCategory(Task task, Optional<Instant> deadline, Instant now, LocalDate today) {
        if (CareTask.SAFETY_REVIEW.in(task.getCode())) {
            return WorkCategory.SAFETY_ALERT;
        }
        if (deadline.isEmpty()) {
            return WorkCategory.UPCOMING;
        }
        if (now.isAfter(deadline.get()) || TaskDue.isMarkedOverdue(task)) {
            return WorkCategory.OVERDUE;
        }
        if (CareTask.isTcm(task) && !deadline.get().isAfter(now.plus(Duration.ofHours(24)))) {
            return WorkCategory.TCM_DUE_SOON;
        }
        if (TaskDue.dueDate(task).map(today::equals).orElse(false)) {
            return WorkCategory.DUE_TODAY;
        }
        return WorkCategory.UPCOMING;
    }

    /** Inpatient-type encounters of the caseload that ended in the last two days. */
    private List<Item> newDischarges(Set<String> caseload, Instant now) {
        Instant since = now.minus(NEW_DISCHARGE);
        List<Item> items = new ArrayList<>();
        for (Encounter encounter : search(
                Encounter.class,
                SearchParameterMap.newSynchronous()
                        .add("patient", anyOf(caseload))
                        .add("status", new TokenParam("finished"))
                        .add(
                                "date",
                                new ca.uhn.fhir.rest.param.DateParam(
                                        ca.uhn.fhir.rest.param.ParamPrefixEnum.GREATERTHAN_OR_EQUALS,
                                        java.util.Date.from(since))))) {
            boolean stay = transitions
                    .tcmEncounterClasses()
                    .contains(encounter.getClass_().getCode());
            if (stay
                    && encounter.getPeriod().hasEnd()
                    && !encounter.getPeriod().getEnd().toInstant().isBefore(since)) {
                items.add(new Item(
                        WorkCategory.NEW_DISCHARGE,
                        encounter,
                        versionless(encounter.getSubject().getReference()),
                        Optional.of(encounter.getPeriod().getEnd().toInstant()),
                        0));
            }
        }
        return items;
    }

    /** Active health concerns of caseload patients that no active care plan addresses. */
    private List<Item> positiveScreens(Set<String> caseload) {
        List<Condition> concerns = search(
                Condition.class,
                SearchParameterMap.newSynchronous()
                        .add("patient", anyOf(caseload))
                        .add("category", new TokenParam("health-concern"))
                        .add("clinical-status", new TokenParam("active")));
        if (concerns.isEmpty()) {
            return List.of();
        }
        // A concern is planned for when an active plan addresses it, not when the patient has some plan (the
        // transitional-care plan addresses none of her screens).
        Set<String> addressed = new HashSet<>();
        search(
                        CarePlan.class,
                        SearchParameterMap.newSynchronous()
                                .add("patient", anyOf(caseload))
                                .add("status", new TokenParam("active")))
                .forEach(plan -> plan.getAddresses().stream()
                        .filter(a -> a.getReference() != null)
                        .forEach(a -> addressed.add(versionless(a.getReference()))));
        return concerns.stream()
                .filter(c -> !addressed.contains(key(c)))
                .map(c -> new Item(
                        WorkCategory.POSITIVE_SCREEN,
                        c,
                        versionless(c.getSubject().getReference()),
                        Optional.ofNullable(c.getRecordedDate()).map(java.util.Date::toInstant),
                        0))
                .toList();
    }

    /** Rejected referrals whose request is still open and that no other referral has taken over. */
    private List<Item> rejectedReferrals(Set<String> caseload) {
        List<Task> rejected = search(
                Task.class,
                SearchParameterMap.newSynchronous()
                        .add("patient", anyOf(caseload))
                        .add("status", new TokenParam("rejected"))
                        .add("code", new TokenParam(TASK_CODE, "fulfill")));
        if (rejected.isEmpty()) {
            return List.of();
        }
        Set<String> requests = new LinkedHashSet<>();
        rejected.forEach(t -> requests.add(versionless(t.getFocus().getReference())));
        Set<String> open = new HashSet<>();
        search(ServiceRequest.class, SearchParameterMap.newSynchronous().add("_id", anyId(requests))).stream()
                .filter(r -> r.getStatus() == ServiceRequest.ServiceRequestStatus.ACTIVE)
                .forEach(r ->
                        open.add(r.getIdElement().toUnqualifiedVersionless().getValue()));
        Set<String> takenOver = new HashSet<>();
        if (!open.isEmpty()) {
            search(
                            Task.class,
                            SearchParameterMap.newSynchronous()
                                    .add("focus", anyOf(open))
                                    .add("code", new TokenParam(TASK_CODE, "fulfill")))
                    .stream()
                    .filter(t -> t.getStatus() != Task.TaskStatus.REJECTED)
                    .forEach(t -> takenOver.add(versionless(t.getFocus().getReference())));
        }
        return rejected.stream()
                .filter(t -> open.contains(versionless(t.getFocus().getReference())))
                .filter(t -> !takenOver.contains(versionless(t.getFocus().getReference())))
                .map(t -> new Item(
                        WorkCategory.REJECTED_REFERRAL,
                        t,
                        patientOf(t),
                        Optional.ofNullable(t.getMeta().getLastUpdated()).map(java.util.Date::toInstant),
                        rank(t)))
                .toList();
    }

    private Map<String, Patient> patients(Collection<String> ids) {
        Set<String> wanted = new LinkedHashSet<>(ids);
        wanted.remove(null);
        if (wanted.isEmpty()) {
            return Map.of();
        }
        Map<String, Patient> found = new LinkedHashMap<>();
        search(Patient.class, SearchParameterMap.newSynchronous().add("_id", anyId(wanted)))
                .forEach(p ->
                        found.put(p.getIdElement().toUnqualifiedVersionless().getValue(), p));
        return found;
    }

    private static int rank(Task task) {
        return task.getPriority() == null
                ? 3
                : switch (task.getPriority()) {
                    case STAT -> 0;
                    case ASAP -> 1;
                    case URGENT -> 2;
                    default -> 3;
                };
    }

    private static String patientOf(Task task) {
        return task.getFor().hasReference() ? versionless(task.getFor().getReference()) : null;
    }

    private static String key(IBaseResource resource) {
        return resource.getIdElement().toUnqualifiedVersionless().getValue();
    }

    private static String versionless(String reference) {
        return reference == null
                ? null
                : new IdType(reference).toUnqualifiedVersionless().getValue();
    }

    private static ReferenceOrListParam anyOf(Collection<String> references) {
        ReferenceOrListParam any = new ReferenceOrListParam();
        references.forEach(r -> any.addOr(new ReferenceParam(r)));
        return any;
    }

    /** An {@code _id} search for any of these references ({@code Type/id}). */
    private static TokenOrListParam anyId(Collection<String> references) {
        return anyToken(references.stream().map(r -> new IdType(r).getIdPart()).toList());
    }

    private static TokenOrListParam anyToken(Collection<String> codes) {
        TokenOrListParam any = new TokenOrListParam();
        codes.forEach(c -> any.addOr(new TokenParam(c)));
        return any;
    }

    private <T extends IBaseResource> List<T> search(Class<T> type, SearchParameterMap parameters) {
        return StoredResources.search(daos, type, parameters);
    }
}
