package dev.careflow.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
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

    /** Whether a stored instance (a CarePlan) is in a patient's compartment; false when it is not known. */
    @FunctionalInterface
    interface Owners {
        boolean inCompartmentOf(IdType instance, IdType patient);
    }

    private final List<Declared> operations;
    private final Owners owners;

    private OperationGrants(List<Declared> operations, Owners owners) {
        this.operations = List.copyOf(operations);
        this.owners = owners;
    }

    /** The same declarations, judging a patient's own call on another type's instance by its stored owners. */
    OperationGrants withOwners(Owners owners) {
        return new OperationGrants(operations, owners);
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
        return new OperationGrants(declared, (instance, patient) -> false);
    }

    List<Declared> operations() {
        return operations;
    }

    /** Adds a rule for each operation the token's scopes allow (outside a request: no call to judge). */
    void allow(RuleBuilder rules, List<SmartScope> scopes, Optional<IdType> patient) {
        allow(rules, scopes, patient, null);
    }

    /**
     * Adds a rule for each operation the token's scopes allow.
     *
     * @param request the call being judged: a patient's own call of an operation on an instance of another type than
     *     Patient is allowed on that instance when it is stored in his compartment (nothing else is, so an unknown
     *     instance and another patient's get the same 403)
     */
    void allow(RuleBuilder rules, List<SmartScope> scopes, Optional<IdType> patient, RequestDetails request) {
        for (Declared operation : operations) {
            OperationAccess access = operation.access();
            if (access.patientCompartment()
                    && patient.isPresent()
                    && granted(scopes, access, Set.of(SmartScope.Context.PATIENT))) {
                ownInstance(operation, patient.get(), request)
                        .ifPresent(instance -> rules.allow(operation.name() + " (own patient)")
                                .operation()
                                .named(operation.name())
                                .onInstance(instance)
                                // What the answer carries is cut to what the patient may see (PatientAnswers).
                                .andAllowAllResponses());
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

    /**
     * Whether the rules for this request depend on the instance it calls (an operation on an instance of another type
     * than Patient, which a patient may call when the instance is his), so that they cannot be reused for another
     * request of the same token.
     */
    static boolean judgedByInstance(RequestDetails request) {
        return request != null
                && request.getOperation() != null
                && request.getId() != null
                && request.getId().hasIdPart()
                && !"Patient".equals(request.getResourceName());
    }

    /** The instance a patient may call the operation on: himself, or the called instance when it is his. */
    private Optional<IdType> ownInstance(Declared operation, IdType patient, RequestDetails request) {
        String type = typeName(operation.type());
        if ("Patient".equals(type)) {
            return Optional.of(patient);
        }
        if (request == null
                || request.getId() == null
                || !request.getId().hasIdPart()
                || !operation.name().equals(request.getOperation())
                || !type.equals(request.getResourceName())) {
            return Optional.empty();
        }
        IdType instance = new IdType(type, request.getId().getIdPart());
        return owners.inCompartmentOf(instance, patient) ? Optional.of(instance) : Optional.empty();
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
        boolean onPatientRecords = !declared.isEmpty()
                && declared.stream().allMatch(d -> d.level() == Level.INSTANCE && inPatientCompartment(d.type()));
        if (access.patientCompartment() && (!onPatientRecords || access.backendOnly())) {
            throw new IllegalStateException("The @OperationAccess of " + name + " (" + where
                    + ") lets a patient call it on his own record, but it is not an operation on an instance of"
                    + " Patient or of a type in the Patient compartment for people");
        }
        return declared;
    }

    /** Patient itself, or a type R4's Patient compartment holds (CarePlan, Observation...). */
    private static boolean inPatientCompartment(Class<? extends IBaseResource> type) {
        String name = typeName(type);
        return "Patient".equals(name)
                || !FhirContext.forR4Cached()
                        .getResourceDefinition(name)
                        .getSearchParamsForCompartmentName("Patient")
                        .isEmpty();
    }

    private static String typeName(Class<? extends IBaseResource> type) {
        return type == null ? null : FhirContext.forR4Cached().getResourceType(type);
    }
}
