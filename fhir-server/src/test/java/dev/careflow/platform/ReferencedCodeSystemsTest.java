package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import dev.careflow.testing.FixtureRepository;
import dev.careflow.vocabulary.CodeSystems;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MessageHeader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Da Vinci's notification-event codes are referenced, not held: the validator warns on them instead of refusing them as
 * codes of an unknown HL7 code system; any other unknown HL7 code system stays an error.
 */
class ReferencedCodeSystemsTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static FhirValidator validator;

    @BeforeAll
    static void validator() {
        ValidationSupportChain chain = new ValidationSupportChain(
                new DefaultProfileValidationSupport(FHIR),
                new CommonCodeSystemsTerminologyService(FHIR),
                new InMemoryTerminologyServerValidationSupport(FHIR),
                new SnapshotGeneratingValidationSupport(FHIR),
                new ReferencedCodeSystems(FHIR, Set.of(CodeSystems.DAVINCI_NOTIFICATION_EVENT)));
        validator = FHIR.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
    }

    @Test
    void aDaVinciNotificationsEventCode_isAWarning() {
        List<SingleValidationMessage> messages = validate(header());

        assertThat(messages).noneMatch(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal());
        assertThat(messages)
                .anySatisfy(m -> assertThat(m.getMessage()).contains(CodeSystems.DAVINCI_NOTIFICATION_EVENT));
    }

    @Test
    void anotherUnknownHl7CodeSystem_staysAnError() {
        MessageHeader header = header();
        header.setEvent(new Coding("http://hl7.org/fhir/us/unknown-ig/CodeSystem/event", "x", null));

        assertThat(validate(header))
                .anyMatch(m -> m.getSeverity() == ResultSeverityEnum.ERROR
                        && m.getMessage().contains("unknown-ig"));
    }

    private static MessageHeader header() {
        Bundle message = FixtureRepository.resource(
                Bundle.class, "transitions/davinci/admit-notification-message-bundle-01.json");
        MessageHeader header = (MessageHeader) message.getEntryFirstRep().getResource();
        header.getMeta().getProfile().clear();
        return header;
    }

    private static List<SingleValidationMessage> validate(MessageHeader header) {
        return validator.validateWithResult(header).getMessages();
    }
}
