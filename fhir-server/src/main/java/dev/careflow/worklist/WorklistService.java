package dev.careflow.worklist;

import static dev.careflow.worklist.WorklistQueries.key;
import static dev.careflow.worklist.WorklistQueries.versionless;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.careteam.CareManagerDirectory;
import dev.careflow.populations.PatientTiers;
import dev.careflow.populations.RiskTier;
import dev.careflow.programs.enrolment.EligibilityService;
import dev.careflow.task.TaskDue;
import dev.careflow.transitions.TransitionsSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * A care manager's work, most urgent first, and their caseload. The care manager's patients are those whose active
 * CareTeam names them (as Practitioner or through one of their PractitionerRoles) in the care-manager role; their work
 * is the open Tasks they own and the unassigned open Tasks of their patients, with what needs their eyes although no
 * Task says so yet: new discharges, positive screens with no active plan, referrals a performer rejected, and the
 * programme items of {@link ProgrammeWorkItems} (eligible patients not enrolled, programmes without consent). Reads
 * are {@link WorklistQueries}, the rules {@link WorklistRules}, the rendering {@link WorklistBundle}.
 */
@Service
public class WorklistService {

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
    public record CaseloadEntry(
            Patient patient, int openTasks, int overdueTasks, List<EpisodeOfCare> programmes, RiskTier tier) {}

    private final WorklistQueries queries;
    private final PatientTiers tiers;
    private final OutreachService outreach;
    private final Clock clock;
    private final TransitionsSettings transitions;
    private final ProgrammeWorkItems programmes;
    private final WorkSource work;

    /** The worklist read by FHIR searches alone ({@link FhirWorkSource}): the reference the index is compared with. */
    public WorklistService(
            IRepository repository,
            CareManagerDirectory careManagers,
            OutreachService outreach,
            Clock clock,
            TransitionsSettings transitions,
            EligibilityService eligibility) {
        this(
                repository,
                careManagers,
                outreach,
                clock,
                transitions,
                eligibility,
                new FhirWorkSource(new WorklistQueries(repository, careManagers)));
    }

    /**
     * @param clock the care team's clock: its zone is the care team's
     * @param transitions the encounter classes whose discharge is news (those that start TCM)
     * @param work where the caseload and the open Tasks are read (the worklist index unless switched off)
     */
    @Autowired
    public WorklistService(
            IRepository repository,
            CareManagerDirectory careManagers,
            OutreachService outreach,
            Clock clock,
            TransitionsSettings transitions,
            EligibilityService eligibility,
            WorkSource work) {
        this.queries = new WorklistQueries(repository, careManagers);
        this.work = work;
        this.tiers = new PatientTiers(repository);
        this.outreach = outreach;
        this.clock = clock;
        this.transitions = transitions;
        this.programmes = new ProgrammeWorkItems(repository, eligibility, clock);
    }

    public Page worklist(WorklistQuery query) {
        Set<String> me = queries.identities(query.practitioner());
        Set<String> caseload = work.caseload(me);
        query.patient().ifPresent(p -> caseload.retainAll(Set.of(p)));
        WorklistRules rules = new WorklistRules(clock.instant(), clock.getZone());

        Map<String, Item> items = new LinkedHashMap<>();
        List<Task> tasks = new ArrayList<>(work.openTasksOwnedBy(me));
        if (!caseload.isEmpty()) {
            work.openTasksOf(caseload).stream().filter(t -> !t.hasOwner()).forEach(tasks::add);
        }
        tasks.stream()
                .filter(task ->
                        query.patient().isEmpty() || query.patient().get().equals(WorklistRules.patientOf(task)))
                .filter(task -> WorklistRules.matches(task, query))
                .forEach(task -> items.putIfAbsent(key(task), rules.task(task)));
        if (!query.filtersTasks() && !caseload.isEmpty()) {
            untracked(caseload, rules).forEach(i -> items.putIfAbsent(key(i.resource()), i));
        }
        List<Item> ordered = items.values().stream().sorted(WorklistRules.ORDER).toList();
        int from = Math.min(query.offset(), ordered.size());
        int to = Math.min(from + query.count(), ordered.size());
        List<Item> listed = ordered.subList(from, to);
        Map<String, Patient> patients =
                queries.patients(listed.stream().map(Item::patient).toList());
        List<Item> page = complete(listed, patients);
        patients.keySet().retainAll(page.stream().map(Item::patient).toList());
        return new Page(
                page,
                patients,
                ordered.size(),
                outreach.attempts(page.stream()
                        .filter(i -> i.resource() instanceof Task)
                        .map(i -> key(i.resource()))
                        .toList()));
    }

    /**
     * The page with its Tasks as stored (the work source may have read only what the rules need of them) and its
     * Patients as read for the page (a programme item names its patient by id only).
     */
    private List<Item> complete(List<Item> page, Map<String, Patient> patients) {
        Map<String, Task> stored = work.complete(page.stream()
                .map(Item::resource)
                .filter(Task.class::isInstance)
                .map(Task.class::cast)
                .toList());
        List<Item> complete = new ArrayList<>();
        for (Item item : page) {
            if (item.resource() instanceof Patient) {
                Optional.ofNullable(patients.get(key(item.resource())))
                        .ifPresent(patient -> complete.add(
                                new Item(item.category(), patient, item.patient(), item.due(), item.priority())));
            } else if (!(item.resource() instanceof Task)) {
                complete.add(item);
            } else if (stored.containsKey(key(item.resource()))) {
                Resource task = stored.get(key(item.resource()));
                complete.add(new Item(item.category(), task, item.patient(), item.due(), item.priority()));
            }
        }
        return complete;
    }

    /** What needs the care manager's eyes although no Task says so: discharges, unplanned screens, rejections. */
    private List<Item> untracked(Set<String> caseload, WorklistRules rules) {
        List<Item> items = new ArrayList<>();
        queries.finishedEncounters(caseload, clock.instant().minus(WorklistRules.NEW_DISCHARGE)).stream()
                .map(encounter -> rules.newDischarge(encounter, transitions.tcmEncounterClasses()))
                .flatMap(Optional::stream)
                .forEach(items::add);
        var concerns = queries.activeHealthConcerns(caseload);
        if (!concerns.isEmpty()) {
            items.addAll(WorklistRules.positiveScreens(concerns, queries.addressedByActivePlans(caseload)));
        }
        List<Task> rejected = queries.rejectedReferrals(caseload);
        if (!rejected.isEmpty()) {
            Set<String> requests = new LinkedHashSet<>();
            rejected.forEach(t -> requests.add(versionless(t.getFocus().getReference())));
            Set<String> active = queries.activeRequests(requests);
            items.addAll(WorklistRules.rejectedReferrals(rejected, active, queries.takenOver(active)));
        }
        items.addAll(programmes.items(caseload));
        return items;
    }

    public List<CaseloadEntry> caseload(String practitioner) {
        return caseload(practitioner, false);
    }

    /** The caseload, most overdue first or ({@code byRisk}) highest risk tier first, then most overdue. */
    public List<CaseloadEntry> caseload(String practitioner, boolean byRisk) {
        Set<String> patients = work.caseload(queries.identities(practitioner));
        if (patients.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (Task task : work.openTasksOf(patients)) {
            int[] count = counts.computeIfAbsent(WorklistRules.patientOf(task), p -> new int[2]);
            count[0]++;
            if (TaskDue.isOverdue(task, now, clock.getZone())) {
                count[1]++;
            }
        }
        Map<String, List<EpisodeOfCare>> programmes = new LinkedHashMap<>();
        for (EpisodeOfCare episode : queries.activeEpisodes(patients)) {
            programmes
                    .computeIfAbsent(versionless(episode.getPatient().getReference()), p -> new ArrayList<>())
                    .add(episode);
        }
        Map<String, RiskTier> tierOf = tiers.of(patients);
        List<CaseloadEntry> entries = new ArrayList<>();
        for (Patient patient : queries.patients(patients).values()) {
            String id = key(patient);
            int[] count = counts.getOrDefault(id, new int[2]);
            entries.add(new CaseloadEntry(
                    patient,
                    count[0],
                    count[1],
                    programmes.getOrDefault(id, List.of()),
                    tierOf.getOrDefault(id, RiskTier.LOW)));
        }
        entries.sort(byRisk ? WorklistRules.RISK_ORDER : WorklistRules.CASELOAD_ORDER);
        return entries;
    }
}
