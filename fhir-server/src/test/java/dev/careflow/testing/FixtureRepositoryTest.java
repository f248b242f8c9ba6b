package dev.careflow.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.TokenParam;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import dev.careflow.platform.UnitOfWork;
import java.util.List;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** The unit tests' store answers searches and transactions the way the JPA server does, or refuses loudly. */
class FixtureRepositoryTest {

    @Test
    void searchByReferenceTokenAndDate_findsOnlyMatches() {
        FixtureRepository repository = FixtureRepository.empty()
                .with(
                        task("t1", "Patient/p1", Task.TaskStatus.READY, "2026-11-20"),
                        task("t2", "Patient/p1", Task.TaskStatus.COMPLETED, "2026-11-21"),
                        task("t3", "Patient/p2", Task.TaskStatus.READY, "2026-11-22"));

        List<Task> open = Stored.search(
                repository,
                Task.class,
                Query.where("patient", Query.reference("Patient/p1"))
                        .and("status", Query.token("ready"), Query.token("in-progress")));
        List<Task> lateNovember = Stored.search(
                repository,
                Task.class,
                Query.where("authored-on", new DateParam("ge2026-11-21")).sort("-authored-on"));

        assertThat(open).extracting(t -> t.getIdElement().getIdPart()).containsExactly("t1");
        assertThat(lateNovember).extracting(t -> t.getIdElement().getIdPart()).containsExactly("t3", "t2");
    }

    @Test
    void missingAndNotModifiers() {
        Task withoutOwner = task("t1", "Patient/p1", Task.TaskStatus.READY, "2026-11-20");
        Task owned = task("t2", "Patient/p1", Task.TaskStatus.READY, "2026-11-20");
        owned.setOwner(new Reference("Practitioner/x"));
        FixtureRepository repository = FixtureRepository.empty().with(withoutOwner, owned);

        TokenParam notReady = new TokenParam("ready");
        notReady.setModifier(ca.uhn.fhir.rest.param.TokenParamModifier.NOT);
        var missingOwner = new ca.uhn.fhir.rest.param.ReferenceParam();
        missingOwner.setMissing(true);

        assertThat(Stored.search(repository, Task.class, Query.where("owner", missingOwner)))
                .extracting(t -> t.getIdElement().getIdPart())
                .containsExactly("t1");
        assertThat(Stored.search(repository, Task.class, Query.where("status", notReady)))
                .isEmpty();
    }

    @Test
    void unitOfWork_resolvesPlaceholders_andConditionalCreateMatchesNamesWithCommas() {
        FixtureRepository repository = FixtureRepository.empty();
        Location ward = new Location().setName("Mercy General, 5 North $|\\ é");

        UnitOfWork first = new UnitOfWork(repository);
        Reference wardReference =
                first.createIfNoneExist(ward, Query.where("name:exact", Query.string(ward.getName())));
        first.create(new Encounter().addLocation(new Encounter.EncounterLocationComponent(wardReference)));
        UnitOfWork.Committed committed = first.commit();

        UnitOfWork second = new UnitOfWork(repository);
        second.createIfNoneExist(ward.copy(), Query.where("name:exact", Query.string(ward.getName())));
        second.commit();

        assertThat(repository.all(Location.class)).hasSize(1);
        Encounter stored = repository.all(Encounter.class).get(0);
        assertThat(stored.getLocationFirstRep().getLocation().getReference())
                .isEqualTo(
                        committed.idOf(wardReference).toUnqualifiedVersionless().getValue());
        assertThat(repository.transactionCount()).isEqualTo(2);
    }

    @Test
    void staleIfMatch_storesNothing() {
        FixtureRepository repository = FixtureRepository.empty().with(new Patient().setId("p1"));
        Patient stale = Stored.require(repository, Patient.class, "Patient/p1");
        repository.update(stale.copy().setActive(true));

        UnitOfWork work = new UnitOfWork(repository);
        work.create(new Patient().setActive(false));
        work.update(stale.setActive(false));

        assertThatThrownBy(work::commit)
                .isInstanceOf(ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException.class);
        assertThat(repository.all(Patient.class)).hasSize(1);
    }

    @Test
    void unsupportedSearch_failsLoudly() {
        FixtureRepository repository = FixtureRepository.empty();
        assertThatThrownBy(() -> Stored.search(repository, Task.class, Query.where("patient.name", Query.string("x"))))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private static Task task(String id, String patient, Task.TaskStatus status, String authored) {
        Task task =
                new Task().setStatus(status).setIntent(Task.TaskIntent.ORDER).setFor(new Reference(patient));
        task.setAuthoredOnElement(new org.hl7.fhir.r4.model.DateTimeType(authored));
        task.setId(id);
        return task;
    }
}
