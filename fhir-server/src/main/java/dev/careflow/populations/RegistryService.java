package dev.careflow.populations;

import ca.uhn.fhir.repository.IRepository;
import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the registries and the patient's risk tier current: recomputes one patient's memberships from their record
 * ({@link RegistryRules}) and writes only the Groups whose membership of that patient changed, then the patient's tier
 * assessment if the tier or its basis changed. Runs inside the caller's database transaction (a storage hook, the
 * sweep, {@code $stratify}), holding the registry locks from before the first read.
 */
public class RegistryService {

    private static final Logger log = LoggerFactory.getLogger(RegistryService.class);

    private final IRepository repository;
    private final PopulationQueries queries;
    private final RegistryRules rules;
    private final RegistryLocks locks;
    private final RegistryMembers members;
    private final Clock clock;

    /** What a recomputation found for one patient. */
    public record Outcome(
            String patient,
            Map<Registry, List<Evidence>> registries,
            RiskTier tier,
            Optional<String> tierAssessment,
            List<Registry> changed) {}

    /** Reads the memberships from the registry Groups themselves (unit tests, on an in-memory repository). */
    public RegistryService(
            IRepository repository, ChronicConditionCategories categories, RegistryLocks locks, Clock clock) {
        this(repository, categories, locks, RegistryMembers.fromGroups(repository), clock);
    }

    /** @param members the memberships as the Groups hold them, read without reading the Groups */
    public RegistryService(
            IRepository repository,
            ChronicConditionCategories categories,
            RegistryLocks locks,
            RegistryMembers members,
            Clock clock) {
        this.repository = repository;
        this.queries = new PopulationQueries(repository);
        this.rules = new RegistryRules(categories);
        this.locks = locks;
        this.members = members;
        this.clock = clock;
    }

    /** Recomputes the patient ({@code Patient/id}) from what is stored. */
    public Outcome recompute(String patient) {
        return recompute(patient, Optional.empty(), Optional.empty());
    }

    /**
     * Recomputes the patient with the resource being written now (or the id of the one being deleted) taken as it will
     * be stored.
     */
    public Outcome recompute(String patient, Optional<Resource> written, Optional<String> deleted) {
        locks.lockRegistries();
        PatientRecord record = queries.record(patient, written, deleted);
        Map<Registry, List<Evidence>> registries = rules.qualify(record, LocalDate.now(clock));
        Map<Registry, Set<String>> held = new EnumMap<>(Registry.class);
        members.of(List.of(patient)).forEach(m -> held.put(m.registry(), keys(m.evidence())));
        List<Registry> changed = new java.util.ArrayList<>();
        for (Registry registry : Registry.values()) {
            List<Evidence> evidence = registries.getOrDefault(registry, List.of());
            Set<String> now = evidence.stream().map(Evidence::key).collect(Collectors.toSet());
            if (held.containsKey(registry) ? held.get(registry).equals(now) : evidence.isEmpty()) {
                // The Group already says so: it is neither read nor written.
                continue;
            }
            Optional<Group> updated =
                    RegistryGroups.withMembership(queries.group(registry), patient, evidence, clock.instant());
            if (updated.isPresent()) {
                updated.get().setId(new IdType("Group", registry.groupId()));
                repository.update(updated.get());
                changed.add(registry);
            }
        }
        RiskTier.Assessed assessed = RiskTier.of(registries, record);
        Optional<RiskAssessment> current = queries.tierAssessment(patient);
        Optional<RiskAssessment> toStore = TierAssessments.toStore(current, patient, assessed, clock.instant());
        Optional<String> assessment =
                current.map(c -> c.getIdElement().toUnqualifiedVersionless().getValue());
        if (toStore.isPresent()) {
            assessment = Optional.of(store(toStore.get()));
        }
        if (!changed.isEmpty()) {
            log.info(
                    "Registries of {} changed: {}; tier {}",
                    patient,
                    changed,
                    assessed.tier().code());
        }
        return new Outcome(patient, registries, assessed.tier(), assessment, List.copyOf(changed));
    }

    /** Stores every registry Group that is not stored yet (empty); answers how many were created. */
    public int ensureGroups() {
        locks.lockRegistries();
        int created = 0;
        for (Registry registry : Registry.values()) {
            if (!queries.stored(registry)) {
                repository.update(RegistryGroups.empty(registry));
                created++;
            }
        }
        return created;
    }

    /** The patients in a registry now (its Group's members). */
    public List<String> members(Registry registry) {
        return queries.group(registry).getMember().stream()
                .map(m -> m.getEntity().getReference())
                .toList();
    }

    private String store(RiskAssessment assessment) {
        if (assessment.hasId()) {
            repository.update(assessment);
            return assessment.getIdElement().toUnqualifiedVersionless().getValue();
        }
        return repository.create(assessment).getId().toUnqualifiedVersionless().getValue();
    }

    private static Set<String> keys(List<Membership.Reason> evidence) {
        return evidence.stream().map(r -> r.evidence().key()).collect(Collectors.toSet());
    }
}
