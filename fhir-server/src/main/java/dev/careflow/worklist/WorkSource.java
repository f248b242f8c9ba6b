package dev.careflow.worklist;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Task;

/**
 * Where the worklist and the caseload find a care manager's patients and open Tasks: the worklist index ({@link
 * IndexedWorkSource}, the default) or FHIR searches over the stored resources ({@link FhirWorkSource}, {@code
 * careflow.worklist.index=false}, and the reference the index is compared with). The Tasks may carry only what the
 * worklist's rules read; {@link #complete} loads the stored Tasks of the page returned.
 */
interface WorkSource {

    /** The patients these identities manage as care manager. */
    Set<String> caseload(Set<String> me);

    List<Task> openTasksOwnedBy(Set<String> me);

    List<Task> openTasksOf(Set<String> patients);

    /** The stored Tasks (by {@code Task/id}) of these Tasks of a page; a Task no longer stored is left out. */
    Map<String, Task> complete(Collection<Task> page);
}
