package dev.careflow.programs.billing;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.CareflowException;
import dev.careflow.platform.Stored;
import dev.careflow.platform.UnitOfWork;
import dev.careflow.task.OutreachRecords;
import dev.careflow.transitions.TcmStatusService;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.ChargeItem;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Service;

/**
 * {@code $billing-summary}: per patient whose programme episode names a practitioner as billing practitioner, the codes
 * earned in a month ({@link PatientBilling}, by the table {@link BillingRules}), stored as ChargeItems
 * ({@link ChargeItems}) in ONE unit of work, with what is missing for the codes not earned.
 */
@Service
public class BillingSummaryService {

    /** The answer: per practitioner, per patient, the bill and the ChargeItems (code to reference). */
    public record Summary(YearMonth month, List<PractitionerSummary> practitioners) {}

    public record PractitionerSummary(String practitioner, List<Billed> patients) {}

    public record Billed(PatientBill bill, Map<String, Reference> chargeItems) {}

    private final IRepository repository;
    private final BillingQueries queries;
    private final TcmStatusService tcmStatus;
    private final Clock clock;

    /** @param clock the care team's clock: months are taken in its zone */
    public BillingSummaryService(IRepository repository, TcmStatusService tcmStatus, Clock clock) {
        this.repository = repository;
        this.queries = new BillingQueries(repository);
        this.tcmStatus = tcmStatus;
        this.clock = clock;
    }

    public Summary ofPractitioner(String practitioner, YearMonth month) {
        Stored.require(repository, Practitioner.class, practitioner);
        return summary(List.of(practitioner), month);
    }

    public Summary ofOrganization(String organization, YearMonth month) {
        Stored.require(repository, Organization.class, organization);
        return summary(queries.practitionersOf(organization), month);
    }

    private Summary summary(List<String> practitioners, YearMonth yearMonth) {
        if (yearMonth.isAfter(YearMonth.now(clock))) {
            throw new CareflowException(
                    CareflowException.Kind.MALFORMED,
                    List.of("month " + yearMonth + " is in the future: nothing can be billed for it yet"));
        }
        BillingMonth month = new BillingMonth(yearMonth, clock.getZone());
        UnitOfWork work = new UnitOfWork(repository);
        Map<String, List<Billed>> pending = new LinkedHashMap<>();
        Map<String, PatientBilling.Facts> facts = new HashMap<>();
        for (String practitioner : practitioners) {
            List<Billed> mine = new ArrayList<>();
            for (String patient : queries.patientsBilledBy(practitioner, month)) {
                PatientBill bill =
                        PatientBilling.bill(facts.computeIfAbsent(patient, p -> facts(p, month)), practitioner);
                List<ChargeItem> stored = queries.chargeItems(patient);
                mine.add(new Billed(bill, ChargeItems.sync(work, bill, month, practitioner, stored, clock)));
            }
            pending.put(practitioner, mine);
        }
        UnitOfWork.Committed committed = work.isEmpty() ? null : work.commit();
        List<PractitionerSummary> summaries = new ArrayList<>();
        pending.forEach((practitioner, mine) -> summaries.add(new PractitionerSummary(
                practitioner,
                mine.stream()
                        .map(billed -> new Billed(billed.bill(), resolved(billed.chargeItems(), committed)))
                        .toList())));
        return new Summary(yearMonth, summaries);
    }

    private static Map<String, Reference> resolved(Map<String, Reference> references, UnitOfWork.Committed committed) {
        Map<String, Reference> resolved = new LinkedHashMap<>();
        references.forEach((code, reference) -> resolved.put(
                code,
                reference.getReference().startsWith("urn:uuid:")
                        ? new Reference(committed.idOf(reference).toUnqualifiedVersionless())
                        : reference));
        return resolved;
    }

    private PatientBilling.Facts facts(String patient, BillingMonth month) {
        List<Enrolment> enrolments = queries.enrolments(patient, month);
        List<TcmEpisodes.TcmEpisode> tcm =
                enrolments.stream().anyMatch(e -> e.programme().equals("tcm"))
                        ? TcmEpisodes.of(tcmStatus, patient)
                        : List.of();
        Set<String> tcmEncounters =
                tcm.stream().flatMap(t -> t.encounter().stream()).collect(Collectors.toSet());
        List<Task> completed = queries.completedTasks(patient);
        MinuteAttribution minutes = MinuteAttribution.of(
                completed,
                month,
                enrolments.stream().filter(Enrolment::bills).toList(),
                tcmEncounters,
                queries::practitionerOf);
        boolean rpm = enrolments.stream().anyMatch(e -> e.programme().equals("rpm"));
        return new PatientBilling.Facts(
                patient,
                month,
                enrolments,
                minutes,
                rpm ? queries.deviceReadings(patient, month) : List.of(),
                tcm,
                setupBilledElsewhere(patient, month),
                communications(completed));
    }

    /** The episodes whose RPM set-up (99453, once per episode) is billed in another month already. */
    private Set<String> setupBilledElsewhere(String patient, BillingMonth month) {
        String thisMonth = ChargeItems.key(patient, month, "99453");
        return queries.chargeItems(patient).stream()
                .filter(c -> c.getStatus() != ChargeItem.ChargeItemStatus.ENTEREDINERROR)
                .filter(c -> c.getCode().getCodingFirstRep().getCode().equals("99453"))
                .filter(c -> c.getIdentifier().stream().noneMatch(i -> thisMonth.equals(i.getValue())))
                .map(c -> c.getContext().getReference())
                .collect(Collectors.toSet());
    }

    /** The outreach Communications of each completed Task: evidence beside the Task's minutes. */
    private Map<String, List<String>> communications(List<Task> completed) {
        Map<String, List<String>> byTask = new HashMap<>();
        OutreachRecords.byTask(
                        repository,
                        completed.stream()
                                .map(t -> t.getIdElement()
                                        .toUnqualifiedVersionless()
                                        .getValue())
                                .toList())
                .forEach((task, calls) -> byTask.put(
                        task,
                        calls.stream()
                                .map(Communication::getIdElement)
                                .map(id -> id.toUnqualifiedVersionless().getValue())
                                .toList()));
        return byTask;
    }
}
