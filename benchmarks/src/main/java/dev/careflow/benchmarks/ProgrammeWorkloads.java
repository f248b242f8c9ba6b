package dev.careflow.benchmarks;

import com.google.gson.JsonArray;
import java.io.IOException;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * W7, a care manager's monthly bill: one billing practitioner with {@code patients} patients enrolled in CCM (an
 * EpisodeOfCare naming him as billing practitioner and pointing at the patient's Consent, as {@code $enrol} stores
 * them), each with last month's clinical staff time recorded as {@code $time-spent} counts it (three completed Tasks
 * of 12, 15 and 20 minutes owned by a nurse: 47 minutes, 99490 + 99439), then {@code POST
 * Practitioner/[id]/$billing-summary} for that month, again and again (each call recomputes and rewrites the month's
 * ChargeItems). Only Careflow has the operation.
 */
final class ProgrammeWorkloads {

    static final String BILLER = "bill-doc";
    private static final String NURSE = "bill-nurse";
    private static final String CARE_PROGRAMME = "https://careflow.dev/fhir/CodeSystem/care-programme";
    private static final String CARE_TASK = "https://careflow.dev/fhir/CodeSystem/care-task";
    private static final String PROGRAMME_CONSENT = "https://careflow.dev/fhir/StructureDefinition/programme-consent";
    private static final String BILLING_PRACTITIONER =
            "https://careflow.dev/fhir/StructureDefinition/billing-practitioner";
    private static final int[] MINUTES = {12, 15, 20};

    private final Workloads workloads;
    /** The month billed: the last whole one (a month still running may not be billed yet). */
    final YearMonth month = YearMonth.now(ZoneOffset.UTC).minusMonths(1);

    ProgrammeWorkloads(Workloads workloads) {
        this.workloads = workloads;
    }

    /** The billing practitioner, his nurse and the patients with their consents, episodes and month of work. */
    void billingPractice(Server server, int patients) throws IOException, InterruptedException {
        JsonArray entries = new JsonArray();
        for (String id : new String[] {BILLER, NURSE}) {
            entries.add(Workloads.entry("Practitioner/" + id, "{\"resourceType\":\"Practitioner\",\"id\":\"" + id
                    + "\",\"active\":true,\"name\":[{\"family\":\"" + id + "\"}]}"));
        }
        workloads.post(server, "", Workloads.transaction(entries));
        String start = month.atDay(1).toString();
        for (int i = 0; i < patients; i++) {
            String patient = "bill-" + i;
            entries = new JsonArray();
            entries.add(Workloads.entry("Patient/" + patient, "{\"resourceType\":\"Patient\",\"id\":\"" + patient
                    + "\",\"identifier\":[{\"system\":\"" + Workloads.BENCH + "\",\"value\":\"" + patient + "\"}],"
                    + "\"name\":[{\"family\":\"Billing" + i + "\"}],\"birthDate\":\"1950-01-01\"}"));
            entries.add(Workloads.entry("Consent/" + patient, "{\"resourceType\":\"Consent\",\"id\":\"" + patient
                    + "\",\"status\":\"active\",\"scope\":{\"coding\":[{\"system\":"
                    + "\"http://terminology.hl7.org/CodeSystem/consentscope\",\"code\":\"treatment\"}]},"
                    + "\"category\":[{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"59284-0\"}]}],"
                    + "\"patient\":{\"reference\":\"Patient/" + patient + "\"},"
                    + "\"policyRule\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\","
                    + "\"code\":\"OPTIN\"}]},\"provision\":{\"type\":\"permit\",\"period\":{\"start\":\"" + start
                    + "\"}}}"));
            entries.add(Workloads.entry("EpisodeOfCare/" + patient, "{\"resourceType\":\"EpisodeOfCare\",\"id\":\""
                    + patient + "\",\"status\":\"active\",\"type\":[{\"coding\":[{\"system\":\"" + CARE_PROGRAMME
                    + "\",\"code\":\"ccm\"}]}],\"patient\":{\"reference\":\"Patient/" + patient + "\"},"
                    + "\"period\":{\"start\":\"" + start + "\"},"
                    + "\"extension\":[{\"url\":\"" + PROGRAMME_CONSENT + "\",\"valueReference\":{\"reference\":"
                    + "\"Consent/" + patient + "\"}},{\"url\":\"" + BILLING_PRACTITIONER + "\",\"valueReference\":"
                    + "{\"reference\":\"Practitioner/" + BILLER + "\"}}]}"));
            for (int t = 0; t < MINUTES.length; t++) {
                String day = month.atDay(3 + 7 * t).toString();
                String task = patient + "-" + t;
                entries.add(Workloads.entry("Task/" + task, "{\"resourceType\":\"Task\",\"id\":\"" + task
                        + "\",\"status\":\"completed\",\"intent\":\"order\","
                        + "\"code\":{\"coding\":[{\"system\":\"" + CARE_TASK + "\",\"code\":\"follow-up-call\"}]},"
                        + "\"for\":{\"reference\":\"Patient/" + patient + "\"},"
                        + "\"owner\":{\"reference\":\"Practitioner/" + NURSE + "\"},"
                        + "\"executionPeriod\":{\"start\":\"" + day + "T15:00:00Z\",\"end\":\"" + day + "T15:"
                        + MINUTES[t] + ":00Z\"}}"));
            }
            workloads.post(server, "", Workloads.transaction(entries));
            if ((i + 1) % 50 == 0 || i == patients - 1) {
                System.out.printf("  %s billing practice: %d/%d patients%n", server.name, i + 1, patients);
            }
        }
    }

    /** One {@code $billing-summary} of the month; checks that it billed every patient. */
    Load.Operation billingSummary(Server server, int patients) {
        String body = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"month\",\"valueString\":\""
                + month + "\"}]}";
        return client -> {
            String answer = workloads.post(server, "/Practitioner/" + BILLER + "/$billing-summary", body);
            int billed = answer.split("\"99490\"", -1).length - 1;
            if (billed < patients) {
                throw new IOException("$billing-summary billed 99490 for " + billed + " of " + patients
                        + " patients: " + answer.substring(0, Math.min(400, answer.length())));
            }
            return 1;
        };
    }
}
