package dev.careflow.populations;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.Stored;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Recomputes registries and tiers on demand ({@code Group/[id]/$stratify}) and on schedule (the sweep), each patient in
 * a database transaction of its own.
 *
 * <p>Which patients: for a registry Group, every patient who is a member now or has any data a registry reads (so
 * that who qualifies now joins, and who no longer does leaves); for another Group of persons, its Patient members. The
 * sweep: the members of the time-bound registries (recent-discharge, elderly-adl) and everyone with a Katz ADL total
 * below 6 (who may turn 65).
 */
public class StratifyService {

    private static final Logger log = LoggerFactory.getLogger(StratifyService.class);

    private final IRepository repository;
    private final RegistryService registries;
    private final PopulationQueries queries;
    private final TransactionOperations transactions;

    public StratifyService(IRepository repository, RegistryService registries, TransactionOperations transactions) {
        this.repository = repository;
        this.registries = registries;
        this.queries = new PopulationQueries(repository);
        this.transactions = transactions;
    }

    /** Recomputes the Group's patients; answers each one's outcome, in patient order. */
    public List<RegistryService.Outcome> stratify(IdType groupId) {
        Optional<Registry> registry = Registry.byGroupId(groupId.getIdPart());
        Group group = registry.isPresent()
                ? queries.group(registry.get())
                : Stored.require(repository, Group.class, "Group/" + groupId.getIdPart());
        Set<String> patients = new LinkedHashSet<>(patientMembers(group));
        if (registry.isPresent()) {
            patients.addAll(queries.candidates());
        }
        return recompute(patients);
    }

    /** Stores the registry Groups that are missing, in a transaction of their own; answers how many. */
    public int ensureGroups() {
        Integer created = transactions.execute(status -> registries.ensureGroups());
        return created == null ? 0 : created;
    }

    /** Stores missing registry Groups and recomputes the time-bound memberships; answers how many patients. */
    public int sweep() {
        ensureGroups();
        Set<String> patients = new LinkedHashSet<>();
        patients.addAll(registries.members(Registry.RECENT_DISCHARGE));
        patients.addAll(registries.members(Registry.ELDERLY_ADL));
        patients.addAll(queries.katzSubjects());
        List<RegistryService.Outcome> outcomes = recompute(patients);
        long changed = outcomes.stream().filter(o -> !o.changed().isEmpty()).count();
        log.info("Registry sweep: {} patients recomputed, {} changed", outcomes.size(), changed);
        return outcomes.size();
    }

    private List<RegistryService.Outcome> recompute(Set<String> patients) {
        List<RegistryService.Outcome> outcomes = new ArrayList<>();
        for (String patient : patients.stream().sorted().toList()) {
            try {
                Optional.ofNullable(transactions.execute(status -> registries.recompute(patient)))
                        .ifPresent(outcomes::add);
            } catch (RuntimeException e) {
                // One patient's failure (a concurrent write, a lost connection) does not stop the others'.
                log.warn("Registries of {} not recomputed: {}", patient, e.getMessage());
            }
        }
        return outcomes;
    }

    private static List<String> patientMembers(Group group) {
        return group.getMember().stream()
                .map(m -> new IdType(m.getEntity().getReference()))
                .filter(id -> "Patient".equals(id.getResourceType()) && id.hasIdPart())
                .map(id -> "Patient/" + id.getIdPart())
                .toList();
    }
}
