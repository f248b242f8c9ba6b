package dev.careflow.careteam;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import dev.careflow.platform.StoredResources;
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

    private final DaoRegistry daos;

    public CareManagerDirectory(DaoRegistry daos) {
        this.daos = daos;
    }

    /** The patient's care manager, if an active CareTeam names one. */
    public Optional<Reference> careManagerOf(String patient) {
        return teams(SearchParameterMap.newSynchronous().add("patient", new ReferenceParam(patient))).stream()
                .flatMap(team -> team.getParticipant().stream())
                .filter(CareManagerDirectory::isCareManager)
                .filter(p -> p.getMember().hasReference())
                .map(p -> new Reference(p.getMember().getReference()))
                .findFirst();
    }

    /** The clinician who supervises the patient's care management, if an active CareTeam names one. */
    public Optional<Reference> supervisingClinicianOf(String patient) {
        return teams(SearchParameterMap.newSynchronous().add("patient", new ReferenceParam(patient))).stream()
                .flatMap(team -> team.getParticipant().stream())
                .filter(p -> p.getRole().stream().anyMatch(r -> r.hasCoding(CARE_TEAM_ROLE, SUPERVISING_CLINICIAN)))
                .filter(p -> p.getMember().hasReference())
                .map(p -> new Reference(p.getMember().getReference()))
                .findFirst();
    }

    /** The patients (versionless {@code Patient/id}) whose active CareTeams have this member as care manager. */
    public Set<String> patientsOf(String member) {
        Set<String> patients = new LinkedHashSet<>();
        for (CareTeam team :
                teams(SearchParameterMap.newSynchronous().add("participant", new ReferenceParam(member)))) {
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

    private List<CareTeam> teams(SearchParameterMap parameters) {
        parameters.add("status", new TokenParam("active"));
        return StoredResources.search(daos, CareTeam.class, parameters);
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
