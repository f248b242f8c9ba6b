package dev.careflow.medications;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.audit.Provenances;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import dev.careflow.platform.UnitOfWork;
import dev.careflow.task.CareTask;
import dev.careflow.task.OpenTasks;
import dev.careflow.task.TaskStateMachine;
import dev.careflow.vocabulary.CodeSystems;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Service;

/**
 * {@code Patient/[id]/$complete-medication-reconciliation}: accepts the discharge list as the patient's medications, in
 * one unit of work: the reconciled List (mode snapshot, an entry per medication flagged with its change, {@code
 * source} the calling practitioner), the medications updated ({@link ReconciliationWrites}), the patient's open TCM
 * {@code medication-reconciliation} Task completed with the List as output, and a Provenance saying who and when. A
 * discharge list naming one drug twice is refused (which one stands is the clinician's call); a replay of the same
 * reconciliation (same patient, same discharge medications, doses and frequencies) stores nothing and answers the List
 * stored the first time.
 */
@Service
public class ReconciliationCompletionService {

    private final IRepository repository;
    private final MedicationQueries queries;
    private final Clock clock;

    /** @param clock the care team's clock: when the reconciliation was completed */
    public ReconciliationCompletionService(IRepository repository, Clock clock) {
        this.repository = repository;
        this.queries = new MedicationQueries(repository);
        this.clock = clock;
    }

    /** @param caller the calling person ({@code fhirUser}), if the token names one */
    public ListResource complete(IdType patientId, Optional<ListResource> dischargeList, Optional<String> caller) {
        MedicationQueries.Compared compared = queries.compare(patientId, dischargeList);
        refuseDuplicates(compared);
        String identifier = identifier(compared);
        Query same = Query.where("identifier", Query.token(ReconciliationLists.IDENTIFIER_SYSTEM, identifier));
        Optional<ListResource> done = Stored.first(repository, ListResource.class, same);
        if (done.isPresent()) {
            return done.get();
        }
        List<Task> tasks = openTasks(compared.patient());
        Optional<Reference> who = caller.map(Reference::new);
        UnitOfWork work = new UnitOfWork(repository);
        ListResource list = ReconciliationLists.reconciled(compared.patient(), identifier, clock);
        who.filter(w -> w.getReference().startsWith("Practitioner")).ifPresent(w -> list.setSource(w.copy()));
        Reference listRef = work.createIfNoneExist(list, same);
        Provenances provenance = Provenances.of(Provenances.Activity.UPDATE, "Medication reconciliation", clock)
                .target(listRef)
                .author(who.orElse(new Reference().setDisplay("system client")))
                .assembler("Careflow $complete-medication-reconciliation");
        for (MedicationReconciliation.Difference difference : compared.differences()) {
            int writes = work.resources().size();
            Reference item = write(work, compared, difference, listRef, who);
            ReconciliationLists.entry(list, difference, item);
            if (work.resources().size() > writes) {
                provenance.target(item);
            }
        }
        for (Task task : tasks) {
            work.update(ReconciliationWrites.completed(task, listRef, clock));
            provenance.target(task.getIdElement().toUnqualifiedVersionless().getValue());
        }
        work.create(provenance.build());
        IdType stored = work.commit().idOf(listRef);
        return Stored.require(
                repository,
                ListResource.class,
                stored.toUnqualifiedVersionless().getValue());
    }

    /**
     * Writes what a difference asks and answers the reference of the medication as it stands: a new statement, the
     * pre-admission medication (stopped, redosed or unchanged).
     */
    private Reference write(
            UnitOfWork work,
            MedicationQueries.Compared compared,
            MedicationReconciliation.Difference difference,
            Reference listRef,
            Optional<Reference> who) {
        Optional<MedicationReconciliation.Medication> before = difference.before();
        Optional<MedicationReconciliation.Medication> after = difference.after();
        if (before.isEmpty()) {
            String source = after.orElseThrow().source();
            Reference derivedFrom = source.startsWith("#") ? listRef.copy() : new Reference(source);
            return work.create(ReconciliationWrites.started(
                    compared.item(after.get()), compared.patient(), derivedFrom, who, clock));
        }
        Resource was = compared.item(before.get());
        if (after.isEmpty()) {
            work.update(ReconciliationWrites.stopped(was));
        } else if (!before.get().dose().equals(after.get().dose())
                || !before.get().frequency().equals(after.get().frequency())) {
            work.update(ReconciliationWrites.redosed(was, compared.item(after.get())));
        }
        return new Reference(before.get().source()).setDisplay(before.get().name());
    }

    private static void refuseDuplicates(MedicationQueries.Compared compared) {
        List<String> twice = compared.differences().stream()
                .filter(d -> d.change() == MedicationReconciliation.Change.DUPLICATED)
                .map(MedicationReconciliation.Difference::description)
                .distinct()
                .toList();
        if (!twice.isEmpty()) {
            throw new CareflowException(
                    CareflowException.Kind.UNPROCESSABLE,
                    twice.stream()
                            .map(d -> d + ": correct the discharge list before completing the reconciliation")
                            .toList());
        }
    }

    /** The patient's open reconciliation Tasks; one that cannot be completed from its state refuses the completion. */
    private List<Task> openTasks(String patient) {
        List<Task> open = Stored.search(
                repository,
                Task.class,
                OpenTasks.query()
                        .and("patient", Query.reference(patient))
                        .and("code", Query.token(CodeSystems.CARE_TASK, CareTask.MEDICATION_RECONCILIATION.code())));
        for (Task task : open) {
            if (!TaskStateMachine.allows(task.getStatus(), Task.TaskStatus.COMPLETED)) {
                throw new CareflowException(
                        CareflowException.Kind.CONFLICT,
                        List.of(task.getIdElement().toUnqualifiedVersionless().getValue() + " is "
                                + task.getStatus().toCode() + ": it cannot be completed until it is resumed"));
            }
        }
        return open;
    }

    /** What was reconciled, as an identifier: the patient and the discharge medications with their dose and frequency. */
    static String identifier(MedicationQueries.Compared compared) {
        String reconciled = compared.patient() + "\n"
                + compared.differences().stream()
                        .flatMap(d -> d.after().stream())
                        .map(m -> m.key() + "|" + m.dose().orElse("") + "|"
                                + m.frequency().orElse(""))
                        .sorted()
                        .collect(Collectors.joining("\n"));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(reconciled.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
