package dev.careflow.transitions.internal.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.time.ZoneId;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Coverage;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PID, PV1, DG1 and IN1 to FHIR, per the v2-to-FHIR IG, from messages of every version Careflow takes. */
class AdtToFhirMapperTest {

    private static final HapiContext HL7 = new DefaultHapiContext();

    static {
        HL7.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
        HL7.setValidationContext(ValidationContextFactory.noValidation());
    }

    private final AdtToFhirMapper mapper = new AdtToFhirMapper(ZoneId.of("America/Chicago"));

    private static Message parse(String... segments) throws Exception {
        return HL7.getPipeParser().parse(String.join("\r", segments));
    }

    private static String msh(String trigger, String version) {
        return "MSH|^~\\&|EPIC|GENHOSP^2.16.840.1.113883.3.1^ISO|CAREFLOW|CF|20250305120000-0500||ADT^" + trigger
                + "|CTRL-1|P|" + version;
    }

    private static final String PID = "PID|1||MRN-77^^^HOSP^MR~999-12-3456^^^SSA^SS||Okafor^Ada^N||19480312|F|||"
            + "12 Elm St^^Springfield^IL^62701^USA||(217)555-0101|(217)555-0199";

    /** PV1 with class, location, admission type, attending, admit source, visit number, disposition, times. */
    private static String pv1(String patientClass, String admissionType, String disposition, String admit, String end) {
        String[] fields = new String[46];
        java.util.Arrays.fill(fields, "");
        fields[0] = "PV1";
        fields[1] = "1";
        fields[2] = patientClass;
        fields[3] = "4W^401^A^GENHOSP";
        fields[4] = admissionType;
        fields[7] = "1234567890^Nguyen^Linh^^^^^^NPI";
        fields[14] = "7";
        fields[19] = "V-88^^^HOSP";
        fields[36] = disposition;
        fields[44] = admit;
        fields[45] = end;
        return String.join("|", fields);
    }

    private static <T extends Resource> List<T> all(Bundle bundle, Class<T> type) {
        return bundle.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }

    private static <T extends Resource> T only(Bundle bundle, Class<T> type) {
        List<T> found = all(bundle, type);
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2.3", "2.4", "2.5", "2.5.1"})
    void aDischargeOfAnyVersionBecomesADischargeNotification(String version) throws Exception {
        Bundle bundle = mapper.toNotification(parse(
                msh("A03", version),
                "EVN|A03|20250305120000-0500",
                PID,
                pv1("I", "E", "01", "20250301081500-0500", "20250307233000-0500"),
                "DG1|1||I50.9^Heart failure, unspecified^I10||20250301|A",
                "IN1|1|MCR-A|CMS01^^^CMS|Medicare||||||||||||||||||||||||||||||||1EG4-TE5-MK72"));

        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.MESSAGE);
        assertThat(bundle.getIdentifier().getSystem()).isEqualTo("urn:careflow:v2:control-id:GENHOSP");
        assertThat(bundle.getIdentifier().getValue()).isEqualTo("CTRL-1");
        assertThat(bundle.getEntryFirstRep().getResource()).isInstanceOf(MessageHeader.class);

        MessageHeader header = only(bundle, MessageHeader.class);
        assertThat(header.getEventCoding().getCode()).isEqualTo("notification-discharge");
        assertThat(header.getReason().getCodingFirstRep().getCode()).isEqualTo("A03");

        Patient patient = only(bundle, Patient.class);
        assertThat(patient.getIdentifier())
                .extracting(i -> i.getSystem() + "|" + i.getValue() + "|"
                        + i.getType().getCodingFirstRep().getCode())
                .containsExactly(
                        "urn:careflow:v2:assigning-authority:HOSP|MRN-77|MR",
                        "urn:careflow:v2:assigning-authority:SSA|999-12-3456|SS");
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Okafor");
        assertThat(patient.getNameFirstRep().getGiven())
                .extracting(Object::toString)
                .containsExactly("Ada", "N");
        assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1948-03-12");
        assertThat(patient.getGender()).isEqualTo(AdministrativeGender.FEMALE);
        assertThat(patient.getAddressFirstRep().getLine())
                .extracting(Object::toString)
                .containsExactly("12 Elm St");
        assertThat(patient.getAddressFirstRep().getCity()).isEqualTo("Springfield");
        assertThat(patient.getAddressFirstRep().getState()).isEqualTo("IL");
        assertThat(patient.getAddressFirstRep().getPostalCode()).isEqualTo("62701");
        assertThat(patient.getTelecom())
                .extracting(t -> t.getUse() + " " + t.getValue())
                .containsExactly("HOME (217)555-0101", "WORK (217)555-0199");

        Encounter encounter = only(bundle, Encounter.class);
        assertThat(encounter.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
        assertThat(encounter.getClass_().getCode()).isEqualTo("IMP");
        assertThat(encounter.getPeriod().getStartElement().getValueAsString()).isEqualTo("2025-03-01T08:15:00-05:00");
        // The hospital's own offset is kept: the discharge date is the 7th there, the 8th in UTC.
        assertThat(encounter.getPeriod().getEndElement().getValueAsString()).isEqualTo("2025-03-07T23:30:00-05:00");
        assertThat(encounter.getPriority().getCodingFirstRep().getCode()).isEqualTo("EM");
        assertThat(encounter
                        .getHospitalization()
                        .getAdmitSource()
                        .getCodingFirstRep()
                        .getCode())
                .isEqualTo("7");
        assertThat(encounter
                        .getHospitalization()
                        .getDischargeDisposition()
                        .getCodingFirstRep()
                        .getCode())
                .isEqualTo("01");
        assertThat(encounter.getIdentifierFirstRep().getValue()).isEqualTo("V-88");
        assertThat(encounter.getSubject().getReference())
                .isEqualTo(bundle.getEntry().stream()
                        .filter(e -> e.getResource() instanceof Patient)
                        .findFirst()
                        .orElseThrow()
                        .getFullUrl());
        assertThat(header.getFocusFirstRep().getReference())
                .isEqualTo(bundle.getEntry().stream()
                        .filter(e -> e.getResource() instanceof Encounter)
                        .findFirst()
                        .orElseThrow()
                        .getFullUrl());

        Practitioner attending = only(bundle, Practitioner.class);
        assertThat(attending.getIdentifierFirstRep().getSystem()).isEqualTo("http://hl7.org/fhir/sid/us-npi");
        assertThat(attending.getIdentifierFirstRep().getValue()).isEqualTo("1234567890");
        assertThat(encounter
                        .getParticipantFirstRep()
                        .getTypeFirstRep()
                        .getCodingFirstRep()
                        .getCode())
                .isEqualTo("ATND");

        assertThat(only(bundle, Location.class).getName()).isEqualTo("GENHOSP 4W 401 A");

        Condition diagnosis = only(bundle, Condition.class);
        assertThat(diagnosis.getCode().getCodingFirstRep().getSystem()).isEqualTo("http://hl7.org/fhir/sid/icd-10-cm");
        assertThat(diagnosis.getCode().getCodingFirstRep().getCode()).isEqualTo("I50.9");
        assertThat(diagnosis.getCategoryFirstRep().getCodingFirstRep().getCode())
                .isEqualTo("encounter-diagnosis");

        Coverage coverage = only(bundle, Coverage.class);
        assertThat(coverage.getSubscriberId()).isEqualTo("1EG4-TE5-MK72");
        assertThat(coverage.getClass_FirstRep().getValue()).isEqualTo("MCR-A");
        assertThat(all(bundle, Organization.class))
                .extracting(Organization::getName)
                .containsExactlyInAnyOrder("GENHOSP", "Medicare");
        Organization hospital = all(bundle, Organization.class).stream()
                .filter(o -> o.getName().equals("GENHOSP"))
                .findFirst()
                .orElseThrow();
        assertThat(hospital.getIdentifierFirstRep().getValue()).isEqualTo("urn:oid:2.16.840.1.113883.3.1");
    }

    @Test
    void anAdmitIsInProgressWithNoEnd() throws Exception {
        Bundle bundle = mapper.toNotification(parse(msh("A01", "2.5.1"), PID, pv1("E", "E", "", "20250301081500", "")));

        Encounter encounter = only(bundle, Encounter.class);
        assertThat(encounter.getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
        assertThat(encounter.getClass_().getCode()).isEqualTo("EMER");
        assertThat(encounter.getPeriod().hasEnd()).isFalse();
        // No offset sent: the configured zone's offset on that date (Chicago, standard time).
        assertThat(encounter.getPeriod().getStartElement().getValueAsString()).isEqualTo("2025-03-01T08:15:00-06:00");
        assertThat(only(bundle, MessageHeader.class).getEventCoding().getCode()).isEqualTo("notification-admit");
    }

    @Test
    void anUpdateWithADischargeTimeIsADischarge() throws Exception {
        Bundle bundle = mapper.toNotification(
                parse(msh("A08", "2.4"), PID, pv1("I", "R", "01", "20250301081500-0500", "20250306100000-0500")));

        assertThat(only(bundle, Encounter.class).getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
        assertThat(only(bundle, MessageHeader.class).getEventCoding().getCode()).isEqualTo("notification-discharge");
        assertThat(only(bundle, MessageHeader.class)
                        .getReason()
                        .getCodingFirstRep()
                        .getCode())
                .isEqualTo("A08");
    }

    @Test
    void anUnsupportedTriggerIsRefusedWithItsName() throws Exception {
        Message preAdmit = parse(msh("A05", "2.5"), PID, pv1("O", "", "", "20250301081500", ""));

        assertThatThrownBy(() -> mapper.toNotification(preAdmit))
                .isInstanceOf(AdtMappingException.class)
                .hasMessageContaining("ADT^A05");
    }

    @Test
    void aDischargeWithoutADischargeTimeIsRefused() throws Exception {
        Message discharge = parse(msh("A03", "2.5.1"), PID, pv1("I", "", "01", "20250301081500", ""));

        assertThatThrownBy(() -> mapper.toNotification(discharge))
                .isInstanceOf(AdtMappingException.class)
                .hasMessageContaining("PV1-45");
    }

    @Test
    void aPatientWithoutAnIdentifierIsRefused() throws Exception {
        Message anonymous =
                parse(msh("A01", "2.5.1"), "PID|1||||Okafor^Ada||19480312|F", pv1("I", "", "", "20250301081500", ""));

        assertThatThrownBy(() -> mapper.toNotification(anonymous))
                .isInstanceOf(AdtMappingException.class)
                .hasMessageContaining("PID-3");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "E, http://terminology.hl7.org/CodeSystem/v3-ActCode, EMER",
        "I, http://terminology.hl7.org/CodeSystem/v3-ActCode, IMP",
        "O, http://terminology.hl7.org/CodeSystem/v3-ActCode, AMB",
        "P, http://terminology.hl7.org/CodeSystem/v3-ActCode, PRENC",
        "R, http://terminology.hl7.org/CodeSystem/v2-0004, R",
        "B, http://terminology.hl7.org/CodeSystem/v2-0004, B",
        "N, http://terminology.hl7.org/CodeSystem/v2-0004, N",
        "U, http://terminology.hl7.org/CodeSystem/v2-0004, U",
        "Z, urn:careflow:v2:local-code:patient-class, Z"
    })
    void thePatientClassFollowsTheV2ToFhirConceptMap(String patientClass, String system, String code) throws Exception {
        Bundle bundle = mapper.toNotification(
                parse(msh("A03", "2.5.1"), PID, pv1(patientClass, "", "01", "20250301081500", "20250304100000")));

        Encounter encounter = only(bundle, Encounter.class);
        assertThat(encounter.getClass_().getSystem()).isEqualTo(system);
        assertThat(encounter.getClass_().getCode()).isEqualTo(code);
    }

    @Test
    void theEventTimeIsEvn6ElseEvn2ElseMsh7() throws Exception {
        String pv1 = pv1("I", "", "", "20250301081500", "");
        assertThat(mapper.toNotification(parse(
                                msh("A01", "2.5.1"), "EVN|A01|20250302100000-0500||||20250302090000-0500", PID, pv1))
                        .getTimestampElement()
                        .getValueAsString())
                .isEqualTo("2025-03-02T09:00:00-05:00");
        assertThat(mapper.toNotification(parse(msh("A01", "2.5.1"), "EVN|A01|20250302100000-0500", PID, pv1))
                        .getTimestampElement()
                        .getValueAsString())
                .isEqualTo("2025-03-02T10:00:00-05:00");
        assertThat(mapper.toNotification(parse(msh("A01", "2.5.1"), PID, pv1))
                        .getTimestampElement()
                        .getValueAsString())
                .isEqualTo("2025-03-05T12:00:00-05:00");
    }

    @Test
    void aFieldSentAsTwoDoubleQuotes_isMarkedClearedAndNotStoredAsData() throws Exception {
        Bundle bundle = mapper.toNotification(parse(
                msh("A08", "2.5.1"),
                "PID|1||MRN-77^^^HOSP^MR||Okafor^Ada||19480312|F|||\"\"||\"\"",
                pv1("I", "", "", "20250301081500", "")));

        Patient patient = only(bundle, Patient.class);
        assertThat(patient.getAddress()).isEmpty();
        assertThat(patient.getTelecom()).isEmpty();
        assertThat(patient.getExtensionsByUrl(dev.careflow.transitions.internal.StoredStateMerge.CLEARED_EXTENSION))
                .extracting(e -> e.getValue().primitiveValue())
                .containsExactlyInAnyOrder("address", "telecom");
    }

    @Test
    void anAssigningAuthorityWithSpacesOrCommas_isAValidUri() throws Exception {
        String ward = pv1("I", "", "", "20250301081500", "")
                .replace("4W^401^A^GENHOSP", "Mercy General, 5 North^501^A^Mercy General");
        Bundle bundle = mapper.toNotification(parse(msh("A01", "2.5.1"), PID, ward));

        Location location = only(bundle, Location.class);
        assertThat(location.getIdentifierFirstRep().getSystem())
                .isEqualTo("urn:careflow:v2:assigning-authority:Mercy%20General:location")
                .doesNotContainAnyWhitespaces();
        assertThat(location.getIdentifierFirstRep().getValue()).isEqualTo("Mercy General, 5 North^501^A");
    }

    @Test
    void refusals_carryTheirTable0357Code() throws Exception {
        Message preAdmit = parse(msh("A05", "2.5"), PID, pv1("O", "", "", "20250301081500", ""));
        Message discharge = parse(msh("A03", "2.5.1"), PID, pv1("I", "", "01", "20250301081500", ""));

        assertThatThrownBy(() -> mapper.toNotification(preAdmit))
                .isInstanceOfSatisfying(AdtMappingException.class, e -> assertThat(e.code())
                        .isEqualTo(ca.uhn.hl7v2.ErrorCode.UNSUPPORTED_EVENT_CODE));
        assertThatThrownBy(() -> mapper.toNotification(discharge))
                .isInstanceOfSatisfying(AdtMappingException.class, e -> assertThat(e.code())
                        .isEqualTo(ca.uhn.hl7v2.ErrorCode.REQUIRED_FIELD_MISSING));
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "A02, notification-transfer",
        "A04, notification-admit",
        "A06, notification-admit",
        "A07, notification-transfer"
    })
    void transfersRegistrationsAndClassChanges_areTakenAsTheirDaVinciEvent(String trigger, String event)
            throws Exception {
        Bundle bundle =
                mapper.toNotification(parse(msh(trigger, "2.5.1"), PID, pv1("I", "", "", "20250301081500", "")));

        assertThat(only(bundle, MessageHeader.class).getEventCoding().getCode()).isEqualTo(event);
        assertThat(only(bundle, Encounter.class).getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
    }

    @Test
    void aMerge_namesTheSurvivingAndThePriorRecord() throws Exception {
        Message merge = parse(
                msh("A40", "2.5.1").replace("ADT^A40", "ADT^A40^ADT_A39"),
                "EVN|A40|20250306120000-0500",
                PID,
                "MRG|MRN-12^^^HOSP^MR");

        AdtToFhirMapper.PatientMerge merged = mapper.toMerge(merge);

        assertThat(merged.surviving()).extracting(i -> i.getValue()).contains("MRN-77");
        assertThat(merged.prior()).singleElement().satisfies(i -> {
            assertThat(i.getSystem()).isEqualTo("urn:careflow:v2:assigning-authority:HOSP");
            assertThat(i.getValue()).isEqualTo("MRN-12");
        });
    }

    @Test
    void anA34_isAMergeNamingTheRecordsLikeAnA40() throws Exception {
        Message merge = parse(
                msh("A34", "2.5.1").replace("ADT^A34", "ADT^A34^ADT_A30"),
                "EVN|A34|20250306120000-0500",
                "PID|1||MRN-77^^^HOSP^MR||Okafor^Ada^N||19480312|F",
                "MRG|MRN-12^^^HOSP^MR");

        AdtToFhirMapper.PatientMerge merged = mapper.toMerge(merge);

        assertThat(AdtToFhirMapper.MERGES).contains("A34", "A40");
        assertThat(AdtToFhirMapper.TRIGGERS).containsKey("A34");
        assertThat(merged.surviving()).extracting(i -> i.getValue()).containsExactly("MRN-77");
        assertThat(merged.prior()).extracting(i -> i.getValue()).containsExactly("MRN-12");
        assertThatThrownBy(() -> mapper.toNotification(merge))
                .isInstanceOf(AdtMappingException.class)
                .hasMessageContaining("ADT^A34 is a patient merge");
    }
}
