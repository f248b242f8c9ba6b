package dev.careflow.demo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.repository.IRepository;
import dev.careflow.careplan.CarePlanProposalService;
import dev.careflow.platform.Stored;
import dev.careflow.transitions.Hl7v2Intake;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Date;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The demo data: the demo care manager ({@code Practitioner/demo-care-manager}, Carla Demo) with a caseload of five
 * patients, among them the demo patient user's own {@code Patient/demo-patient} (Pat Demo). Each story is sent through
 * the path real data takes: a discharge as an HL7 v2 A03 into the notification pipeline (the TCM episode and its Tasks),
 * PHQ-9 and AHC HRSN screens stored as QuestionnaireResponses (their scores, Observations, health concerns) followed by
 * a proposed care plan, and an open referral (a ServiceRequest and its Task). Dates are relative to the clock's now.
 * Seeded once: a marker resource written last says it is there.
 */
@Service
public class DemoData {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    private final IRepository repository;
    private final Hl7v2Intake intake;
    private final CarePlanProposalService proposals;
    private final Clock clock;

    public DemoData(IRepository repository, Hl7v2Intake intake, CarePlanProposalService proposals, Clock clock) {
        this.repository = repository;
        this.intake = intake;
        this.proposals = proposals;
        this.clock = clock;
    }

    /** Seeds the demo data unless it is there already; whether it seeded. */
    public boolean seed() {
        if (Stored.find(repository, DemoResources.MARKER).isPresent()) {
            log.info("Demo data already present ({}); nothing seeded", DemoResources.MARKER);
            return false;
        }
        ZonedDateTime now = ZonedDateTime.now(clock);
        caseload();
        discharge(now);
        screens(now);
        referral(now);
        repository.update(DemoResources.marker(Date.from(now.toInstant())));
        log.info(
                "Demo data seeded: {} manages {} patients (switch off with careflow.demo.enabled=false)",
                DemoResources.CARE_MANAGER,
                DemoResources.PATIENTS.size());
        return true;
    }

    private void caseload() {
        if (Stored.find(repository, DemoResources.CARE_MANAGER).isEmpty()) {
            repository.update(DemoResources.careManager());
        }
        for (String[] row : DemoResources.PATIENTS) {
            repository.update(DemoResources.patient(row));
            repository.update(DemoResources.careTeam(row[0]));
        }
    }

    private void discharge(ZonedDateTime now) {
        String ack = intake.receive(DemoResources.discharge(now));
        if (!ack.contains("MSA|AA|")) {
            throw new IllegalStateException("The demo discharge was not accepted: " + ack.replace('\r', '\n'));
        }
    }

    private void screens(ZonedDateTime now) {
        store(response("phq9.json", "demo-phq9", now.minusDays(2)));
        store(response("ahc-hrsn.json", "demo-ahc-hrsn", now.minusDays(2).plus(Duration.ofMinutes(15))));
        proposals.propose(new IdType("Patient", DemoResources.SCREENED), true);
    }

    private void store(QuestionnaireResponse response) {
        repository.update(response);
    }

    private QuestionnaireResponse response(String file, String id, ZonedDateTime authored) {
        try (InputStream json = DemoData.class.getResourceAsStream("/demo/" + file)) {
            QuestionnaireResponse response =
                    FhirContext.forR4Cached().newJsonParser().parseResource(QuestionnaireResponse.class, json);
            response.setId("QuestionnaireResponse/" + id);
            response.setSubject(new Reference("Patient/" + DemoResources.SCREENED));
            response.setAuthor(new Reference(DemoResources.CARE_MANAGER));
            response.setAuthoredElement(new DateTimeType(Date.from(authored.toInstant())));
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void referral(ZonedDateTime now) {
        Date authored = Date.from(now.minusDays(3).toInstant());
        repository.update(DemoResources.communityPartner());
        repository.update(DemoResources.referral(authored));
        repository.update(DemoResources.referralTask(authored));
    }
}
