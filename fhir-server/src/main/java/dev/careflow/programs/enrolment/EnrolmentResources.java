package dev.careflow.programs.enrolment;

import dev.careflow.vocabulary.CodeSystems;
import dev.careflow.vocabulary.Extensions;
import java.time.LocalDate;
import java.util.Optional;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Reference;

/**
 * The resources of an enrolment: the Consent (who gave it, when, how, to which programme, and the right to stop) and
 * the programme's EpisodeOfCare pointing at it; both carry the enrolment's identifier, so a replay finds them.
 *
 * <p>How consent was given: {@code written} when the Consent has a {@code sourceAttachment} (the signed document),
 * {@code verbal} when it has none; the narrative says which.
 */
final class EnrolmentResources {

    /** The identifier system of an enrolment ({@code <patient id>/<programme>/<start>}). */
    static final String ENROLMENT = "https://careflow.dev/fhir/enrolment";

    static final String CONSENT_DOCUMENT_LOINC = "59284-0";

    private EnrolmentResources() {}

    /** What an enrolment records, checked. */
    record Enrolment(
            String patient,
            Programme programme,
            boolean written,
            DateTimeType consentDate,
            String consentGivenBy,
            String billingPractitioner,
            Optional<String> careManager,
            LocalDate start,
            Optional<Attachment> document,
            Optional<ApcmLevel> level) {

        Identifier identifier() {
            return new Identifier()
                    .setSystem(ENROLMENT)
                    .setValue(patient.substring(patient.indexOf('/') + 1) + "/" + programme.code() + "/" + start);
        }
    }

    static Consent consent(Enrolment enrolment) {
        Consent consent = new Consent();
        consent.addIdentifier(enrolment.identifier());
        consent.setStatus(Consent.ConsentState.ACTIVE);
        consent.setScope(new CodeableConcept(new Coding(CodeSystems.CONSENT_SCOPE, "treatment", "Treatment")));
        consent.addCategory(
                new CodeableConcept(new Coding(CodeSystems.LOINC, CONSENT_DOCUMENT_LOINC, "Consent Document")));
        consent.setPatient(new Reference(enrolment.patient()));
        consent.setDateTimeElement(enrolment.consentDate().copy());
        consent.addPerformer(new Reference(enrolment.consentGivenBy()));
        consent.setPolicyRule(new CodeableConcept(new Coding(CodeSystems.V3_ACT_CODE, "OPTIN", "opt-in")));
        enrolment.document().ifPresent(document -> consent.setSource(document.copy()));
        Consent.ProvisionComponent provision = consent.getProvision();
        provision.setType(Consent.ConsentProvisionType.PERMIT);
        provision.getPeriod().setStartElement(new DateTimeType(enrolment.start().toString()));
        provision.addCode(enrolment.programme().concept());
        consent.setText(narrative(enrolment));
        return consent;
    }

    private static Narrative narrative(Enrolment enrolment) {
        String how = enrolment.written() ? "written (the signed document is attached)" : "verbal";
        String text = "Consent to " + enrolment.programme().display() + " ("
                + enrolment.programme().code()
                + "), given " + how + " by " + enrolment.consentGivenBy() + " on "
                + enrolment.consentDate().getValueAsString() + ", from " + enrolment.start() + ". "
                + "The patient was told that cost sharing may apply, that only one practitioner can bill the "
                + "programme in a month, and that they may stop at any time: withdrawal ends the programme at the "
                + "end of the calendar month.";
        Narrative narrative = new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED);
        narrative.setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>"
                + text.replace("&", "&amp;").replace("<", "&lt;") + "</p></div>");
        return narrative;
    }

    static EpisodeOfCare episode(Enrolment enrolment, Reference consent) {
        EpisodeOfCare episode = new EpisodeOfCare();
        episode.addIdentifier(enrolment.identifier());
        episode.setStatus(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        episode.addType(enrolment.programme().concept());
        enrolment.level().ifPresent(level -> episode.addType(new CodeableConcept(level.coding())));
        episode.setPatient(new Reference(enrolment.patient()));
        episode.getPeriod().setStartElement(new DateTimeType(enrolment.start().toString()));
        enrolment.careManager().ifPresent(manager -> episode.setCareManager(new Reference(manager)));
        episode.addExtension(Extensions.PROGRAMME_CONSENT, consent.copy());
        episode.addExtension(Extensions.BILLING_PRACTITIONER, new Reference(enrolment.billingPractitioner()));
        return episode;
    }

    /** The withdrawn episode: its period ends on the last day given (it stays active until then). */
    static EpisodeOfCare withdrawn(EpisodeOfCare episode, LocalDate end) {
        EpisodeOfCare copy = episode.copy();
        copy.getPeriod().setEndElement(new DateTimeType(end.toString()));
        return copy;
    }

    /** The withdrawn Consent: its provision ends on the same day. */
    static Consent withdrawn(Consent consent, LocalDate end) {
        Consent copy = consent.copy();
        copy.getProvision().getPeriod().setEndElement(new DateTimeType(end.toString()));
        return copy;
    }
}
