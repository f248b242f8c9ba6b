package dev.careflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every route checks its scope; counts, totals, Tasks and $everything answer what the token may see. */
class RouteAccessIT extends EmbeddedSecurityIT {

    private String patientToken;
    private final String word =
            "zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    @BeforeEach
    void patientSignsIn() {
        patientToken = signIn("pat", "demo", "openid fhirUser launch/patient patient/*.rs")
                .getString("access_token");
    }

    private static String adt(String controlId, String mrn) {
        return String.join(
                        "\r",
                        "MSH|^~\\&|EPIC|GENHOSP|CAREFLOW|CF|20250305120000-0500||ADT^A01|" + controlId + "|P|2.5.1",
                        "EVN|A01|20250305120000-0500",
                        "PID|1||" + mrn + "^^^HOSP^MR||Okafor^Ada^N||19480312|F",
                        "PV1|1|I|4W^401^A^GENHOSP||||1234567890^Nguyen^Linh^^^^^^NPI|||||||7|||||V" + mrn
                                + "|||||||||||||||||||||||||20250301081500-0500")
                + "\r";
    }

    private int count(String token, String query) {
        return fhir(token)
                .get(query)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getInt("total");
    }

    @Test
    void hl7v2_refusesAPatientOrANarrowBackendToken_andStoresNothing() {
        String mrn = "SEC" + UUID.randomUUID().toString().substring(0, 8);
        String reader = clientCredentials("reader", "reader-secret", "system/Patient.rs")
                .getString("access_token");
        for (String token : List.of(patientToken, reader)) {
            RestAssured.given()
                    .baseUri(base())
                    .auth()
                    .oauth2(token)
                    .contentType("x-application/hl7-v2+er7")
                    .body(adt("C-" + mrn, mrn).getBytes(StandardCharsets.UTF_8))
                    .post("/hl7v2")
                    .then()
                    .statusCode(403);
        }
        String feed = feedToken();
        assertThat(count(feed, "/Patient?identifier=" + mrn + "&_summary=count"))
                .isZero();

        String ack = RestAssured.given()
                .baseUri(base())
                .auth()
                .oauth2(feed)
                .contentType("x-application/hl7-v2+er7")
                .body(adt("C-" + mrn, mrn).getBytes(StandardCharsets.UTF_8))
                .post("/hl7v2")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(ack).contains("MSA|AA|C-" + mrn);
        assertThat(count(
                        feed,
                        "/AuditEvent?subtype=https://careflow.dev/fhir/CodeSystem/audit-route|hl7v2"
                                + "&entity-name=ADT^A01&_summary=count"))
                .as("the route is audited")
                .isPositive();
    }

    @Test
    void countsAndTotals_equalWhatTheTokenMaySee_fullTextIncluded() {
        String feed = feedToken();
        String other =
                create(feed, "Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + word + "\"}]}");
        for (String subject : List.of("Patient/" + PATIENT, "Patient/" + other, "Patient/" + other)) {
            fhir(feed)
                    .body("{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"" + word
                            + " reading\"},\"subject\":{\"reference\":\"" + subject + "\"}}")
                    .post("/Observation")
                    .then()
                    .statusCode(201);
        }

        int visible = fhir(patientToken)
                .get("/Observation?_content=" + word)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("entry")
                .size();
        assertThat(visible).isEqualTo(1);
        assertThat(count(patientToken, "/Observation?_content=" + word + "&_summary=count"))
                .isEqualTo(visible);
        assertThat(count(patientToken, "/Observation?_content=" + word + "&_count=0"))
                .isEqualTo(visible);
        assertThat(count(patientToken, "/Observation?_content=" + word + "&_total=accurate&_summary=count"))
                .isEqualTo(visible);
        assertThat(count(patientToken, "/Patient?_content=" + word + "&_summary=count"))
                .as("whether someone is a patient here")
                .isZero();
        assertThat(count(patientToken, "/Observation?code:text=" + word + "&_summary=count"))
                .isEqualTo(visible);

        int acrossTypes =
                fhir(patientToken).get("/?_content=" + word + "&_summary=count").statusCode();
        assertThat(acrossTypes).as("a count across every type").isIn(400, 403);

        assertThat(count(feed, "/Observation?_content=" + word + "&_summary=count"))
                .isEqualTo(3);
        assertThat(count(feed, "/Observation?_content=" + word + "&subject=Patient/" + other + "&_summary=count"))
                .as("full text and another parameter together")
                .isEqualTo(2);
    }

    @Test
    void aPatientApp_readsItsOwnTasks_andNotAnotherPatients() {
        String feed = feedToken();
        String other = create(feed, "Patient", "{\"resourceType\":\"Patient\"}");
        String own = task(feed, "Patient/" + PATIENT);
        String theirs = task(feed, "Patient/" + other);

        JsonPath found = fhir(patientToken)
                .get("/Task?patient=" + PATIENT)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(found.getList("entry.resource.id", String.class))
                .contains(own)
                .doesNotContain(theirs);
        assertThat(fhir(patientToken)
                        .get("/Task?status=requested&_count=100")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("entry.resource.id", String.class))
                .contains(own)
                .doesNotContain(theirs);
        fhir(patientToken).get("/Task/" + own).then().statusCode(200);
        fhir(patientToken).get("/Task/" + theirs).then().statusCode(403);
    }

    private String task(String token, String patient) {
        return create(
                token,
                "Task",
                "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\","
                        + "\"code\":{\"text\":\"Fill in the questionnaire\"},"
                        + "\"for\":{\"reference\":\"" + patient + "\"},\"owner\":{\"reference\":\"" + patient + "\"}}");
    }

    @Test
    void aPatientsEverything_leavesOutWhatHeMayNotSee_insteadOfRefusing() {
        String feed = feedToken();
        String hospital =
                create(feed, "Organization", "{\"resourceType\":\"Organization\",\"name\":\"General " + word + "\"}");
        fhir(feed)
                .body("{\"resourceType\":\"Encounter\",\"status\":\"finished\",\"class\":{\"system\":"
                        + "\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"AMB\"},"
                        + "\"subject\":{\"reference\":\"Patient/" + PATIENT + "\"},"
                        + "\"serviceProvider\":{\"reference\":\"Organization/" + hospital + "\"}}")
                .post("/Encounter")
                .then()
                .statusCode(201);

        JsonPath everything = fhir(patientToken)
                .get("/Patient/" + PATIENT + "/$everything?_count=500")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<String> types = everything.getList("entry.resource.resourceType", String.class);
        assertThat(types).contains("Patient", "Encounter").doesNotContain("Organization");
    }

    @Test
    void metrics_refusePeople_andServeBackendServices() {
        RestAssured.given()
                .baseUri(base())
                .auth()
                .oauth2(patientToken)
                .get("/actuator/prometheus")
                .then()
                .statusCode(403);
        String staff = signIn("nurse", "demo", "openid user/*.cruds").getString("access_token");
        RestAssured.given()
                .baseUri(base())
                .auth()
                .oauth2(staff)
                .get("/actuator/prometheus")
                .then()
                .statusCode(403);
        RestAssured.given()
                .baseUri(base())
                .auth()
                .oauth2(feedToken())
                .get("/actuator/prometheus")
                .then()
                .statusCode(200);
    }

    @Test
    void careflowsOperations_runForStaffAndForThePatientsOwnRecord() {
        String staff = signIn("nurse", "demo", "openid fhirUser user/*.cruds").getString("access_token");
        fhir(staff).get("/Practitioner/nurse/$worklist").then().statusCode(200);
        fhir(staff).get("/Practitioner/nurse/$caseload").then().statusCode(200);
        fhir(staff).get("/Patient/" + PATIENT + "/$tcm-status").then().statusCode(200);
        fhir(staff).get("/Patient/" + PATIENT + "/$time-spent").then().statusCode(200);
        fhir(staff).get("/Patient/" + PATIENT + "/$everything").then().statusCode(200);
        fhir(staff)
                .body("{\"resourceType\":\"Parameters\"}")
                .post("/Patient/" + PATIENT + "/$propose-care-plan")
                .then()
                .statusCode(org.hamcrest.Matchers.not(org.hamcrest.Matchers.isOneOf(401, 403, 500)));
        fhir(patientToken).get("/Patient/" + PATIENT + "/$tcm-status").then().statusCode(200);
        fhir(patientToken).get("/Patient/" + PATIENT + "/$everything").then().statusCode(200);
    }

    @Test
    void hapisOwnOperations_areAllowedByTheScopesTheyNeed() {
        String feed = feedToken();
        String patient = create(feed, "Patient", "{\"resourceType\":\"Patient\"}");
        fhir(feed)
                .get("/ValueSet/$expand?url=https://careflow.dev/fhir/ValueSet/care-task")
                .then()
                .statusCode(200);
        fhir(patientToken)
                .get("/CodeSystem/$lookup?system=https://careflow.dev/fhir/CodeSystem/care-task"
                        + "&code=tcm-interactive-contact")
                .then()
                .statusCode(200);
        fhir(feed)
                .body("{\"resourceType\":\"Patient\"}")
                .post("/Patient/$validate")
                .then()
                .statusCode(200);
        fhir(feed).get("/Patient/" + patient + "/$meta").then().statusCode(200);
        fhir(feed).get("/Patient/" + patient + "/$diff").then().statusCode(200);
        fhir(patientToken).get("/Patient/" + patient + "/$meta").then().statusCode(403);
    }

    @Test
    void noResponse_namesTheSoftwareVersion() {
        assertThat(fhir(feedToken()).get("/Patient?_count=1").header("X-Powered-By"))
                .isNull();
        assertThat(RestAssured.given().baseUri(base()).get("/fhir/metadata").header("X-Powered-By"))
                .isNull();
    }
}
