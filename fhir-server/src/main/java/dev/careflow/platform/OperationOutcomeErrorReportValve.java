package dev.careflow.platform;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's answer to what it refuses before any servlet runs (an encoded slash or a NUL in the path, a query or header
 * too large, a malformed request line) as a FHIR OperationOutcome in JSON instead of Tomcat's HTML page, so that a FHIR
 * client can read every error the same way. Never a stack trace or the server's version.
 */
public class OperationOutcomeErrorReportValve extends ErrorReportValve {

    public OperationOutcomeErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String reason = status >= 500 ? null : response.getMessage();
        String body = operationOutcome(status, reason);
        try {
            response.setContentType("application/fhir+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException ignored) {
            // The client went away or the response was committed meanwhile: nothing more to say.
        }
    }

    /** An OperationOutcome in JSON for a status the container produced, with its reason when it is safe to show. */
    static String operationOutcome(int status, String reason) {
        String code = status == 404
                ? "not-found"
                : status == 413 || status == 414 || status == 431
                        ? "too-long"
                        : status == 503 ? "transient" : status >= 500 ? "exception" : "structure";
        String text = "HTTP " + status + ": the request was refused before FHIR processing"
                + (reason == null || reason.isBlank() ? "" : " (" + reason + ")");
        return "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"" + code
                + "\",\"diagnostics\":\"" + jsonEscape(text) + "\"}]}";
    }

    static String jsonEscape(String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) || c == '<' || c == '>') {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
