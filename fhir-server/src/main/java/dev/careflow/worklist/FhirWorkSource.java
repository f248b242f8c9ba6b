package dev.careflow.worklist;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Task;

/** The work read by FHIR searches: every active CareTeam of the care manager, every open Task, parsed whole. */
final class FhirWorkSource implements WorkSource {

    private final WorklistQueries queries;

    FhirWorkSource(WorklistQueries queries) {
        this.queries = queries;
    }

    @Override
    public Set<String> caseload(Set<String> me) {
        return queries.caseload(me);
    }

    @Override
    public List<Task> openTasksOwnedBy(Set<String> me) {
        return queries.openTasksOwnedBy(me);
    }

    @Override
    public List<Task> openTasksOf(Set<String> patients) {
        return queries.openTasksOf(patients);
    }

    @Override
    public Map<String, Task> complete(Collection<Task> page) {
        Map<String, Task> tasks = new LinkedHashMap<>();
        page.forEach(t -> tasks.put(WorklistQueries.key(t), t));
        return tasks;
    }
}
