package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import dev.careflow.CareflowIT;
import java.util.List;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The services' repository on the JPA server behaves as the unit tests' fixture repository does: typed searches answer
 * every match, unknown ids are empty, a unit of work is one transaction whose conditional creates match names with
 * FHIR's special characters, and a stale version refuses the whole unit.
 */
class SystemRepositoryIT extends CareflowIT {

    @Autowired
    IRepository repository;

    @Test
    void searchAnswersEveryMatch_beyondOnePage() {
        String family = "Repo" + unique().substring(0, 8);
        UnitOfWork work = new UnitOfWork(repository);
        for (int i = 0; i < 60; i++) {
            work.create(new Patient().addName(new org.hl7.fhir.r4.model.HumanName().setFamily(family)));
        }
        work.commit();

        List<Patient> found = Stored.search(repository, Patient.class, Query.where("family", Query.string(family)));

        assertThat(found).hasSize(60);
        assertThat(Stored.find(repository, Patient.class, "Patient/" + unique()))
                .isEmpty();
    }

    @Test
    void conditionalCreate_matchesNamesWithCommasPipesAndAccents() {
        String name = "Mercy General, 5 North | $ \\ é " + unique();
        for (int i = 0; i < 2; i++) {
            UnitOfWork work = new UnitOfWork(repository);
            Reference ward = work.createIfNoneExist(
                    new Location().setName(name),
                    Query.where("name", new ca.uhn.fhir.rest.param.StringParam(name, true)));
            Reference encounter = work.create(new Encounter()
                    .setStatus(Encounter.EncounterStatus.FINISHED)
                    .addLocation(new Encounter.EncounterLocationComponent(ward)));
            UnitOfWork.Committed committed = work.commit();
            Encounter stored = Stored.require(
                    repository,
                    Encounter.class,
                    committed.idOf(encounter).toUnqualifiedVersionless().getValue());
            assertThat(stored.getLocationFirstRep().getLocation().getReference())
                    .startsWith("Location/");
        }

        assertThat(Stored.search(
                        repository,
                        Location.class,
                        Query.where("name", new ca.uhn.fhir.rest.param.StringParam(name, true))))
                .hasSize(1);
    }

    @Test
    void staleVersion_refusesTheWholeUnit() {
        Patient patient =
                (Patient) repository.create(new Patient().setActive(true)).getResource();
        Patient stale = Stored.require(
                repository,
                Patient.class,
                patient.getIdElement().toUnqualifiedVersionless().getValue());
        repository.update(stale.copy().setActive(false));
        String family = "Stale" + unique().substring(0, 8);

        UnitOfWork work = new UnitOfWork(repository);
        work.create(new Patient().addName(new org.hl7.fhir.r4.model.HumanName().setFamily(family)));
        work.update(stale.setActive(true));

        assertThatThrownBy(work::commit).isInstanceOf(ResourceVersionConflictException.class);
        assertThat(Stored.search(repository, Patient.class, Query.where("family", Query.string(family))))
                .isEmpty();
    }
}
