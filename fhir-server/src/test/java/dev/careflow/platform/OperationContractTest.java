package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

/**
 * The contract test of Careflow's operations: what each provider's {@code @Operation} accepts (its levels, resource
 * types and {@code @OperationParam}s: names, cardinality, types) is exactly what its OperationDefinition in the
 * {@code profiles} package declares, so the definition users read and the code they call cannot drift apart.
 */
class OperationContractTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final Path DEFINITIONS = Path.of("../profiles/src/main/fhir");

    @Test
    void everyOperation_matchesItsOperationDefinition() throws Exception {
        Map<String, OperationDefinition> definitions = definitions();
        Map<String, Declared> declared = declaredByProviders();

        assertThat(declared).as("Careflow operations found").isNotEmpty();
        assertThat(definitions.keySet())
                .as("OperationDefinitions without an operation")
                .containsAll(declared.keySet());
        for (Declared operation : declared.values()) {
            OperationDefinition definition = definitions.get(operation.url);
            assertThat(definition.getCode()).as(operation.url + " code").isEqualTo(operation.code);
            assertThat(definition.getSystem())
                    .as(operation.url + " system level")
                    .isEqualTo(operation.system);
            assertThat(definition.getType()).as(operation.url + " type level").isEqualTo(operation.type);
            assertThat(definition.getInstance())
                    .as(operation.url + " instance level")
                    .isEqualTo(operation.instance);
            assertThat(definition.getResource().stream().map(r -> r.getValue()).toList())
                    .as(operation.url + " resource types")
                    .containsExactlyInAnyOrderElementsOf(operation.resources);
            Map<String, String> defined = new TreeMap<>();
            definition.getParameter().stream()
                    .filter(p -> p.getUse() == OperationDefinition.OperationParameterUse.IN)
                    .forEach(p -> defined.put(p.getName(), p.getMin() + ".." + p.getMax() + " " + p.getType()));
            assertThat(operation.parameters)
                    .as(operation.url + " in-parameters")
                    .isEqualTo(defined);
        }
    }

    @Test
    void everyOperationDefinitionOfTheProfilesPackage_hasAnOperation() throws Exception {
        assertThat(declaredByProviders().keySet())
                .containsExactlyInAnyOrderElementsOf(definitions().keySet());
    }

    /** What the providers declare, merged per canonical URL (one operation may have a type- and an instance-level method). */
    private static Map<String, Declared> declaredByProviders() throws ClassNotFoundException {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(CareflowOperationProvider.class));
        Map<String, Declared> declared = new TreeMap<>();
        for (BeanDefinition bean : scanner.findCandidateComponents("dev.careflow")) {
            if (String.valueOf(
                            ((org.springframework.context.annotation.ScannedGenericBeanDefinition) bean).getResource())
                    .contains("test-classes")) {
                continue; // providers the tests define for themselves
            }
            for (Method method : Class.forName(bean.getBeanClassName()).getDeclaredMethods()) {
                Operation operation = method.getAnnotation(Operation.class);
                if (operation != null) {
                    declared.computeIfAbsent(operation.canonicalUrl(), url -> new Declared(url, operation))
                            .add(operation, method);
                }
            }
        }
        return declared;
    }

    private static Map<String, OperationDefinition> definitions() throws IOException {
        Map<String, OperationDefinition> definitions = new TreeMap<>();
        try (Stream<Path> files = Files.list(DEFINITIONS)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("OperationDefinition-"))
                    .toList()) {
                OperationDefinition definition =
                        FHIR.newJsonParser().parseResource(OperationDefinition.class, Files.readString(file));
                definitions.put(definition.getUrl(), definition);
            }
        }
        return definitions;
    }

    /** One operation as the code declares it. */
    private static final class Declared {
        final String url;
        final String code;
        boolean system;
        boolean type;
        boolean instance;
        final Set<String> resources = new TreeSet<>();
        final Map<String, String> parameters = new TreeMap<>();
        int methods;

        Declared(String url, Operation operation) {
            this.url = url;
            this.code = operation.name().replaceFirst("^\\$", "");
        }

        void add(Operation operation, Method method) {
            boolean onInstance = Stream.of(method.getParameters()).anyMatch(p -> p.isAnnotationPresent(IdParam.class));
            String resource = operation.type() != IBaseResource.class
                    ? FHIR.getResourceType(operation.type())
                    : operation.typeName().isEmpty() ? null : operation.typeName();
            if (resource == null) {
                system = true;
            } else {
                resources.add(resource);
                instance |= onInstance;
                type |= !onInstance;
            }
            Map<String, String> ofThisMethod = new TreeMap<>();
            for (Parameter parameter : method.getParameters()) {
                OperationParam param = parameter.getAnnotation(OperationParam.class);
                if (param != null) {
                    String max = param.max() == OperationParam.MAX_UNLIMITED ? "*" : Integer.toString(param.max());
                    ofThisMethod.put(param.name(), param.min() + ".." + max + " " + typeOf(param, parameter));
                }
            }
            merge(ofThisMethod);
        }

        /**
         * One definition covers every level an operation has: a parameter one level requires and another does not
         * take (the response of type-level {@code $extract} is the instance at instance level) is optional in it.
         */
        private void merge(Map<String, String> ofThisMethod) {
            if (methods++ == 0) {
                parameters.putAll(ofThisMethod);
                return;
            }
            Set<String> names = new TreeSet<>(parameters.keySet());
            names.addAll(ofThisMethod.keySet());
            for (String name : names) {
                String before = parameters.get(name);
                String now = ofThisMethod.get(name);
                if (before == null || now == null || !before.equals(now)) {
                    String known = before != null ? before : now;
                    parameters.put(name, "0" + known.substring(known.indexOf("..")));
                }
            }
        }

        private static String typeOf(OperationParam param, Parameter parameter) {
            if (!param.typeName().isEmpty()) {
                return param.typeName();
            }
            Class<?> type = param.type() != IBase.class ? param.type() : parameter.getType();
            if (List.class.isAssignableFrom(type) || type == ArrayList.class) {
                throw new IllegalStateException(
                        "Give a repeating @OperationParam its typeName: " + param.name() + " of " + parameter);
            }
            return FHIR.getElementDefinition(type.asSubclass(IBase.class)).getName();
        }
    }
}
