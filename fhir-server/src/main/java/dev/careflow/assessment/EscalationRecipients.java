package dev.careflow.assessment;

import dev.careflow.careteam.CareManagerDirectory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.stereotype.Component;

/**
 * Who a patient's safety escalation goes to, by role ({@code care-manager}, always, unowned when the patient has none;
 * {@code supervising-clinician} when an active CareTeam names one). The server asks the care team's directory; unit
 * tests say who directly.
 */
@FunctionalInterface
public interface EscalationRecipients {

    String CARE_MANAGER = "care-manager";
    String SUPERVISING_CLINICIAN = "supervising-clinician";

    /** The recipients by role, in order; an empty reference for a role nobody holds. */
    Map<String, Optional<Reference>> of(String patient);

    /** The care team's directory. */
    @Component
    class CareTeams implements EscalationRecipients {

        private final CareManagerDirectory directory;

        CareTeams(CareManagerDirectory directory) {
            this.directory = directory;
        }

        @Override
        public Map<String, Optional<Reference>> of(String patient) {
            Map<String, Optional<Reference>> recipients = new LinkedHashMap<>();
            recipients.put(CARE_MANAGER, directory.careManagerOf(patient));
            directory
                    .supervisingClinicianOf(patient)
                    .ifPresent(c -> recipients.put(SUPERVISING_CLINICIAN, Optional.of(c)));
            return recipients;
        }
    }
}
