package dev.careflow.platform;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.lang3.StringUtils;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.OperationDefinition.OperationDefinitionParameterComponent;
import org.hl7.fhir.r4.model.OperationDefinition.OperationParameterUse;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.utilities.npm.NpmPackage;

/**
 * Holds a request to one of Careflow's operations to the contract its OperationDefinition (in the profiles package)
 * publishes, before the operation runs: a parameter the definition does not declare as {@code use=in} is refused with
 * 400 naming it (HAPI silently ignores unknown operation parameters), as is a required parameter that is missing or a
 * parameter given more often than its {@code max}. Parameters come from the URL and, when the body is a
 * {@code Parameters} resource, from its {@code parameter}s; a body that is another resource is the operation's single
 * resource input and is left to the operation. HAPI's own operations are not checked here.
 */
@Interceptor
public class OperationContractInterceptor {

    /** Parameters FHIR's HTTP interface defines for every interaction, operations included. */
    static final Set<String> GENERAL_PARAMETERS = Set.of("_format", "_pretty", "_summary", "_elements");

    private final FhirContext fhirContext;
    private final Map<String, OperationDefinition> definitions;

    public OperationContractInterceptor(FhirContext fhirContext, List<OperationDefinition> definitions) {
        this.fhirContext = fhirContext;
        Map<String, OperationDefinition> byCode = new HashMap<>();
        definitions.forEach(d -> byCode.put("$" + d.getCode(), d));
        this.definitions = Map.copyOf(byCode);
    }

    /** Careflow's OperationDefinitions, as the profiles package on the classpath carries them. */
    public static List<OperationDefinition> fromProfilesPackage(FhirContext fhirContext) {
        try {
            NpmPackage npm = NpmPackage.fromPackage(
                    new ByteArrayInputStream(FhirPackageInstaller.readPackage("careflow.profiles")));
            List<OperationDefinition> definitions = new ArrayList<>();
            for (String file : npm.listResources("OperationDefinition")) {
                try (var in = npm.loadResource(file)) {
                    definitions.add(fhirContext.newJsonParser().parseResource(OperationDefinition.class, in));
                }
            }
            return definitions;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the OperationDefinitions of careflow.profiles", e);
        }
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void checkContract(RequestDetails request) {
        String operation = request.getOperation();
        OperationDefinition definition = operation == null ? null : definitions.get(operation);
        if (definition == null || !appliesTo(definition, request)) {
            return;
        }
        List<String> problems = check(definition, given(request));
        if (!problems.isEmpty()) {
            throw DomainExceptionInterceptor.badRequest(problems);
        }
    }

    /** Whether the request's resource type is one the definition is for (system-level when it names none). */
    static boolean appliesTo(OperationDefinition definition, RequestDetails request) {
        String type = request.getResourceName();
        if (StringUtils.isBlank(type)) {
            return definition.getSystem();
        }
        return definition.getResource().stream().anyMatch(r -> type.equals(r.getValue()));
    }

    /** The problems of the given parameters (name -> how often given), or none. */
    static List<String> check(OperationDefinition definition, Map<String, Integer> given) {
        if (given == null) {
            return List.of();
        }
        Map<String, OperationDefinitionParameterComponent> declared = new LinkedHashMap<>();
        for (OperationDefinitionParameterComponent parameter : definition.getParameter()) {
            if (parameter.getUse() == OperationParameterUse.IN) {
                declared.put(parameter.getName(), parameter);
            }
        }
        String operation = "$" + definition.getCode();
        List<String> problems = new ArrayList<>();
        given.forEach((name, count) -> {
            OperationDefinitionParameterComponent parameter = declared.get(name);
            if (parameter == null && !GENERAL_PARAMETERS.contains(name)) {
                problems.add("Parameter '" + name + "' is not a parameter of " + operation + " (it takes "
                        + (declared.isEmpty() ? "none" : String.join(", ", declared.keySet())) + ")");
            } else if (parameter != null
                    && !"*".equals(parameter.getMax())
                    && count > Integer.parseInt(parameter.getMax())) {
                problems.add("Parameter '" + name + "' of " + operation + " is given " + count + " times, at most "
                        + parameter.getMax() + " allowed");
            }
        });
        declared.values().stream()
                .filter(p -> p.getMin() > 0 && !given.containsKey(p.getName()))
                .forEach(p -> problems.add("Parameter '" + p.getName() + "' of " + operation + " is required"));
        return problems;
    }

    /**
     * The parameters of the request by name and count: the URL's, plus a {@code Parameters} body's; {@code null} when
     * the body is another resource (the operation's single resource input) or cannot be read (the operation will say).
     */
    Map<String, Integer> given(RequestDetails request) {
        Map<String, Integer> given = new LinkedHashMap<>();
        Map<String, String[]> url = request.getParameters() == null ? Map.of() : request.getParameters();
        url.forEach((name, values) -> given.merge(name, values.length, Integer::sum));
        byte[] body = request.loadRequestContents();
        if (body == null || body.length == 0) {
            return given;
        }
        IBaseResource resource = parse(request, body);
        if (!(resource instanceof Parameters parameters)) {
            return null;
        }
        parameters.getParameter().forEach(p -> given.merge(p.getName(), 1, Integer::sum));
        return given;
    }

    private IBaseResource parse(RequestDetails request, byte[] body) {
        String contentType = request.getHeader("Content-Type");
        EncodingEnum encoding = contentType == null ? null : EncodingEnum.forContentType(contentType);
        if (encoding == null) {
            return null;
        }
        try {
            return encoding.newParser(fhirContext).parseResource(new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
