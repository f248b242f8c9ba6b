package dev.careflow.worklist;

import dev.careflow.worklist.WorklistIndexRows.MemberRow;
import dev.careflow.worklist.WorklistIndexRows.TaskRow;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The worklist index in memory, with the semantics of {@link JdbcWorklistIndex}'s tables. */
final class InMemoryWorklistIndex implements WorklistIndex {

    final Map<String, TaskRow> tasks = new LinkedHashMap<>();
    final Map<String, List<MemberRow>> teams = new LinkedHashMap<>();

    @Override
    public void putTask(String id, Optional<TaskRow> row) {
        tasks.remove(id);
        row.ifPresent(r -> tasks.put(id, r));
    }

    @Override
    public void putTeam(String id, List<MemberRow> rows) {
        teams.remove(id);
        if (!rows.isEmpty()) {
            teams.put(id, List.copyOf(rows));
        }
    }

    @Override
    public Set<String> patientsOf(Collection<String> members) {
        Set<String> patients = new TreeSet<>();
        teams.values().stream()
                .flatMap(List::stream)
                .filter(r -> members.contains(r.member()))
                .forEach(r -> patients.add(r.patient()));
        return patients;
    }

    @Override
    public List<TaskRow> ownedBy(Collection<String> owners) {
        return tasks.values().stream().filter(r -> owners.contains(r.owner())).toList();
    }

    @Override
    public List<TaskRow> of(Collection<String> patients) {
        return tasks.values().stream()
                .filter(r -> patients.contains(r.patient()))
                .toList();
    }
}
