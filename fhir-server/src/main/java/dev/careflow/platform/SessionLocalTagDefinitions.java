package dev.careflow.platform;

import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.util.MemoryCacheService;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;

/**
 * HAPI's memory caches, except that tag and profile definitions are never shared between database sessions.
 *
 * <p>HAPI caches the {@code TagDefinition} entity a transaction loaded and hands that same object to every later
 * transaction. Plain HAPI only writes it as a foreign key, so the sharing goes unnoticed. Careflow reads inside a
 * client's transaction, before the commit: the registry upkeep, the worklist index and the message pipeline search for
 * resources that this transaction has just written. With two clients writing resources that carry the same profile,
 * the shared object ended up managed by two open sessions at once (the benchmark's Synthea ingest, 4 clients).
 * Hibernate then failed the commit with "Illegal attempt to associate a collection with two open sessions" or HAPI-2223
 * ("possible non-threadsafe access to the session"), and the client got a 500. {@code SessionLocalTagDefinitionsIT}
 * checks the invariant that prevents it: two open sessions never hold the same tag definition object.
 *
 * <p>Each transaction therefore looks its tag definitions up in its own session. HAPI already keeps what one
 * transaction resolved for the rest of that transaction, so the cost is one indexed lookup per distinct tag or profile
 * per transaction. Every other cache is untouched.
 */
public class SessionLocalTagDefinitions extends MemoryCacheService {

    public SessionLocalTagDefinitions(JpaStorageSettings storageSettings) {
        super(storageSettings);
    }

    private static boolean unshared(CacheEnum cache) {
        return cache == CacheEnum.TAG_DEFINITION;
    }

    @Override
    protected <K, T> T doGet(CacheEnum cache, K key, Function<K, T> supplier) {
        return unshared(cache) ? supplier.apply(key) : super.doGet(cache, key, supplier);
    }

    @Override
    protected <K, V> V doGetIfPresent(CacheEnum cache, K key) {
        return unshared(cache) ? null : super.doGetIfPresent(cache, key);
    }

    @Override
    protected <K, V> void doPut(CacheEnum cache, K key, V value) {
        if (!unshared(cache)) {
            super.doPut(cache, key, value);
        }
    }

    @Override
    protected <K, V> Map<K, V> doGetAllPresent(CacheEnum cache, Collection<K> keys) {
        return unshared(cache) ? Map.of() : super.doGetAllPresent(cache, keys);
    }
}
