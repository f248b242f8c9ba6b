package dev.careflow.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.TreeSet;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;

/**
 * Compares the JSON a client sent with the JSON the server answers, as trees (property order is free in JSON):
 * equal apart from what the server owns in {@code meta} (versionId, lastUpdated, source), the spelling of the
 * narrative's XHTML (compared once both are written by the same XHTML writer, white space collapsed) and the notation
 * of numbers.
 */
final class JsonRoundTrip {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonRoundTrip() {}

    /** Null when equal; otherwise the first difference, naming its path. */
    static String difference(String sent, String answered) {
        try {
            return difference(normalised(JSON.readTree(sent)), normalised(JSON.readTree(answered)), "");
        } catch (JsonProcessingException e) {
            return "not JSON: " + e.getOriginalMessage();
        }
    }

    private static JsonNode normalised(JsonNode resource) {
        JsonNode copy = resource.deepCopy();
        if (copy.get("meta") instanceof ObjectNode meta) {
            meta.remove(java.util.List.of("versionId", "lastUpdated", "source"));
            if (meta.isEmpty()) {
                ((ObjectNode) copy).remove("meta");
            }
        }
        narratives(copy);
        return copy;
    }

    /** Narratives written alike; a primitive array of nulls only (HAPI's form of extension-only values) dropped. */
    private static void narratives(JsonNode node) {
        if (node instanceof ObjectNode object) {
            java.util.List<String> nullsOnly = new java.util.ArrayList<>();
            object.fields().forEachRemaining(field -> {
                if (field.getValue().isArray()
                        && !field.getValue().isEmpty()
                        && java.util.stream.StreamSupport.stream(
                                        field.getValue().spliterator(), false)
                                .allMatch(JsonNode::isNull)) {
                    nullsOnly.add(field.getKey());
                }
            });
            object.remove(nullsOnly);
            JsonNode div = object.get("div");
            if (div != null && div.isTextual()) {
                object.put("div", xhtml(div.asText()));
            }
        }
        node.forEach(JsonRoundTrip::narratives);
    }

    private static String xhtml(String div) {
        try {
            XhtmlNode node = new XhtmlNode();
            node.setValueAsString(div);
            return node.getValueAsString().replaceAll("\\s+", " ");
        } catch (RuntimeException unparsable) {
            return div.replaceAll("\\s+", " ");
        }
    }

    private static String difference(JsonNode sent, JsonNode answered, String path) {
        if (sent == null || answered == null) {
            return path + ": " + (sent == null ? "added " + clip(answered) : "dropped " + clip(sent));
        }
        if (sent.isObject() && answered.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            sent.fieldNames().forEachRemaining(names::add);
            answered.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String difference = difference(sent.get(name), answered.get(name), path + "." + name);
                if (difference != null) {
                    return difference;
                }
            }
            return null;
        }
        if (sent.isArray() && answered.isArray() && sent.size() == answered.size()) {
            Iterator<JsonNode> others = answered.iterator();
            int i = 0;
            for (JsonNode item : sent) {
                String difference = difference(item, others.next(), path + "[" + i++ + "]");
                if (difference != null) {
                    return difference;
                }
            }
            return null;
        }
        if (sent.isNumber() && answered.isNumber()) {
            // the same decimal in another notation (-1.0e245 written out in digits)
            return sent.decimalValue().compareTo(answered.decimalValue()) == 0
                    ? null
                    : path + ": sent " + clip(sent) + ", answered " + clip(answered);
        }
        return sent.equals(answered) ? null : path + ": sent " + clip(sent) + ", answered " + clip(answered);
    }

    private static String clip(JsonNode node) {
        String text = node.toString();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
