package dev.careflow.platform;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.List;
import org.apache.commons.lang3.StringUtils;

/**
 * Refuses with 400 a JSON request body that is not JSON as RFC 8259 and FHIR define it, before HAPI's parser, which
 * accepts single-quoted strings and repeated properties and keeps the last: single quotes, comments, a property twice
 * in one object, invalid UTF-8, trailing text. One token pass over the body, which HAPI keeps for its own parse. On
 * with strict parsing ({@code careflow.server.strict-parsing}).
 */
@Interceptor
public class StrictJsonInterceptor implements CareflowRequestInterceptor {

    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
    public boolean checkJsonBody(RequestDetails request) {
        String contentType = StringUtils.defaultString(request.getHeader(Constants.HEADER_CONTENT_TYPE));
        if (!contentType.toLowerCase().contains("json")) {
            return true;
        }
        byte[] body = request.loadRequestContents();
        if (body == null || body.length == 0) {
            return true;
        }
        try (JsonParser parser = STRICT.createParser(body)) {
            while (parser.nextToken() != null) {
                // every token read is checked; nothing to do with it
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw DomainExceptionInterceptor.badRequest(List.of("The body is not valid JSON" + where + ": "
                    + SearchUrlRules.printable(StringUtils.substringBefore(e.getOriginalMessage(), "\n"))));
        } catch (IOException e) {
            throw DomainExceptionInterceptor.badRequest(List.of("The body could not be read"));
        }
        return true;
    }
}
