package dev.careflow.referral;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.util.HapiExtensions;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.CareflowStorageInterceptor;
import dev.careflow.task.TaskStateMachine;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Task;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Enforces {@link TaskStateMachine} and the rules of {@link PatientTasks} on every Task write, whatever the route:
 * create, update, PATCH, a transaction entry or a Careflow operation. A refused write is rolled back whole and answered 422 with one issue per problem.
 */
@Interceptor
public class TaskLifecycleInterceptor implements CareflowStorageInterceptor {

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void beforeCreate(IBaseResource resource) {
        if (resource instanceof Task task) {
            // A placeholder HAPI creates for a reference to a Task not stored yet has no status; the Task itself,
            // when it arrives, takes one (TaskStateMachine lets a Task stored without status take any).
            List<String> problems =
                    new java.util.ArrayList<>(isPlaceholder(task) ? List.of() : TaskStateMachine.checkCreate(task));
            problems.addAll(PatientTasks.check(task));
            refuseIfAny(problems);
        }
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void beforeUpdate(IBaseResource previous, IBaseResource current) {
        if (previous instanceof Task before && current instanceof Task after) {
            List<String> problems = new java.util.ArrayList<>(TaskStateMachine.checkUpdate(before, after));
            problems.addAll(PatientTasks.check(after));
            refuseIfAny(problems);
        }
    }

    private static boolean isPlaceholder(Task task) {
        return task.hasExtension(HapiExtensions.EXT_RESOURCE_PLACEHOLDER)
                || task.getMeta().hasExtension(HapiExtensions.EXT_RESOURCE_PLACEHOLDER);
    }

    private static void refuseIfAny(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new CareflowException(CareflowException.Kind.UNPROCESSABLE, problems);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registration {
        @Bean
        TaskLifecycleInterceptor taskLifecycleInterceptor() {
            TaskLifecycleInterceptor interceptor = new TaskLifecycleInterceptor();
            return interceptor;
        }
    }
}
