package dev.careflow.worklist;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Task;

/**
 * The work read from the worklist index: the caseload and the open Tasks as rows (no resource parsed), then only the
 * Tasks of the page returned loaded, by one {@code _id} search.
 */
final class IndexedWorkSource implements WorkSource {

    private final WorklistIndex index;
    private final IRepository repository;

    IndexedWorkSource(WorklistIndex index, IRepository repository) {
        this.index = index;
        this.repository = repository;
    }

    @Override
    public Set<String> caseload(Set<String> me) {
        return index.patientsOf(me);
    }

    @Override
    public List<Task> openTasksOwnedBy(Set<String> me) {
        return index.ownedBy(me).stream().map(WorklistIndexRows::skeleton).toList();
    }

    @Override
    public List<Task> openTasksOf(Set<String> patients) {
        return index.of(patients).stream().map(WorklistIndexRows::skeleton).toList();
    }

    @Override
    public Map<String, Task> complete(Collection<Task> page) {
        Map<String, Task> tasks = new LinkedHashMap<>();
        if (page.isEmpty()) {
            return tasks;
        }
        List<ca.uhn.fhir.rest.param.TokenParam> ids = page.stream()
                .map(t -> Query.token(t.getIdElement().getIdPart()))
                .distinct()
                .toList();
        Stored.search(repository, Task.class, Query.all().and("_id", ids))
                .forEach(t -> tasks.put(WorklistQueries.key(t), t));
        return tasks;
    }
}
