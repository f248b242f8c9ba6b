package dev.careflow.transitions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.careflow.CareflowIT;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Careflow's metrics move as messages come in, read as Prometheus reads them (with the static scrape credential). */
class NotificationMetricsIT extends CareflowIT {

    private static final String STORED_A03 =
            "careflow_notifications_received_total{event=\"A03\",outcome=\"stored\",route=\"hl7v2-http\"}";
    private static final String REFUSED_OTHER =
            "careflow_notifications_refused_total{event=\"other\",route=\"hl7v2-http\"}";
    private static final String TCM_STARTED = "careflow_tcm_episodes_started_total";
    private static final String TCM_STATUS =
            "careflow_operation_seconds_count{operation=\"$tcm-status\",outcome=\"success\"}";

    private String scrape() {
        return RestAssured.given()
                .auth()
                .preemptive()
                .basic("prometheus", "scrape-secret")
                .get("http://localhost:" + port + "/actuator/prometheus")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    /** The value of a series (its name and labels exactly as Prometheus prints them), 0 when not there yet. */
    private static double value(String metrics, String series) {
        return Arrays.stream(metrics.split("\n"))
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line ->
                        Double.parseDouble(line.substring(series.length() + 1).trim()))
                .findFirst()
                .orElse(0);
    }

    private String post(String er7) {
        return RestAssured.given()
                .contentType("x-application/hl7-v2+er7")
                .body(er7.getBytes(StandardCharsets.UTF_8))
                .post("http://localhost:" + port + "/hl7v2")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    private static String a03(String type, String mrn) {
        return String.join(
                        "\r",
                        "MSH|^~\\&|EPIC|GENHOSP|CAREFLOW|CF|20250305120000-0500||" + type + "|C-" + mrn + "|P|2.5.1",
                        "EVN|A03|20250305120000-0500",
                        "PID|1||" + mrn + "^^^HOSP^MR||Metric^Mo||19480312|F",
                        "PV1|1|I|4W^401^A^GENHOSP||||1234567890^Nguyen^Linh^^^^^^NPI|||||||7|||||V" + mrn
                                + "|||||||||||||||||01||||||||20250301081500-0500|20250304140000-0500")
                + "\r";
    }

    @Test
    void aDischargeAndARefusal_moveTheNotificationTcmAndOperationMetrics() {
        String before = scrape();
        String mrn = "MET" + UUID.randomUUID().toString().substring(0, 8);

        assertThat(post(a03("ADT^A03", mrn))).contains("MSA|AA");
        assertThat(post(a03("ORU^R01", mrn + "X"))).contains("MSA|AR");
        String patient = fhir().get("/Patient?identifier=urn:careflow:v2:assigning-authority:HOSP|" + mrn)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("entry[0].resource.id");
        fhir().get("/Patient/" + patient + "/$tcm-status").then().statusCode(200);

        String after = scrape();
        assertThat(value(after, STORED_A03) - value(before, STORED_A03)).isEqualTo(1);
        assertThat(value(after, REFUSED_OTHER) - value(before, REFUSED_OTHER)).isEqualTo(1);
        assertThat(value(after, TCM_STARTED) - value(before, TCM_STARTED)).isEqualTo(1);
        assertThat(value(after, TCM_STATUS) - value(before, TCM_STATUS)).isEqualTo(1);
        assertThat(after)
                .contains("careflow_mllp_connections_open ")
                .contains("careflow_mllp_connections_total ")
                .contains("careflow_tasks_overdue_marked_total ");
    }
}
