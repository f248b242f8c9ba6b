package dev.careflow.security;

import ca.uhn.fhir.repository.IRepository;
import dev.careflow.platform.Stored;
import java.util.Arrays;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The FHIR record of each person who signs in to the embedded authorization server (their {@code fhirUser}: a
 * Practitioner, Patient or RelatedPerson), created at start-up when it does not exist yet, with the person's name, so
 * that tokens never name a resource that is not there. Existing records are left as they are.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
@ConditionalOnExpression(
        "'${careflow.security.issuer:}' == '' and '${careflow.security.embedded.enabled:true}' == 'true'")
class PeopleRecords implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(PeopleRecords.class);

    private final SecuritySettings settings;
    private final IRepository repository;

    PeopleRecords(SecuritySettings settings, IRepository repository) {
        this.settings = settings;
        this.repository = repository;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (SecuritySettings.User user : settings.embedded().users()) {
            if (!user.effectivePatient().isBlank() && user.effectiveRole() == SecuritySettings.Role.RELATED_PERSON) {
                ensure(new IdType("Patient", user.effectivePatient()), user, false);
            }
            if (!user.fhirUser().isBlank()) {
                ensure(new IdType(user.fhirUser()), user, true);
            }
        }
    }

    private void ensure(IdType id, SecuritySettings.User user, boolean named) {
        if (!id.hasResourceType()
                || !id.hasIdPart()
                || Stored.find(repository, id.toUnqualifiedVersionless().getValue())
                        .isPresent()) {
            return;
        }
        HumanName name = named ? name(user) : new HumanName().setText("(dependant of " + user.username() + ")");
        IBaseResource record =
                switch (id.getResourceType()) {
                    case "Practitioner" -> new Practitioner().addName(name).setActive(true);
                    case "Patient" -> new Patient().addName(name).setActive(true);
                    case "RelatedPerson" ->
                        new RelatedPerson()
                                .setPatient(new org.hl7.fhir.r4.model.Reference("Patient/" + user.effectivePatient()))
                                .addName(name)
                                .setActive(true);
                    default -> null;
                };
        if (record == null) {
            log.warn("The fhirUser {} of '{}' is not a type Careflow creates; create it yourself", id, user.username());
            return;
        }
        record.setId(id.toUnqualifiedVersionless());
        repository.update(record);
        log.info("Created {} for the user '{}'", id.toUnqualifiedVersionless().getValue(), user.username());
    }

    private static HumanName name(SecuritySettings.User user) {
        String text = user.name().isBlank() ? user.username() : user.name();
        String[] parts = text.trim().split("\\s+");
        HumanName name = new HumanName().setText(text).setFamily(parts[parts.length - 1]);
        Arrays.stream(parts, 0, parts.length - 1).forEach(name::addGiven);
        return name;
    }
}
