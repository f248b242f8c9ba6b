package dev.careflow.worklist;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import dev.careflow.platform.CareflowStorageInterceptor;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Task;

/**
 * Keeps the worklist index current with the writes that change it, before the commit and in the writer's transaction:
 * a Task stored, updated or deleted replaces its row (none once it is no longer open), a CareTeam its care-manager
 * memberships (none once it is no longer active). Nothing else is indexed: the worklist reads the rest by FHIR search,
 * restricted to the caseload's patients.
 */
@Interceptor
public class WorklistIndexInterceptor implements CareflowStorageInterceptor {

    private final WorklistIndex index;
    private final boolean enabled;

    WorklistIndexInterceptor(WorklistIndex index, boolean enabled) {
        this.index = index;
        this.enabled = enabled;
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource) {
        written(resource, false);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource current) {
        written(current, false);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
    public void deleted(IBaseResource resource) {
        written(resource, true);
    }

    private void written(IBaseResource resource, boolean deleted) {
        if (!enabled) {
            return;
        }
        if (resource instanceof Task task) {
            index.putTask(task.getIdElement().getIdPart(), deleted ? Optional.empty() : WorklistIndexRows.row(task));
        } else if (resource instanceof CareTeam team) {
            index.putTeam(team.getIdElement().getIdPart(), deleted ? List.of() : WorklistIndexRows.members(team));
        }
    }
}
