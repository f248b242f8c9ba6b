package dev.careflow.transitions;

import static dev.careflow.transitions.TransitionsFixtures.DAY_AFTER;
import static dev.careflow.transitions.TransitionsFixtures.DISCHARGE;
import static dev.careflow.transitions.TransitionsFixtures.received;
import static dev.careflow.transitions.TransitionsFixtures.store;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import dev.careflow.testing.FixtureRepository;
import dev.careflow.transitions.internal.DischargeDispositions;
import dev.careflow.transitions.internal.v2.AdtToFhirMapper;
import java.time.ZoneId;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Where the patient went on discharge decides TCM: a community setting starts it, another facility or a death not. */
class DischargeDestinationTest {

    private static final HapiContext HL7 = new DefaultHapiContext();

    static {
        HL7.setModelClassFactory(new CanonicalModelClassFactory("2.5.1"));
        HL7.setValidationContext(ValidationContextFactory.noValidation());
    }

    private final FixtureRepository repository = FixtureRepository.empty();

    @ParameterizedTest
    @CsvSource({
        "01,true", "1,true", "06,true", "07,true", "50,true", "81,true", "86,true", "02,false", "03,false",
        "04,false", "05,false", "20,false", "41,false", "51,false", "61,false", "62,false", "63,false", "64,false",
        "65,false", "66,false", "70,false", "83,false", "ZZ,true"
    })
    void table0112_tellsACommunitySettingFromAnotherFacilityOrADeath(String code, boolean community) {
        CodeableConcept disposition = new CodeableConcept(new Coding(DischargeDispositions.V2_0112, code, null));

        assertThat(DischargeDispositions.notToCommunity(disposition).isEmpty())
                .as(code)
                .isEqualTo(community);
    }

    @ParameterizedTest
    @CsvSource({
        "home,true",
        "alt-home,true",
        "aadvice,true",
        "oth,true",
        "hosp,false",
        "snf,false",
        "exp,false",
        "rehab,false",
        "long,false",
        "psy,false",
        "other-hcf,false"
    })
    void fhirDischargeDispositionCodes_areReadToo(String code, boolean community) {
        CodeableConcept disposition =
                new CodeableConcept(new Coding(DischargeDispositions.FHIR_DISCHARGE_DISPOSITION, code, null));

        assertThat(DischargeDispositions.notToCommunity(disposition).isEmpty())
                .as(code)
                .isEqualTo(community);
    }

    @ParameterizedTest
    @ValueSource(strings = {"02", "03", "20"})
    void anA03ToAnotherHospitalASnfOrADeath_storesTheDispositionAndStartsNoTcm(String disposition) throws Exception {
        NotificationOutcome outcome = store(repository, DAY_AFTER).store(received(v2("A03", disposition)));

        assertThat(outcome.followUp()).isEmpty();
        assertThat(repository.all(EpisodeOfCare.class)).isEmpty();
        assertThat(repository.all(Task.class)).isEmpty();
        Encounter encounter = repository.all(Encounter.class).get(0);
        assertThat(encounter.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
        assertThat(encounter.getHospitalization().getDischargeDisposition().getCodingFirstRep())
                .satisfies(c -> {
                    assertThat(c.getSystem()).isEqualTo(DischargeDispositions.V2_0112);
                    assertThat(c.getCode()).isEqualTo(disposition);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"01", "06"})
    void anA03HomeOrToHomeHealth_startsTcm(String disposition) throws Exception {
        store(repository, DAY_AFTER).store(received(v2("A03", disposition)));

        assertThat(repository.all(EpisodeOfCare.class)).hasSize(1);
        assertThat(repository.all(Task.class)).hasSize(3);
    }

    @Test
    void anA02ToASnf_isATransferNotADischarge() throws Exception {
        store(repository, DAY_AFTER).store(received(v2("A01", "")));
        Bundle transfer = v2("A02", "03");

        NotificationOutcome outcome = store(repository, DAY_AFTER).store(received(transfer));

        assertThat(outcome.followUp()).isEmpty();
        Encounter encounter = repository.all(Encounter.class).get(0);
        assertThat(encounter.getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
        assertThat(encounter.getPeriod().hasEnd()).isFalse();
        assertThat(repository.all(EpisodeOfCare.class)).isEmpty();
        assertThat(repository.all(Task.class))
                .noneMatch(t -> t.getCode().getCodingFirstRep().getCode().startsWith("tcm"));
    }

    @Test
    void aDaVinciDischargeToASnf_startsNoTcm() {
        Bundle message = FixtureRepository.resource(Bundle.class, DISCHARGE);
        encounterOf(message)
                .getHospitalization()
                .setDischargeDisposition(new CodeableConcept(
                        new Coding("http://terminology.hl7.org/CodeSystem/nubc-UB92", "3", "Skilled nursing")));

        NotificationOutcome outcome = store(repository, DAY_AFTER).store(received(message));

        assertThat(outcome.followUp()).isEmpty();
        assertThat(repository.all(EpisodeOfCare.class)).isEmpty();
        assertThat(repository
                        .all(Encounter.class)
                        .get(0)
                        .getHospitalization()
                        .getDischargeDisposition()
                        .getCodingFirstRep()
                        .getCode())
                .isEqualTo("3");
    }

    @Test
    void aDaVinciTransferOfAFinishedEncounter_isNotADischarge() {
        Bundle message = FixtureRepository.resource(Bundle.class, DISCHARGE);
        ((org.hl7.fhir.r4.model.MessageHeader) message.getEntryFirstRep().getResource())
                .getEventCoding()
                .setCode(NotificationEvent.TRANSFER.code());

        NotificationOutcome outcome = store(repository, DAY_AFTER).store(received(message));

        assertThat(outcome.followUp()).isEmpty();
        assertThat(repository.all(EpisodeOfCare.class)).isEmpty();
    }

    private static Encounter encounterOf(Bundle message) {
        return message.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(Encounter.class::isInstance)
                .map(Encounter.class::cast)
                .findFirst()
                .orElseThrow();
    }

    /** An ADT message of the trigger about one inpatient stay discharged on 2018-10-23 to the disposition. */
    private static Bundle v2(String trigger, String disposition) throws Exception {
        String[] pv1 = new String[46];
        java.util.Arrays.fill(pv1, "");
        pv1[0] = "PV1";
        pv1[1] = "1";
        pv1[2] = "I";
        pv1[3] = "A02".equals(trigger) ? "SNF^1^A^MERCY" : "4W^401^A^GENHOSP";
        pv1[19] = "V-88^^^HOSP";
        pv1[36] = disposition;
        pv1[44] = "20181020081500";
        pv1[45] = "A01".equals(trigger) ? "" : "20181023113000";
        String er7 = String.join(
                "\r",
                "MSH|^~\\&|EPIC|GENHOSP|CAREFLOW|CF|20181023120000||ADT^" + trigger + "|CTRL-" + trigger + "|P|2.5.1",
                "EVN|" + trigger + "|20181023113000",
                "PID|1||MRN-77^^^HOSP^MR||Okafor^Ada||19480312|F",
                String.join("|", pv1));
        return new AdtToFhirMapper(ZoneId.of("UTC"))
                .toNotification(HL7.getPipeParser().parse(er7));
    }
}
