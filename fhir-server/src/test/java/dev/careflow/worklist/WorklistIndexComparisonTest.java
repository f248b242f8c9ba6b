package dev.careflow.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.careteam.CareManagerDirectory;
import dev.careflow.programs.enrolment.EligibilityService;
import dev.careflow.testing.FixtureRepository;
import dev.careflow.transitions.TransitionsFixtures;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The worklist and caseload answered from the index are those of the FHIR searches it replaces, on generated data:
 * random patients, teams and Tasks, then completions, reassignments, team changes and deletions.
 */
class WorklistIndexComparisonTest {

    static final LocalDate TODAY = LocalDate.now(WorklistServiceTest.FRIDAY_10AM);

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void indexAnswersAsTheSearches(long seed) {
        FixtureRepository repository = FixtureRepository.empty();
        InMemoryWorklistIndex index = new InMemoryWorklistIndex();
        WorklistIndexInterceptor hooks = new WorklistIndexInterceptor(index, true);
        WorklistDataGenerator data = new WorklistDataGenerator(repository, seed, TODAY, (resource, deleted) -> {
                    if (deleted) {
                        hooks.deleted(resource);
                    } else {
                        hooks.created(resource);
                    }
                })
                .generate(30, 60);

        assertSameAnswers(WorklistServiceTest.service(repository), indexed(repository, index), data, TODAY);
    }

    static WorklistService indexed(IRepository repository, WorklistIndex index) {
        return new WorklistService(
                repository,
                new CareManagerDirectory(repository),
                new OutreachService(repository, OutreachServiceTest.SETTINGS, WorklistServiceTest.FRIDAY_10AM),
                WorklistServiceTest.FRIDAY_10AM,
                TransitionsFixtures.settings(),
                new EligibilityService(repository, WorklistServiceTest.FRIDAY_10AM),
                new IndexedWorkSource(index, repository));
    }

    /** Every manager's worklist (whole, filtered, paged) and caseload (both orders) are the same from both services. */
    static void assertSameAnswers(
            WorklistService reference, WorklistService indexed, WorklistDataGenerator data, LocalDate today) {
        int compared = 0;
        for (String manager : data.managers) {
            List<WorklistQuery> queries = new ArrayList<>(List.of(
                    query(manager, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 500, 0),
                    query(manager, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 5, 3),
                    query(
                            manager,
                            Optional.of(today.plusDays(2)),
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty(),
                            500,
                            0),
                    query(
                            manager,
                            Optional.empty(),
                            Optional.of(Task.TaskPriority.URGENT),
                            Optional.empty(),
                            Optional.empty(),
                            500,
                            0),
                    query(
                            manager,
                            Optional.empty(),
                            Optional.empty(),
                            Optional.of("follow-up-call"),
                            Optional.empty(),
                            500,
                            0)));
            data.patients.stream()
                    .limit(6)
                    .forEach(p -> queries.add(query(
                            manager, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(p), 500, 0)));
            for (WorklistQuery query : queries) {
                WorklistService.Page expected = reference.worklist(query);
                WorklistService.Page actual = indexed.worklist(query);
                assertThat(lines(actual)).as(query.toString()).isEqualTo(lines(expected));
                assertThat(actual.total()).as(query.toString()).isEqualTo(expected.total());
                assertThat(actual.patients().keySet())
                        .isEqualTo(expected.patients().keySet());
                assertThat(actual.attempts()).isEqualTo(expected.attempts());
                compared += expected.items().size();
            }
            for (boolean byRisk : new boolean[] {false, true}) {
                assertThat(caseload(indexed.caseload(manager, byRisk)))
                        .isEqualTo(caseload(reference.caseload(manager, byRisk)));
            }
        }
        assertThat(compared).as("items compared").isGreaterThan(20);
    }

    private static WorklistQuery query(
            String manager,
            Optional<LocalDate> dueBefore,
            Optional<Task.TaskPriority> priority,
            Optional<String> code,
            Optional<String> patient,
            int count,
            int offset) {
        return new WorklistQuery(manager, dueBefore, priority, Optional.empty(), code, patient, count, offset);
    }

    /** What a user sees of each item, with the resource as stored (its version, status and intent). */
    private static List<String> lines(WorklistService.Page page) {
        return page.items().stream()
                .map(i -> i.category() + " " + i.resource().getIdElement().getValue() + " " + i.patient() + " "
                        + i.due() + " " + i.priority() + " "
                        + (i.resource() instanceof Task t ? t.getStatus() + " " + t.getIntent() : ""))
                .toList();
    }

    private static List<String> caseload(List<WorklistService.CaseloadEntry> entries) {
        return entries.stream()
                .map(e -> e.patient().getIdElement().toUnqualifiedVersionless().getValue() + " " + e.openTasks() + " "
                        + e.overdueTasks() + " " + e.tier() + " "
                        + e.programmes().size())
                .toList();
    }
}
