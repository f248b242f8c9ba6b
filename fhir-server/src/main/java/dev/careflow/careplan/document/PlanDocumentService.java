package dev.careflow.careplan.document;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.Stored;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Service;

/**
 * {@code CarePlan/[id]/$document}: the plan of care given to the patient (CCM requires him to have a copy) as a FHIR
 * document: a Composition ({@link PlanComposition}) followed by the plan, its goals, the problems it addresses, its
 * care teams and their members. Built on each call from what is stored; not stored itself.
 */
@Service
public class PlanDocumentService {

    private final IRepository repository;
    private final Clock clock;

    public PlanDocumentService(IRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** @param base this server's base URL: the entries' full URLs */
    public Bundle document(String planReference, String base) {
        CarePlan plan = Stored.require(repository, CarePlan.class, planReference);
        List<Goal> goals = resolve(plan.getGoal(), Goal.class);
        List<Condition> problems = resolve(plan.getAddresses(), Condition.class);
        List<CareTeam> teams = resolve(plan.getCareTeam(), CareTeam.class);
        Map<String, Resource> members = new LinkedHashMap<>();
        for (CareTeam team : teams) {
            for (CareTeam.CareTeamParticipantComponent participant : team.getParticipant()) {
                String member = participant.getMember().getReference();
                if (member != null && !member.startsWith("Patient/") && !members.containsKey(member)) {
                    Stored.find(repository, member).ifPresent(found -> members.put(member, (Resource) found));
                }
            }
        }
        Optional<Resource> patient =
                Stored.find(repository, plan.getSubject().getReference()).map(Resource.class::cast);
        PlanContents contents = new PlanContents(plan, patient, goals, problems, teams, members);
        return PlanComposition.document(contents, base, clock);
    }

    private <T extends IBaseResource> List<T> resolve(List<Reference> references, Class<T> type) {
        List<T> found = new ArrayList<>();
        for (Reference reference : references) {
            if (reference.getReference() != null && reference.getReference().startsWith(type.getSimpleName() + "/")) {
                Stored.find(repository, type, reference.getReference()).ifPresent(found::add);
            }
        }
        return found;
    }
}
