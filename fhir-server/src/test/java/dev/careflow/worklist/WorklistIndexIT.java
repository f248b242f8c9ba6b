package dev.careflow.worklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.CareflowIT;
import dev.careflow.careteam.CareManagerDirectory;
import dev.careflow.programs.enrolment.EligibilityService;
import dev.careflow.transitions.TransitionsSettings;
import dev.careflow.vocabulary.CodeSystems;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The worklist index on PostgreSQL: its rows commit and roll back with the FHIR write that caused them, concurrent
 * writers leave it equal to the stored Tasks, and on generated data it answers as the FHIR searches it replaces.
 */
class WorklistIndexIT extends CareflowIT {

    @Autowired
    private DataSource dataSource;

    @Autowired
    private IRepository repository;

    @Autowired
    private Clock careTeamClock;

    @Autowired
    private WorklistService worklists;

    @Autowired
    private CareManagerDirectory careManagers;

    @Autowired
    private OutreachService outreach;

    @Autowired
    private TransitionsSettings transitions;

    @Autowired
    private EligibilityService eligibility;

    private Task task(IdType patient) {
        Task task = new Task();
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.setCode(new CodeableConcept(new Coding(CodeSystems.CARE_TASK, "follow-up-call", null)));
        task.setFor(new Reference(patient));
        return task;
    }

    private Set<String> indexedTasksOf(IdType patient) {
        return new TreeSet<>(new JdbcTemplate(dataSource)
                        .queryForList(
                                "select task_id from careflow_worklist_task where patient = ?",
                                String.class,
                                patient.getValue())
                        .stream()
                        .map(id -> "Task/" + id)
                        .toList());
    }

    private Set<String> openTasksOf(IdType patient) {
        Bundle found = client.search()
                .forResource(Task.class)
                .where(Task.PATIENT.hasId(patient))
                .and(Task.STATUS.exactly().codes("requested", "in-progress"))
                .count(500)
                .returnBundle(Bundle.class)
                .execute();
        Set<String> ids = new TreeSet<>();
        found.getEntry()
                .forEach(e -> ids.add(e.getResource()
                        .getIdElement()
                        .toUnqualifiedVersionless()
                        .getValue()));
        return ids;
    }

    @Test
    void builtAtStart_andATaskOfATransactionThatRollsBackLeavesNoRow() {
        assertThat(new JdbcTemplate(dataSource)
                        .queryForObject("select version from careflow_worklist_index", Integer.class))
                .isEqualTo(JdbcWorklistIndex.VERSION);
        IdType patient = createPatient("Rollback");
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction
                .addEntry()
                .setResource(task(patient))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Task");
        Patient stale = new Patient();
        stale.setId(patient);
        stale.addName().setFamily("Stale");
        transaction
                .addEntry()
                .setResource(stale)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.PUT)
                .setUrl(patient.getValue())
                .setIfMatch("W/\"99\"");

        assertThatThrownBy(() -> client.transaction().withBundle(transaction).execute())
                .isInstanceOf(ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException.class);
        assertThat(indexedTasksOf(patient)).isEmpty();

        IdType kept = (IdType)
                client.create().resource(task(patient)).execute().getId().toUnqualifiedVersionless();
        assertThat(indexedTasksOf(patient)).containsExactly(kept.getValue());
    }

    @Test
    void twoClientsAtOnce_leaveTheIndexEqualToTheStoredOpenTasks() throws Exception {
        IdType patient = createPatient("Concurrent");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < 6; i++) {
                        IdType id = (IdType) client.create()
                                .resource(task(patient))
                                .execute()
                                .getId()
                                .toUnqualifiedVersionless();
                        Task stored =
                                client.read().resource(Task.class).withId(id).execute();
                        if (i % 2 == 0) {
                            stored.setStatus(Task.TaskStatus.INPROGRESS);
                        } else {
                            stored.setStatus(Task.TaskStatus.CANCELLED)
                                    .setStatusReason(new CodeableConcept().setText("No longer needed"));
                        }
                        client.update().resource(stored).execute();
                        if (i % 3 == 0) {
                            client.delete().resourceById(id).execute();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(indexedTasksOf(patient)).hasSize(4).isEqualTo(openTasksOf(patient));
    }

    @Test
    void onGeneratedData_theIndexAnswersAsTheSearches() {
        LocalDate today = LocalDate.now(careTeamClock);
        WorklistDataGenerator data =
                new WorklistDataGenerator(repository, 21L, today, (resource, deleted) -> {}).generate(25, 50);
        WorklistService reference =
                new WorklistService(repository, careManagers, outreach, careTeamClock, transitions, eligibility);

        WorklistIndexComparisonTest.assertSameAnswers(reference, worklists, data, today);
    }
}
