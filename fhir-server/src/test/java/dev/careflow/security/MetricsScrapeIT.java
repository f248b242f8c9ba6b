package dev.careflow.security;

import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

/** Prometheus scrapes with the static credential of {@code careflow.management.scrape} (no short-lived token). */
class MetricsScrapeIT extends EmbeddedSecurityIT {

    @Test
    void prometheus_withTheScrapeCredential200_withoutOrWrong401() {
        RestAssured.given()
                .baseUri(base())
                .auth()
                .preemptive()
                .basic("prometheus", "scrape-secret")
                .get("/actuator/prometheus")
                .then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.containsString("jvm_memory_used_bytes"));
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
