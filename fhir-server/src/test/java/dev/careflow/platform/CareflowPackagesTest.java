package dev.careflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.util.FhirTerser;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The build step that keeps Careflow's two FHIR packages ({@code profiles/} and {@code terminology/}, read from their
 * sources) clean: every resource of both is validated with HAPI's validator against FHIR R4 core plus the packages
 * themselves, extensions must be defined (no unknown extension passes), and any error fails the build. Codes of external
 * terminologies the validator cannot hold (LOINC, ICD-10-CM, the code systems of the IGs the packages declare as
 * dependencies) are warnings, as on the server. Two checks HAPI's validator does not make are added: a code of a
 * Careflow CodeSystem is defined there with the same display, and an OperationDefinition parameter's type is a type the
 * HL7 validator engine can load.
 */
class CareflowPackagesTest {

    static final List<Path> PACKAGES =
            List.of(Path.of("../terminology/src/main/fhir"), Path.of("../profiles/src/main/fhir"));

    /**
     * HAPI's validator, re-generating an extension's snapshot to compare, asks its package cache for
     * {@code hl7.fhir.r4.core#null} (a lookup that goes to the network and fails offline); that artefact of the
     * harness is not an error of the package (the server generates these snapshots when it installs the package; the profiles' own snapshots are generated and
     * checked here).
     */
    private static final String SNAPSHOT_HARNESS_ARTEFACT = "Unable to resolve package id hl7.fhir.r4.core#null";

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final List<IBaseResource> RESOURCES = new ArrayList<>();
    private static ValidationSupportChain chain;
    private static FhirValidator validator;

    @BeforeAll
    static void loadPackages() {
        PrePopulatedValidationSupport careflow = new PrePopulatedValidationSupport(FHIR);
        for (Path folder : PACKAGES) {
            for (Path file : resourceFiles(folder)) {
                IBaseResource resource = parse(file);
                RESOURCES.add(resource);
                careflow.addResource(resource);
            }
        }
        UnknownCodeSystemWarningValidationSupport unknownCodeSystems =
                new UnknownCodeSystemWarningValidationSupport(FHIR);
        unknownCodeSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
        chain = new ValidationSupportChain(
                new DefaultProfileValidationSupport(FHIR),
                careflow,
                new CommonCodeSystemsTerminologyService(FHIR),
                new InMemoryTerminologyServerValidationSupport(FHIR),
                new SnapshotGeneratingValidationSupport(FHIR),
                unknownCodeSystems);
        FhirInstanceValidator instanceValidator = new FhirInstanceValidator(chain);
        instanceValidator.setAnyExtensionsAllowed(false);
        validator = FHIR.newValidator().registerValidatorModule(instanceValidator);
    }

    @Test
    void bothPackagesAreThere() {
        assertThat(RESOURCES).hasSizeGreaterThan(60);
    }

    @Test
    void everyResourceOfBothPackagesIsValid() {
        List<String> errors = new ArrayList<>();
        for (IBaseResource resource : RESOURCES) {
            String id = resource.getIdElement().toUnqualifiedVersionless().getValue();
            for (SingleValidationMessage message :
                    validator.validateWithResult(resource).getMessages()) {
                if (message.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()
                        && !message.getMessage().contains(SNAPSHOT_HARNESS_ARTEFACT)) {
                    errors.add(id + " " + message.getLocationString() + ": " + message.getMessage());
                }
            }
        }
        assertThat(errors).as("validation errors in Careflow's packages").isEmpty();
    }

    @Test
    void codesOfCareflowCodeSystemsAreDefinedThereWithTheirDisplay() {
        Map<String, String> displays = new HashMap<>();
        for (CodeSystem system : of(CodeSystem.class)) {
            system.getConcept().forEach(c -> displays.put(system.getUrl() + "|" + c.getCode(), c.getDisplay()));
        }
        FhirTerser terser = FHIR.newTerser();
        List<String> problems = new ArrayList<>();
        for (IBaseResource resource : RESOURCES) {
            for (Coding coding : terser.getAllPopulatedChildElementsOfType(resource, Coding.class)) {
                String key = coding.getSystem() + "|" + coding.getCode();
                boolean careflows =
                        of(CodeSystem.class).stream().anyMatch(s -> s.getUrl().equals(coding.getSystem()));
                if (!careflows) {
                    continue;
                }
                if (!displays.containsKey(key)) {
                    problems.add(resource.getIdElement().getValue() + ": " + key + " is not defined");
                } else if (coding.hasDisplay() && !coding.getDisplay().equals(displays.get(key))) {
                    problems.add(resource.getIdElement().getValue() + ": " + key + " displays '" + coding.getDisplay()
                            + "', its CodeSystem '" + displays.get(key) + "'");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void operationParameterTypesAreLoadableTypes() {
        List<String> problems = new ArrayList<>();
        for (OperationDefinition operation : of(OperationDefinition.class)) {
            for (OperationDefinition.OperationDefinitionParameterComponent parameter : operation.getParameter()) {
                if (parameter.hasType()
                        && chain.fetchStructureDefinition(
                                        "http://hl7.org/fhir/StructureDefinition/" + parameter.getType())
                                == null) {
                    problems.add(operation.getCode() + "." + parameter.getName() + ": " + parameter.getType());
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    static <T extends IBaseResource> List<T> of(Class<T> type) {
        return RESOURCES.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static List<Path> resourceFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".json"))
                    .filter(f -> !f.getFileName().toString().equals("package.json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static IBaseResource parse(Path file) {
        try {
            return FHIR.newJsonParser().parseResource(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
