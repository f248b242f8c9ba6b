package dev.careflow.platform;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a FHIR JSON resource against the shape of FHIR R4, where HAPI's parser, even with its strict error handler,
 * silently changes what it was sent: an array for a single value (it keeps one), a single value where an array
 * belongs, a number or an object for a string, a string for a boolean or a number, a {@code date} with a time (it
 * drops the time). Elements it does not know are left to HAPI's parser (which refuses them). The date, dateTime and
 * instant formats are FHIR's; a dateTime or instant without a time zone is let through, as HAPI reads it.
 */
final class FhirJsonShape {

    private static final int MOST_PROBLEMS = 10;
    private static final Set<String> NUMBERS = Set.of("integer", "unsignedInt", "positiveInt", "decimal");
    private static final String YEAR = "([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)";
    private static final String TIME = "([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?";
    private static final String ZONE = "(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))";
    private static final String MONTH = "(0[1-9]|1[0-2])";
    private static final String DAY = "(0[1-9]|[1-2][0-9]|3[0-1])";
    private static final Map<String, Pattern> FORMATS = Map.of(
            "date", Pattern.compile(YEAR + "(-" + MONTH + "(-" + DAY + ")?)?"),
            "dateTime", Pattern.compile(YEAR + "(-" + MONTH + "(-" + DAY + "(T" + TIME + ZONE + "?)?)?)?"),
            "instant", Pattern.compile(YEAR + "-" + MONTH + "-" + DAY + "T" + TIME + ZONE + "?"));

    private final FhirContext fhirContext;

    FhirJsonShape(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    /** What does not fit FHIR R4's shape, each naming the element; empty when all fits (or it is not a resource). */
    List<String> problems(JsonNode resource) {
        List<String> problems = new ArrayList<>();
        resource(resource, "", problems);
        return problems;
    }

    private void resource(JsonNode node, String path, List<String> problems) {
        JsonNode type = node.get("resourceType");
        if (type == null || !type.isTextual()) {
            return;
        }
        RuntimeResourceDefinition definition;
        try {
            definition = fhirContext.getResourceDefinition(type.asText());
        } catch (RuntimeException unknownType) {
            return;
        }
        composite(node, definition, path.isEmpty() ? type.asText() : path, problems);
    }

    private void composite(
            JsonNode node, BaseRuntimeElementCompositeDefinition<?> definition, String path, List<String> problems) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext() && problems.size() < MOST_PROBLEMS) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (name.equals("resourceType") || name.startsWith("_") || name.equals("fhir_comments")) {
                continue;
            }
            BaseRuntimeElementDefinition<?> element = elementOf(definition, name);
            BaseRuntimeChildDefinition child = element == null ? null : definition.getChildByName(name);
            if (element != null) {
                child(field.getValue(), child.getMax() == 1, element, path + "." + name, problems);
            }
        }
    }

    /**
     * The element a JSON property names, or null when this check leaves it to HAPI's parser: extensions (HAPI's
     * extension children answer no element by name) and anything HAPI's model cannot name.
     */
    private static BaseRuntimeElementDefinition<?> elementOf(
            BaseRuntimeElementCompositeDefinition<?> definition, String name) {
        if (name.equals("extension") || name.equals("modifierExtension")) {
            return null;
        }
        try {
            BaseRuntimeChildDefinition child = definition.getChildByName(name);
            return child == null ? null : child.getChildByName(name);
        } catch (RuntimeException | AssertionError unnamed) {
            return null;
        }
    }

    private void child(
            JsonNode value,
            boolean single,
            BaseRuntimeElementDefinition<?> element,
            String path,
            List<String> problems) {
        if (single && value.isArray()) {
            problems.add(path + ": an array where one value belongs");
        } else if (!single && !value.isArray()) {
            problems.add(path + ": one value where an array belongs");
        } else if (single) {
            value(value, element, path, problems);
        } else {
            for (int i = 0; i < value.size(); i++) {
                value(value.get(i), element, path + "[" + i + "]", problems);
            }
        }
    }

    private void value(JsonNode value, BaseRuntimeElementDefinition<?> element, String path, List<String> problems) {
        if (value.isNull()) {
            return;
        }
        switch (element.getChildType()) {
            case PRIMITIVE_DATATYPE, ID_DATATYPE -> primitive(value, element.getName(), path, problems);
            case PRIMITIVE_XHTML, PRIMITIVE_XHTML_HL7ORG -> {
                if (!value.isTextual()) {
                    problems.add(path + ": not a string");
                }
            }
            case COMPOSITE_DATATYPE, RESOURCE_BLOCK, EXTENSION_DECLARED -> {
                if (!value.isObject()) {
                    problems.add(path + ": not an object");
                } else if (element instanceof BaseRuntimeElementCompositeDefinition<?> composite) {
                    composite(value, composite, path, problems);
                }
            }
            case RESOURCE, CONTAINED_RESOURCES, CONTAINED_RESOURCE_LIST -> {
                if (!value.isObject()) {
                    problems.add(path + ": not a resource");
                } else {
                    resource(value, path, problems);
                }
            }
            default -> {
                // undeclared extensions: HAPI's own
            }
        }
    }

    private static void primitive(JsonNode value, String type, String path, List<String> problems) {
        if (type.equals("boolean")) {
            if (!value.isBoolean()) {
                problems.add(path + ": not true or false");
            }
        } else if (NUMBERS.contains(type)) {
            if (!value.isNumber()) {
                problems.add(path + ": not a number");
            }
        } else if (!value.isTextual()) {
            problems.add(path + ": not a string");
        } else if (FORMATS.containsKey(type)
                && !FORMATS.get(type).matcher(value.asText()).matches()) {
            problems.add(path + ": '" + SearchUrlRules.printable(value.asText()) + "' is not a FHIR " + type);
        }
    }
}
