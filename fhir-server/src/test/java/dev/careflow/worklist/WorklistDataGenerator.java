package dev.careflow.worklist;

import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.api.MethodOutcome;
import dev.careflow.careteam.CareManagerDirectory;
import dev.careflow.task.CareTask;
import dev.careflow.task.TaskDue;
import dev.careflow.vocabulary.CodeSystems;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;

/**
 * Random care-management data for comparing the worklist index with the FHIR searches it replaces: care managers (one
 * with a PractitionerRole), patients, CareTeams (some inactive, some with other participants), Tasks of every status,
 * priority, code, owner and due date, then completions, reassignments, team changes and deletions. Writes the
 * repository refuses are skipped. Each write is reported to {@code written} (resource, deleted) for a repository that
 * runs no storage hooks.
 */
final class WorklistDataGenerator {

    /** What the generated worklists are asked of: the care managers, by {@code Practitioner/id}. */
    final List<String> managers = new ArrayList<>();

    final List<String> patients = new ArrayList<>();
    private final List<String> owners = new ArrayList<>();
    private final List<String> tasks = new ArrayList<>();
    private final List<String> teams = new ArrayList<>();
    private final IRepository repository;
    private final Random random;
    private final BiConsumer<Resource, Boolean> written;
    private final LocalDate today;

    WorklistDataGenerator(IRepository repository, long seed, LocalDate today, BiConsumer<Resource, Boolean> written) {
        this.repository = repository;
        this.random = new Random(seed);
        this.today = today;
        this.written = written;
    }

    WorklistDataGenerator generate(int patientCount, int changes) {
        for (int m = 0; m < 4; m++) {
            String manager =
                    create(new Practitioner().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("M" + m)));
            managers.add(manager);
            owners.add(manager);
        }
        owners.add(create(new PractitionerRole().setPractitioner(new Reference(managers.get(0)))));
        for (int p = 0; p < patientCount; p++) {
            Patient patient = new Patient();
            patient.addName().setFamily("Gen" + random.nextInt(10)).addGiven("P" + p);
            String id = create(patient);
            patients.add(id);
            if (random.nextInt(10) > 0) {
                keep(teams, create(team(id)));
            }
            for (int t = random.nextInt(5); t > 0; t--) {
                keep(tasks, create(task(id)));
            }
        }
        for (int c = 0; c < changes; c++) {
            change();
        }
        return this;
    }

    private void change() {
        int what = random.nextInt(6);
        if (what <= 2 && !tasks.isEmpty()) {
            String id = tasks.get(random.nextInt(tasks.size()));
            Task task = read(Task.class, id);
            if (task == null) {
                return;
            }
            switch (what) {
                case 0 ->
                    task.setStatus(pick(
                            Task.TaskStatus.COMPLETED,
                            Task.TaskStatus.CANCELLED,
                            Task.TaskStatus.INPROGRESS,
                            Task.TaskStatus.ONHOLD,
                            Task.TaskStatus.FAILED));
                case 1 -> owner(task);
                default -> TaskDue.markOverdue(task);
            }
            update(task);
        } else if (what == 3 && !tasks.isEmpty()) {
            delete(Task.class, tasks.remove(random.nextInt(tasks.size())));
        } else if (what == 4 && !teams.isEmpty()) {
            CareTeam team = read(CareTeam.class, teams.get(random.nextInt(teams.size())));
            if (team != null) {
                if (random.nextBoolean()) {
                    team.getParticipantFirstRep().setMember(new Reference(pick(owners)));
                } else {
                    team.setStatus(pick(CareTeam.CareTeamStatus.INACTIVE, CareTeam.CareTeamStatus.ACTIVE));
                }
                update(team);
            }
        } else if (!teams.isEmpty()) {
            delete(CareTeam.class, teams.remove(random.nextInt(teams.size())));
        }
    }

    private CareTeam team(String patient) {
        CareTeam team = new CareTeam();
        team.setStatus(random.nextInt(8) == 0 ? CareTeam.CareTeamStatus.INACTIVE : CareTeam.CareTeamStatus.ACTIVE);
        team.setSubject(new Reference(patient));
        team.addParticipant()
                .addRole(new CodeableConcept(
                        new Coding(CareManagerDirectory.CARE_TEAM_ROLE, CareManagerDirectory.CARE_MANAGER, null)))
                .setMember(new Reference(pick(owners)));
        if (random.nextInt(3) == 0) {
            team.addParticipant()
                    .addRole(new CodeableConcept(new Coding(
                            CareManagerDirectory.CARE_TEAM_ROLE, CareManagerDirectory.SUPERVISING_CLINICIAN, null)))
                    .setMember(new Reference(pick(owners)));
        }
        return team;
    }

    private Task task(String patient) {
        Task task = new Task();
        task.setStatus(pick(
                Task.TaskStatus.REQUESTED,
                Task.TaskStatus.REQUESTED,
                Task.TaskStatus.READY,
                Task.TaskStatus.INPROGRESS,
                Task.TaskStatus.COMPLETED));
        task.setIntent(Task.TaskIntent.ORDER);
        if (random.nextInt(4) > 0) {
            task.setPriority(pick(
                    Task.TaskPriority.ROUTINE,
                    Task.TaskPriority.URGENT,
                    Task.TaskPriority.ASAP,
                    Task.TaskPriority.STAT));
        }
        CareTask code = pick(CareTask.values());
        task.setCode(new CodeableConcept(new Coding(CodeSystems.CARE_TASK, code.code(), null)));
        task.setFor(new Reference(patient));
        int due = random.nextInt(4);
        LocalDate date = today.plusDays(random.nextInt(21) - 10);
        if (due == 1) {
            task.getRestriction().getPeriod().setEndElement(new DateTimeType(date.toString()));
        } else if (due == 2) {
            task.getRestriction()
                    .getPeriod()
                    .setEndElement(new DateTimeType(date + "T" + (10 + random.nextInt(12)) + ":00:00-05:00"));
        }
        if (random.nextInt(3) > 0) {
            owner(task);
        }
        return task;
    }

    private void owner(Task task) {
        task.setOwner(random.nextInt(6) == 0 ? null : new Reference(pick(owners)));
    }

    private static void keep(List<String> ids, String id) {
        if (id != null) {
            ids.add(id);
        }
    }

    @SafeVarargs
    private <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }

    private String pick(List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    private String create(Resource resource) {
        try {
            MethodOutcome outcome = repository.create(resource);
            resource.setId(outcome.getId().toUnqualifiedVersionless());
            written.accept(resource, false);
            return resource.getIdElement().toUnqualifiedVersionless().getValue();
        } catch (RuntimeException refused) {
            return null;
        }
    }

    private void update(Resource resource) {
        try {
            resource.setId(resource.getIdElement().toUnqualifiedVersionless());
            repository.update(resource);
            written.accept(resource, false);
        } catch (RuntimeException refused) {
            // refused writes store nothing
        }
    }

    private void delete(Class<? extends Resource> type, String id) {
        Resource stored = read(type, id);
        if (stored == null) {
            return;
        }
        try {
            repository.delete(type, new IdType(id));
            written.accept(stored, true);
        } catch (RuntimeException refused) {
            // refused writes store nothing
        }
    }

    private <T extends Resource> T read(Class<T> type, String id) {
        try {
            return id == null ? null : repository.read(type, new IdType(id));
        } catch (RuntimeException gone) {
            return null;
        }
    }
}
