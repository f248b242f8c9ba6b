package dev.careflow.careteam;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.Query;
import dev.careflow.platform.Stored;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Service;

/**
 * Who manages whose care: the participants in the care-manager role of a patient's active CareTeams. A care manager
 * is named by a Practitioner or a PractitionerRole reference.
 */
@Service
public class CareManagerDirectory {

    public static final String CARE_TEAM_ROLE = "https://careflow.dev/fhir/CodeSystem/care-team-role";
    public static final String CARE_MANAGER = "care-manager";
    public static final String SUPERVISING_CLINICIAN = "supervising-clinician";

    private final IRepository repository;

    public CareManagerDirectory(IRepository repository) {
        this.repository = repository;
    }

    /** The patient's care manager, if an active CareTeam names one. */
    public Optional<Reference> careManagerOf(String patient) {
        return teams(Query.where("patient", Query.reference(patient))).stream()
                .flatMap(team -> team.getParticipant().stream())
                .filter(CareManagerDirectory::isCareManager)
                .filter(p -> p.getMember().hasReference())
                .map(p -> new Reference(p.getMember().getReference()))
                .findFirst();
    }

    /** The clinician who supervises the patient's care management, if an active CareTeam names one. */
    public Optional<Reference> supervisingClinicianOf(String patient) {
        return teams(Query.where("patient", Query.reference(patient))).stream()
                .flatMap(team -> team.getParticipant().stream())
                .filter(p -> p.getRole().stream().anyMatch(r -> r.hasCoding(CARE_TEAM_ROLE, SUPERVISING_CLINICIAN)))
                .filter(p -> p.getMember().hasReference())
                .map(p -> new Reference(p.getMember().getReference()))
                .findFirst();
    }

    /** The patients (versionless {@code Patient/id}) whose active CareTeams have this member as care manager. */
    public Set<String> patientsOf(String member) {
        Set<String> patients = new LinkedHashSet<>();
        for (CareTeam team : teams(Query.where("participant", Query.reference(member)))) {
            boolean manages = team.getParticipant().stream()
                    .filter(CareManagerDirectory::isCareManager)
                    .anyMatch(p -> sameResource(p.getMember().getReference(), member));
            if (manages && team.getSubject().hasReference()) {
                patients.add(new IdType(team.getSubject().getReference())
                        .toUnqualifiedVersionless()
                        .getValue());
            }
        }
        return patients;
    }

    private List<CareTeam> teams(Query query) {
        return Stored.search(repository, CareTeam.class, query.and("status", Query.token("active")));
    }

    private static boolean isCareManager(CareTeam.CareTeamParticipantComponent participant) {
        return participant.getRole().stream().anyMatch(r -> r.hasCoding(CARE_TEAM_ROLE, CARE_MANAGER));
    }

    private static boolean sameResource(String reference, String other) {
        return reference != null
                && new IdType(reference)
                        .toUnqualifiedVersionless()
                        .getValue()
                        .equals(new IdType(other).toUnqualifiedVersionless().getValue());
    }
}
