package dev.careflow.testing;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.fhirpath.IFhirPath;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.NumberParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.QuantityParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.TokenParamModifier;
import ca.uhn.fhir.rest.param.UriParam;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.SearchParameter;

/**
 * FHIR search matching for the unit tests' in-memory store (HAPI's {@code InMemoryFhirRepository} matches only
 * {@code _id}): each parameter's FHIRPath expression (R4's, or Careflow's own SearchParameters from {@code profiles/})
 * is evaluated on the resource and compared by the parameter's type: token, reference, string, uri, date, number,
 * quantity, with {@code :missing}, {@code :not} and {@code :exact}. What it does not support (chains, {@code _has},
 * composites, includes) fails loudly, so a test never passes on a search it ignored.
 */
final class SearchMatcher {

    private static final Pattern RESOLVE_IS = Pattern.compile("\\.where\\(resolve\\(\\) is (\\w+)\\)");

    private final FhirContext context;
    private final IFhirPath fhirPath;
    private final Map<String, Map<String, RuntimeSearchParam>> careflowParameters = new HashMap<>();

    SearchMatcher(FhirContext context) {
        this.context = context;
        this.fhirPath = context.newFhirPath();
        loadCareflowParameters();
    }

    /** The parameter's definition, R4's or Careflow's. */
    RuntimeSearchParam definition(String resourceType, String name) {
        RuntimeSearchParam parameter =
                context.getResourceDefinition(resourceType).getSearchParam(name);
        if (parameter == null) {
            parameter = careflowParameters.getOrDefault(resourceType, Map.of()).get(name);
        }
        if (parameter == null) {
            throw new UnsupportedOperationException("Unknown search parameter " + resourceType + ":" + name);
        }
        return parameter;
    }

    /** The parameter's definition, refusing what this matcher cannot answer (chains, {@code _has}). */
    RuntimeSearchParam check(String resourceType, String nameWithModifier) {
        String name = nameWithModifier.contains(":")
                ? nameWithModifier.substring(0, nameWithModifier.indexOf(':'))
                : nameWithModifier;
        if (name.contains(".") || name.equals("_has")) {
            throw new UnsupportedOperationException("Chained searches are not supported here: " + nameWithModifier);
        }
        return definition(resourceType, name);
    }

    /** Whether the resource matches one parameter (name with its modifier) given any of the values. */
    boolean matches(Resource resource, String nameWithModifier, List<IQueryParameterType> anyOf) {
        RuntimeSearchParam parameter = check(resource.fhirType(), nameWithModifier);
        List<Base> values = values(resource, parameter);
        Optional<String> targetType = targetType(parameter.getPath());
        for (IQueryParameterType value : anyOf) {
            if (Boolean.TRUE.equals(value.getMissing())) {
                if (values.isEmpty()) {
                    return true;
                }
                continue;
            }
            if (Boolean.FALSE.equals(value.getMissing())) {
                if (!values.isEmpty()) {
                    return true;
                }
                continue;
            }
            if (matchesOne(parameter.getParamType(), value, values, targetType)) {
                return true;
            }
        }
        return false;
    }

    /** The values of the parameter's expression on the resource. */
    List<Base> values(Resource resource, RuntimeSearchParam parameter) {
        String path = RESOLVE_IS.matcher(parameter.getPath()).replaceAll("");
        List<Base> values = new ArrayList<>();
        for (String alternative : path.split("\\s\\|\\s")) {
            String expression = alternative.trim();
            if (expression.startsWith("(") && expression.endsWith(")") && !expression.contains(" as ")) {
                expression = expression.substring(1, expression.length() - 1);
            }
            String root = expression.contains(".") ? expression.substring(0, expression.indexOf('.')) : expression;
            root = root.replace("(", "");
            if (!root.equals(resource.fhirType()) && !root.equals("Resource") && !root.equals("DomainResource")) {
                continue;
            }
            values.addAll(fhirPath.evaluate(resource, expression, Base.class));
        }
        return values;
    }

    private static Optional<String> targetType(String path) {
        Matcher matcher = RESOLVE_IS.matcher(path);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private boolean matchesOne(
            RestSearchParameterTypeEnum type, IQueryParameterType value, List<Base> values, Optional<String> target) {
        return switch (type) {
            case TOKEN -> tokenMatches((TokenParam) value, values);
            case REFERENCE -> values.stream().anyMatch(v -> referenceMatches(toReference(value), v, target));
            case STRING -> values.stream().anyMatch(v -> stringMatches(toString(value), v));
            case URI ->
                values.stream()
                        .anyMatch(v -> v.isPrimitive() && v.primitiveValue().equals(((UriParam) value).getValue()));
            case DATE -> values.stream().anyMatch(v -> Dates.matches((DateParam) value, v));
            case NUMBER -> values.stream().anyMatch(v -> numberMatches((NumberParam) value, v));
            case QUANTITY -> values.stream().anyMatch(v -> quantityMatches((QuantityParam) value, v));
            default -> throw new UnsupportedOperationException("Search parameters of type " + type);
        };
    }

    private static boolean tokenMatches(TokenParam token, List<Base> values) {
        if (token.getModifier() == TokenParamModifier.TEXT) {
            throw new UnsupportedOperationException(":text token searches are not supported here");
        }
        boolean found = values.stream().flatMap(SearchMatcher::codings).anyMatch(coding -> {
            boolean systemOk = token.getSystem() == null || token.getSystem().isEmpty()
                    ? true
                    : token.getSystem().equals(coding.getSystem());
            boolean codeOk = token.getValue() == null
                    || token.getValue().isEmpty()
                    || token.getValue().equals(coding.getCode());
            return systemOk && codeOk;
        });
        return token.getModifier() == TokenParamModifier.NOT ? !found : found;
    }

    /** Every (system, code) pair a token value holds. */
    private static Stream<Coding> codings(Base value) {
        if (value instanceof CodeableConcept concept) {
            return concept.getCoding().stream();
        }
        if (value instanceof Coding coding) {
            return Stream.of(coding);
        }
        if (value instanceof Identifier identifier) {
            return Stream.of(new Coding(identifier.getSystem(), identifier.getValue(), null));
        }
        if (value instanceof ContactPoint point) {
            return Stream.of(new Coding(null, point.getValue(), null));
        }
        if (value.isPrimitive()) {
            return Stream.of(new Coding(null, value.primitiveValue(), null));
        }
        return Stream.empty();
    }

    private static ReferenceParam toReference(IQueryParameterType value) {
        if (value instanceof ReferenceParam reference) {
            if (reference.getChain() != null) {
                throw new UnsupportedOperationException("Chained references are not supported here: " + reference);
            }
            return reference;
        }
        if (value instanceof TokenParam token) {
            return new ReferenceParam(token.getValue());
        }
        return new ReferenceParam(((StringParam) value).getValue());
    }

    private static boolean referenceMatches(ReferenceParam param, Base value, Optional<String> target) {
        String type;
        String id;
        if (value instanceof Reference reference) {
            if (reference.getReferenceElement().isEmpty() && reference.getResource() instanceof Resource inline) {
                type = inline.fhirType();
                id = inline.getIdElement().getIdPart();
            } else {
                type = reference.getReferenceElement().getResourceType();
                id = reference.getReferenceElement().getIdPart();
            }
        } else if (value.isPrimitive()) {
            return value.primitiveValue().equals(param.getValue());
        } else {
            return false;
        }
        if (id == null) {
            return false;
        }
        if (target.isPresent() && type != null && !target.get().equals(type)) {
            return false;
        }
        String wantedType = param.getResourceType();
        return id.equals(param.getIdPart()) && (wantedType == null || type == null || wantedType.equals(type));
    }

    private static StringParam toString(IQueryParameterType value) {
        return value instanceof StringParam string ? string : new StringParam(value.getValueAsQueryToken(null));
    }

    private static boolean stringMatches(StringParam param, Base value) {
        List<String> texts = new ArrayList<>();
        if (value instanceof HumanName name) {
            texts.add(name.getFamily());
            name.getGiven().forEach(g -> texts.add(g.getValue()));
            texts.add(name.getText());
        } else if (value instanceof Address address) {
            address.getLine().forEach(l -> texts.add(l.getValue()));
            texts.addAll(List.of(
                    String.valueOf(address.getCity()), String.valueOf(address.getState()),
                    String.valueOf(address.getPostalCode()), String.valueOf(address.getCountry())));
            texts.add(address.getText());
        } else if (value.isPrimitive()) {
            texts.add(value.primitiveValue());
        }
        return texts.stream().filter(t -> t != null).anyMatch(text -> {
            if (param.isExact()) {
                return text.equals(param.getValue());
            }
            String normalised = normalise(text);
            String wanted = normalise(param.getValue());
            return param.isContains() ? normalised.contains(wanted) : normalised.startsWith(wanted);
        });
    }

    private static String normalise(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT);
    }

    private static boolean numberMatches(NumberParam param, Base value) {
        if (!value.isPrimitive()) {
            return false;
        }
        return compare(param.getPrefix(), new BigDecimal(value.primitiveValue()).compareTo(param.getValue()));
    }

    private static boolean quantityMatches(QuantityParam param, Base value) {
        if (!(value instanceof Quantity quantity) || !quantity.hasValue()) {
            return false;
        }
        boolean unitOk = param.getUnits() == null
                || param.getUnits().equals(quantity.getCode())
                || param.getUnits().equals(quantity.getUnit());
        return unitOk && compare(param.getPrefix(), quantity.getValue().compareTo(param.getValue()));
    }

    private static boolean compare(ParamPrefixEnum prefix, int comparison) {
        ParamPrefixEnum p = prefix == null ? ParamPrefixEnum.EQUAL : prefix;
        return switch (p) {
            case EQUAL, APPROXIMATE -> comparison == 0;
            case NOT_EQUAL -> comparison != 0;
            case GREATERTHAN, STARTS_AFTER -> comparison > 0;
            case LESSTHAN, ENDS_BEFORE -> comparison < 0;
            case GREATERTHAN_OR_EQUALS -> comparison >= 0;
            case LESSTHAN_OR_EQUALS -> comparison <= 0;
        };
    }

    /** Careflow's own SearchParameters, read from the profiles package's sources. */
    private void loadCareflowParameters() {
        Path folder = Stream.of(Path.of("../profiles/src/main/fhir"), Path.of("profiles/src/main/fhir"))
                .filter(Files::isDirectory)
                .findFirst()
                .orElse(null);
        if (folder == null) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("SearchParameter-"))
                    .toList()) {
                SearchParameter parameter =
                        context.newJsonParser().parseResource(SearchParameter.class, Files.readString(file));
                for (var base : parameter.getBase()) {
                    RuntimeSearchParam runtime = new RuntimeSearchParam(
                            null,
                            parameter.getUrl(),
                            parameter.getCode(),
                            parameter.getDescription(),
                            parameter.getExpression(),
                            RestSearchParameterTypeEnum.forCode(
                                    parameter.getType().toCode()),
                            null,
                            null,
                            RuntimeSearchParam.RuntimeSearchParamStatusEnum.ACTIVE,
                            null);
                    careflowParameters
                            .computeIfAbsent(base.getCode(), k -> new HashMap<>())
                            .put(parameter.getCode(), runtime);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read Careflow's SearchParameters from " + folder, e);
        }
    }

    /** Date comparison over ranges (a date is the whole day, a Period its span), per FHIR R4 §3.1.1.4.1. */
    static final class Dates {

        private Dates() {}

        static boolean matches(DateParam param, IBase value) {
            long[] wanted = range(
                    param.getValueAsString() == null
                            ? null
                            : new org.hl7.fhir.r4.model.DateTimeType(param.getValueAsString()));
            long[] actual;
            if (value instanceof BaseDateTimeType date) {
                actual = range(date);
            } else if (value instanceof Period period) {
                long low = period.hasStart() ? range(period.getStartElement())[0] : Long.MIN_VALUE;
                long high = period.hasEnd() ? range(period.getEndElement())[1] : Long.MAX_VALUE;
                actual = new long[] {low, high};
            } else {
                return false;
            }
            ParamPrefixEnum prefix = param.getPrefix() == null ? ParamPrefixEnum.EQUAL : param.getPrefix();
            return switch (prefix) {
                case EQUAL -> actual[0] >= wanted[0] && actual[1] <= wanted[1];
                case NOT_EQUAL -> !(actual[0] >= wanted[0] && actual[1] <= wanted[1]);
                case GREATERTHAN -> actual[1] > wanted[1];
                case LESSTHAN -> actual[0] < wanted[0];
                case GREATERTHAN_OR_EQUALS -> actual[1] >= wanted[0];
                case LESSTHAN_OR_EQUALS -> actual[0] <= wanted[1];
                case STARTS_AFTER -> actual[0] > wanted[1];
                case ENDS_BEFORE -> actual[1] < wanted[0];
                case APPROXIMATE -> actual[0] <= wanted[1] && actual[1] >= wanted[0];
            };
        }

        /** The first and last millisecond a date, at its precision, covers. */
        static long[] range(BaseDateTimeType date) {
            long low = date.getValue().getTime();
            org.hl7.fhir.r4.model.DateTimeType next =
                    new org.hl7.fhir.r4.model.DateTimeType(date.getValue(), date.getPrecision(), date.getTimeZone());
            int field =
                    switch (date.getPrecision()) {
                        case YEAR -> java.util.Calendar.YEAR;
                        case MONTH -> java.util.Calendar.MONTH;
                        case DAY -> java.util.Calendar.DATE;
                        case MINUTE -> java.util.Calendar.MINUTE;
                        case SECOND -> java.util.Calendar.SECOND;
                        case MILLI -> java.util.Calendar.MILLISECOND;
                    };
            next.add(field, 1);
            return new long[] {low, next.getValue().getTime() - 1};
        }
    }
}
