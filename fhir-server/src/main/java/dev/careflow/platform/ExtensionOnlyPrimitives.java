package dev.careflow.platform;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.lang3.StringUtils;

/**
 * Keeps the extensions of a repeating primitive that has no values, only extensions ({@code "_event": [{"extension":
 * [...]}]} without {@code "event"}, as FHIR JSON allows and the R4 examples use in Timing): HAPI's JSON parser refuses
 * such an {@code _event} with its strict error handler (HAPI-1820, "Expected OBJECT and found ARRAY") and drops it with
 * its lenient one. Before HAPI parses the body, the missing value array is added as nulls, one per extension entry
 * ({@code "event": [null]}), which HAPI reads as values-less primitives carrying their extensions. HAPI writes them
 * back the same way; the two JSON forms mean the same.
 */
@Interceptor
public class ExtensionOnlyPrimitives implements CareflowRequestInterceptor {

    /** Decimals kept exactly as sent (1.50 stays 1.50). */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLER_SELECTED)
    public boolean padBody(RequestDetails request) {
        String contentType = StringUtils.defaultString(request.getHeader(Constants.HEADER_CONTENT_TYPE))
                .toLowerCase();
        if (!contentType.contains("json") || contentType.contains("patch")) {
            return true;
        }
        byte[] body = request.loadRequestContents();
        if (body == null || body.length == 0) {
            return true;
        }
        byte[] padded = padded(body);
        if (padded != body) {
            request.setRequestContents(padded);
        }
        return true;
    }

    /** The body with every values-less {@code _x} array given its {@code x} array of nulls; the same array if none. */
    static byte[] padded(byte[] body) {
        if (!new String(body, StandardCharsets.UTF_8).contains("\"_")) {
            return body;
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (IOException unreadable) {
            return body; // HAPI's parser (or the strict check before it) answers what is wrong
        }
        if (tree == null || !pad(tree)) {
            return body;
        }
        try {
            return JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            return body;
        }
    }

    private static boolean pad(JsonNode node) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            object.fields().forEachRemaining(fields::add);
            for (Map.Entry<String, JsonNode> field : fields) {
                String name = field.getKey();
                if (name.length() > 1
                        && name.charAt(0) == '_'
                        && field.getValue().isArray()
                        && !object.has(name.substring(1))) {
                    ArrayNode nulls = object.putArray(name.substring(1));
                    field.getValue().forEach(extension -> nulls.addNull());
                    changed = true;
                }
            }
        }
        for (JsonNode child : node) {
            changed |= pad(child);
        }
        return changed;
    }
}
