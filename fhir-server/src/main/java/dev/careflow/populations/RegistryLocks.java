package dev.careflow.populations;

/**
 * Serialises registry upkeep: held from before a patient's memberships are read until the transaction that writes them
 * ends, so two patients' writes at once cannot both update a registry Group from the same version (a lost member).
 */
@FunctionalInterface
public interface RegistryLocks {

    /** Waits for, then holds until the current transaction ends, every registry's lock (always in one order). */
    void lockRegistries();

    /** No locking: a single writer (unit tests). */
    static RegistryLocks none() {
        return () -> {};
    }
}
