package dev.careflow.assessment;

import ca.uhn.fhir.context.FhirContext;
import dev.careflow.platform.Stored;
import dev.careflow.testing.FixtureRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;

/**
 * The assessment unit tests' world: a fixture folder under {@code fixtures/assessment/} plus the instruments'
 * Questionnaires as the {@code terminology} package ships them, a fixed clock (10:00 in New York on 20 November 2026)
 * and the services wired on that store.
 */
final class AssessmentFixtures {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T15:00:00Z"), ZoneId.of("America/New_York"));
    static final Reference CARE_MANAGER = new Reference("Practitioner/care-manager-1");
    static final Reference SUPERVISOR = new Reference("Practitioner/supervisor-1");

    private static final Path INSTRUMENTS = Path.of("../terminology/src/main/fhir");

    final FixtureRepository repository;
    final SafetyEscalationService safety;
    final AssessmentService assessments;
    final PopulateService populate;

    private AssessmentFixtures(FixtureRepository repository, EscalationRecipients recipients) {
        this.repository = repository;
        this.safety = new SafetyEscalationService(repository, recipients, CLOCK);
        this.assessments = new AssessmentService(repository, safety, CLOCK);
        this.populate = new PopulateService(repository, CLOCK);
    }

    /** The case's resources and every instrument; the patient has a care manager and a supervising clinician. */
    static AssessmentFixtures load(String folder) {
        FixtureRepository repository = FixtureRepository.load("assessment/" + folder);
        for (Instrument instrument : Instrument.values()) {
            repository.with(questionnaire(instrument));
        }
        return new AssessmentFixtures(repository, patient -> {
            Map<String, Optional<Reference>> recipients = new LinkedHashMap<>();
            recipients.put(EscalationRecipients.CARE_MANAGER, Optional.of(CARE_MANAGER));
            recipients.put(EscalationRecipients.SUPERVISING_CLINICIAN, Optional.of(SUPERVISOR));
            return recipients;
        });
    }

    static Questionnaire questionnaire(Instrument instrument) {
        try {
            return FhirContext.forR4Cached()
                    .newJsonParser()
                    .parseResource(
                            Questionnaire.class,
                            Files.readString(INSTRUMENTS.resolve("Questionnaire-" + instrument.id() + ".json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stored response, as the storage hook hands it over after the write. */
    QuestionnaireResponse response(String id) {
        return Stored.require(repository, QuestionnaireResponse.class, "QuestionnaireResponse/" + id);
    }

    /** Stores the response (a new version) and runs what its storage hook runs. */
    void store(QuestionnaireResponse response) {
        repository.update(response);
        assessments.afterStored(response(response.getIdElement().getIdPart()));
    }

    void storeAgain(String id) {
        store(response(id));
    }

    <T extends org.hl7.fhir.instance.model.api.IBaseResource> List<T> all(Class<T> type) {
        return repository.all(type);
    }
}
