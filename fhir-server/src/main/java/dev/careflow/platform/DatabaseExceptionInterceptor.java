package dev.careflow.platform;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.commons.lang3.StringUtils;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps what the database said to what a FHIR client can act on, without SQL in the answer (the log keeps it):
 *
 * <ul>
 *   <li>no connection (the pool timed out, PostgreSQL down, restarting or full): <b>503</b> with {@code Retry-After};
 *   <li>a value PostgreSQL cannot store (SQLSTATE class 22: a NUL byte, a number out of range): <b>400</b>;
 *   <li>two writers at once (class 23, a unique index, such as the loser of two identical conditional creates; class
 *       40, a serialization failure or deadlock): <b>409</b> (412 when the client sent {@code If-Match}), "retry";
 *   <li>anything else from the database: its status, a message without SQL.
 * </ul>
 */
@Interceptor
public class DatabaseExceptionInterceptor implements CareflowRequestInterceptor {

    private static final Logger log = LoggerFactory.getLogger(DatabaseExceptionInterceptor.class);

    /** Seconds a client should wait before retrying while the database is unreachable. */
    static final String RETRY_AFTER_SECONDS = "5";

    /** Markers of SQL or database internals in a message (HAPI copies the driver's text into its own). */
    private static final Pattern SQL_TEXT = Pattern.compile(
            "(?i)(\\binsert into\\b|\\bdelete from\\b|SQLSTATE|\\bERROR: |could not execute (batch|statement|query)"
                    + "|violates [\\w -]*constraint|\\bHFJ_\\w+|org\\.postgresql|org\\.hibernate)");

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException mapDatabaseException(RequestDetails request, Throwable exception) {
        Optional<String> state = sqlState(exception);
        boolean noConnection = isConnectionFailure(exception);
        boolean sqlInText = mentionsSql(exception);
        if (state.isEmpty() && !noConnection && !sqlInText) {
            return null;
        }
        log.warn("Database refusal mapped for the client (SQLSTATE {}): {}", state.orElse("-"), rootMessage(exception));
        if (noConnection) {
            BaseServerResponseException unavailable = new UnclassifiedServerFailureException(
                    503,
                    "The database is unreachable; retry in a few seconds",
                    outcome(
                            OperationOutcome.IssueType.TRANSIENT,
                            "The database is unreachable; retry in a few seconds"));
            unavailable.addResponseHeader(Constants.HEADER_RETRY_AFTER, RETRY_AFTER_SECONDS);
            return unavailable;
        }
        String sqlClass =
                state.map(s -> s.length() >= 2 ? s.substring(0, 2) : s).orElse("");
        if (sqlClass.equals("22")) {
            String message = "A value in the request cannot be stored (" + dataProblem(state.get())
                    + "); FHIR strings may not contain NUL or other control characters";
            return new InvalidRequestException(message, outcome(OperationOutcome.IssueType.INVALID, message));
        }
        if (sqlClass.equals("23") || sqlClass.equals("40") || exception instanceof ResourceVersionConflictException) {
            String message = "Another request wrote the same resource at the same time (for a conditional create: the"
                    + " same match); retry the request";
            OperationOutcome outcome = outcome(OperationOutcome.IssueType.CONFLICT, message);
            if (StringUtils.isNotBlank(request == null ? null : request.getHeader(Constants.HEADER_IF_MATCH))) {
                return new PreconditionFailedException(message, outcome);
            }
            return new ResourceVersionConflictException(message, null, outcome);
        }
        int status = exception instanceof BaseServerResponseException known ? known.getStatusCode() : 500;
        String message =
                status >= 500 ? "The database could not complete the request" : "The request could not be completed";
        if (status == 500) {
            return new InternalErrorException(message);
        }
        return new UnclassifiedServerFailureException(
                status, message, outcome(OperationOutcome.IssueType.PROCESSING, message));
    }

    static Optional<String> sqlState(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = next(cause)) {
            if (cause instanceof SQLException sql && StringUtils.isNotBlank(sql.getSQLState())) {
                return Optional.of(sql.getSQLState());
            }
        }
        return Optional.empty();
    }

    static boolean isConnectionFailure(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = next(cause)) {
            if (cause instanceof SQLTransientConnectionException
                    || cause instanceof java.sql.SQLNonTransientConnectionException
                    || cause instanceof java.net.ConnectException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08")
                        || state.equals("57P01")
                        || state.equals("57P02")
                        || state.equals("57P03")
                        || state.equals("53300")) {
                    return true;
                }
            }
            String name = cause.getClass().getName();
            if (name.equals("org.springframework.transaction.CannotCreateTransactionException")
                    || name.equals("org.hibernate.exception.JDBCConnectionException")) {
                return true;
            }
            // A connection lost during the request: the rollback (or commit) that follows finds it closed, and that
            // failure replaces the first one (a pooled connection reused within Hikari's half-second validation
            // bypass after PostgreSQL went away).
            if (name.equals("org.hibernate.TransactionException")
                    && cause.getMessage() != null
                    && cause.getMessage().matches("Unable to (rollback|commit) against JDBC Connection.*")) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentionsSql(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = next(cause)) {
            String text = cause.getMessage();
            if (text != null && SQL_TEXT.matcher(text).find()) {
                return true;
            }
            if (cause instanceof BaseServerResponseException server && server.getOperationOutcome() != null) {
                String outcome = server.getOperationOutcome().toString();
                if (server.getOperationOutcome() instanceof OperationOutcome oo) {
                    outcome = oo.getIssue().stream()
                            .map(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics)
                            .filter(java.util.Objects::nonNull)
                            .reduce("", String::concat);
                }
                if (SQL_TEXT.matcher(outcome).find()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String dataProblem(String state) {
        return switch (state) {
            case "22021" -> "a character the database's UTF-8 encoding refuses, such as NUL";
            case "22P05" -> "a character that cannot be stored, such as \\u0000";
            case "22001" -> "a value too long";
            case "22003" -> "a number out of range";
            case "22007", "22008" -> "a date or time out of range";
            default -> "an invalid value";
        };
    }

    private static Throwable next(Throwable cause) {
        Throwable next = cause.getCause();
        if (next == cause) {
            return null;
        }
        if (next == null && cause instanceof SQLException sql) {
            return sql.getNextException();
        }
        return next;
    }

    private static String rootMessage(Throwable exception) {
        Throwable root = exception;
        while (next(root) != null) {
            root = next(root);
        }
        return root.getClass().getName() + ": " + root.getMessage();
    }

    private static OperationOutcome outcome(OperationOutcome.IssueType type, String message) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(type)
                .setDiagnostics(message);
        return outcome;
    }
}
