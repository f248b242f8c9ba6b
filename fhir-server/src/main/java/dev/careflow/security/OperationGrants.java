package dev.careflow.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderOperationNamed;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import dev.careflow.platform.OperationAccess;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The rules of Careflow's own operations, read from the {@link OperationAccess} each {@code @Operation} method of an
 * operation provider declares: security knows no operation by name. A provider's operation without a declaration, or
 * with one that cannot hold (a patient's own call of an operation that is not on a Patient), stops the start.
 */
final class OperationGrants {

    /** Where an operation is called: {@code [base]/$op}, {@code [base]/Type/$op}, {@code [base]/Type/[id]/$op}. */
    enum Level {
        SERVER,
        TYPE,
        INSTANCE
    }

    /** One declared operation: its name, where it is called, on what type, and who may call it. */
    record Declared(String name, Level level, Class<? extends IBaseResource> type, OperationAccess access) {}

    private final List<Declared> operations;

    private OperationGrants(List<Declared> operations) {
        this.operations = List.copyOf(operations);
    }

    /** The declarations of every {@code @Operation} of the provider beans, checked. */
    static OperationGrants of(Collection<?> providers) {
        return ofTypes(
                providers.stream().<Class<?>>map(ClassUtils::getUserClass).toList());
    }

    /** The declarations of every {@code @Operation} of the provider classes, checked. */
    static OperationGrants ofTypes(Collection<Class<?>> providers) {
        List<Declared> declared = new ArrayList<>();
        for (Class<?> type : providers) {
            for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type)) {
                Operation operation = method.getAnnotation(Operation.class);
                if (operation != null) {
                    declared.addAll(declare(type, method, operation));
                }
            }
        }
        return new OperationGrants(declared);
    }

    List<Declared> operations() {
        return operations;
    }

    /** Adds a rule for each operation the token's scopes allow. */
    void allow(RuleBuilder rules, List<SmartScope> scopes, Optional<IdType> patient) {
        for (Declared operation : operations) {
            OperationAccess access = operation.access();
            if (access.patientCompartment()
                    && patient.isPresent()
                    && granted(scopes, access, Set.of(SmartScope.Context.PATIENT))) {
                rules.allow(operation.name() + " (own patient)")
                        .operation()
                        .named(operation.name())
                        .onInstance(patient.get())
                        // What the answer carries is cut to what the patient may see (PatientAnswers).
                        .andAllowAllResponses();
            }
            Set<SmartScope.Context> staff = access.backendOnly()
                    ? Set.of(SmartScope.Context.SYSTEM)
                    : Set.of(SmartScope.Context.USER, SmartScope.Context.SYSTEM);
            if (granted(scopes, access, staff)) {
                IAuthRuleBuilderOperationNamed named =
                        rules.allow(operation.name()).operation().named(operation.name());
                (switch (operation.level()) {
                            case SERVER -> named.onServer();
                            case TYPE -> named.onType(operation.type());
                            case INSTANCE -> named.onInstancesOfType(operation.type());
                        })
                        .andAllowAllResponses();
            }
        }
    }

    /** Whether, for every declared type and interaction, a scope of one of the contexts allows it. */
    private static boolean granted(List<SmartScope> scopes, OperationAccess access, Set<SmartScope.Context> contexts) {
        return Arrays.stream(access.resource()).allMatch(type -> Arrays.stream(access.interaction())
                .map(interaction -> SmartScope.Permission.valueOf(interaction.name()))
                .allMatch(permission -> scopes.stream()
                        .anyMatch(s -> contexts.contains(s.context())
                                && (!access.backendOnly() || s.restriction().isEmpty())
                                && s.covers(type)
                                && s.allows(permission))));
    }

    private static List<Declared> declare(Class<?> provider, Method method, Operation operation) {
        String where = provider.getSimpleName() + "." + method.getName();
        String name = operation.name().startsWith("$") ? operation.name() : "$" + operation.name();
        OperationAccess access = method.getAnnotation(OperationAccess.class);
        if (access == null) {
            throw new IllegalStateException("The operation " + name + " (" + where + ") declares no @OperationAccess:"
                    + " say which scopes may call it");
        }
        if (access.resource().length == 0 || access.interaction().length == 0) {
            throw new IllegalStateException(
                    "The @OperationAccess of " + name + " (" + where + ") names no resource type or no interaction");
        }
        FhirContext fhir = FhirContext.forR4Cached();
        for (String type : access.resource()) {
            if (!fhir.getResourceTypes().contains(type)) {
                throw new IllegalStateException("The @OperationAccess of " + name + " (" + where + ") names '" + type
                        + "', not a resource type");
            }
        }
        Class<? extends IBaseResource> type = operation.type() != IBaseResource.class
                ? operation.type()
                : operation.typeName().isEmpty()
                        ? null
                        : fhir.getResourceDefinition(operation.typeName()).getImplementingClass();
        Optional<IdParam> id = Arrays.stream(method.getParameters())
                .map(p -> p.getAnnotation(IdParam.class))
                .filter(a -> a != null)
                .findFirst();
        List<Declared> declared = new ArrayList<>();
        if (type == null) {
            declared.add(new Declared(name, Level.SERVER, null, access));
        } else {
            if (id.isPresent()) {
                declared.add(new Declared(name, Level.INSTANCE, type, access));
            }
            if (id.isEmpty() || id.get().optional()) {
                declared.add(new Declared(name, Level.TYPE, type, access));
            }
        }
        boolean onPatients = !declared.isEmpty()
                && declared.stream().allMatch(d -> d.level() == Level.INSTANCE && "Patient".equals(typeName(d.type())));
        if (access.patientCompartment() && (!onPatients || access.backendOnly())) {
            throw new IllegalStateException("The @OperationAccess of " + name + " (" + where
                    + ") lets a patient call it on his own record, but it is not an operation on a Patient instance"
                    + " for people");
        }
        return declared;
    }

    private static String typeName(Class<? extends IBaseResource> type) {
        return type == null ? null : FhirContext.forR4Cached().getResourceType(type);
    }
}
