package dev.careflow.transitions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowIT;
import dev.careflow.transitions.internal.v2.MllpFraming;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What a hospital feed must be able to trust: names with any character match what is stored, a refused message stores
 * nothing, copies and corrections sent at once start care once, one connection's messages are applied and answered in
 * order, older events never overwrite newer state, updates change only what they carry, and ACKs follow table 0357.
 */
class FeedReliabilityIT extends CareflowIT {

    private static final String CARE_TASK = "https://careflow.dev/fhir/CodeSystem/care-task";
    private static final String MRN_SYSTEM = "urn:careflow:v2:assigning-authority:HOSP";
    private static final String FIXTURES = "/fixtures/transitions/davinci/";

    @Autowired
    MllpListener mllp;

    // ------------------------------------------------------------------ HL7 v2 messages

    /** An ADT message; {@code pv1} gives PV1 fields by number. */
    private static String adt(
            String trigger, String controlId, String mrn, String eventTime, Map<Integer, String> pv1) {
        return adt(trigger, controlId, "P", "2.5.1", mrn, eventTime, "12 Elm St^^Springfield^IL^62701^USA", pv1);
    }

    private static String adt(
            String trigger,
            String controlId,
            String processingId,
            String version,
            String mrn,
            String eventTime,
            String address,
            Map<Integer, String> pv1) {
        String[] fields = new String[46];
        Arrays.fill(fields, "");
        fields[0] = "PV1";
        fields[1] = "1";
        fields[2] = "I";
        fields[3] = "4W^401^A^GENHOSP";
        fields[7] = "1234567890^Nguyen^Linh^^^^^^NPI";
        fields[14] = "7";
        fields[19] = "V" + mrn;
        fields[44] = "20250301081500-0500";
        pv1.forEach((field, value) -> fields[field] = value);
        return String.join(
                        "\r",
                        "MSH|^~\\&|EPIC|GENHOSP|CAREFLOW|CF|20250305120000-0500||ADT^" + trigger + "|" + controlId + "|"
                                + processingId + "|" + version,
                        "EVN|" + trigger + "|" + eventTime,
                        "PID|1||" + mrn + "^^^HOSP^MR||Okafor^Ada||19480312|F|||" + address + "||(217)555-0101",
                        String.join("|", fields))
                + "\r";
    }

    private static Map<Integer, String> admitted() {
        return Map.of();
    }

    private static Map<Integer, String> discharged(String at) {
        return Map.of(36, "01", 45, at);
    }

    private static String mrn() {
        return "M" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Sends messages on one MLLP connection, all written before any ACK is read (pipelined); the ACKs in order. */
    private List<String> overMllp(List<String> messages) {
        return overMllp(messages, messages.size());
    }

    /** Sends messages on one MLLP connection, pipelined; the given number of ACKs read back, in order. */
    private List<String> overMllp(List<String> messages, int expectedAcks) {
        try (Socket socket = new Socket("localhost", mllp.port())) {
            socket.setSoTimeout(180_000);
            OutputStream out = socket.getOutputStream();
            for (String message : messages) {
                MllpFraming.write(out, message.getBytes(StandardCharsets.UTF_8));
            }
            InputStream in = new BufferedInputStream(socket.getInputStream());
            List<String> acks = new ArrayList<>();
            for (int i = 0; i < expectedAcks; i++) {
                byte[] ack = MllpFraming.read(in, 1 << 20);
                assertThat(ack).as("ACK " + i).isNotNull();
                acks.add(new String(ack, StandardCharsets.UTF_8));
            }
            return acks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String overMllp(String message) {
        return overMllp(List.of(message)).get(0);
    }

    private String overHttp(String er7) {
        return RestAssured.given()
                .baseUri("http://localhost:" + port)
                .contentType("x-application/hl7-v2+er7; charset=UTF-8")
                .body(er7.getBytes(StandardCharsets.UTF_8))
                .post("/hl7v2")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    private static String[] segment(String ack, String name) {
        for (String segment : ack.split("\r")) {
            if (segment.startsWith(name + "|")) {
                return segment.split("\\|", -1);
            }
        }
        return null;
    }

    private static String field(String ack, String segment, int field) {
        String[] fields = segment(ack, segment);
        if (fields == null) {
            return null;
        }
        int index = segment.equals("MSH") ? field - 1 : field;
        return index < fields.length ? fields[index] : "";
    }

    /** The ACK without what differs on every answer (its own time and control id). */
    private static String comparable(String ack) {
        String[] msh = segment(ack, "MSH");
        msh[6] = "";
        msh[9] = "";
        return String.join("|", msh) + ack.substring(ack.indexOf('\r'));
    }

    // ------------------------------------------------------------------ FHIR helpers

    private <T extends Resource> List<T> search(Class<T> type, String query) {
        Bundle bundle = parse(
                Bundle.class,
                fhir().get("/" + query).then().statusCode(200).extract().asString());
        return bundle.getEntry().stream().map(e -> type.cast(e.getResource())).toList();
    }

    private String patientId(String system, String mrn) {
        List<Patient> patients = search(Patient.class, "Patient?identifier=" + system + "|" + mrn);
        assertThat(patients).as("one patient " + mrn).hasSize(1);
        return patients.get(0).getIdElement().toUnqualifiedVersionless().getValue();
    }

    private Encounter onlyEncounter(String patient) {
        List<Encounter> encounters = search(Encounter.class, "Encounter?patient=" + patient);
        assertThat(encounters).hasSize(1);
        return encounters.get(0);
    }

    private List<Task> careTasks(String patient) {
        return search(Task.class, "Task?patient=" + patient + "&code=" + CARE_TASK + "|&_count=100");
    }

    private Bundle fixture(String name) {
        try (InputStream in = FeedReliabilityIT.class.getResourceAsStream(FIXTURES + name)) {
            return parse(Bundle.class, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Da Vinci discharge example as a new message about a new patient and encounter. */
    private Bundle discharge(String mrn, String end) {
        Bundle message = fixture("discharge-notification-message-bundle-01.json");
        message.getEntryFirstRep().getResource().setId(UUID.randomUUID().toString());
        for (Bundle.BundleEntryComponent entry : message.getEntry()) {
            if (entry.getResource() instanceof Patient patient) {
                patient.getIdentifier().clear();
                patient.addIdentifier().setSystem(TEST_SYSTEM).setValue(mrn);
            } else if (entry.getResource() instanceof Encounter encounter) {
                encounter.getIdentifier().clear();
                encounter.addIdentifier().setSystem(TEST_SYSTEM + "/encounter").setValue("enc-" + mrn);
                encounter.getPeriod().setStartElement(new org.hl7.fhir.r4.model.DateTimeType("2025-03-03T10:00:00Z"));
                encounter.getPeriod().setEndElement(new org.hl7.fhir.r4.model.DateTimeType(end));
            }
        }
        return message;
    }

    private Response post(Bundle message) {
        return fhir().body(json(message)).post("/$process-message");
    }

    private static <T> List<T> atOnce(int copies, java.util.function.IntFunction<Callable<T>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                Callable<T> call = task.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(300, java.util.concurrent.TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ 1. natural keys

    @Test
    void wardWithACommaInItsName_isTheSameStoredLocationInTheNextMessage() {
        Map<Integer, String> ward = Map.of(3, "Mercy General, 5 North^501^A^Mercy General");
        String first = mrn();
        String second = mrn();

        assertThat(field(overHttp(adt("A01", "W1-" + first, first, "20250301081500-0500", ward)), "MSA", 1))
                .isEqualTo("AA");
        assertThat(field(overHttp(adt("A01", "W2-" + second, second, "20250301091500-0500", ward)), "MSA", 1))
                .isEqualTo("AA");

        String a = onlyEncounter(patientId(MRN_SYSTEM, first))
                .getLocationFirstRep()
                .getLocation()
                .getReference();
        String b = onlyEncounter(patientId(MRN_SYSTEM, second))
                .getLocationFirstRep()
                .getLocation()
                .getReference();
        assertThat(a).isNotNull().isEqualTo(b);
    }

    @Test
    void placesAndOrganizationsWithoutIdentifiers_areMatchedOnTheirExactNameWhateverItHolds() {
        String wardName = "Mercy General, 5 North $2 | Hôpital \\ Nord " + UUID.randomUUID();
        String payerName = "Mercy Health, Inc. " + UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            Bundle message = discharge("mrn-" + UUID.randomUUID(), "2025-03-07T10:00:00Z");
            for (Bundle.BundleEntryComponent entry : message.getEntry()) {
                if (entry.getResource() instanceof Location location) {
                    location.getIdentifier().clear();
                    location.setName(wardName);
                } else if (entry.getResource() instanceof Organization organization
                        && "Blue Cross Blue Shield".equals(organization.getName())) {
                    organization.getIdentifier().clear();
                    organization.setName(payerName);
                }
            }
            post(message).then().statusCode(200);
        }

        assertThat(byExactName(Location.class, wardName)).hasSize(1);
        assertThat(byExactName(Organization.class, payerName)).hasSize(1);
    }

    /** A search by exact name, escaped for FHIR search (REST Assured percent-encodes it). */
    private <T extends Resource> List<T> byExactName(Class<T> type, String name) {
        String escaped = name.replace("\\", "\\\\")
                .replace(",", "\\,")
                .replace("$", "\\$")
                .replace("|", "\\|");
        Bundle bundle = parse(
                Bundle.class,
                fhir().queryParam("name:exact", escaped)
                        .get("/" + type.getSimpleName())
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        return bundle.getEntry().stream().map(e -> type.cast(e.getResource())).toList();
    }

    // ------------------------------------------------------------------ 2. atomicity

    private Map<String, Integer> countEveryType() {
        CapabilityStatement metadata = parse(
                CapabilityStatement.class,
                fhir().get("/metadata").then().statusCode(200).extract().asString());
        // Every type but AuditEvent: the audit trail records each request, the counting searches included (invariant
        // 9).
        List<String> types = metadata.getRestFirstRep().getResource().stream()
                .map(CapabilityStatement.CapabilityStatementRestResourceComponent::getType)
                .filter(type -> !type.equals("AuditEvent"))
                .toList();
        Map<String, Integer> counts = new java.util.concurrent.ConcurrentSkipListMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String type : types) {
                done.add(pool.submit(() -> counts.put(
                        type,
                        fhir().get("/" + type + "?_summary=count")
                                .then()
                                .statusCode(200)
                                .extract()
                                .path("total"))));
            }
            for (Future<?> future : done) {
                future.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
        assertThat(counts).hasSize(types.size());
        return new TreeMap<>(counts);
    }

    @Test
    void aMessageRefusedAfterItsResourcesWereMatched_storesNothingAtAll() {
        Bundle message = discharge("mrn-" + UUID.randomUUID(), "2025-03-07T10:00:00Z");
        // The Patient twice under two fullUrls, the Encounter naming the second: refused (422) only once the
        // carried resources have been matched and written.
        Bundle.BundleEntryComponent patient = message.getEntry().stream()
                .filter(e -> e.getResource() instanceof Patient)
                .findFirst()
                .orElseThrow();
        String copyUrl = "urn:uuid:" + UUID.randomUUID();
        Patient copy = ((Patient) patient.getResource()).copy();
        copy.setId(copyUrl.substring("urn:uuid:".length()));
        message.addEntry().setFullUrl(copyUrl).setResource(copy);
        for (Bundle.BundleEntryComponent entry : message.getEntry()) {
            if (entry.getResource() instanceof Encounter encounter) {
                encounter.getSubject().setReference(copyUrl);
            }
        }
        Map<String, Integer> before = countEveryType();

        post(message).then().statusCode(422);

        assertThat(countEveryType()).isEqualTo(before);
    }

    @Test
    void refusedHl7v2Messages_storeNothingAtAll() {
        String surviving = mrn();
        String unknown = mrn();
        assertThat(field(
                        overMllp(adt("A01", "A-" + surviving, surviving, "20250301081500-0500", admitted())), "MSA", 1))
                .isEqualTo("AA");
        String discharge = mrn();
        // Refused while mapped: a discharge without a patient identifier (PID-3), one with an unreadable event time.
        String withoutPatient = adt(
                        "A03", "P-" + discharge, discharge, "20250304100000-0500", discharged("20250304100000-0500"))
                .replace("PID|1||" + discharge + "^^^HOSP^MR|", "PID|1|||");
        String badTime = adt("A03", "T-" + discharge, discharge, "2025-03-04", discharged("20250304100000-0500"));
        // Refused inside its transaction, after the surviving record was found: the prior record is not known.
        String merge = String.join(
                        "\r",
                        "MSH|^~\\&|EPIC|GENHOSP|CAREFLOW|CF|20250306120000-0500||ADT^A40^ADT_A39|M-" + unknown
                                + "|P|2.5.1",
                        "EVN|A40|20250306120000-0500",
                        "PID|1||" + surviving + "^^^HOSP^MR||Okafor^Ada||19480312|F",
                        "MRG|" + unknown + "^^^HOSP^MR")
                + "\r";
        Map<String, Integer> before = countEveryType();

        List<String> acks = List.of(overHttp(withoutPatient), overMllp(badTime), overMllp(merge));

        assertThat(acks)
                .allSatisfy(ack -> assertThat(field(ack, "MSA", 1)).as(ack).isIn("AE", "AR"));
        // The refusal itself may be audited (invariant 9); nothing else is stored.
        Map<String, Integer> after = countEveryType();
        after.remove("AuditEvent");
        before.remove("AuditEvent");
        assertThat(after).isEqualTo(before);
    }

    // ------------------------------------------------------------------ 3. idempotency under concurrency

    @RepeatedTest(20)
    void tenCopiesOfOneDischargeAtOnce_startOneEpisodeAndThreeTasks() throws Exception {
        String mrn = "mrn-" + UUID.randomUUID();
        String body = json(discharge(mrn, "2025-03-07T10:00:00Z"));

        List<Integer> statuses = atOnce(
                10, i -> () -> fhir().body(body).post("/$process-message").statusCode());

        assertThat(statuses).containsOnly(200);
        String patient = patientId(TEST_SYSTEM, mrn);
        assertThat(search(EpisodeOfCare.class, "EpisodeOfCare?patient=" + patient))
                .hasSize(1);
        assertThat(careTasks(patient)).hasSize(3);
        assertThat(search(Encounter.class, "Encounter?patient=" + patient)).hasSize(1);
    }

    /**
     * Discharges of eight patients from one hospital at once (the same Organization, the same profiles on every TCM
     * CarePlan and Task): processed in parallel, each answered 200 with its own episode and three Tasks.
     */
    @RepeatedTest(5)
    void dischargesOfEightPatientsAtOnce_eachStartItsOwnEpisodeAndThreeTasks() throws Exception {
        List<String> mrns = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String mrn = "mrn-" + UUID.randomUUID();
            mrns.add(mrn);
            bodies.add(json(discharge(mrn, "2025-03-07T10:00:00Z")));
        }

        List<String> answers = atOnce(8, i -> () -> {
            Response response = fhir().body(bodies.get(i)).post("/$process-message");
            return response.statusCode() + (response.statusCode() == 200 ? "" : " " + response.asString());
        });

        assertThat(answers).containsOnly("200");
        for (String mrn : mrns) {
            String patient = patientId(TEST_SYSTEM, mrn);
            assertThat(search(EpisodeOfCare.class, "EpisodeOfCare?patient=" + patient))
                    .hasSize(1);
            assertThat(careTasks(patient)).hasSize(3);
        }
    }

    @RepeatedTest(20)
    void fiveDifferentCorrectionsOfOneDischargeAtOnce_startOneEpisodeAndThreeTasks() throws Exception {
        String mrn = "mrn-" + UUID.randomUUID();
        List<String> corrections = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            corrections.add(json(discharge(mrn, "2025-03-0" + (3 + i) + "T10:00:00Z")));
        }

        List<Integer> statuses = atOnce(
                5,
                i -> () -> fhir().body(corrections.get(i))
                        .post("/$process-message")
                        .statusCode());

        assertThat(statuses).containsOnly(200);
        String patient = patientId(TEST_SYSTEM, mrn);
        assertThat(search(EpisodeOfCare.class, "EpisodeOfCare?patient=" + patient))
                .hasSize(1);
        assertThat(careTasks(patient)).hasSize(3);
    }

    @Test
    void tenCopiesOfOneA03OnTenMllpConnectionsAtOnce_startOneEpisodeAndThreeTasks() throws Exception {
        String mrn = mrn();
        overMllp(adt("A01", "A-" + mrn, mrn, "20250301081500-0500", admitted()));
        String a03 = adt("A03", "D-" + mrn, mrn, "20250304100000-0500", discharged("20250304100000-0500"));

        List<String> acks = atOnce(10, i -> () -> overMllp(a03));

        assertThat(acks).allSatisfy(ack -> assertThat(field(ack, "MSA", 1)).isEqualTo("AA"));
        String patient = patientId(MRN_SYSTEM, mrn);
        assertThat(search(EpisodeOfCare.class, "EpisodeOfCare?patient=" + patient))
                .hasSize(1);
        assertThat(careTasks(patient)).hasSize(3);
    }

    // ------------------------------------------------------------------ 4. order

    @Test
    void twentyAdmitDischargePairsPipelinedOnOneConnection_areAppliedAndAcknowledgedInOrder() {
        List<String> messages = new ArrayList<>();
        List<String> mrns = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String mrn = mrn();
            mrns.add(mrn);
            // Same event time on both: only the order of the connection says the discharge comes last.
            messages.add(adt("A01", "P" + i + "A-" + mrn, mrn, "20250305120000-0500", admitted()));
            messages.add(
                    adt("A03", "P" + i + "D-" + mrn, mrn, "20250305120000-0500", discharged("20250305120000-0500")));
        }

        List<String> acks = overMllp(messages);

        for (int i = 0; i < messages.size(); i++) {
            assertThat(field(acks.get(i), "MSA", 1)).as("ACK " + i).isEqualTo("AA");
            assertThat(field(acks.get(i), "MSA", 2)).as("ACK " + i).isEqualTo(field(messages.get(i), "MSH", 10));
        }
        for (String mrn : mrns) {
            String patient = patientId(MRN_SYSTEM, mrn);
            Encounter encounter = onlyEncounter(patient);
            assertThat(encounter.getStatus()).as(mrn).isEqualTo(Encounter.EncounterStatus.FINISHED);
            assertThat(careTasks(patient)).as(mrn).hasSize(3);
        }
    }

    @Test
    void aLateOrResentAdmit_neverReopensTheDischarge() {
        String mrn = mrn();
        overMllp(adt("A01", "A-" + mrn, mrn, "20250301081500-0500", admitted()));
        overMllp(adt("A03", "D-" + mrn, mrn, "20250304100000-0500", discharged("20250304100000-0500")));

        // Late: an admit recorded before the discharge arrives after it; resent: the admit again, sent later.
        String late = overMllp(adt("A01", "L-" + mrn, mrn, "20250302090000-0500", admitted()));
        String resent = overHttp(adt("A01", "R-" + mrn, mrn, "20250306090000-0500", admitted()));

        assertThat(field(late, "MSA", 1)).isEqualTo("AA");
        assertThat(field(resent, "MSA", 1)).isEqualTo("AA");
        String patient = patientId(MRN_SYSTEM, mrn);
        Encounter encounter = onlyEncounter(patient);
        assertThat(encounter.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
        assertThat(encounter.getPeriod().getEndElement().getValueAsString()).isEqualTo("2025-03-04T10:00:00-05:00");
        assertThat(careTasks(patient))
                .extracting(t -> t.getCode().getCodingFirstRep().getCode())
                .containsExactlyInAnyOrder(
                        "tcm-interactive-contact", "tcm-face-to-face-visit", "medication-reconciliation");
    }

    // ------------------------------------------------------------------ 5. updates

    @Test
    void anA08AfterDischarge_updatesTheAddressAndNeverReopensOrRaisesAnAdmissionNotice() {
        String mrn = mrn();
        overMllp(adt("A01", "A-" + mrn, mrn, "20250301081500-0500", admitted()));
        overMllp(adt("A03", "D-" + mrn, mrn, "20250304100000-0500", discharged("20250304100000-0500")));

        String ack = overMllp(adt(
                "A08",
                "U-" + mrn,
                "P",
                "2.5.1",
                mrn,
                "20250305100000-0500",
                "77 Oak Ave^^Peoria^IL^61602^USA",
                Map.of(13, "")));

        assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
        String patient = patientId(MRN_SYSTEM, mrn);
        Patient stored = search(Patient.class, "Patient?_id=" + patient.substring("Patient/".length()))
                .get(0);
        assertThat(stored.getAddress()).hasSize(1);
        assertThat(stored.getAddressFirstRep().getCity()).isEqualTo("Peoria");
        assertThat(stored.getNameFirstRep().getFamily()).isEqualTo("Okafor");
        Encounter encounter = onlyEncounter(patient);
        assertThat(encounter.getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
        assertThat(encounter.getPeriod().hasEnd()).isTrue();
        assertThat(careTasks(patient))
                .extracting(t -> t.getCode().getCodingFirstRep().getCode())
                .doesNotContain("admission-notice", "readmission-review")
                .hasSize(3);
    }

    @Test
    void aFieldSentAsTwoDoubleQuotes_isCleared() {
        String mrn = mrn();
        overMllp(adt("A01", "A-" + mrn, mrn, "20250301081500-0500", admitted()));

        overMllp(adt("A08", "U-" + mrn, "P", "2.5.1", mrn, "20250302081500-0500", "\"\"", Map.of()));

        String patient = patientId(MRN_SYSTEM, mrn);
        Patient stored = search(Patient.class, "Patient?_id=" + patient.substring("Patient/".length()))
                .get(0);
        assertThat(stored.getAddress()).isEmpty();
        assertThat(stored.getTelecom()).isNotEmpty();
        assertThat(stored.getExtension()).isEmpty();
    }

    // ------------------------------------------------------------------ 6. replies

    @Test
    void processMessageReply_namesTheRequestHeaderAndPointsNowhereThatDoesNotExist() {
        Bundle message = discharge("mrn-" + UUID.randomUUID(), "2025-03-07T10:00:00Z");
        String requestId =
                message.getEntryFirstRep().getResource().getIdElement().getIdPart();

        Response response = post(message);

        response.then().statusCode(200);
        MessageHeader header = (MessageHeader)
                parse(Bundle.class, response.asString()).getEntryFirstRep().getResource();
        assertThat(header.getResponse().getIdentifier()).isEqualTo(requestId);
        String location = response.header("Location");
        if (location != null) {
            RestAssured.given().get(location).then().statusCode(200);
        }
        String contentLocation = response.header("Content-Location");
        if (contentLocation != null) {
            RestAssured.given().get(contentLocation).then().statusCode(200);
        }
    }

    // ------------------------------------------------------------------ 7. ACKs

    @Test
    void theSameBytes_getTheSameAckOnMllpAndHttp() {
        String mrn = mrn();
        List<String> messages = List.of(
                "this is not HL7",
                adt("A01", "", mrn, "20250301081500-0500", admitted()),
                adt("A05", "E-" + mrn, mrn, "20250301081500-0500", admitted()),
                adt("A01", "T-" + mrn, "T", "2.5.1", mrn, "20250301081500-0500", "", admitted()),
                adt("A01", "V-" + mrn, "P", "2.9", mrn, "20250301081500-0500", "", admitted()),
                adt("A01", "OK-" + mrn, mrn, "20250301081500-0500", admitted()),
                adt("A01", "OK-" + mrn, mrn, "20250301081500-0500", admitted()).replace("ADT^A01", "ORU^R01"));

        for (String message : messages) {
            String mllpAck = overMllp(message);
            String httpAck = overHttp(message);
            assertThat(comparable(httpAck)).as(message).isEqualTo(comparable(mllpAck));
        }
    }

    @Test
    void acks_carryTheTable0357CodeAndNeverInventAControlId() {
        String mrn = mrn();
        assertErr(overHttp("this is not HL7"), "AR", "", "100");
        assertErr(overHttp(adt("A01", "", mrn, "20250301081500-0500", admitted())), "AR", "", "101");
        assertErr(
                overHttp(adt("A01", "X-" + mrn, mrn, "20250301081500-0500", admitted())
                        .replace("ADT^A01", "ORU^R01")),
                "AR",
                "X-" + mrn,
                "200");
        assertErr(overHttp(adt("A05", "Y-" + mrn, mrn, "20250301081500-0500", admitted())), "AR", "Y-" + mrn, "201");
        assertErr(
                overMllp(adt("A01", "T-" + mrn, "T", "2.5.1", mrn, "20250301081500-0500", "", admitted())),
                "AR",
                "T-" + mrn,
                "202");
        assertErr(
                overHttp(adt("A01", "V-" + mrn, "P", "2.9", mrn, "20250301081500-0500", "", admitted())),
                "AR",
                "V-" + mrn,
                "203");
        assertErr(overHttp(adt("A01", "D-" + mrn, mrn, "2025-03-01", admitted())), "AR", "D-" + mrn, "102");
        assertThat(search(Patient.class, "Patient?identifier=" + MRN_SYSTEM + "|" + mrn))
                .as("a training message is not stored")
                .isEmpty();
    }

    private static void assertErr(String ack, String code, String controlId, String error) {
        assertThat(field(ack, "MSA", 1)).as(ack).isEqualTo(code);
        assertThat(field(ack, "MSA", 2)).as(ack).isEqualTo(controlId);
        assertThat(field(ack, "ERR", 3)).as(ack).startsWith(error + "^");
    }

    @Test
    void anEmptyBodyOrFrame_isAnsweredArAtOnce() {
        String http = RestAssured.given()
                .baseUri("http://localhost:" + port)
                .contentType("x-application/hl7-v2+er7")
                .post("/hl7v2")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertErr(http, "AR", "", "100");
        assertErr(overMllp(""), "AR", "", "100");
    }

    // ------------------------------------------------------------------ 8. patient class

    @Test
    void recurringNotApplicableEmergencyAndOutpatientDischarges_startNoTcm() {
        for (String patientClass : List.of("R", "N", "E", "O", "Z")) {
            String mrn = mrn();
            Map<Integer, String> pv1 = new java.util.HashMap<>(discharged("20250304100000-0500"));
            pv1.put(2, patientClass);
            String ack = overHttp(adt("A03", "C-" + mrn, mrn, "20250304100000-0500", pv1));

            assertThat(field(ack, "MSA", 1)).as(patientClass).isEqualTo("AA");
            String patient = patientId(MRN_SYSTEM, mrn);
            assertThat(onlyEncounter(patient).getClass_().getCode()).isNotEqualTo("IMP");
            assertThat(careTasks(patient)).as(patientClass).isEmpty();
            assertThat(search(EpisodeOfCare.class, "EpisodeOfCare?patient=" + patient))
                    .as(patientClass)
                    .isEmpty();
        }
    }

    // ------------------------------------------------------------------ 9. transfers and class changes

    @Test
    void aClassChangeAndATransfer_moveTheEncounterWithoutDischargingIt() {
        String mrn = mrn();
        overMllp(adt("A04", "R-" + mrn, mrn, "20250301081500-0500", Map.of(2, "O")));
        String patient = patientId(MRN_SYSTEM, mrn);
        assertThat(onlyEncounter(patient).getClass_().getCode()).isEqualTo("AMB");

        String a06 = overMllp(adt("A06", "C-" + mrn, mrn, "20250301101500-0500", Map.of(2, "I")));
        String a02 = overMllp(adt("A02", "T-" + mrn, mrn, "20250302101500-0500", Map.of(3, "5N^502^B^GENHOSP")));

        assertThat(field(a06, "MSA", 1)).isEqualTo("AA");
        assertThat(field(a02, "MSA", 1)).isEqualTo("AA");
        Encounter encounter = onlyEncounter(patient);
        assertThat(encounter.getClass_().getCode()).isEqualTo("IMP");
        assertThat(encounter.getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
        Location ward = client.read()
                .resource(Location.class)
                .withId(encounter.getLocationFirstRep().getLocation().getReference())
                .execute();
        assertThat(ward.getName()).contains("5N 502 B");
        assertThat(careTasks(patient)).isEmpty();
    }

    // ------------------------------------------------------------------ 10. cancellations

    @Test
    void aCancelledDischarge_withdrawsItsTcmAndReopensTheEncounter() {
        String mrn = mrn();
        overMllp(adt("A01", "A-" + mrn, mrn, "20250301081500-0500", admitted()));
        overMllp(adt("A03", "D-" + mrn, mrn, "20250304100000-0500", discharged("20250304100000-0500")));

        String ack = overMllp(adt("A13", "X-" + mrn, mrn, "20250304110000-0500", admitted()));

        assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
        String patient = patientId(MRN_SYSTEM, mrn);
        Encounter encounter = onlyEncounter(patient);
        assertThat(encounter.getStatus()).isEqualTo(Encounter.EncounterStatus.INPROGRESS);
        assertThat(encounter.getPeriod().hasEnd()).isFalse();
        assertThat(careTasks(patient)).hasSize(3).allSatisfy(task -> {
            assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.CANCELLED);
            assertThat(task.getStatusReason().getText()).contains("A13");
        });
        assertThat(search(org.hl7.fhir.r4.model.CarePlan.class, "CarePlan?subject=" + patient))
                .extracting(org.hl7.fhir.r4.model.CarePlan::getStatus)
                .containsExactly(org.hl7.fhir.r4.model.CarePlan.CarePlanStatus.REVOKED);
        assertThat(search(EpisodeOfCare.class, "EpisodeOfCare?patient=" + patient))
                .extracting(EpisodeOfCare::getStatus)
                .containsExactly(EpisodeOfCare.EpisodeOfCareStatus.ENTEREDINERROR);

        // The real discharge, later: TCM starts again.
        overMllp(adt("A03", "D2-" + mrn, mrn, "20250306100000-0500", discharged("20250306100000-0500")));
        assertThat(careTasks(patient))
                .filteredOn(task -> task.getStatus() == Task.TaskStatus.REQUESTED)
                .hasSize(3);
        assertThat(onlyEncounter(patient).getStatus()).isEqualTo(Encounter.EncounterStatus.FINISHED);
    }

    @Test
    void aCancelledAdmission_withdrawsTheReadmissionReviewItRaised() {
        String mrn = mrn();
        Map<Integer, String> first = Map.of(19, "V1" + mrn, 36, "01", 45, "20250304100000-0500");
        overMllp(adt("A03", "D-" + mrn, mrn, "20250304100000-0500", first));
        Map<Integer, String> second = Map.of(19, "V2" + mrn, 44, "20250310080000-0500");
        overMllp(adt("A01", "A2-" + mrn, mrn, "20250310080000-0500", second));
        String patient = patientId(MRN_SYSTEM, mrn);
        assertThat(search(Task.class, "Task?patient=" + patient + "&code=" + CARE_TASK + "|readmission-review"))
                .extracting(Task::getStatus)
                .containsExactly(Task.TaskStatus.REQUESTED);

        String ack = overMllp(adt("A11", "C-" + mrn, mrn, "20250310090000-0500", second));

        assertThat(field(ack, "MSA", 1)).isEqualTo("AA");
        assertThat(search(Task.class, "Task?patient=" + patient + "&code=" + CARE_TASK + "|readmission-review"))
                .extracting(Task::getStatus)
                .containsExactly(Task.TaskStatus.CANCELLED);
        assertThat(search(Encounter.class, "Encounter?patient=" + patient + "&status=cancelled"))
                .hasSize(1);
    }

    // ------------------------------------------------------------------ 11. merge

    @ParameterizedTest
    @CsvSource({"A40,ADT_A39", "A34,ADT_A30"})
    void aMerge_linksTheRecordsAndMovesTheTcmToTheSurvivingPatient(String trigger, String structure) {
        String prior = mrn();
        String surviving = mrn();
        overMllp(adt("A03", "D-" + prior, prior, "20250304100000-0500", discharged("20250304100000-0500")));
        overMllp(adt("A01", "A-" + surviving, surviving, "20250301081500-0500", admitted()));
        String priorId = patientId(MRN_SYSTEM, prior);
        String survivorId = patientId(MRN_SYSTEM, surviving);
        String merge = String.join(
                        "\r",
                        "MSH|^~\\&|EPIC|GENHOSP|CAREFLOW|CF|20250306120000-0500||ADT^" + trigger + "^" + structure
                                + "|M-" + prior + "|P|2.5.1",
                        "EVN|" + trigger + "|20250306120000-0500",
                        "PID|1||" + surviving + "^^^HOSP^MR||Okafor^Ada||19480312|F",
                        "MRG|" + prior + "^^^HOSP^MR")
                + "\r";

        String ack = overMllp(merge);

        assertThat(field(ack, "MSA", 1)).as(ack).isEqualTo("AA");
        Patient merged = client.read().resource(Patient.class).withId(priorId).execute();
        assertThat(merged.getActive()).isFalse();
        assertThat(merged.getLinkFirstRep().getType()).isEqualTo(Patient.LinkType.REPLACEDBY);
        assertThat(merged.getLinkFirstRep().getOther().getReference()).isEqualTo(survivorId);
        Patient survivor =
                client.read().resource(Patient.class).withId(survivorId).execute();
        assertThat(survivor.getLinkFirstRep().getType()).isEqualTo(Patient.LinkType.REPLACES);
        assertThat(search(EpisodeOfCare.class, "EpisodeOfCare?patient=" + survivorId))
                .hasSize(1);
        assertThat(careTasks(survivorId)).hasSize(3);
        assertThat(search(org.hl7.fhir.r4.model.RiskAssessment.class, "RiskAssessment?subject=" + survivorId))
                .hasSize(1);
        assertThat(careTasks(priorId)).isEmpty();
    }

    // ------------------------------------------------------------------ 12. enhanced acknowledgement mode

    /** An A01 for a new patient asking for enhanced mode acknowledgements (MSH-15 accept, MSH-16 application). */
    private static String enhanced(String accept, String application) {
        String mrn = mrn();
        return adt("A01", "E-" + mrn, mrn, "20250301081500-0500", admitted())
                .replaceFirst("\\|P\\|2\\.5\\.1\r", "|P|2.5.1|||" + accept + "|" + application + "\r");
    }

    @Test
    void enhancedModeOverMllp_sendsTheCommitAckThenTheApplicationAckOnTheSameConnection() {
        String message = enhanced("AL", "AL");
        String controlId = field(message, "MSH", 10);

        List<String> acks = overMllp(List.of(message), 2);

        assertThat(field(acks.get(0), "MSA", 1)).as(acks.get(0)).isEqualTo("CA");
        assertThat(field(acks.get(0), "MSA", 2)).isEqualTo(controlId);
        assertThat(field(acks.get(1), "MSA", 1)).as(acks.get(1)).isEqualTo("AA");
        assertThat(field(acks.get(1), "MSA", 2)).isEqualTo(controlId);
        assertThat(field(acks.get(0), "MSH", 10)).isNotEqualTo(field(acks.get(1), "MSH", 10));
        // Only the commit ACK asked for, then a second message on the same connection: one ACK each, in order.
        List<String> next = overMllp(List.of(enhanced("AL", "NE"), enhanced("NE", "AL")), 2);
        assertThat(next).extracting(ack -> field(ack, "MSA", 1)).containsExactly("CA", "AA");
    }

    @Test
    void enhancedModeOverHttp_answersTheApplicationAckElseTheCommitAckElseNoContent() {
        assertThat(field(overHttp(enhanced("AL", "AL")), "MSA", 1)).isEqualTo("AA");
        assertThat(field(overHttp(enhanced("AL", "NE")), "MSA", 1)).isEqualTo("CA");
        assertThat(field(overHttp(enhanced("AL", "ER")), "MSA", 1)).isEqualTo("CA");
        String unsupported = enhanced("ER", "AL").replaceFirst("ADT\\^A01", "ADT^A05");
        assertThat(field(overHttp(unsupported), "MSA", 1)).isEqualTo("AR");
        RestAssured.given()
                .baseUri("http://localhost:" + port)
                .contentType("x-application/hl7-v2+er7; charset=UTF-8")
                .body(enhanced("NE", "NE").getBytes(StandardCharsets.UTF_8))
                .post("/hl7v2")
                .then()
                .statusCode(204);
    }
}
