package dev.careflow.platform;

import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Where a resource being stored comes from, as far as profile validation cares: data from outside (a client's request,
 * a resource carried by a notification or mapped from an HL7 v2 message) is validated against the Careflow profile it
 * claims whatever route it came by; resources Careflow's services build themselves are not re-validated on every write
 * (the validator is the most expensive step of a notification) but by {@code GeneratedResourcesConformIT}, which
 * {@code $validate}s each type every feature generates. The origin travels with the resource object (HAPI user data)
 * through the repository and HAPI's transaction processing to the storage hooks.
 */
public final class WriteOrigin {

    private static final String KEY = WriteOrigin.class.getName();

    private enum Origin {
        OUTSIDE,
        CAREFLOW
    }

    private WriteOrigin() {}

    /** Marks a resource as outside data (carried by a message): it is validated even when Careflow stores it. */
    public static <T extends IBaseResource> T outside(T resource) {
        resource.setUserData(KEY, Origin.OUTSIDE);
        return resource;
    }

    /** Marks a resource as built by Careflow, unless it was marked as outside data. */
    static void careflow(IBaseResource resource) {
        if (resource != null && resource.getUserData(KEY) == null) {
            resource.setUserData(KEY, Origin.CAREFLOW);
        }
    }

    /** Whether Careflow built the resource itself (outside data and unmarked writes are not). */
    static boolean isCareflows(IBaseResource resource) {
        return resource.getUserData(KEY) == Origin.CAREFLOW;
    }
}
