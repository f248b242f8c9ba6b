package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.model.DaoMethodOutcome;
import ca.uhn.fhir.jpa.model.entity.ResourceTable;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.jpa.util.MemoryCacheService;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import dev.careflow.CareflowIT;
import jakarta.persistence.EntityManager;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two clients' transactions that write resources carrying the same profile and read them back before they commit (as
 * the registry upkeep, the worklist index and the message pipeline do) both commit. With HAPI's shared tag-definition
 * cache, the second commit failed: "Illegal attempt to associate a collection with two open sessions" (a 500 for the
 * client), as four Synthea clients met in the benchmark's W1.
 */
class SessionLocalTagDefinitionsIT extends CareflowIT {

    private static final String PROFILE = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-lab";

    @Autowired
    private DaoRegistry daos;

    @Autowired
    private PlatformTransactionManager transactionManager;

    @Autowired
    private EntityManager entityManager;

    @Autowired
    private MemoryCacheService caches;

    private Observation observation(String tag) {
        Observation observation = new Observation();
        observation.getMeta().addProfile(PROFILE).addTag("https://careflow.dev/test", "shared-tag", null);
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setCode(new CodeableConcept().addCoding(new Coding("http://loinc.org", "2339-0", null)));
        observation.addIdentifier().setSystem(TEST_SYSTEM).setValue(tag);
        return observation;
    }

    /**
     * Writes one Observation, then searches it back in the same transaction, before the commit; answers the tag
     * definition objects its stored tags point to.
     */
    private Set<Object> writeAndReadBack(IFhirResourceDao<Observation> dao, String tag) {
        SystemRequestDetails request = new SystemRequestDetails();
        DaoMethodOutcome created = dao.create(observation(tag), request);
        entityManager.flush();
        List<?> found = dao.search(
                        SearchParameterMap.newSynchronous().add("identifier", new TokenParam(TEST_SYSTEM, tag)),
                        request)
                .getAllResources();
        assertThat(found).hasSize(1);
        Set<Object> definitions = Collections.newSetFromMap(new IdentityHashMap<>());
        ((ResourceTable) created.getEntity()).getTags().forEach(stored -> definitions.add(stored.getTag()));
        assertThat(definitions).hasSize(2);
        return definitions;
    }

    @Test
    void twoOpenTransactions_neverShareATagDefinition_andBothCommit() throws Exception {
        IFhirResourceDao<Observation> dao = daos.getResourceDao(Observation.class);
        TransactionTemplate tx = new TransactionTemplate(transactionManager);
        String run = unique();
        // The profile and tag are stored before the two clients start, and HAPI's cache holds them as a running
        // server does: loaded from the database (a definition HAPI has just created itself is never shared this way).
        tx.executeWithoutResult(status -> writeAndReadBack(dao, run + "-created"));
        caches.invalidateCaches(MemoryCacheService.CacheEnum.TAG_DEFINITION);
        tx.executeWithoutResult(status -> writeAndReadBack(dao, run + "-loaded"));

        CountDownLatch firstHasRead = new CountDownLatch(1);
        CountDownLatch secondHasCommitted = new CountDownLatch(1);
        CompletableFuture<Set<Object>> first = CompletableFuture.supplyAsync(() -> tx.execute(status -> {
            Set<Object> definitions = writeAndReadBack(dao, run + "-first");
            firstHasRead.countDown();
            try {
                // Still open while the second transaction commits.
                secondHasCommitted.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return definitions;
        }));
        CompletableFuture<Set<Object>> second = CompletableFuture.supplyAsync(() -> {
            try {
                assertThat(firstHasRead.await(60, TimeUnit.SECONDS)).isTrue();
                return tx.execute(status -> writeAndReadBack(dao, run + "-second"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                secondHasCommitted.countDown();
            }
        });

        Set<Object> secondDefinitions = second.get(2, TimeUnit.MINUTES);
        Set<Object> firstDefinitions = first.get(2, TimeUnit.MINUTES);

        // Each session had tag definition objects of its own: none was shared by the two open sessions.
        // (identity sets: the same object, not an equal one)
        assertThat(secondDefinitions.stream().filter(firstDefinitions::contains))
                .as("tag definition objects both open sessions held")
                .isEmpty();
        for (String which : List.of("first", "second")) {
            Bundle found = client.search()
                    .forResource(Observation.class)
                    .where(Observation.IDENTIFIER.exactly().systemAndCode(TEST_SYSTEM, run + "-" + which))
                    .returnBundle(Bundle.class)
                    .execute();
            Observation stored = (Observation) found.getEntryFirstRep().getResource();
            assertThat(stored.getMeta().getProfile())
                    .extracting(p -> p.getValue())
                    .containsExactly(PROFILE);
            assertThat(stored.getMeta().getTag()).extracting(Coding::getCode).containsExactly("shared-tag");
        }
    }
}
