package dev.careflow.transitions;

import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import dev.careflow.platform.Stored;
import dev.careflow.transitions.internal.Tcm;
import dev.careflow.transitions.internal.TcmQueries;
import dev.careflow.vocabulary.CodeSystems;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Service;

/**
 * Where each transitional care episode of a patient stands: its discharge date, each TCM deadline with its due date
 * and state (done on time, done late, open, overdue), the LACE index, and whether the requirements of CPT 99496 or
 * 99495 are met, or what is still missing.
 */
@Service
public class TcmStatusService {

    /** The state of one deadline. */
    public enum State {
        DONE_ON_TIME("done-on-time"),
        DONE_LATE("done-late"),
        OPEN("open"),
        OVERDUE("overdue");

        private final String code;

        State(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final IRepository repository;
    private final TcmQueries queries;
    private final Clock clock;

    /** @param clock the care team's clock: "today" is taken in its zone */
    public TcmStatusService(IRepository repository, Clock clock) {
        this.repository = repository;
        this.queries = new TcmQueries(repository);
        this.clock = clock;
    }

    public Parameters status(IdType patientId) {
        IdType patient = new IdType("Patient", patientId.getIdPart());
        if (Stored.find(repository, Patient.class, patient.getValue()).isEmpty()) {
            throw new ResourceNotFoundException("Patient/" + patientId.getIdPart() + " is not known to this server");
        }
        Parameters result = new Parameters();
        List<EpisodeOfCare> episodes = queries.tcmEpisodesOf(patient.getValue());
        episodes.stream()
                .sorted(Comparator.comparing(
                        e -> e.getPeriod().getStartElement().getValueAsString()))
                .forEach(episode ->
                        result.addParameter().setName("episode").getPart().addAll(episode(episode)));
        return result;
    }

    private List<Parameters.ParametersParameterComponent> episode(EpisodeOfCare episode) {
        List<Parameters.ParametersParameterComponent> parts = new ArrayList<>();
        String encounter = Tcm.TCM_EPISODE;
        String encounterId = episode.getIdentifier().stream()
                .filter(i -> encounter.equals(i.getSystem()))
                .map(i -> "Encounter/" + i.getValue())
                .findFirst()
                .orElse(null);
        LocalDate discharge = Tcm.localDate(episode.getPeriod().getStartElement());
        parts.add(part("episodeOfCare", new Reference(episode.getIdElement().toUnqualifiedVersionless())));
        parts.add(part("status", new CodeType(episode.getStatus().toCode())));
        if (encounterId != null) {
            parts.add(part("encounter", new Reference(encounterId)));
        }
        parts.add(part("dischargeDate", new DateType(discharge.toString())));

        List<Task> tasks = encounterId == null ? List.of() : queries.tasks(encounterId);
        LocalDate today = LocalDate.now(clock);
        List<String> missing = new ArrayList<>();
        Optional<Deadline> contact = deadline(tasks, Tcm.CONTACT, today);
        Optional<Deadline> visit = deadline(tasks, Tcm.VISIT, today);
        Optional<Deadline> reconciliation = deadline(tasks, Tcm.RECONCILIATION, today);
        for (Optional<Deadline> deadline : List.of(contact, visit, reconciliation)) {
            deadline.ifPresent(d -> parts.add(d.toParameter()));
        }
        boolean high = visit.map(v -> !v.due().isAfter(discharge.plusDays(7))).orElse(false);
        String cpt = high ? TcmDeadlines.Complexity.HIGH.cptCode() : TcmDeadlines.Complexity.MODERATE.cptCode();
        parts.add(part("complexity", new CodeType(high ? "high" : "moderate")));
        parts.add(part("cpt", new CodeType(cpt)));
        Optional.ofNullable(encounterId)
                .flatMap(queries::laceTotal)
                .ifPresent(total -> parts.add(part("lace", new IntegerType(total))));

        requireDone(contact, "interactive contact within 2 business days of discharge", missing);
        requireDone(visit, "face-to-face visit within " + (high ? 7 : 14) + " days of discharge", missing);
        requireDone(reconciliation, "medication reconciliation no later than the face-to-face visit", missing);
        if (reconciliation.isPresent() && visit.isPresent()) {
            LocalDate reconciled = reconciliation.get().completed();
            LocalDate visited = visit.get().completed();
            if (reconciled != null && visited != null && reconciled.isAfter(visited)) {
                missing.add("medication reconciliation was done after the face-to-face visit");
            }
        }
        parts.add(part("requirementsMet", new BooleanType(missing.isEmpty())));
        missing.forEach(reason -> parts.add(part("missing", new StringType(reason))));
        return parts;
    }

    private static void requireDone(Optional<Deadline> deadline, String requirement, List<String> missing) {
        if (deadline.isEmpty()) {
            missing.add(requirement + ": no task found");
        } else if (deadline.get().state() != State.DONE_ON_TIME) {
            missing.add(requirement + " (" + deadline.get().state().code() + ", due "
                    + deadline.get().due() + ")");
        }
    }

    record Deadline(String code, Task task, LocalDate due, LocalDate completed, State state) {
        Parameters.ParametersParameterComponent toParameter() {
            Parameters.ParametersParameterComponent deadline = new Parameters.ParametersParameterComponent();
            deadline.setName("deadline");
            deadline.addPart(part("code", new CodeType(code)));
            deadline.addPart(part("task", new Reference(task.getIdElement().toUnqualifiedVersionless())));
            deadline.addPart(part("due", new DateType(due.toString())));
            deadline.addPart(part("state", new CodeType(state.code())));
            if (completed != null) {
                deadline.addPart(part("completed", new DateType(completed.toString())));
            }
            return deadline;
        }
    }

    private static Optional<Deadline> deadline(List<Task> tasks, String code, LocalDate today) {
        return tasks.stream()
                .filter(t -> t.getCode().hasCoding(CodeSystems.CARE_TASK, code))
                .filter(t ->
                        t.getStatus() != Task.TaskStatus.CANCELLED && t.getStatus() != Task.TaskStatus.ENTEREDINERROR)
                .findFirst()
                .map(task -> {
                    LocalDate due = Tcm.due(task);
                    LocalDate completed = completed(task);
                    State state;
                    if (completed != null) {
                        state = completed.isAfter(due) ? State.DONE_LATE : State.DONE_ON_TIME;
                    } else {
                        state = today.isAfter(due) ? State.OVERDUE : State.OPEN;
                    }
                    return new Deadline(code, task, due, completed, state);
                });
    }

    /** When a completed Task was done: the end of its execution period, else its last modification. */
    static LocalDate completed(Task task) {
        if (task.getStatus() != Task.TaskStatus.COMPLETED) {
            return null;
        }
        if (task.getExecutionPeriod().hasEnd()) {
            return Tcm.localDate(task.getExecutionPeriod().getEndElement());
        }
        if (task.hasLastModified()) {
            return Tcm.localDate(task.getLastModifiedElement());
        }
        return null;
    }

    private static Parameters.ParametersParameterComponent part(String name, org.hl7.fhir.r4.model.Type value) {
        return new Parameters.ParametersParameterComponent().setName(name).setValue(value);
    }
}
