package dev.careflow.platform;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call a Careflow operation, declared on its {@code @Operation} method beside the provider: the SMART scopes
 * that grant it (resource types and interactions, as {@code user/} or {@code system/} scopes), and whether a token
 * for one patient may call it on that patient's own record. Security builds its rules from these declarations and
 * refuses to start when an operation of a {@link CareflowOperationProvider} has none, so a new operation never
 * touches security. The operation's level (server, type, instance) and type come from its {@code @Operation}.
 *
 * <p>A token needs a scope for every listed resource type with every listed interaction (scopes may differ per type).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OperationAccess {

    /** The resource types whose scopes grant the call ({@code "Task"}); each one is required. */
    String[] resource();

    /** What those scopes must allow on each type (SMART v2's c, r, u, d, s); each one is required. */
    Interaction[] interaction();

    /**
     * Whether a {@code patient/} token may call the operation on its own patient (the {@code Patient/[id]} named by its
     * {@code patient} claim), when its patient scopes allow the same; only for operations on a Patient instance. The
     * answer is then cut to what the patient may see.
     */
    boolean patientCompartment() default false;

    /**
     * Whether only a backend service may call it: {@code system/} scopes without a v2 restriction (a person's token
     * never qualifies). Otherwise {@code user/} and {@code system/} scopes both count.
     */
    boolean backendOnly() default false;

    /** SMART's interactions on a resource type. */
    enum Interaction {
        CREATE,
        READ,
        UPDATE,
        DELETE,
        SEARCH
    }
}
