package dev.careflow.demo;

import dev.careflow.careteam.CareManagerDirectory;
import dev.careflow.vocabulary.CodeSystems;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/** The demo data's own resources and the discharge message it sends; no storage. */
final class DemoResources {

    static final String SYSTEM = "https://careflow.dev/fhir/demo";
    static final String CARE_MANAGER = "Practitioner/demo-care-manager";
    static final String MARKER = "Basic/careflow-demo-data";
    static final String DISCHARGED = "demo-discharged";
    static final String SCREENED = "demo-screened";
    static final String REFERRED = "demo-patient";
    /** The discharged patient's medical record number at the demo hospital (PID-3, assigning authority HOSP). */
    static final String DISCHARGED_MRN = "DEMO-0001";

    private static final String MRN_SYSTEM = "urn:careflow:v2:assigning-authority:HOSP";
    private static final DateTimeFormatter V2_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmssZ");

    /** The caseload: id, given name, family name, gender, birth date. */
    static final List<String[]> PATIENTS = List.of(
            new String[] {REFERRED, "Pat", "Demo", "female", "1954-06-02"},
            new String[] {DISCHARGED, "Walter", "Reyes", "male", "1946-01-17"},
            new String[] {SCREENED, "Maria", "Lopez", "female", "1961-09-30"},
            new String[] {"demo-helen-park", "Helen", "Park", "female", "1950-03-08"},
            new String[] {"demo-samuel-okoro", "Samuel", "Okoro", "male", "1957-11-21"});

    private DemoResources() {}

    static Practitioner careManager() {
        Practitioner practitioner =
                new Practitioner().addName(name("Carla", "Demo")).setActive(true);
        practitioner.setId(CARE_MANAGER);
        return practitioner;
    }

    static Patient patient(String[] row) {
        Patient patient = new Patient()
                .addName(name(row[1], row[2]))
                .setGender(Enumerations.AdministrativeGender.fromCode(row[3]))
                .setActive(true);
        patient.getBirthDateElement().setValueAsString(row[4]);
        patient.addIdentifier().setSystem(SYSTEM).setValue(row[0]);
        if (row[0].equals(DISCHARGED)) {
            patient.addIdentifier().setSystem(MRN_SYSTEM).setValue(DISCHARGED_MRN);
        }
        patient.setId("Patient/" + row[0]);
        return patient;
    }

    /** The care manager's caseload: one active CareTeam per patient with the demo care manager as care manager. */
    static CareTeam careTeam(String patientId) {
        CareTeam team = new CareTeam()
                .setStatus(CareTeam.CareTeamStatus.ACTIVE)
                .setName("Care management")
                .setSubject(new Reference("Patient/" + patientId));
        team.addParticipant()
                .setMember(new Reference(CARE_MANAGER))
                .addRole(new CodeableConcept(
                        new Coding(CareManagerDirectory.CARE_TEAM_ROLE, CareManagerDirectory.CARE_MANAGER, null)));
        team.setId("CareTeam/" + patientId + "-team");
        return team;
    }

    static Organization communityPartner() {
        Organization organization = new Organization()
                .setName("Eastside Diabetes Education Program")
                .setActive(true);
        organization.setId("Organization/demo-community-partner");
        return organization;
    }

    /** An open referral: a ServiceRequest and the Task asking the community partner to fulfil it. */
    static ServiceRequest referral(Date authored) {
        ServiceRequest request = new ServiceRequest()
                .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER)
                .setSubject(new Reference("Patient/" + REFERRED))
                .setCode(new CodeableConcept().setText("Referral to a diabetes self-management education program"))
                .setRequester(new Reference(CARE_MANAGER))
                .setAuthoredOn(authored);
        request.setId("ServiceRequest/demo-referral");
        return request;
    }

    static Task referralTask(Date authored) {
        Task task = new Task()
                .setStatus(Task.TaskStatus.REQUESTED)
                .setIntent(Task.TaskIntent.ORDER)
                .setPriority(Task.TaskPriority.ROUTINE)
                .setCode(new CodeableConcept(new Coding(CodeSystems.TASK_CODE, "fulfill", null)))
                .setFocus(new Reference("ServiceRequest/demo-referral"))
                .setFor(new Reference("Patient/" + REFERRED))
                .setRequester(new Reference(CARE_MANAGER))
                .setOwner(new Reference("Organization/demo-community-partner"))
                .setAuthoredOn(authored);
        task.setId("Task/demo-referral");
        return task;
    }

    /** What says the demo data is there, written last: a restart or a second node finds it and seeds nothing. */
    static Basic marker(Date seeded) {
        Basic marker = new Basic()
                .setCode(new CodeableConcept().setText("Careflow demo data"))
                .setCreated(seeded);
        marker.addIdentifier().setSystem(SYSTEM).setValue("seeded");
        marker.setId(MARKER);
        return marker;
    }

    /**
     * An HL7 v2 A03 (discharge) of the discharged patient from the demo hospital: admitted four days before
     * {@code now}, discharged home the day before, with heart failure and diabetes.
     */
    static String discharge(ZonedDateTime now) {
        String sent = V2_TIME.format(now);
        String admitted =
                V2_TIME.format(now.minusDays(4).withHour(8).withMinute(15).withSecond(0));
        String discharged =
                V2_TIME.format(now.minusDays(1).withHour(14).withMinute(0).withSecond(0));
        return String.join(
                        "\r",
                        "MSH|^~\\&|DEMO|GENHOSP^2.16.840.1.113883.3.1^ISO|CAREFLOW|CF|" + sent
                                + "||ADT^A03|DEMO-DISCHARGE-1|P|2.5.1",
                        "EVN|A03|" + sent,
                        "PID|1||" + DISCHARGED_MRN + "^^^HOSP^MR||Reyes^Walter||19460117|M|||"
                                + "48 Oak Ave^^Springfield^IL^62701^USA||(217)555-0142",
                        "PV1|1|I|4W^402^A^GENHOSP||||1234567890^Nguyen^Linh^^^^^^NPI|||||||7|||||V-DEMO-0001"
                                + "|||||||||||||||||01||||||||" + admitted + "|" + discharged,
                        "DG1|1||I50.9^Heart failure, unspecified^I10||" + admitted.substring(0, 8) + "|A",
                        "DG1|2||E11.9^Type 2 diabetes mellitus without complications^I10||" + admitted.substring(0, 8)
                                + "|A",
                        "IN1|1|MCR-A^Medicare Part A|MEDICARE^^^CMS|Medicare||||||||||||||||||||||||||||||||"
                                + "1EG4TE5MK73")
                + "\r";
    }

    private static HumanName name(String given, String family) {
        return new HumanName().setText(given + " " + family).setFamily(family).addGiven(given);
    }
}
