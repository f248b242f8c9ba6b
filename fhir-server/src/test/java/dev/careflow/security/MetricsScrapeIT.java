package dev.careflow.security;

import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

/** Prometheus scrapes with the static credential of {@code careflow.management.scrape} (no short-lived token). */
class MetricsScrapeIT extends EmbeddedSecurityIT {

    @Test
    void prometheus_withTheScrapeCredential200_withoutOrWrong401() {
        // A request through the security filters first: its timers are what the scrape must (or must not) show.
        RestAssured.given().baseUri(base()).get("/fhir/Patient").then().statusCode(401);
        RestAssured.given().baseUri(base()).get("/fhir/metadata").then().statusCode(200);
        RestAssured.given()
                .baseUri(base())
                .auth()
                .preemptive()
                .basic("prometheus", "scrape-secret")
                .get("/actuator/prometheus")
                .then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.containsString("jvm_memory_used_bytes"))
                // Requests are measured; Spring Security's per-filter observations are off (their cost on every read).
                .body(org.hamcrest.Matchers.containsString("http_server_requests_seconds_count"))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("spring_security_")));
        RestAssured.given().baseUri(base()).get("/actuator/prometheus").then().statusCode(401);
        RestAssured.given()
                .baseUri(base())
                .auth()
                .preemptive()
                .basic("prometheus", "wrong")
                .get("/actuator/prometheus")
                .then()
                .statusCode(401);
        RestAssured.given()
                .baseUri(base())
                .auth()
                .preemptive()
                .basic("prometheus", "scrape-secret")
                .get("/actuator/info")
                .then()
                .statusCode(401);
    }
}
