package dev.careflow.worklist;

import ca.uhn.fhir.repository.IRepository;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import dev.careflow.careteam.CareManagerDirectory;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import dev.careflow.task.OpenTasks;
import dev.careflow.vocabulary.CodeSystems;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/** What the worklist and the caseload read, through the repository; no rule about what the results mean. */
final class WorklistQueries {

    private final IRepository repository;
    private final CareManagerDirectory careManagers;

    WorklistQueries(IRepository repository, CareManagerDirectory careManagers) {
        this.repository = repository;
        this.careManagers = careManagers;
    }

    /** The practitioner and each of their roles: the references by which work is assigned to them. */
    Set<String> identities(String practitioner) {
        Stored.require(repository, Practitioner.class, practitioner);
        Set<String> me = new LinkedHashSet<>();
        me.add(practitioner);
        Stored.search(repository, PractitionerRole.class, Query.where("practitioner", Query.reference(practitioner)))
                .forEach(role -> me.add(key(role)));
        return me;
    }

    /** The patients these identities manage as care manager. */
    Set<String> caseload(Set<String> me) {
        Set<String> patients = new LinkedHashSet<>();
        me.forEach(member -> patients.addAll(careManagers.patientsOf(member)));
        return patients;
    }

    List<Task> openTasksOwnedBy(Set<String> me) {
        return Stored.search(repository, Task.class, OpenTasks.query().and("owner", references(me)));
    }

    List<Task> openTasksOf(Set<String> patients) {
        return Stored.search(repository, Task.class, OpenTasks.query().and("patient", references(patients)));
    }

    /** Finished encounters of the patients that may have ended since then. */
    List<Encounter> finishedEncounters(Set<String> patients, Instant since) {
        return Stored.search(
                repository,
                Encounter.class,
                Query.all()
                        .and("patient", references(patients))
                        .and("status", Query.token("finished"))
                        .and("date", new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS, Date.from(since))));
    }

    List<Condition> activeHealthConcerns(Set<String> patients) {
        return Stored.search(
                repository,
                Condition.class,
                Query.all()
                        .and("patient", references(patients))
                        .and("category", Query.token("health-concern"))
                        .and("clinical-status", Query.token("active")));
    }

    /** What the patients' active care plans address (versionless references). */
    Set<String> addressedByActivePlans(Set<String> patients) {
        Set<String> addressed = new HashSet<>();
        Stored.search(
                        repository,
                        CarePlan.class,
                        Query.all().and("patient", references(patients)).and("status", Query.token("active")))
                .forEach(plan -> plan.getAddresses().stream()
                        .filter(a -> a.getReference() != null)
                        .forEach(a -> addressed.add(versionless(a.getReference()))));
        return addressed;
    }

    /** Referral Tasks of the patients that a performer rejected. */
    List<Task> rejectedReferrals(Set<String> patients) {
        return Stored.search(
                repository,
                Task.class,
                Query.all()
                        .and("patient", references(patients))
                        .and("status", Query.token("rejected"))
                        .and("code", Query.token(CodeSystems.TASK_CODE, "fulfill")));
    }

    /** Of these ServiceRequests, the active ones. */
    Set<String> activeRequests(Set<String> requests) {
        Set<String> active = new HashSet<>();
        byId(ServiceRequest.class, requests).stream()
                .filter(r -> r.getStatus() == ServiceRequest.ServiceRequestStatus.ACTIVE)
                .forEach(r -> active.add(key(r)));
        return active;
    }

    /** Of these ServiceRequests, those another referral Task (not a rejected one) has taken on. */
    Set<String> takenOver(Set<String> requests) {
        Set<String> taken = new HashSet<>();
        if (requests.isEmpty()) {
            return taken;
        }
        Stored.search(
                        repository,
                        Task.class,
                        Query.all()
                                .and("focus", references(requests))
                                .and("code", Query.token(CodeSystems.TASK_CODE, "fulfill")))
                .stream()
                .filter(t -> t.getStatus() != Task.TaskStatus.REJECTED)
                .forEach(t -> taken.add(versionless(t.getFocus().getReference())));
        return taken;
    }

    List<EpisodeOfCare> activeEpisodes(Set<String> patients) {
        return Stored.search(
                repository,
                EpisodeOfCare.class,
                Query.all().and("patient", references(patients)).and("status", Query.token("active")));
    }

    /** The patients, by versionless {@code Patient/id}. */
    Map<String, Patient> patients(Collection<String> ids) {
        Map<String, Patient> found = new LinkedHashMap<>();
        byId(Patient.class, ids).forEach(p -> found.put(key(p), p));
        return found;
    }

    private <T extends IBaseResource> List<T> byId(Class<T> type, Collection<String> references) {
        Set<String> wanted = new LinkedHashSet<>(references);
        wanted.remove(null);
        if (wanted.isEmpty()) {
            return List.of();
        }
        List<TokenParam> ids = wanted.stream()
                .map(r -> new TokenParam(new IdType(r).getIdPart()))
                .toList();
        return Stored.search(repository, type, Query.all().and("_id", ids));
    }

    private static List<ReferenceParam> references(Collection<String> references) {
        return references.stream().map(Query::reference).toList();
    }

    static String key(IBaseResource resource) {
        return resource.getIdElement().toUnqualifiedVersionless().getValue();
    }

    static String versionless(String reference) {
        return reference == null
                ? null
                : new IdType(reference).toUnqualifiedVersionless().getValue();
    }
}
