package dev.careflow.populations;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import dev.careflow.platform.CareflowStorageInterceptor;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Group;

/**
 * Keeps the registry membership index ({@link JdbcRegistryMembers}) in step with the registry Groups, before the
 * commit and in the writer's transaction, whoever writes the Group: registry upkeep, a sweep, or a client.
 */
@Interceptor
public class RegistryMembersInterceptor implements CareflowStorageInterceptor {

    private final JdbcRegistryMembers index;

    RegistryMembersInterceptor(JdbcRegistryMembers index) {
        this.index = index;
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource) {
        if (resource instanceof Group group) {
            follow(Optional.empty(), group, false);
        }
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource current) {
        if (current instanceof Group group) {
            follow(Optional.ofNullable(previous instanceof Group before ? before : null), group, false);
        }
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
    public void deleted(IBaseResource resource) {
        if (resource instanceof Group group) {
            follow(Optional.of(group), group, true);
        }
    }

    private void follow(Optional<Group> previous, Group current, boolean deleted) {
        Registry.byGroupId(current.getIdElement().getIdPart())
                .ifPresent(registry -> index.follow(registry, previous, current, deleted));
    }
}
