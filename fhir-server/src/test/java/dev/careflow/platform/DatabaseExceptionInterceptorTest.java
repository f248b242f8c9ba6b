package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;

class DatabaseExceptionInterceptorTest {

    private final DatabaseExceptionInterceptor interceptor = new DatabaseExceptionInterceptor();

    @Test
    void poolTimeout_is503WithRetryAfterAndATransientOutcome() {
        Exception timeout = new RuntimeException(
                "Could not open JPA EntityManager for transaction",
                new SQLTransientConnectionException("careflow - Connection is not available, request timed out"));

        BaseServerResponseException mapped = interceptor.mapDatabaseException(null, timeout);

        assertThat(mapped.getStatusCode()).isEqualTo(503);
        assertThat(mapped.getResponseHeaders()).containsKey("Retry-After");
        assertThat(((OperationOutcome) mapped.getOperationOutcome())
                        .getIssueFirstRep()
                        .getCode())
                .isEqualTo(OperationOutcome.IssueType.TRANSIENT);
    }

    @Test
    void connectionRefused_sqlState08_is503() {
        Exception refused = new InternalErrorException(new SQLException("Connection to localhost refused", "08001"));

        assertThat(interceptor.mapDatabaseException(null, refused).getStatusCode())
                .isEqualTo(503);
    }

    /** What the first request after PostgreSQL went away met: a pooled connection broken, its rollback failed too. */
    @Test
    void aConnectionLostMidRequest_whoseRollbackFailed_is503() {
        Exception lost = new InternalErrorException(
                "HAPI-0389: Failed to call access method",
                new org.springframework.orm.jpa.JpaSystemException(new org.hibernate.TransactionException(
                        "Unable to rollback against JDBC Connection", new SQLException("Connection is closed"))));

        BaseServerResponseException mapped = interceptor.mapDatabaseException(null, lost);

        assertThat(mapped.getStatusCode()).isEqualTo(503);
        assertThat(mapped.getResponseHeaders()).containsKey("Retry-After");
    }

    @Test
    void nulByteRefusedByPostgres_is400WithoutSql() {
        Exception nul = new ResourceVersionConflictException(
                "HAPI-0550: could not execute batch [Batch entry 0 insert into HFJ_SPIDX_STRING ...]",
                new SQLException("ERROR: invalid byte sequence for encoding \"UTF8\": 0x00", "22021"),
                null);

        BaseServerResponseException mapped = interceptor.mapDatabaseException(null, nul);

        assertThat(mapped).isInstanceOf(InvalidRequestException.class);
        assertThat(mapped.getMessage()).doesNotContainIgnoringCase("insert").doesNotContain("HFJ_");
    }

    @Test
    void uniqueViolationOfAConditionalCreateRace_is409WithoutSql() {
        Exception race = new ResourceVersionConflictException(
                "HAPI-0550: could not execute statement [ERROR: duplicate key value violates unique constraint"
                        + " \"idx_res_search_url\"] [insert into HFJ_RES_SEARCH_URL ...]",
                new SQLException("ERROR: duplicate key value violates unique constraint", "23505"),
                null);

        BaseServerResponseException mapped = interceptor.mapDatabaseException(null, race);

        assertThat(mapped.getStatusCode()).isEqualTo(409);
        assertThat(mapped.getMessage())
                .contains("retry")
                .doesNotContain("insert")
                .doesNotContain("constraint");
    }

    @Test
    void sqlInTheTextOfAnyOtherError_isReplaced_statusKept() {
        Exception leak = new InvalidRequestException("could not execute query [select * from HFJ_RESOURCE]");

        BaseServerResponseException mapped = interceptor.mapDatabaseException(null, leak);

        assertThat(mapped.getStatusCode()).isEqualTo(400);
        assertThat(mapped.getMessage()).doesNotContain("HFJ_");
    }

    @Test
    void anErrorWithNothingOfTheDatabase_isLeftAlone() {
        assertThat(interceptor.mapDatabaseException(null, new InvalidRequestException("Unknown search parameter")))
                .isNull();
    }
}
