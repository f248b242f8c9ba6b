package dev.careflow.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.commons.lang3.StringUtils;

/**
 * Refuses with 400 a request body that HAPI's parser would silently change, before that parser runs. JSON: not JSON
 * as RFC 8259 and FHIR define it (single quotes, comments, a property twice in one object, invalid UTF-8, trailing
 * text), or not of FHIR R4's shape ({@link FhirJsonShape}: an array for one value, one value for an array, a number
 * for a string, a date with a time). XML: a root element outside the FHIR namespace. HAPI keeps the body for its own
 * parse. On with strict parsing ({@code careflow.server.strict-parsing}).
 */
@Interceptor
public class StrictJsonInterceptor implements CareflowRequestInterceptor {

    private static final String FHIR_NAMESPACE = "http://hl7.org/fhir";
    private static final ObjectMapper STRICT = new ObjectMapper(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final XMLInputFactory XML = xmlInputFactory();

    private final FhirJsonShape shape;

    public StrictJsonInterceptor(FhirContext fhirContext) {
        this.shape = new FhirJsonShape(fhirContext);
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
    public boolean checkBody(RequestDetails request) {
        String contentType = StringUtils.defaultString(request.getHeader(Constants.HEADER_CONTENT_TYPE))
                .toLowerCase();
        boolean json = contentType.contains("json");
        boolean xml = contentType.contains("xml") && !contentType.contains("patch");
        if (!json && !xml) {
            return true;
        }
        byte[] body = request.loadRequestContents();
        if (body == null || body.length == 0) {
            return true;
        }
        if (json) {
            checkJson(body);
        } else {
            checkXmlNamespace(body);
        }
        return true;
    }

    private void checkJson(byte[] body) {
        JsonNode tree;
        try {
            tree = STRICT.readTree(body);
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
        if (tree != null && tree.isObject()) {
            List<String> problems = shape.problems(tree);
            if (!problems.isEmpty()) {
                throw DomainExceptionInterceptor.badRequest(problems.stream()
                        .map(problem -> "The body is not FHIR R4 JSON: " + problem)
                        .toList());
            }
        }
    }

    /** The root element must be in the FHIR namespace: HAPI reads one outside it as if it were. */
    private static void checkXmlNamespace(byte[] body) {
        try {
            XMLStreamReader reader = XML.createXMLStreamReader(new ByteArrayInputStream(body));
            try {
                while (reader.hasNext()) {
                    if (reader.next() == XMLStreamConstants.START_ELEMENT) {
                        if (!FHIR_NAMESPACE.equals(reader.getNamespaceURI())) {
                            throw DomainExceptionInterceptor.badRequest(List.of("The body's root element <"
                                    + SearchUrlRules.printable(reader.getLocalName())
                                    + "> is not in the FHIR namespace (xmlns=\"" + FHIR_NAMESPACE + "\")"));
                        }
                        return;
                    }
                }
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            // Not well-formed: HAPI's parser refuses it with its own message.
        }
    }

    private static XMLInputFactory xmlInputFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        return factory;
    }
}
